"""The counters, topic lists, search text and trust score of the records a bulk import touched,
computed as `records.refresh_author_stats` computes them, but for a batch of records at a time
with set-based statements (and the folding and the trust formula in Python, batch by batch).

Records the owner or a moderator has a say on (claimed, or with a trust override) go through
`refresh_author_stats` itself, one by one: there are few of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from profiles.choices import ProfileEventKind, RecordSource
from profiles.evidence.names import context_text, fold, search_text
from profiles.models import AuthorRecord
from profiles.services.records import SEARCH_CONTEXT_TOPICS, refresh_author_stats
from profiles.services.trust import TrustSignals, compute_trust

BATCH_RECORDS = 20_000

_TABLES = [
    "CREATE TEMP TABLE IF NOT EXISTS t_touched (id bigint PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS t_batch (id bigint PRIMARY KEY) ON COMMIT DELETE ROWS",
    """CREATE TEMP TABLE IF NOT EXISTS t_want (author_id bigint, topic_id bigint, local_n int,
        imported_n int, PRIMARY KEY (author_id, topic_id)) ON COMMIT DELETE ROWS""",
    "CREATE TEMP TABLE IF NOT EXISTS t_fold (raw text PRIMARY KEY, folded text) "
    "ON COMMIT DELETE ROWS",
    """CREATE TEMP TABLE IF NOT EXISTS t_stats (id bigint PRIMARY KEY, works int DEFAULT 0,
        topics int DEFAULT 0, collab int DEFAULT 0, followers int DEFAULT 0,
        confirmed int DEFAULT 0, with_abstract int DEFAULT 0, typed_in int DEFAULT 0,
        v_followers int DEFAULT 0, v_coauthors int DEFAULT 0) ON COMMIT DELETE ROWS""",
    """CREATE TEMP TABLE IF NOT EXISTS t_out (id bigint PRIMARY KEY, search_text text,
        search_context text, score int, breakdown jsonb) ON COMMIT DELETE ROWS""",
]

_TOPICS = [
    """INSERT INTO t_want (author_id, topic_id, local_n, imported_n)
    WITH loc AS (SELECT au.author_id, wt.topic_id, count(*) AS n FROM t_batch b
            JOIN profiles_authorship au ON au.author_id = b.id AND NOT au.is_hidden
            JOIN profiles_work_topics wt ON wt.work_id = au.work_id GROUP BY 1, 2),
        imp AS (SELECT t.author_id, t.topic_id, t.imported_works_count AS n FROM t_batch b
            JOIN profiles_authortopic t ON t.author_id = b.id AND t.imported_works_count > 0)
    SELECT COALESCE(l.author_id, i.author_id), COALESCE(l.topic_id, i.topic_id),
        COALESCE(l.n, 0), COALESCE(i.n, 0)
    FROM loc l FULL JOIN imp i ON i.author_id = l.author_id AND i.topic_id = l.topic_id""",
    """DELETE FROM profiles_authortopic t USING t_batch b WHERE t.author_id = b.id
        AND NOT EXISTS (SELECT 1 FROM t_want w WHERE w.author_id = t.author_id
            AND w.topic_id = t.topic_id)""",
    """INSERT INTO profiles_authortopic (author_id, topic_id, works_count, imported_works_count)
        SELECT author_id, topic_id, greatest(local_n, imported_n), imported_n FROM t_want
        ORDER BY 1, 2
        ON CONFLICT (author_id, topic_id) DO UPDATE SET works_count = EXCLUDED.works_count,
            imported_works_count = EXCLUDED.imported_works_count
        WHERE (profiles_authortopic.works_count, profiles_authortopic.imported_works_count)
            IS DISTINCT FROM (EXCLUDED.works_count, EXCLUDED.imported_works_count)""",
]

_UNLINKED_NAMES = """SELECT DISTINCT o.raw_name FROM t_batch b
    JOIN profiles_authorship me ON me.author_id = b.id AND NOT me.is_hidden
    JOIN profiles_authorship o ON o.work_id = me.work_id AND o.author_id IS NULL"""

_STATS = [
    "INSERT INTO t_stats (id) SELECT id FROM t_batch",
    """UPDATE t_stats s SET works = x.n, confirmed = x.confirmed,
        with_abstract = x.with_abstract, typed_in = x.n - x.confirmed
    FROM (SELECT au.author_id, count(*) AS n,
            count(*) FILTER (WHERE w.source <> %(owner)s) AS confirmed,
            count(*) FILTER (WHERE w.source <> %(owner)s AND w.abstract <> '') AS with_abstract
        FROM t_batch b JOIN profiles_authorship au ON au.author_id = b.id AND NOT au.is_hidden
        JOIN profiles_work w ON w.id = au.work_id GROUP BY 1) x WHERE x.author_id = s.id""",
    """UPDATE t_stats s SET topics = x.n
    FROM (SELECT author_id, count(*) AS n FROM t_want GROUP BY 1) x WHERE x.author_id = s.id""",
    # Co-authors on visible works: a linked record once by id, a printed name once folded
    # (grouped, not counted DISTINCT: hashing beats sorting each record's co-author slots).
    """UPDATE t_stats s SET collab = x.n
    FROM (SELECT author_id, count(*) AS n FROM (
            SELECT me.author_id FROM t_batch b
            JOIN profiles_authorship me ON me.author_id = b.id AND NOT me.is_hidden
            JOIN profiles_authorship o ON o.work_id = me.work_id AND o.author_id <> me.author_id
            GROUP BY me.author_id, o.author_id
            UNION ALL
            SELECT me.author_id FROM t_batch b
            JOIN profiles_authorship me ON me.author_id = b.id AND NOT me.is_hidden
            JOIN profiles_authorship o ON o.work_id = me.work_id AND o.author_id IS NULL
            JOIN t_fold f ON f.raw = o.raw_name
            GROUP BY me.author_id, f.folded) d GROUP BY 1) x
    WHERE x.author_id = s.id""",
    """UPDATE t_stats s SET followers = x.n, v_followers = x.verified
    FROM (SELECT f.author_id, count(*) AS n,
            count(*) FILTER (WHERE r.verification_level >= 2) AS verified
        FROM t_batch b JOIN profiles_follow f ON f.author_id = b.id
        LEFT JOIN profiles_authorrecord r ON r.owner_id = f.user_id GROUP BY 1) x
    WHERE x.author_id = s.id""",
    """UPDATE t_stats s SET v_coauthors = x.n
    FROM (SELECT me.author_id, count(DISTINCT o.author_id) AS n
        FROM t_batch b JOIN profiles_authorship me ON me.author_id = b.id AND NOT me.is_hidden
        JOIN profiles_authorship o ON o.work_id = me.work_id AND o.author_id <> me.author_id
        JOIN profiles_authorrecord r ON r.id = o.author_id AND r.verification_level >= 2
        GROUP BY 1) x WHERE x.author_id = s.id""",
]

# What the search text and the trust formula need, one row a record (the variants and
# topics of the whole batch grouped at once, not looked up record by record).
_SIGNALS = """WITH v AS (SELECT v.author_id, array_agg(v.name ORDER BY v.name) AS names
        FROM t_batch b JOIN profiles_namevariant v ON v.author_id = b.id AND NOT v.is_private
        GROUP BY 1),
    tp AS (SELECT author_id, (array_agg(name ORDER BY n DESC, name))[1:%(topics)s] AS names
        FROM (SELECT w.author_id, t.name,
                CASE WHEN w.local_n > 0 THEN w.local_n ELSE w.imported_n END AS n
            FROM t_want w JOIN profiles_topic t ON t.id = w.topic_id) z GROUP BY 1)
    SELECT a.id, a.display_name,
        (a.owner_id IS NOT NULL OR EXISTS (SELECT 1 FROM profiles_trustoverride o
            WHERE o.author_id = a.id)) AS special,
        COALESCE(v.names, '{}'), i.name, i.alternative_names, COALESCE(tp.names, '{}'),
        a.headline <> '', a.affiliation_id IS NOT NULL, a.orcid IS NOT NULL,
        a.verification_level, s.confirmed, s.with_abstract, s.typed_in, s.v_followers,
        s.v_coauthors, a.trust_score
    FROM t_stats s JOIN profiles_authorrecord a ON a.id = s.id
    LEFT JOIN v ON v.author_id = s.id LEFT JOIN tp ON tp.author_id = s.id
    LEFT JOIN profiles_institution i ON i.id = a.affiliation_id ORDER BY a.id"""

_WRITE = [
    """INSERT INTO profiles_profileevent (author_id, kind, actor_id, old_value, new_value,
            reason, created_at)
        SELECT a.id, %(trust)s, NULL, a.trust_score::text, o.score::text, '', now()
        FROM t_out o JOIN profiles_authorrecord a ON a.id = o.id
        WHERE o.score IS NOT NULL AND o.score <> a.trust_score ORDER BY a.id""",
    """UPDATE profiles_authorrecord a SET works_count = s.works, topics_count = s.topics,
        collaborators_count = s.collab, followers_count = s.followers,
        search_text = o.search_text, search_context = o.search_context,
        trust_score = COALESCE(o.score, a.trust_score),
        trust_breakdown = COALESCE(o.breakdown, a.trust_breakdown), updated_at = now()
    FROM t_stats s JOIN t_out o ON o.id = s.id WHERE a.id = s.id""",
]


def _fold_unlinked(cursor: Any) -> None:
    cursor.execute(_UNLINKED_NAMES)
    names = [row[0] for row in cursor.fetchall()]
    if names:
        with cursor.cursor.copy("COPY t_fold (raw, folded) FROM STDIN") as copy:
            for name in names:
                copy.write_row((name, fold(name)))


def _trust(row: tuple) -> tuple[int, str]:
    signals = TrustSignals(
        verification_level=row[10],
        works=row[11],
        works_with_abstracts=row[12],
        unconfirmed_works=row[13],
        has_headline=row[7],
        has_affiliation=row[8],
        has_orcid=row[9],
        verified_followers=row[14],
        verified_coauthors=row[15],
    )
    result = compute_trust(signals)
    return result.score, json.dumps([term.as_dict() for term in result.terms])


def _texts(cursor: Any) -> list[int]:
    """Search text, search context and trust of the batch's records, written to t_out; the
    ids of the records that need the full refresh."""
    cursor.execute(_SIGNALS, {"topics": SEARCH_CONTEXT_TOPICS})
    special: list[int] = []
    with connection.cursor() as out, out.cursor.copy("COPY t_out FROM STDIN") as copy:
        for row in cursor.fetchall():
            names = [row[1], *row[3]]
            texts = [row[4], *[str(n) for n in row[5] or []]] if row[4] is not None else []
            texts += row[6]
            score, breakdown = (None, None) if row[2] else _trust(row)
            if row[2]:
                special.append(row[0])
            copy.write_row((row[0], search_text(names), context_text(texts), score, breakdown))
    return special


def _refresh_batch(cursor: Any, last: int) -> tuple[int, list[int]]:
    cursor.execute("TRUNCATE t_batch, t_want, t_fold, t_stats, t_out")
    cursor.execute(
        "INSERT INTO t_batch SELECT id FROM t_touched WHERE id > %s ORDER BY id LIMIT %s "
        "RETURNING id",
        [last, BATCH_RECORDS],
    )
    ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return 0, []
    for statement in _TOPICS:
        cursor.execute(statement)
    _fold_unlinked(cursor)
    for statement in _STATS:
        cursor.execute(statement, {"owner": RecordSource.OWNER} if "%(" in statement else None)
    special = _texts(cursor)
    cursor.execute(_WRITE[0], {"trust": ProfileEventKind.TRUST})
    cursor.execute(_WRITE[1])
    return max(ids), special


def _collect(since: datetime) -> int:
    with connection.cursor() as cursor:
        for statement in _TABLES:
            cursor.execute(statement)
        cursor.execute("TRUNCATE t_touched")
        cursor.execute(
            """INSERT INTO t_touched SELECT id FROM profiles_authorrecord WHERE updated_at >= %s
            UNION SELECT au.author_id FROM profiles_authorship au
                JOIN profiles_work w ON w.id = au.work_id
                WHERE w.updated_at >= %s AND au.author_id IS NOT NULL""",
            [since, since],
        )
        cursor.execute("ANALYZE t_touched")
        # The chunks just wrote most of these rows: plan the batches on what is there now.
        cursor.execute(
            "ANALYZE profiles_authorship, profiles_work, profiles_work_topics, "
            "profiles_authortopic, profiles_namevariant"
        )
        cursor.execute("SELECT count(*) FROM t_touched")
        return cursor.fetchone()[0]


def _session(cursor: Any) -> None:
    from profiles.services.imports.bulk import _session as bulk_session

    bulk_session(cursor)


def refresh_touched(
    *, since: datetime, progress: Callable[[int, int], None] = lambda done, total: None
) -> int:
    """Refresh every record changed, or on a work changed, since `since`; how many.
    `progress(done, total)` is called once the records are known, then after each batch."""
    total = _collect(since)
    progress(0, total)
    last, count, special = 0, 0, []
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            _session(cursor)
            top, batch_special = _refresh_batch(cursor, last)
        if not top:
            break
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM t_touched WHERE id > %s AND id <= %s", [last, top])
            count += cursor.fetchone()[0]
        last = top
        special += batch_special
        progress(count, total)
    for author in AuthorRecord.objects.filter(pk__in=special):
        refresh_author_stats(author=author)
    return count
