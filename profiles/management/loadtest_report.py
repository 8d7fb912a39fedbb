"""The figures of `manage.py loadtest`: per phase and per request kind the requests, the
throughput, p50/p95/p99 and the answers by class; and the verdicts: 5xx outside the fault
windows, what the fault windows answered, how soon the site recovered, and the acknowledged
writes missing from the database."""

from __future__ import annotations

from typing import Any

from profiles.management.loadtest import READS, Phase, Result, Run, Window

COLUMNS = ["2xx", "4xx", "429", "503", "5xx_other", "no_answer"]
DB_KINDS = (*READS, "follow", "unfollow", "invite", "withdraw", "login")


def status_class(status: int) -> str:
    if status == 0:
        return "no_answer"
    if status in (429, 503):
        return str(status)
    if status >= 500:
        return "5xx_other"
    return "4xx" if status >= 400 else "2xx"  # no redirect is expected: counted as 2xx


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an already sorted list (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(share * len(sorted_values) + 0.4999))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def stats(results: list[Result], seconds: float) -> dict[str, Any]:
    latencies = sorted((r.end - r.start) * 1000 for r in results if r.status)
    counts = dict.fromkeys(COLUMNS, 0)
    for r in results:
        counts[status_class(r.status)] += 1
    return {
        "requests": len(results),
        "rps": round(len(results) / seconds, 1) if seconds > 0 else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        **counts,
    }


def in_window(result: Result, window: Window) -> bool:
    """The request was in flight at some moment of the fault window."""
    return result.start < window.end and result.end > window.start


def _by_kind(results: list[Result], seconds: float) -> dict[str, dict[str, Any]]:
    kinds = sorted({r.kind for r in results})
    return {k: stats([r for r in results if r.kind == k], seconds) for k in kinds}


def _phase_results(results: list[Result], phase: Phase) -> list[Result]:
    return [r for r in results if phase.start <= r.start < phase.end]


def _recovery_seconds(results: list[Result], window: Window) -> float | None:
    """From the fault's end to the end of the first 2xx, started after it, of a request that
    needs the database (None when there was none)."""
    ends = [
        r.end
        for r in results
        if r.start >= window.end and r.kind in DB_KINDS and status_class(r.status) == "2xx"
    ]
    return round(min(ends) - window.end, 2) if ends else None


def _window_verdict(results: list[Result], window: Window, others: list[Window]) -> dict[str, Any]:
    """What was answered while the fault lasted (the readiness probe aside: its 503 is the
    point). Reads and log-ins are judged on the requests in flight during no other fault."""
    inside = [r for r in results if in_window(r, window) and r.kind != "ready"]
    alone = [r for r in inside if not any(in_window(r, w) for w in others)]
    classes = [status_class(r.status) for r in inside]
    ready = [r.status for r in results if r.kind == "ready" and in_window(r, window)]
    return {
        "seconds": round(window.end - window.start, 1),
        "requests": len(inside),
        "by_kind": _by_kind(inside, window.end - window.start),
        "5xx_other_or_no_answer": sum(c in ("5xx_other", "no_answer") for c in classes),
        "non_2xx_reads_and_logins": sum(
            status_class(r.status) != "2xx" for r in alone if r.kind in (*READS, "login")
        ),
        "2xx_alone": {
            kind: sum(r.kind == kind and status_class(r.status) == "2xx" for r in alone)
            for kind in sorted({r.kind for r in alone})
        },
        "ready_503": sum(s == 503 for s in ready),
        "recovered_after_s": _recovery_seconds(results, window),
        "2xx_after": _by_kind([r for r in results if r.start >= window.end], 1.0),
    }


def summarize(run: Run, extra: dict[str, Any]) -> dict[str, Any]:
    """Every figure and verdict of the run, as JSON-ready data."""
    results = sorted(run.results, key=lambda r: r.start)
    phases = {
        p.name: {
            "start_s": round(p.start, 1),
            "seconds": round(p.end - p.start, 1),
            **stats(_phase_results(results, p), p.end - p.start),
            "by_kind": _by_kind(_phase_results(results, p), p.end - p.start),
        }
        for p in run.phases
    }
    outside = [r for r in results if not any(in_window(r, w) for w in run.windows)]
    bad_outside = [
        r for r in outside if status_class(r.status) in ("503", "5xx_other", "no_answer")
    ]
    total = run.phases[-1].end - run.phases[0].start if run.phases else 0.0
    return {
        **extra,
        "seconds": round(total, 1),
        "total": stats(results, total),
        "phases": phases,
        "windows": {
            w.name: _window_verdict(results, w, [o for o in run.windows if o is not w])
            for w in run.windows
        },
        "5xx_outside_fault_windows": len(bad_outside),
        "results": [[r.kind, round(r.start, 3), round(r.end, 3), r.status] for r in results],
        "5xx_outside_examples": [
            {"kind": r.kind, "status": r.status, "at_s": round(r.start, 2)}
            for r in bad_outside[:20]
        ],
    }


