"""Pages and API reads run a fixed number of queries whatever the number of works,
co-authors and followers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import Follow
from profiles.services.records import refresh_author_stats
from tests.factories import AuthorRecordFactory, AuthorshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _author_with(works: int, followers: int):
    author = AuthorRecordFactory()
    for i in range(works):
        slot = AuthorshipFactory(author=author, position=1)
        for j in range(3):
            AuthorshipFactory(work=slot.work, author=None, position=j + 2, raw_name=f"Co {i}-{j}")
    for _ in range(followers):
        Follow.objects.create(user=UserFactory(), author=author)
    return refresh_author_stats(author=author)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "{page}",
        "/api/v1/authors/{pk}/",
        "/api/v1/authors/{pk}/works/",
        "/api/v1/authors/",
        "/researchers/",
    ],
)
def test_reads_do_not_grow_with_the_data(client, url):
    small, large = _author_with(1, 1), _author_with(15, 12)
    viewer = UserFactory(verified=True)
    client.force_login(viewer)

    def fmt(a):
        return url.format(page=a.get_absolute_url(), pk=a.pk)

    assert _count(client, fmt(small)) == _count(client, fmt(large))


def test_profile_page_query_budget(client, django_assert_max_num_queries):
    author = _author_with(15, 12)
    with django_assert_max_num_queries(10):
        client.get(author.get_absolute_url())


def test_profile_page_for_an_eligible_viewer_does_not_grow(client, django_assert_max_num_queries):
    """The collaboration panel and the navigation's unread counts add a fixed number."""
    from django.utils import timezone

    from tests.factories import claimed_record

    viewer = claimed_record().owner
    client.force_login(viewer)
    small, large = _author_with(1, 1), _author_with(15, 12)
    for author in (small, large):
        author.owner = UserFactory(verified=True)
        author.verification_level = 2
        author.claimed_at = timezone.now()
        author.open_to_collaborate = True
        author.save()
    assert _count(client, small.get_absolute_url()) == _count(client, large.get_absolute_url())
    # 19: two of them ask whether the viewer's and the owner's accounts are suspended, one
    # reads the trust history.
    with django_assert_max_num_queries(19):
        client.get(large.get_absolute_url())


def test_a_record_with_many_topics_names_its_strongest_only(client):
    from profiles.models import AuthorTopic, Topic
    from profiles.selectors.records import TOPICS_SHOWN

    author = AuthorRecordFactory()
    topics = Topic.objects.bulk_create(
        [Topic(name=f"Topic {i:02d}", openalex_id=f"T{i}") for i in range(TOPICS_SHOWN + 10)]
    )
    AuthorTopic.objects.bulk_create(
        [AuthorTopic(author=author, topic=t, works_count=100 - i) for i, t in enumerate(topics)]
    )
    api = client.get(f"/api/v1/authors/{author.pk}/").json()
    names = [t["name"] for t in api["topics"]]
    assert names == [f"Topic {i:02d}" for i in range(TOPICS_SHOWN)]
    page = client.get(author.get_absolute_url()).content.decode()
    assert "Topic 00" in page and f"Topic {TOPICS_SHOWN - 1:02d}" in page
    assert f"Topic {TOPICS_SHOWN:02d}" not in page
