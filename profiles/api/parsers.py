"""JSON that cannot hurt: a size and a nesting-depth limit in front of the JSON decoder.

Python's decoder recurses once per nesting level, so `[` × 50,000 used to end in a
RecursionError (a 500 with a traceback). `DepthLimitedJSONParser` (DRF's default parser,
see REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]) and `config.middleware.JSONBodyGuard`
(every JSON endpoint, allauth's headless ones included) check the depth first and answer
400 in the API's error shape. A NUL character in any string of a JSON body is refused too
(`nul_character`): PostgreSQL cannot store one, which was a 500."""

from __future__ import annotations

import io
import json
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any request body of this API or allauth's (they are two or three levels).
MAX_JSON_DEPTH = 32
TOO_DEEP = "json_too_deep"
MALFORMED = "malformed_json"
NUL_CHARACTER = "nul_character"

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def too_deep(data: bytes, max_depth: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects in `data` nest deeper than `max_depth` (without recursion,
    and stopping at the first level too many). Brackets inside strings do not count."""
    if data.count(b"[") + data.count(b"{") <= max_depth:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


def too_deep_message() -> str:
    return _("The JSON body is nested more than %(n)s levels deep.") % {"n": MAX_JSON_DEPTH}


def nul_message() -> str:
    return _("Text may not contain NUL (\\u0000) characters.")


def has_nul(value: Any) -> bool:
    """Whether a NUL character is in any string (key or value) of decoded JSON, without
    recursion (PostgreSQL cannot store NUL in text: it would be a 500)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def json_problem(data: bytes, encoding: str = "utf-8") -> tuple[str, str] | None:
    """(code, message) when `data` is not a JSON document we will read, else None."""
    if too_deep(data):
        return TOO_DEEP, too_deep_message()
    try:
        document = json.loads(data.decode(encoding))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        return MALFORMED, _("The request body is not valid JSON: %(error)s") % {"error": exc}
    # A raw NUL byte is already malformed JSON; only the escape decodes to one.
    if b"\\u0000" in data and has_nul(document):
        return NUL_CHARACTER, nul_message()
    return None


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser behind a size limit (DATA_UPLOAD_MAX_MEMORY_SIZE, then Django's
    RequestDataTooBig: 413), a depth limit (ParseError `json_too_deep`: 400) and no NUL
    (ParseError `nul_character`: 400)."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        data = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(data) > limit:
            raise RequestDataTooBig(_("The request body is too large."))
        if too_deep(data):
            raise ParseError(too_deep_message(), code=TOO_DEEP)
        document = super().parse(io.BytesIO(data), media_type, parser_context)
        if b"\\u0000" in data and has_nul(document):
            raise ParseError(nul_message(), code=NUL_CHARACTER)
        return document
