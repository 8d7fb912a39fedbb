"""Reads to a read replica, writes to the primary (docs/deployment.md, "Read replica").

Active only when DATABASE_ROUTERS names `ReadReplicaRouter` and DATABASES has a `replica`
alias (base.py sets both when DATABASE_REPLICA_URL is set). A replica runs a little behind
the primary, so reads go to the primary whenever they could miss a write of their own:

- inside `transaction.atomic` on the primary (services read, check and write in one);
- for the rest of a request (or Celery task) once it has written anything: the first
  `db_for_write` pins the context to the primary, and `PrimaryAfterWrite` (middleware) and
  the task signals in config/celery.py start every request and task unpinned.

Migrations run on the primary only; the replica gets them by replication."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest, HttpResponse

REPLICA = "replica"

wrote: ContextVar[bool] = ContextVar("wrote_to_primary", default=False)


def forget_writes() -> None:
    """A new unit of work (a task) starts reading from the replica again."""
    wrote.set(False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_in_use() -> bool:
    """The router is installed and has a replica to send reads to (what /ready/ checks)."""
    return replica_configured() and any(
        path.endswith(".ReadReplicaRouter") for path in settings.DATABASE_ROUTERS
    )


class ReadReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        if wrote.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary: relations across them are fine.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


class PrimaryAfterWrite:
    """Middleware: each request starts reading from the replica; once it writes, its later
    reads go to the primary (the pin ends with the request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = wrote.set(False)
        try:
            return self.get_response(request)
        finally:
            wrote.reset(token)
