"""The request pages and POST /api/v1/moderation-requests/: forms with errors next to their
fields, the confirmation page, context on the contact page, the anonymous rate limit, the
links on record pages and under refusals, and query-count pins."""

from __future__ import annotations

import pytest

from profiles.models import AuditEntry, ModerationRequest
from profiles.services.claims import claim_submit
from tests.factories import AuthorRecordFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db
API = "/api/v1/moderation-requests/"
CONTACT = "/moderators/contact/"


def test_an_unclaimed_record_page_links_to_the_request_form_a_claimed_one_does_not(client):
    unclaimed = AuthorRecordFactory()
    _owner, claimed = researcher()
    link = "Ask the moderators to hide this page or not to contact"
    assert link in client.get(unclaimed.get_absolute_url()).content.decode()
    assert link not in client.get(claimed.get_absolute_url()).content.decode()


def test_anyone_asks_to_hide_an_unclaimed_record_with_an_email_next_to_its_error(client):
    record = AuthorRecordFactory()
    url = f"/researchers/{record.slug}/ask-moderators/"
    page = client.get(url).content.decode()
    assert 'name="email"' in page and 'name="csrfmiddlewaretoken"' in page
    missing = client.post(url, {"kind": "hide", "message": "It is me."})
    assert missing.status_code == 400
    assert 'id="id_email-errors"' in missing.content.decode()
    sent = client.post(url, {"kind": "hide", "email": "ada@example.org", "message": "It is me."})
    assert sent.status_code == 302 and sent["Location"] == "/moderators/contact/sent/"
    assert "reached the moderators" in client.get(sent["Location"]).content.decode()
    request = ModerationRequest.objects.get()
    assert request.kind == "hide" and request.record == record and request.requester is None


def test_a_signed_in_person_is_not_asked_for_an_address(client):
    user = UserFactory(verified=True)
    record = AuthorRecordFactory()
    client.force_login(user)
    url = f"/researchers/{record.slug}/ask-moderators/"
    assert 'name="email"' not in client.get(url).content.decode()
    assert client.post(url, {"kind": "do_not_contact"}).status_code == 302
    assert ModerationRequest.objects.get().email == user.email


def test_the_request_form_of_a_claimed_record_is_refused(client):
    _owner, record = researcher()
    url = f"/researchers/{record.slug}/ask-moderators/"
    response = client.post(url, {"kind": "hide", "email": "a@example.org"})
    assert response.status_code == 409
    assert "has been claimed" in response.content.decode()
    assert not ModerationRequest.objects.exists()


def test_owners_and_claimants_request_a_merge_naming_the_other_record_by_its_address(client):
    owner, record = researcher()
    other = AuthorRecordFactory()
    client.force_login(owner)
    assert "Request a merge or correction" in client.get(record.get_absolute_url()).content.decode()
    url = f"/researchers/{record.slug}/request-change/"
    response = client.post(
        url,
        {
            "kind": "merge",
            "other_record": f"http://testserver{other.get_absolute_url()}",
            "message": "Both are me.",
        },
    )
    assert response.status_code == 302
    request = ModerationRequest.objects.get()
    assert (request.kind, request.record, request.other_record) == ("merge", record, other)
    unknown = client.post(url, {"kind": "merge", "other_record": "/researchers/nobody/"})
    assert unknown.status_code == 400 and 'id="id_other_record-errors"' in unknown.content.decode()


def test_a_stranger_cannot_request_a_merge_or_correction(client):
    _owner, record = researcher()
    client.force_login(UserFactory(verified=True))
    url = f"/researchers/{record.slug}/request-change/"
    response = client.post(url, {"kind": "correction", "message": "Fix it."})
    assert response.status_code == 403
    assert not ModerationRequest.objects.exists()


def test_the_contact_page_attaches_its_context(client):
    record = AuthorRecordFactory(display_name="Context Person")
    claimant = UserFactory(verified=True)
    claim = claim_submit(claimant=claimant, author=record, statement="Mine.")
    client.force_login(claimant)
    query = f"?record={record.pk}&claim={claim.pk}"
    page = client.get(CONTACT + query).content.decode()
    assert "Context Person" in page and f'name="claim" value="{claim.pk}"' in page
    response = client.post(
        CONTACT, {"record": record.pk, "claim": claim.pk, "message": "My claim waits."}
    )
    assert response.status_code == 302
    request = ModerationRequest.objects.get()
    assert (request.kind, request.record, request.claim) == ("contact", record, claim)
    assert AuditEntry.objects.filter(action="request_submitted").count() == 1


