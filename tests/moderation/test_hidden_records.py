"""What a granted request does to a record: hidden records answer 410 on the web and in the
API and leave search, the directory and neighbours' graphs; "do not contact" removes the
follow and invite actions, and the services refuse them."""

from __future__ import annotations

import pytest

from profiles.errors import NotAllowed
from profiles.models import AuthorRecord
from profiles.services.collaboration import send_invitation
from profiles.services.collaboration.follows import follow_author
from profiles.services.moderation import grant_request, submit_request, unhide_record
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory, UserFactory, researcher

pytestmark = pytest.mark.django_db


def _granted(kind: str, moderator, **fields) -> AuthorRecord:
    record = AuthorRecordFactory(**fields)
    request, _created = submit_request(
        kind=kind, record=record, email="someone@example.org", message="It is about me."
    )
    grant_request(request=request, moderator=moderator, reason="Asked by the person.")
    return AuthorRecord.objects.get(pk=record.pk)


@pytest.fixture
def hidden(moderator):
    return _granted("hide", moderator, display_name="Zebulon Quarry")


@pytest.mark.parametrize(
    "path", ["/researchers/{slug}/", "/researchers/{slug}/graph/", "/researchers/{slug}/followers/"]
)
def test_a_hidden_record_answers_410_with_a_short_notice_on_the_web(client, hidden, path):
    response = client.get(path.format(slug=hidden.slug))
    assert response.status_code == 410
    text = response.content.decode()
    assert "This page was withdrawn" in text
    assert "Zebulon Quarry" not in text
    assert "/moderators/contact/" in text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/authors/{pk}/",
        "/api/v1/authors/{pk}/works/",
        "/api/v1/authors/{pk}/history/",
        "/api/v1/authors/{pk}/graph/",
        "/api/v1/authors/{pk}/followers/",
    ],
)
def test_a_hidden_record_answers_410_in_the_api_error_shape(client, hidden, path):
    response = client.get(path.format(pk=hidden.pk))
    assert response.status_code == 410
    error = response.json()["error"]
    assert error["status"] == 410 and error["code"] == "record_hidden"
    assert "withdrawn" in error["message"]


def test_signed_in_writes_on_a_hidden_record_answer_410_too(client, hidden):
    client.force_login(UserFactory(verified=True))
    assert client.post(f"/researchers/{hidden.slug}/follow/").status_code == 410
    assert client.post(f"/api/v1/authors/{hidden.pk}/follow/").status_code == 410
    preview = client.post(
        f"/api/v1/authors/{hidden.pk}/claim-preview/",
        {"name": "Zebulon Quarry", "cv_text": "x"},
        content_type="application/json",
    )
    assert preview.status_code == 410
    assert client.get(f"/researchers/{hidden.slug}/claim/").status_code == 410


def test_a_hidden_record_is_absent_from_search_and_the_directory(client, hidden):
    refresh_author_stats(author=hidden)  # its name is searchable: only hiding keeps it out
    shown = refresh_author_stats(author=AuthorRecordFactory(display_name="Zebulon Quarrington"))
    page = client.get("/researchers/", {"q": "zebulon"}).content.decode()
    assert "Zebulon Quarrington" in page and "Zebulon Quarry<" not in page
    assert hidden.slug not in client.get("/researchers/").content.decode()
    api = client.get("/api/v1/authors/", {"q": "zebulon"}).json()
    assert [hit["id"] for hit in api["results"]] == [shown.pk]
    everyone = client.get("/api/v1/authors/", {"page_size": 100}).json()
    assert hidden.pk not in [hit["id"] for hit in everyone["results"]]


def test_a_hidden_record_leaves_its_coauthors_neighbours(client, moderator):
    author = AuthorRecordFactory()
    hidden_coauthor = AuthorRecordFactory(display_name="Hidden Coauthor")
    shown_coauthor = AuthorRecordFactory(display_name="Shown Coauthor")
    slot = AuthorshipFactory(author=author)
    AuthorshipFactory(work=slot.work, author=hidden_coauthor, position=2)
    AuthorshipFactory(work=slot.work, author=shown_coauthor, position=3)
    refresh_author_stats(author=author)
    request, _ = submit_request(kind="hide", record=hidden_coauthor, email="h@example.org")
    grant_request(request=request, moderator=moderator, reason="Asked.")
    graph = client.get(f"/api/v1/authors/{author.pk}/graph/").json()
    labels = [node["label"] for node in graph["nodes"]]
    assert "Shown Coauthor" in labels and "Hidden Coauthor" not in labels


def test_unhiding_shows_the_record_again(client, hidden, moderator):
    unhide_record(record=hidden, moderator=moderator, reason="Mistake.")
    assert client.get(f"/researchers/{hidden.slug}/").status_code == 200
    assert client.get(f"/api/v1/authors/{hidden.pk}/").status_code == 200


# --- Do not contact ----------------------------------------------------------------------


@pytest.fixture
def quiet(moderator):
    return _granted("do_not_contact", moderator)


def test_do_not_contact_removes_the_follow_action_from_the_page(client, quiet):
    client.force_login(UserFactory(verified=True))
    page = client.get(f"/researchers/{quiet.slug}/").content.decode()
    assert "do not contact" in page
    assert 'id="follow-button"' not in page
    assert f"/researchers/{quiet.slug}/invite/" not in page


def test_do_not_contact_is_refused_by_the_follow_service_and_the_api(client, quiet):
    user = UserFactory(verified=True)
    with pytest.raises(NotAllowed) as refused:
        follow_author(user=user, author=quiet)
    assert refused.value.code == "do_not_contact"
    client.force_login(user)
    response = client.post(f"/api/v1/authors/{quiet.pk}/follow/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "do_not_contact"
    page = client.post(f"/researchers/{quiet.slug}/follow/", {"action": "follow"})
    assert page.status_code == 403


def test_do_not_contact_is_refused_by_the_invitation_service(moderator):
    sender, _record = researcher()
    _owner, target = researcher()
    AuthorRecord.objects.filter(pk=target.pk).update(do_not_contact=True)
    with pytest.raises(NotAllowed) as refused:
        send_invitation(sender=sender, recipient_record=target, subject="Hi", message="Hello")
    assert refused.value.code == "do_not_contact"


def test_a_hidden_record_leaves_its_followers_feed_and_following_list(client, moderator):
    record = AuthorRecordFactory(display_name="Followed Person")
    AuthorshipFactory(author=record, work__title="A paper the follower saw")
    follower = UserFactory(verified=True)
    follow_author(user=follower, author=record)
    client.force_login(follower)
    assert "A paper the follower saw" in str(client.get("/api/v1/me/feed/").json())
    assert "Followed Person" in client.get("/following/").content.decode()
    request, _ = submit_request(kind="hide", record=record, email="f@example.org")
    grant_request(request=request, moderator=moderator, reason="Asked.")
    assert "A paper the follower saw" not in str(client.get("/api/v1/me/feed/").json())
    assert "Followed Person" not in client.get("/following/").content.decode()
    assert record.pk not in [
        r["author"]["id"] for r in client.get("/api/v1/following/").json()["results"]
    ]
