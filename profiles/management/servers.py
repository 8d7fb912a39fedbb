"""Servers a load or fault test starts for itself on free loopback ports, never the machine's
shared ones: a PostgreSQL cluster in a temporary directory (initdb + pg_ctl), a redis-server
without persistence, and gunicorn (config/gunicorn.py) in front of them. Each can be stopped
and started again on the same port, which is how the faults are made."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> Path:
    """PostgreSQL's server programs: PG_BIN, Debian's place for version 15, or beside a
    pg_ctl on the PATH."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    debian = Path("/usr/lib/postgresql/15/bin")
    found = shutil.which("pg_ctl")
    return debian if debian.exists() or not found else Path(found).parent


PG_BIN = _pg_bin()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


def missing_programs() -> list[str]:
    """What this machine lacks to run the servers (empty when nothing)."""
    missing = [p for p in ("initdb", "pg_ctl") if not (PG_BIN / p).exists()]
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


class OwnPostgres:
    """A throw-away PostgreSQL cluster (trust authentication, user postgres) on a free port.
    PostgreSQL refuses to run as root, so under root it runs as the `postgres` system user."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.data = directory / "pgdata"
        self.log = directory / "postgres.log"
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self.user = pwd.getpwnam("postgres")
            os.chown(directory, self.user.pw_uid, self.user.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/loadtest"

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(  # noqa: S603 - our own arguments
            command, check=True, capture_output=True, timeout=timeout, cwd="/"
        )

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        settings = (
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{self.data}'\nmax_connections = 50\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(settings)
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "loadtest")

    def start(self) -> None:
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "60")

    def stop_if_running(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")


class OwnRedis:
    """A redis-server without persistence on a free port."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), seconds=20, what="redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


class Gunicorn:
    """gunicorn with config/gunicorn.py and 2 workers, its output in a log file."""

    def __init__(self, directory: Path, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.log = directory / "gunicorn.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments
                [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind",
                 f"127.0.0.1:{self.port}", "--workers", str(self.workers), "config.wsgi"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for(self._answers, seconds=90, what="gunicorn")

    def _answers(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {self.log}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{self.base}/health/", timeout=2) as response,  # noqa: S310
        ):
            return bool(response.status == 200)
        return False

    def worker_pids(self) -> list[int]:
        """The workers' process ids (Linux /proc): the same list before and after a run means
        no worker was restarted."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return sorted(int(pid) for pid in children.read_text().split())
        return []

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """Run `manage.py <args>` with `env`; its standard output."""
    done = subprocess.run(  # noqa: S603 - our own arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=False,
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout
