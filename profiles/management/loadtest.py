"""The load of `manage.py loadtest`: client threads on keep-alive connections (http.client)
mixing page views, directory and API searches, author API reads, follows and unfollows,
invitations sent and withdrawn, plus probers that log in and ask /ready/ at a steady pace.
Every answer is recorded with its start and end time; every write answered 2xx is kept so
that the database can be checked afterwards. Each researcher's writes come from one thread,
in order, so the last answered write of a follow pair or an invitation says what the database
must hold."""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

# Relative weights of the client threads' requests (the prober's log-ins and readiness
# checks come on top, at a fixed pace).
WEIGHTS = {
    "page": 20,
    "page_signed_in": 6,
    "directory": 10,
    "search_api": 10,
    "author_api": 12,
    "follow": 8,
    "invite": 5,
}
READS = ("page", "page_signed_in", "directory", "search_api", "author_api")
WRITES = ("follow", "unfollow", "invite", "withdraw")
TIMEOUT = 30.0


@dataclass
class Result:
    kind: str
    start: float
    end: float
    status: int  # 0: no HTTP answer (refused, reset, timed out)


@dataclass
class Window:
    """A deliberate fault: from just before it was made to just after it was undone."""

    name: str
    start: float
    end: float = float("inf")


@dataclass
class Phase:
    name: str
    start: float
    end: float = 0.0


@dataclass
class Run:
    """One load run against `port`: its clock, answers, phases and fault windows."""

    port: int
    seed: dict[str, Any]
    started: float = field(default_factory=time.monotonic)
    results: list[Result] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def record(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)

    def begin_phase(self, name: str) -> None:
        now = self.now()
        if self.phases:
            self.phases[-1].end = now
        self.phases.append(Phase(name, now))

    def end_phases(self) -> None:
        if self.phases:
            self.phases[-1].end = self.now()


