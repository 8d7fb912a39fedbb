"""`manage.py loadtest [--seconds 60] [--clients 8] [--users 24] [--json F] [--markdown F]`

A bounded load and fault test on loopback. Starts its own PostgreSQL (initdb in a temporary
directory, a free port) and its own redis-server (a free port), migrates, seeds the demo
researchers, extra records and signed-in researchers able to invite, and serves them with
gunicorn (config/gunicorn.py, 2 workers, config/settings/loadtest.py: production's settings
over plain HTTP; Celery tasks are queued on our Redis with no worker, or run in the request
with --eager; emails go nowhere). Then it loads the site with page views, searches, API
reads, follows, unfollows, invitations and log-ins through phases: warm-up, steady, Redis
stopped (then started again on its port), PostgreSQL stopped (then started again on its
port), recovery. It reports each phase and request kind, checks that
every write answered 2xx is in the database, writes JSON and Markdown, and fails when a 5xx
came outside the fault windows, a fault answered other than 503 or a degraded 2xx, the site
did not recover by itself, or an accepted write is missing. Its servers are always stopped,
on Ctrl-C too; the machine's own PostgreSQL and Redis are never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from profiles.management import loadtest, loadtest_report, servers

# (phase, seconds of a 60 s run, fault made during it)
PLAN = [
    ("warm-up", 5, None),
    ("steady", 17, None),
    ("redis stopped", 10, "redis"),
    ("redis back", 8, None),  # long enough for a slow log-in to end before the next fault
    ("database unreachable", 8, "database"),
    ("recovery", 12, None),
]


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # the servers are stopped on the way out


class Command(BaseCommand):
    help = "Load and fault test against gunicorn on a PostgreSQL and a Redis of its own."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seconds", type=float, default=60, help="whole run (s)")
        parser.add_argument("--clients", type=int, default=8, help="client threads")
        parser.add_argument("--users", type=int, default=24, help="signed-in researchers")
        parser.add_argument("--records", type=int, default=200, help="extra author records")
        parser.add_argument("--login-every", type=float, default=3.0, help="s between log-ins")
        parser.add_argument("--json", default="loadtest.json", help="where to write the figures")
        parser.add_argument("--markdown", default="loadtest.md", help="where to write the report")
        parser.add_argument(
            "--eager",
            action="store_true",
            help="run Celery tasks in the request (default: queue them on our Redis, no worker)",
        )
        parser.add_argument(
            "--keep", action="store_true", help="keep the servers' directory (kept on failure)"
        )
        # Internal: run inside the load test's own database by the command itself.
        parser.add_argument("--seed-into", default="", help=argparse.SUPPRESS)
        parser.add_argument("--verify", default="", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        from profiles.management import loadtest_data

        if options["seed_into"]:
            data = loadtest_data.seed(users=options["users"], records=options["records"])
            Path(options["seed_into"]).write_text(json.dumps(data))
            return
        if options["verify"]:
            writes = json.loads(Path(options["verify"]).read_text())
            self.stdout.write(json.dumps(loadtest_data.verify(writes)))
            return
        missing = servers.missing_programs()
        if missing:
            raise CommandError(f"needs {', '.join(missing)} (PostgreSQL 15 server, Redis)")
        if options["users"] < 3 or options["clients"] < 1:
            raise CommandError("needs at least 3 users and 1 client")
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            summary = self._run(options)
        finally:
            signal.signal(signal.SIGTERM, previous)
        Path(options["json"]).write_text(json.dumps(summary, indent=2))
        report = loadtest_report.markdown(summary)
        Path(options["markdown"]).write_text(report)
        self.stdout.write(report)
        problems = loadtest_report.failures(summary)
        if problems:
            raise CommandError("; ".join(problems))

    def _run(self, options: dict[str, Any]) -> dict[str, Any]:
        """The run; the servers' directory (their logs) is kept with --keep or when the run
        failed, removed otherwise."""
        directory = Path(tempfile.mkdtemp(prefix="loadtest-"))
        keep = True
        try:
            with contextlib.ExitStack() as stack:
                summary = self._serve_and_load(directory, stack, options)
            keep = options["keep"] or bool(loadtest_report.failures(summary))
            return summary
        except KeyboardInterrupt:
            keep = options["keep"]
            raise
        finally:
            if keep:
                self.stdout.write(f"servers' files and logs kept in {directory}")
            else:
                shutil.rmtree(directory, ignore_errors=True)

    def _serve_and_load(
        self, directory: Path, stack: contextlib.ExitStack, options: dict[str, Any]
    ) -> dict[str, Any]:
        say = self.stdout.write
        say("Starting our own PostgreSQL and Redis ...")
        pg = servers.OwnPostgres(directory)
        stack.callback(pg.stop_if_running)
        pg.create()
        redis = servers.OwnRedis(directory)
        stack.callback(redis.stop)
        redis.start()
        env = server_env(pg, redis, directory, eager=options["eager"])
        say("Migrating and seeding ...")
        servers.manage(env, "migrate", "--noinput")
        seed_file = directory / "seed.json"
        servers.manage(env, "loadtest", "--seed-into", str(seed_file), "--users",
                       str(options["users"]), "--records", str(options["records"]))  # fmt: skip
        seed = json.loads(seed_file.read_text())
        gunicorn = servers.Gunicorn(directory, env)
        stack.callback(gunicorn.stop)
        gunicorn.start()
        pids = gunicorn.worker_pids()
        say(f"gunicorn on {gunicorn.base}, workers {pids}; loading for {options['seconds']} s")
        run = loadtest.Run(port=gunicorn.port, seed=seed)
        faults: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
            "redis": (redis.stop, redis.start),
            "database": (pg.stop, pg.start),
        }
        threads = loadtest.start_clients(
            run, clients=options["clients"], login_every=options["login_every"]
        )
        try:
            drive(run, plan(options["seconds"]), faults, say)
        finally:
            writes = loadtest.stop_clients(run, threads)
            run.end_phases()
        restarted = len(set(pids) - set(gunicorn.worker_pids()))
        writes_file = directory / "writes.json"
        writes_file.write_text(json.dumps(writes))
        say("Checking the accepted writes in the database ...")
        check = json.loads(servers.manage(env, "loadtest", "--verify", str(writes_file)))
        log = gunicorn.log.read_text(errors="replace")
        extra = {
            "setup": setup_line(options, pids),
            "writes": check,
            "workers_restarted": restarted,
            "tracebacks_in_server_log": log.count("Traceback (most recent call last)"),
        }
        return loadtest_report.summarize(run, extra)


def plan(seconds: float) -> list[tuple[str, float, str | None]]:
    """PLAN scaled to `seconds` in all, no phase under 3 s."""
    scale = seconds / sum(p[1] for p in PLAN)
    return [(name, max(3.0, length * scale), fault) for name, length, fault in PLAN]


def drive(
    run: loadtest.Run,
    phases: list[tuple[str, float, str | None]],
    faults: dict[str, tuple[Callable[[], Any], Callable[[], Any]]],
    say: Callable[[str], Any],
) -> None:
    """Run the phases; a fault phase stops its server at its start and starts it again at
    its end, and is a fault window from before the stop to after the start."""
    for name, seconds, fault in phases:
        run.begin_phase(name)
        window = None
        if fault:
            window = loadtest.Window(name, run.now())
            run.windows.append(window)
            faults[fault][0]()
            say(f"[{run.now():5.1f} s] {fault} stopped")
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            time.sleep(min(5.0, max(0.0, ends - time.monotonic())))
            say(loadtest.progress_line(run, since=max(0.0, run.now() - 5.0)))
        if window is not None:
            faults[fault][1]()  # type: ignore[index]  # window is set only when fault is
            window.end = run.now()
            say(f"[{run.now():5.1f} s] {fault} started again")


def server_env(
    pg: servers.OwnPostgres, redis: servers.OwnRedis, directory: Path, *, eager: bool
) -> dict[str, str]:
    """Production settings over loopback, pointed at our own servers; limits that one client
    address would hit at once (the API's throttles, the daily invitation limit) raised."""
    high = "1000000/min"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.loadtest",
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "CACHE_KEY_PREFIX": "loadtest",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://profiles.example.org",
        "CELERY_TASK_ALWAYS_EAGER": str(eager),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "THROTTLE_ANON": high,
        "THROTTLE_USER": high,
        "THROTTLE_FOLLOW": high,
        "THROTTLE_COLLAB_WRITE": high,
        "INVITATIONS_PER_DAY": "1000000",
        "INVITATIONS_MAX_PENDING": "1000000",
        "GUNICORN_MAX_REQUESTS": "0",  # no planned worker restart: recovery is the app's own
        "MEDIA_ROOT": str(directory / "media"),
        "CLAIMS_PRIVATE_ROOT": str(directory / "private-media"),
        "LOG_LEVEL": "WARNING",
    }


def setup_line(options: dict[str, Any], pids: list[int]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"gunicorn with {len(pids)} workers (gthread, config/gunicorn.py) on PostgreSQL 15 and "
        f"Redis of its own, {options['clients']} client threads and probers (log-in every "
        f"{options['login_every']:g} s, /ready/ every second), {options['users']} signed-in "
        f"researchers, {options['records']} extra records; {os.cpu_count()} cores, load "
        f"average {load} at the end."
    )
