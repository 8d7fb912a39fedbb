"""Following records: the service, the page button (with and without htmx), the API, the
following and followers lists and their privacy setting."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from profiles.models import AuthorRecord, Follow
from profiles.services.follows import follow_author, unfollow_author
from profiles.services.records import refresh_author_stats
from tests.collab_factories import claimed_record
from tests.factories import AuthorRecordFactory, UserFactory

pytestmark = pytest.mark.django_db


def _count(author) -> int:
    return AuthorRecord.objects.get(pk=author.pk).followers_count


def test_following_twice_is_a_no_op(user):
    author = AuthorRecordFactory()
    _, created = follow_author(user=user, author=author)
    _, again = follow_author(user=user, author=author)
    assert (created, again) == (True, False)
    assert Follow.objects.filter(author=author).count() == 1 == _count(author)


def test_unfollow_lowers_the_count_and_twice_is_a_no_op(user):
    author = AuthorRecordFactory()
    follow_author(user=user, author=author)
    unfollow_author(user=user, author=author)
    _, deleted = unfollow_author(user=user, author=author)
    assert deleted is False
    assert _count(author) == 0 and not Follow.objects.exists()


def test_following_your_own_record_is_refused(user):
    own = claimed_record(user)
    with pytest.raises(ValidationError) as exc:
        follow_author(user=user, author=own)
    assert exc.value.error_list[0].code == "follow_self"
    assert _count(own) == 0 and not Follow.objects.exists()


def test_a_verified_owner_following_raises_the_trust_score():
    author = refresh_author_stats(author=AuthorRecordFactory())
    before = author.trust_score
    fan = claimed_record().owner
    follow_author(user=fan, author=author)
    assert AuthorRecord.objects.get(pk=author.pk).trust_score == before + 2


# --- The page ---------------------------------------------------------------------------


def test_follow_button_works_without_javascript(client, user):
    author = AuthorRecordFactory()
    client.force_login(user)
    response = client.post(f"/researchers/{author.slug}/follow/", {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == author.get_absolute_url()
    html = client.get(author.get_absolute_url()).content.decode()
    assert '<strong id="followers-count">1</strong>' in html
    assert 'aria-pressed="true"' in html and "Following" in html
    client.post(f"/researchers/{author.slug}/follow/", {"action": "unfollow"})
    assert _count(author) == 0


def test_follow_with_htmx_swaps_the_button_and_the_count(client, user):
    author = AuthorRecordFactory()
    client.force_login(user)
    response = client.post(
        f"/researchers/{author.slug}/follow/", {"action": "follow"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="follow-box"' not in html  # the live region stays; its inside is swapped
    assert 'name="action" value="unfollow"' in html
    assert '<strong id="followers-count" hx-swap-oob="true">1</strong>' in html


def test_page_button_is_a_real_form_that_htmx_enhances(client, user):
    author = AuthorRecordFactory()
    client.force_login(user)
    html = client.get(author.get_absolute_url()).content.decode()
    assert f'method="post" action="/researchers/{author.slug}/follow/"' in html
    assert f'hx-post="/researchers/{author.slug}/follow/"' in html
    assert '<div id="follow-box" aria-live="polite">' in html


def test_visitor_is_sent_to_log_in_and_nothing_changes(client):
    author = AuthorRecordFactory()
    response = client.post(f"/researchers/{author.slug}/follow/", {"action": "follow"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


def test_owner_sees_their_followers_link_instead_of_a_button(client):
    record = claimed_record()
    client.force_login(record.owner)
    html = client.get(record.get_absolute_url()).content.decode()
    assert "See and manage your followers" in html
    assert 'name="action" value="follow"' not in html


def test_owner_posting_follow_on_own_page_is_refused(client):
    record = claimed_record()
    client.force_login(record.owner)
    response = client.post(f"/researchers/{record.slug}/follow/", {"action": "follow"})
    assert response.status_code == 403
    assert "You cannot follow your own profile." in response.content.decode()
    assert not Follow.objects.exists()


def test_unknown_follow_action_is_a_400(client, user):
    author = AuthorRecordFactory()
    client.force_login(user)
    assert client.post(f"/researchers/{author.slug}/follow/", {"action": "x"}).status_code == 400


# --- Lists ------------------------------------------------------------------------------


def test_following_page_lists_whom_i_follow(client, user):
    followed, other = AuthorRecordFactory(), AuthorRecordFactory()
    follow_author(user=user, author=followed)
    client.force_login(user)
    html = client.get("/following/").content.decode()
    assert followed.display_name in html and other.display_name not in html
    assert "You follow 1 researcher" in html


def test_following_page_needs_log_in(client):
    assert client.get("/following/").status_code == 302


def test_followers_list_names_people_by_their_record_never_their_email(client):
    record = claimed_record()
    fan_record = claimed_record()
    plain = UserFactory(verified=True)
    follow_author(user=fan_record.owner, author=record)
    follow_author(user=plain, author=record)
    html = client.get(f"/researchers/{record.slug}/followers/").content.decode()
    assert fan_record.display_name in html
    assert "A member without a public profile" in html
    assert plain.email not in html and fan_record.owner.email not in html


def test_hidden_followers_list_is_404_for_others_and_visible_to_its_owner(client, user):
    record = claimed_record(hide_followers=True)
    url = f"/researchers/{record.slug}/followers/"
    assert client.get(url).status_code == 404
    client.force_login(user)
    assert client.get(url).status_code == 404
    client.force_login(record.owner)
    assert client.get(url).status_code == 200


def test_owner_hides_the_list_and_others_cannot_change_it(client, user):
    record = claimed_record()
    url = f"/researchers/{record.slug}/followers/"
    client.force_login(user)
    assert client.post(url, {"hide_followers": "on"}).status_code == 404
    assert not AuthorRecord.objects.get(pk=record.pk).hide_followers
    client.force_login(record.owner)
    assert client.post(url, {"hide_followers": "on"}).status_code == 302
    assert AuthorRecord.objects.get(pk=record.pk).hide_followers


# --- API --------------------------------------------------------------------------------


def test_api_follow_is_idempotent_and_delete_unfollows(auth_api_client):
    author = AuthorRecordFactory()
    url = f"/api/v1/authors/{author.pk}/follow/"
    assert auth_api_client.post(url).json() == {"following": True, "follower_count": 1}
    assert auth_api_client.post(url).json() == {"following": True, "follower_count": 1}
    detail = auth_api_client.get(f"/api/v1/authors/{author.pk}/").json()
    assert detail["follower_count"] == 1 and detail["is_following"] is True
    assert auth_api_client.delete(url).json() == {"following": False, "follower_count": 0}
    assert auth_api_client.delete(url).status_code == 200
    assert _count(author) == 0


def test_api_follow_own_record_is_refused_in_the_error_shape(api_client):
    record = claimed_record()
    api_client.force_authenticate(record.owner)
    response = api_client.post(f"/api/v1/authors/{record.pk}/follow/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "follow_self"
    assert _count(record) == 0


def test_api_follow_needs_a_signed_in_caller(api_client):
    author = AuthorRecordFactory()
    response = api_client.post(f"/api/v1/authors/{author.pk}/follow/")
    assert response.status_code in (401, 403)
    assert "error" in response.json() and not Follow.objects.exists()


def test_api_follow_unknown_record_is_404(auth_api_client):
    assert auth_api_client.post("/api/v1/authors/999999/follow/").status_code == 404


def test_api_author_detail_is_following_false_for_visitors(api_client):
    author = AuthorRecordFactory()
    body = api_client.get(f"/api/v1/authors/{author.pk}/").json()
    assert body["is_following"] is False and body["follower_count"] == 0


# --- Concurrency (PostgreSQL) -----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_and_unfollows_leave_the_count_exact():
    """200 follow/unfollow requests from 50 users, through the API in real threads, each
    thread on its own database connection."""
    from rest_framework.test import APIClient

    author = AuthorRecordFactory()
    users = [UserFactory() for _ in range(50)]
    # Each user follows, unfollows, follows, and (for two users in three) unfollows again.
    methods = ["post", "delete", "post", "delete"]
    jobs = [
        (users[i % 50], methods[i // 50] if (i // 50) < 3 or i % 3 else "post") for i in range(200)
    ]
    assert len(jobs) == 200
    barrier = threading.Barrier(20)
    errors: list = []

    def worker(chunk):
        try:
            barrier.wait(timeout=30)
            for user, method in chunk:
                client = APIClient()
                client.force_authenticate(user)
                response = getattr(client, method)(f"/api/v1/authors/{author.pk}/follow/")
                if response.status_code != 200:
                    errors.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(jobs[i::20],)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = Follow.objects.filter(author=author).count()
    assert rows > 0
    assert _count(author) == rows


def test_api_follow_bursts_are_throttled(auth_api_client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "follow", "2/min")
    author = AuthorRecordFactory()
    url = f"/api/v1/authors/{author.pk}/follow/"
    assert auth_api_client.post(url).status_code == 200
    assert auth_api_client.delete(url).status_code == 200
    response = auth_api_client.post(url)
    assert response.status_code == 429 and response.json()["error"]["code"] == "throttled"
    assert _count(author) == 0


def test_api_following_and_followers_lists(api_client):
    record = claimed_record()
    fan = claimed_record()
    plain = UserFactory(verified=True)
    follow_author(user=fan.owner, author=record)
    follow_author(user=plain, author=record)
    api_client.force_authenticate(fan.owner)
    mine = api_client.get("/api/v1/following/").json()
    assert [r["id"] for r in mine["results"]] == [record.pk]
    body = api_client.get(f"/api/v1/authors/{record.pk}/followers/").json()
    assert sorted(str(r["author"] and r["author"]["id"]) for r in body["results"]) == sorted(
        [str(fan.pk), "None"]
    )
    assert plain.email not in str(body) and fan.owner.email not in str(body)


def test_api_hidden_followers_are_404_except_for_the_owner(api_client, user):
    record = claimed_record(hide_followers=True)
    url = f"/api/v1/authors/{record.pk}/followers/"
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(user)
    assert api_client.get(url).status_code == 404
    api_client.force_authenticate(record.owner)
    assert api_client.get(url).status_code == 200