class Connection:
    """One keep-alive connection that reconnects after a failure; every request is timed
    and recorded."""

    def __init__(self, run: Run):
        self.run = run
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, kind: str, method: str, path: str, *, body: Any = None, headers: dict | None = None
    ) -> tuple[int, Any]:
        headers = {"Host": "127.0.0.1", **(headers or {})}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        start = self.run.now()
        status, data = 0, None
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.run.port, timeout=TIMEOUT)
            self.conn.request(method, path, body=payload, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
            status = response.status
            if response.getheader("Content-Type", "").startswith("application/json"):
                data = json.loads(raw or b"null")
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException, ValueError):
            self.close()
        self.run.record(Result(kind, start, self.run.now(), status))
        return status, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def search_terms(names: list[str], rng: random.Random) -> list[str]:
    """Full names, last names, initials and misses."""
    terms = []
    for name in names:
        parts = name.split()
        terms += [name, parts[-1], f"{parts[0][0]}. {parts[-1]}"]
    terms += [f"zq{rng.randrange(10**6)}" for _ in range(len(names) // 4 + 1)]
    return terms


class Client(threading.Thread):
    """A closed-loop client: one request after another, chosen by WEIGHTS. Writes come from
    this thread's own researchers only."""

    def __init__(self, run: Run, index: int, researchers: list[dict[str, Any]]):
        super().__init__(name=f"load-client-{index}", daemon=True)
        self.run_ = run
        self.http = Connection(run)
        self.rng = random.Random(index)
        self.researchers = researchers
        self.records = run.seed["records"]
        self.recipients = [u["record"] for u in run.seed["users"]]
        self.terms = search_terms([r["name"] for r in self.records], self.rng)
        self.follows: dict[tuple[int, int], str] = {}  # (user, author) -> followed/unfollowed
        self.invitations: dict[int, dict[str, Any]] = {}
        self.pending: dict[tuple[int, int], int] = {}  # (sender, recipient record) -> id

    def run(self) -> None:
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        while not self.run_.stop.is_set():
            kind = self.rng.choices(kinds, weights)[0]
            getattr(self, f"do_{kind}")()
        self.http.close()

    def _token(self, user: dict[str, Any]) -> dict[str, str]:
        return {"X-Session-Token": user["token"]}

    def do_page(self) -> None:
        record = self.rng.choice(self.records)
        self.http.request("page", "GET", f"/researchers/{record['slug']}/")

    def do_page_signed_in(self) -> None:
        record, user = self.rng.choice(self.records), self.rng.choice(self.researchers)
        cookie = {"Cookie": f"sessionid={user['token']}"}
        self.http.request(
            "page_signed_in", "GET", f"/researchers/{record['slug']}/", headers=cookie
        )

    def do_directory(self) -> None:
        query = urllib.parse.quote(self.rng.choice(self.terms))
        self.http.request("directory", "GET", f"/researchers/?q={query}")

    def do_search_api(self) -> None:
        query = urllib.parse.quote(self.rng.choice(self.terms))
        self.http.request("search_api", "GET", f"/api/v1/authors/?name={query}")

    def do_author_api(self) -> None:
        record = self.rng.choice(self.records)
        self.http.request("author_api", "GET", f"/api/v1/authors/{record['id']}/")

    def do_follow(self) -> None:
        """Follow a new pair, or (a third of the time) unfollow a followed one. A pair whose
        write got no 2xx is left alone from then on: whether it committed is unknown."""
        user = self.rng.choice(self.researchers)
        followed = [p for p, s in self.follows.items() if s == "followed" and p[0] == user["id"]]
        if followed and self.rng.random() < 0.35:
            pair = self.rng.choice(followed)
            status, _ = self.http.request(
                "unfollow",
                "DELETE",
                f"/api/v1/authors/{pair[1]}/follow/",
                headers=self._token(user),
            )
            self.follows[pair] = "unfollowed" if 200 <= status < 300 else "unknown"
            return
        author = self.rng.choice(self.records)["id"]
        pair = (user["id"], author)
        if author == user["record"] or pair in self.follows:
            return
        status, _ = self.http.request(
            "follow", "POST", f"/api/v1/authors/{author}/follow/", headers=self._token(user)
        )
        self.follows[pair] = "followed" if 200 <= status < 300 else "unknown"

    def do_invite(self) -> None:
        """Send an invitation to a researcher with none pending from this sender, or
        (40 % of the time) withdraw a pending one."""
        user = self.rng.choice(self.researchers)
        mine = [(p, i) for p, i in self.pending.items() if p[0] == user["id"] and i > 0]
        if mine and self.rng.random() < 0.4:
            pair, invitation = self.rng.choice(mine)
            status, _ = self.http.request(
                "withdraw", "POST", f"/api/v1/invitations/{invitation}/withdraw/",
                headers=self._token(user),
            )  # fmt: skip
            if status == 200:
                del self.pending[pair]
                self.invitations[invitation]["state"] = "withdrawn"
            else:  # its state is unknown: check only that it is stored
                self.pending[pair] = -1
                self.invitations[invitation]["state"] = None
            return
        recipient = self.rng.choice(self.recipients)
        pair = (user["id"], recipient)
        if recipient == user["record"] or pair in self.pending:
            return
        body = {"recipient": recipient, "subject": "Load test", "message": "Shall we?"}
        status, data = self.http.request(
            "invite", "POST", "/api/v1/invitations/", body=body, headers=self._token(user)
        )
        if status == 201 and isinstance(data, dict) and "id" in data:
            self.pending[pair] = data["id"]
            self.invitations[data["id"]] = {
                "id": data["id"], "sender": user["id"], "recipient_record": recipient,
                "state": "pending",
            }  # fmt: skip
        elif status == 0 or status >= 500:
            self.pending[pair] = -1  # it may have committed: never send this pair again

    def writes(self) -> dict[str, list[dict[str, Any]]]:
        follows = [
            {"user": u, "author": a, "state": s}
            for (u, a), s in self.follows.items()
            if s in ("followed", "unfollowed")
        ]
        return {"follows": follows, "invitations": list(self.invitations.values())}


class Prober(threading.Thread):
    """Every `every` seconds, one request of `kind` (a log-in through allauth's headless app
    API with the production password hasher, or /ready/): both keep their pace in every
    phase, on their own connection."""

    def __init__(self, run: Run, kind: str, every: float):
        super().__init__(name=f"load-{kind}", daemon=True)
        self.run_ = run
        self.http = Connection(run)
        self.kind = kind
        self.every = every
        self.user = run.seed["users"][0]

    def run(self) -> None:
        while not self.run_.stop.is_set():
            started = self.run_.now()
            if self.kind == "login":
                body = {"email": self.user["email"], "password": self.run_.seed["password"]}
                self.http.request("login", "POST", "/_allauth/app/v1/auth/login", body=body)
            else:
                self.http.request("ready", "GET", "/ready/")
            self.run_.stop.wait(max(0.0, started + self.every - self.run_.now()))
        self.http.close()


def start_clients(run: Run, *, clients: int, login_every: float) -> list[threading.Thread]:
    """The client threads (the researchers shared out between them) and the probers."""
    users = run.seed["users"][1:]  # the first one is the log-in prober's
    threads: list[threading.Thread] = [
        Client(run, i, users[i::clients] or users[:1]) for i in range(clients)
    ]
    threads += [Prober(run, "login", login_every), Prober(run, "ready", 1.0)]
    for thread in threads:
        thread.start()
    return threads


def stop_clients(run: Run, threads: list[threading.Thread]) -> dict[str, list[dict[str, Any]]]:
    """Stop the load; the writes answered 2xx, for the database check."""
    run.stop.set()
    for thread in threads:
        thread.join(timeout=TIMEOUT + 5)
    writes: dict[str, list[dict[str, Any]]] = {"follows": [], "invitations": []}
    for thread in threads:
        if isinstance(thread, Client):
            for key, rows in thread.writes().items():
                writes[key] += rows
    return writes


def progress_line(run: Run, since: float) -> str:
    """Answers of the last seconds: rate and status classes."""
    now = run.now()
    with run.lock:
        recent = [r for r in run.results if r.end >= since]
    counts: dict[str, int] = {}
    for r in recent:
        label = "none" if r.status == 0 else f"{r.status // 100}xx"
        label = "503" if r.status == 503 else label
        counts[label] = counts.get(label, 0) + 1
    rate = len(recent) / max(now - since, 0.001)
    phase = run.phases[-1].name if run.phases else "-"
    detail = " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    return f"[{now:5.1f} s] {phase:<16} {rate:6.1f} req/s  {detail}"
