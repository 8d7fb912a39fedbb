"""The benchmark's own logic (the whole command runs in CI as `make bench-tiny`)."""

from profiles.management.benchmark import SEARCH_QUERIES, search_queries
from profiles.management.commands.bench import markdown


def test_search_queries_mix_exact_reordered_folded_initials_typos_and_misses():
    queries = search_queries(["Chón-Lam Lao", "Hao Wang"])
    assert len(queries) == SEARCH_QUERIES
    assert "Chón-Lam Lao" in queries  # exact
    assert "Wang Hao" in queries  # reordered
    assert "chon lam lao" in queries  # folded, no accents
    assert "H. Wang" in queries  # initials
    assert any(q.startswith("zq") for q in queries)  # misses
    assert search_queries(["Hao Wang"], seed=3) == search_queries(["Hao Wang"], seed=3)


def test_the_table_shows_each_target_as_a_share_of_the_baseline():
    row = {"rps": 50.0, "p50_ms": 4.0, "p95_ms": 9.0, "p99_ms": 12.0, "queries": 7, "non2xx": 0}
    result = {
        "database": {"vendor": "sqlite", "authors": 10, "works": 20, "authorships": 30},
        "targets": [
            {"name": "baseline", **row, "rps": 1000.0, "share_of_baseline": 1.0},
            {"name": "profile page", **row, "share_of_baseline": 0.05},
        ],
        "worker_rss_mb": [90.0, 91.0],
    }
    table = markdown(result)
    assert "| profile page | 50.0 | 5.00 % | 4.0 | 9.0 | 12.0 | 7 | 0 |" in table
    assert "90, 91 MB" in table
