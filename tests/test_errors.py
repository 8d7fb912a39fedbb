"""The one error model: a service error's class gives the HTTP status, the API answers in its
one JSON shape, and forms show the error next to its field."""

from __future__ import annotations

import pytest
from django import forms
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from profiles.api.errors import exception_handler
from profiles.errors import Conflict, Invalid, NotAllowed, NotFound, TooLarge
from profiles.forms.errors import add_service_error


def _answer(exc):
    request = APIRequestFactory().get("/api/v1/x/")
    response = exception_handler(exc, {"view": APIView(), "request": request})
    return response.status_code, response.data["error"]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Invalid("Bad.", code="bad"), 400),
        (NotAllowed("No.", code="not_owner"), 403),
        (NotFound("Gone.", code="not_yours"), 404),
        (Conflict("Taken.", code="record_taken"), 409),
        (TooLarge("Too big.", code="file_too_large"), 413),
    ],
)
def test_the_class_gives_the_status_and_the_code_is_kept(error, status):
    answered, body = _answer(error)
    assert answered == status
    assert body["status"] == status and body["code"] == error.code
    assert body["message"] == error.messages[0]


def test_a_field_error_names_its_field_in_the_json_shape():
    status, body = _answer(Invalid("Too long.", code="max_length", field="subject"))
    assert status == 400
    assert body["message"] == "subject: Too long."
    assert body["fields"] == {"subject": ["Too long."]}


class _Form(forms.Form):
    orcid = forms.CharField(required=False)


def test_the_form_helper_puts_the_error_next_to_its_field():
    form = _Form(data={"orcid": "x"})
    assert form.is_valid()
    add_service_error(form, Invalid("Not an ORCID iD.", code="orcid_invalid", field="orcid"))
    assert form.errors["orcid"] == ["Not an ORCID iD."]


def test_an_error_without_a_known_field_goes_on_top_of_the_form():
    form = _Form(data={})
    assert form.is_valid()
    add_service_error(form, Conflict("Taken.", code="record_taken", field="nothing_here"))
    assert form.non_field_errors() == ["Taken."]


def test_a_row_gone_between_lookup_and_lock_is_a_404_not_a_500(rf):
    """A record merged away after the view found it and before a service locked it."""
    from django.http import Http404

    from config.errors import DatabaseUnavailableMiddleware
    from profiles.api.errors import exception_handler
    from profiles.models import AuthorRecord

    response = exception_handler(AuthorRecord.DoesNotExist("gone"), {})
    assert response.status_code == 404
    assert response.data["error"]["code"] == "not_found"
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with pytest.raises(Http404):
        middleware.process_exception(rf.get("/researchers/x/follow/"), AuthorRecord.DoesNotExist())
