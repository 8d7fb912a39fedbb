"""The Celery app: `celery -A config worker` (make worker), `celery -A config beat` (exactly
one per deployment). Settings are Django's CELERY_*; tasks live in each app's tasks.py.
Development and the tests run tasks in the request (CELERY_TASK_ALWAYS_EAGER), so the quick
start needs no broker.

A task queued during a request carries that request's id in its message headers and logs
with it (config/logs.py); each task starts reading from the read replica again, if there is
one (config/db_routers.py)."""

import os
from typing import Any

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from config import db_routers, logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("researcher_profiles")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_tokens: dict[str, Any] = {}


@before_task_publish.connect
def add_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    rid = logs.current_request_id()
    if headers is not None and rid != logs.NO_REQUEST:
        headers.setdefault("request_id", rid)


def _queued_by(task: Any) -> str | None:
    request = getattr(task, "request", None)
    rid = getattr(request, "request_id", None) or (getattr(request, "headers", None) or {}).get(
        "request_id"
    )
    return rid if isinstance(rid, str) and logs.SAFE_ID.fullmatch(rid) else None


@task_prerun.connect
def enter_task(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    if getattr(getattr(task, "request", None), "is_eager", False):
        return  # run inside the request that queued it: its id and its writes still count
    db_routers.forget_writes()
    rid = _queued_by(task)
    if rid and task_id:
        _tokens[task_id] = logs.request_id.set(rid)


@task_postrun.connect
def leave_task(task_id: str | None = None, **_: Any) -> None:
    token = _tokens.pop(task_id or "", None)
    if token is not None:
        logs.request_id.reset(token)