def _row(name: str, s: dict[str, Any]) -> str:
    cells = [name, s["requests"], s["rps"], s["p50_ms"], s["p95_ms"], s["p99_ms"]]
    cells += [s[c] for c in COLUMNS]
    return "| " + " | ".join(str(c) for c in cells) + " |"


HEADER = (
    "| {first} | requests | req/s | p50 ms | p95 ms | p99 ms | 2xx | 4xx | 429 | 503 | "
    "other 5xx | no answer |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _verdicts(summary: dict[str, Any]) -> list[str]:
    lines = [f"- 5xx outside fault windows: {summary['5xx_outside_fault_windows']}"]
    redis = summary["windows"].get("redis stopped")
    if redis:
        lines.append(
            f"- Redis stopped ({redis['seconds']} s): reads and log-ins answered other than 2xx: "
            f"{redis['non_2xx_reads_and_logins']}; 5xx: {redis['5xx_other_or_no_answer']}"
            f"; /ready/ said 503 {redis['ready_503']} times; first 2xx after: "
            f"{redis['recovered_after_s']} s"
        )
    database = summary["windows"].get("database unreachable")
    if database:
        lines.append(
            f"- PostgreSQL unreachable ({database['seconds']} s): 5xx other than 503 or no "
            f"answer: {database['5xx_other_or_no_answer']}; first 2xx after it was back: "
            f"{database['recovered_after_s']} s (no restart)"
        )
    check = summary.get("writes", {})
    lines.append(f"- accepted writes checked: {check.get('checked', 0)}")
    lines.append(f"- accepted writes missing from the database: {check.get('missing_count', 0)}")
    lines.append(
        "- follower counts that disagree with the follows: "
        f"{len(check.get('follower_counts_wrong', []))}"
    )
    lines.append(f"- gunicorn workers restarted: {summary.get('workers_restarted', '?')}")
    return lines


def markdown(summary: dict[str, Any]) -> str:
    """The report: phases, kinds in the steady phase, the verdicts."""
    out = [
        f"Load and fault test: {summary.get('setup', '')}",
        "",
        HEADER.format(first="phase (s)"),
    ]
    for name, phase in summary["phases"].items():
        out.append(_row(f"{name} ({phase['seconds']})", phase))
    out.append(_row(f"all ({summary['seconds']})", summary["total"]))
    steady = summary["phases"].get("steady")
    if steady:
        out += ["", "Steady phase, by request kind:", "", HEADER.format(first="kind")]
        out += [_row(kind, s) for kind, s in steady["by_kind"].items()]
    for name, window in summary["windows"].items():
        out += ["", f"In flight while {name}, by request kind:", "", HEADER.format(first="kind")]
        out += [_row(kind, s) for kind, s in window["by_kind"].items()]
    out += ["", *_verdicts(summary), ""]
    return "\n".join(out)


def failures(summary: dict[str, Any]) -> list[str]:
    """What the acceptance refuses: empty when the run passed."""
    problems = []
    if summary["5xx_outside_fault_windows"]:
        problems.append("5xx or no answer outside the fault windows")
    for name, window in summary["windows"].items():
        if window["5xx_other_or_no_answer"]:
            problems.append(f"5xx other than 503 (or no answer) while {name}")
        if window["recovered_after_s"] is None:
            problems.append(f"no 2xx after {name}")
    if summary["windows"].get("redis stopped", {}).get("non_2xx_reads_and_logins"):
        problems.append("reads or log-ins failed with Redis stopped")
    check = summary.get("writes", {})
    if check.get("missing_count") or check.get("follower_counts_wrong"):
        problems.append("accepted writes missing or follower counts wrong")
    if summary.get("workers_restarted"):
        problems.append("gunicorn workers were restarted")
    return problems
