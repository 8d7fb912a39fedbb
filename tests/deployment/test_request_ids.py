"""Every response carries an X-Request-ID (the proxy's when it is a safe token, a new one
otherwise), and every log line of the request carries it, as one JSON object per line
(production's LOGGING: config/logs.py). A task queued in a request logs the same id."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.test import Client

from config import celery as celery_signals
from config import logs
from profiles import tasks

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
def test_every_response_carries_a_new_request_id():
    first = Client().get("/health/")["X-Request-ID"]
    second = Client().get("/researchers/")["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


def test_the_proxys_request_id_is_kept():
    response = Client().get("/health/", HTTP_X_REQUEST_ID="nginx-4f2a:9.1_x")
    assert response["X-Request-ID"] == "nginx-4f2a:9.1_x"


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 129,
        "abc\r\nSet-Cookie: sessionid=stolen",
        '"><script>alert(1)</script>',
        "id with spaces",
        "ünïcödé",
        "",
    ],
    ids=["too-long", "header-injection", "markup", "spaces", "non-ascii", "empty"],
)
def test_a_hostile_request_id_is_replaced(hostile):
    response = Client().get("/health/", HTTP_X_REQUEST_ID=hostile)
    assert GENERATED.fullmatch(response["X-Request-ID"])
    assert "Set-Cookie" not in response


@pytest.fixture
def json_lines():
    """The production handler (RequestIdFilter + JSONFormatter) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.RequestIdFilter())
    handler.setFormatter(logs.JSONFormatter())
    root, requests_logger = logging.getLogger(), logging.getLogger("config.requests")
    saved = requests_logger.level
    root.addHandler(handler)
    requests_logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    requests_logger.setLevel(saved)


@pytest.mark.django_db
def test_the_lines_of_a_request_are_json_and_carry_its_id(json_lines):
    Client().get("/no-such-page/", HTTP_X_REQUEST_ID="req-42")
    lines = json_lines()
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["request_id"] == "req-42"
    assert not_found["level"] == "WARNING" and "/no-such-page/" in not_found["message"]
    assert not_found["status_code"] == 404
    request_line = next(line for line in lines if line["logger"] == "config.requests")
    assert request_line["request_id"] == "req-42"
    assert request_line["method"] == "GET" and request_line["path"] == "/no-such-page/"
    assert request_line["status"] == 404 and request_line["duration_ms"] >= 0
    assert {"time", "level", "logger", "message"} <= request_line.keys()


def test_a_line_outside_a_request_says_so_and_a_traceback_stays_on_one_line(json_lines):
    log = logging.getLogger("profiles.tests")
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        log.exception("it failed")
    (line,) = json_lines()
    assert line["request_id"] == "-"
    assert line["message"] == "it failed"
    assert "ValueError: broken" in line["exception"]


def test_a_task_queued_in_a_request_carries_its_id_to_the_worker():
    headers: dict = {}
    token = logs.request_id.set("req-7")
    try:
        celery_signals.add_request_id(headers=headers)
    finally:
        logs.request_id.reset(token)
    assert headers == {"request_id": "req-7"}
    # The worker: the message's headers become the task's request; the task logs with it.
    task = tasks.send_email
    task.push_request(id="t-1", is_eager=False, **headers)
    try:
        celery_signals.enter_task(task_id="t-1", task=task)
        assert logs.current_request_id() == "req-7"
        celery_signals.leave_task(task_id="t-1")
    finally:
        task.pop_request()
    assert logs.current_request_id() == "-"


def test_a_forged_request_id_in_a_message_is_ignored():
    task = tasks.send_email
    task.push_request(id="t-2", is_eager=False, request_id="x\r\ny")
    try:
        celery_signals.enter_task(task_id="t-2", task=task)
        assert logs.current_request_id() == "-"
        celery_signals.leave_task(task_id="t-2")
    finally:
        task.pop_request()