def test_the_contact_page_refuses_someone_elses_claim_and_unknown_ids(client):
    claim = claim_submit(
        claimant=UserFactory(verified=True), author=AuthorRecordFactory(), statement="Mine."
    )
    client.force_login(UserFactory(verified=True))
    assert client.get(f"{CONTACT}?claim={claim.pk}").status_code == 403
    assert client.get(f"{CONTACT}?record=999999").status_code == 404
    assert client.get(f"{CONTACT}?record=abc").status_code == 404
    refused = client.post(CONTACT, {"claim": claim.pk, "message": "Hello"})
    assert refused.status_code == 403
    assert not ModerationRequest.objects.exists()


def test_refusals_that_send_people_to_the_moderators_link_the_contact_form(client):
    user, own = researcher()
    other = AuthorRecordFactory()
    client.force_login(user)
    page = client.get(f"/researchers/{other.slug}/claim/").content.decode()
    assert f"/researchers/{other.slug}/request-change/?other={own.pk}" in page
    assert f"{CONTACT}?record={other.pk}" in page


def test_anonymous_requests_are_rate_limited_per_client_and_per_address(client, settings):
    settings.MODERATION_REQUESTS_PER_HOUR = 2
    record = AuthorRecordFactory()
    for i in range(2):
        body = {"kind": "contact", "email": f"p{i}@example.org", "message": f"Hi {i}"}
        assert client.post(API, body, content_type="application/json").status_code == 201
    limited = client.post(
        API, {"kind": "contact", "email": "p9@example.org", "message": "Again"},
        content_type="application/json",
    )  # fmt: skip
    assert limited.status_code == 429 and limited.has_header("Retry-After")
    assert limited.json()["error"]["status"] == 429
    page = client.post(
        f"/researchers/{record.slug}/ask-moderators/", {"kind": "hide", "email": "x@example.org"}
    )
    assert page.status_code == 429

    for i in range(2):  # one address from many clients
        other = {"REMOTE_ADDR": f"10.0.0.{i + 1}"}
        body = {"kind": "contact", "email": "same@example.org", "message": f"Msg {i}"}
        assert client.post(API, body, content_type="application/json", **other).status_code == 201
    again = client.post(
        API, {"kind": "contact", "email": "same@example.org", "message": "Msg 9"},
        content_type="application/json", REMOTE_ADDR="10.0.0.9",
    )  # fmt: skip
    assert again.status_code == 429


def test_the_api_takes_the_same_requests_as_the_pages(client):
    record = AuthorRecordFactory()
    no_email = client.post(
        API, {"kind": "hide", "record": record.pk}, content_type="application/json"
    )
    assert no_email.status_code == 400
    assert no_email.json()["error"]["fields"]["email"]
    body = {"kind": "hide", "record": record.pk, "email": "ada@example.org"}
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["state"] == "open"
    again = client.post(API, body, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    _owner, claimed = researcher()
    merge = {"kind": "merge", "record": claimed.pk, "other_record": record.pk, "email": "a@b.org"}
    refused = client.post(API, merge, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "sign_in_required"
    bad_kind = client.post(
        API, {"kind": "delete", "email": "a@b.org"}, content_type="application/json"
    )
    assert bad_kind.status_code == 400


@pytest.mark.parametrize(
    "url",
    ["/researchers/{slug}/ask-moderators/", CONTACT + "?record={pk}", "/moderators/contact/sent/"],
)
def test_request_pages_run_a_bounded_number_of_queries(client, url, django_assert_max_num_queries):
    record = AuthorRecordFactory()
    client.force_login(UserFactory(verified=True))
    with django_assert_max_num_queries(8):
        response = client.get(url.format(slug=record.slug, pk=record.pk))
    assert response.status_code == 200


def test_the_other_record_is_named_by_id_or_slug():
    from profiles.forms.requests import record_from_reference

    record = AuthorRecordFactory()
    assert record_from_reference(str(record.pk)) == record
    assert record_from_reference(record.slug) == record
    assert record_from_reference("") is None


def test_a_name_another_record_holds_links_the_contact_form_with_the_record(client):
    from profiles.services.records import refresh_author_stats

    owner, record = researcher()
    refresh_author_stats(author=AuthorRecordFactory(display_name="Taken Name Person"))
    client.force_login(owner)
    response = client.post("/dashboard/profile/", {"public_names": "Taken Name Person"})
    assert response.status_code == 400
    assert f"{CONTACT}?record={record.pk}" in response.content.decode()
