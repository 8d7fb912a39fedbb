"""A small fake ORCID server on loopback, for tests of ORCID sign-in and the public works API.

It serves what the app asks ORCID for, in ORCID's v3.0 JSON shape (built from the real
sample record tests/data/samples/orcid/record-full-3.0.json):

- `GET /oauth/authorize?client_id=...&redirect_uri=...&state=...`: the person "signs in"
  (as `server.signing_in`, an iD the test chose) and is sent back to `redirect_uri` with a
  one-time `code` and the `state`;
- `POST /oauth/token`: the OAuth token exchange (client id and secret checked, the code used
  once), answering `{"access_token", "orcid", "name", ...}` as ORCID does;
- `GET /v3.0/<iD>/record`: the public record allauth reads after the exchange;
- `GET /v3.0/<iD>/works`: the public works summary (profiles/evidence/orcid.py).

`server.fail_with = 503` makes every API answer that status, `server.fail_with = "garbage"`
answers text that is not JSON. `server.calls` lists `(method, path)` of every request.
The fixture `fake_orcid` (tests/conftest.py) starts one per test and points the app at it.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

SAMPLE = Path(__file__).parent / "data" / "samples" / "orcid" / "record-full-3.0.json"
CLIENT_ID = "APP-FAKEORCIDTEST01"
CLIENT_SECRET = "fake-orcid-secret"


@dataclass
class Person:
    """One ORCID account: the iD, the name it shows and its public works (title, DOI)."""

    orcid: str
    given: str
    family: str
    works: list[tuple[str, str]] = field(default_factory=list)


def works_summary(works: list[tuple[str, str]]) -> dict:
    """An ORCID v3.0 works summary in the sample record's shape, one group per work."""
    sample = json.loads(SAMPLE.read_text())
    template = sample["activities-summary"]["works"]["group"][0]
    groups = []
    for i, (title, doi) in enumerate(works):
        group = copy.deepcopy(template)
        summary = group["work-summary"][0]
        summary["put-code"] = 1000 + i
        summary["title"]["title"]["value"] = title
        ids = summary["external-ids"]["external-id"]
        if doi:
            ids[0]["external-id-value"] = doi
            ids[0]["external-id-normalized"]["value"] = doi.lower()
        else:
            ids.clear()
            group["external-ids"]["external-id"] = []
        groups.append(group)
    return {"last-modified-date": None, "group": groups, "path": "/works"}


def public_record(person: Person, host: str) -> dict:
    """The person's public v3.0 record in the sample's shape."""
    record = json.loads(SAMPLE.read_text())
    record["orcid-identifier"] = {
        "uri": f"http://{host}/{person.orcid}",
        "path": person.orcid,
        "host": host,
    }
    record["path"] = f"/{person.orcid}"
    name = record["person"]["name"]
    name["given-names"]["value"] = person.given
    name["family-name"]["value"] = person.family
    name["path"] = person.orcid
    record["person"]["emails"]["email"] = []
    record["activities-summary"]["works"] = works_summary(person.works)
    return record


class FakeOrcid(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.people: dict[str, Person] = {}
        self.signing_in = ""
        self.codes: dict[str, str] = {}
        self.calls: list[tuple[str, str]] = []
        self.fail_with: int | str | None = None
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://")

    def add(self, orcid: str, given: str, family: str, works=()) -> Person:
        person = Person(orcid, given, family, list(works))
        self.people[orcid] = person
        return person

    def start(self) -> FakeOrcid:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the port (a test of ORCID being down may stop it early)."""
        if self._thread.is_alive():
            self.shutdown()
            self._thread.join(timeout=5)
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: FakeOrcid

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def _answer(self, status: int, body: object = None, headers: dict | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        if body is not None and self.server.fail_with == "garbage":
            data = b"<html>Service temporarily unavailable</html>"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        self.server.calls.append(("GET", parts.path))
        if parts.path == "/oauth/authorize":
            return self._authorize(parse_qs(parts.query))
        if isinstance(self.server.fail_with, int):
            return self._answer(self.server.fail_with, {"error": "unavailable"})
        pieces = parts.path.strip("/").split("/")
        if len(pieces) == 3 and pieces[0] == "v3.0" and pieces[2] in ("record", "works"):
            person = self.server.people.get(pieces[1])
            if person is None:
                return self._answer(404, {"error-code": 9016, "developer-message": "no iD"})
            if pieces[2] == "works":
                return self._answer(200, works_summary(person.works))
            return self._answer(200, public_record(person, self.server.host))
        return self._answer(404, {"error": "not found"})

    def _authorize(self, query: dict[str, list[str]]) -> None:
        if query.get("client_id") != [CLIENT_ID] or not query.get("redirect_uri"):
            return self._answer(400, {"error": "invalid_client"})
        code = secrets.token_urlsafe(8)
        self.server.codes[code] = self.server.signing_in
        back = {"code": code, "state": query.get("state", [""])[0]}
        location = f"{query['redirect_uri'][0]}?{urlencode(back)}"
        return self._answer(302, None, {"Location": location})

    def do_POST(self):  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        self.server.calls.append(("POST", parts.path))
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if parts.path != "/oauth/token":
            return self._answer(404, {"error": "not found"})
        client = (form.get("client_id", [""])[0], form.get("client_secret", [""])[0])
        if client != (CLIENT_ID, CLIENT_SECRET):
            return self._answer(401, {"error": "invalid_client"})
        orcid = self.server.codes.pop(form.get("code", [""])[0], "")
        person = self.server.people.get(orcid)
        if person is None:
            return self._answer(400, {"error": "invalid_grant"})
        return self._answer(
            200,
            {
                "access_token": secrets.token_hex(16),
                "token_type": "bearer",
                "refresh_token": secrets.token_hex(16),
                "expires_in": 631138518,
                "scope": "/authenticate",
                "name": f"{person.given} {person.family}",
                "orcid": person.orcid,
            },
        )
