"""Structured logs with a request id.

`RequestId` (middleware, first in MIDDLEWARE) takes the proxy's `X-Request-ID` when it is a
safe token (1-128 of letters, digits and `._:-`), otherwise makes one, keeps it in a
context variable for the rest of the request, returns it in the response's `X-Request-ID`
and writes one `config.requests` line per request (method, path, status, duration_ms).
`RequestIdFilter` stamps every record with that id (`-` outside a request) and
`JSONFormatter` writes each record as one JSON object on one line: time, level, logger,
message, request_id, and the record's extra fields. Production's LOGGING uses both
(config/settings/production.py); Celery tasks carry the id of the request that queued them
(config/celery.py).

The formatter and the filter need no settings, so gunicorn could load them too."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.core.signals import request_finished

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NO_REQUEST = "-"

request_id: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST)
requests_logger = logging.getLogger("config.requests")


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """The incoming id when it is a safe token, else a new one (never the hostile value)."""
    if value and SAFE_ID.fullmatch(value):
        return value
    return new_request_id()


def current_request_id() -> str:
    return request_id.get()


class RequestId:
    """Middleware: one id per request, in the context, the response header and the logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = accepted_request_id(request.META.get(META_KEY))
        request.META[META_KEY] = rid
        # Kept until the response is closed (request_finished), not only until this returns:
        # Django logs a 4xx ("Not Found: ...") after the last middleware has answered.
        request_id.set(rid)
        started = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = rid
        requests_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


def _request_finished(**_: Any) -> None:
    request_id.set(NO_REQUEST)


request_finished.connect(_request_finished, dispatch_uid="config.logs.request_finished")


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (handlers' filter: all loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True


# The attributes every LogRecord has; anything else on a record came as `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}
# Extras that are objects, not facts (Django's request logger passes the request itself).
_SKIPPED = {"request"}


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id,
    the record's extras, and `exception` (the traceback as text) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _SKIPPED and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)
