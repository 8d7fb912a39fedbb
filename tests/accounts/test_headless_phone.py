"""allauth's phone endpoint: this site keeps no phone numbers, and no call to it is a 500."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/_allauth/browser/v1/account/phone"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
def test_the_phone_endpoint_is_a_404_for_a_signed_in_caller(method):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(verified=True))
    response = client.generic(method, URL, '{"phone": "+1555"}', content_type="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_the_phone_endpoint_says_not_signed_in_to_anonymous_callers(method):
    client = Client(raise_request_exception=False)
    response = client.generic(method, URL, '{"phone": "+1555"}', content_type="application/json")
    assert response.status_code == 401
