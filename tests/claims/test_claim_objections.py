"""Co-authors are asked: owners of claimed records sharing works with a record are emailed when
a claim without identity proof is submitted, and may object with a reason within the window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from profiles.models import ClaimObjection
from profiles.services import claims as svc
from tests.factories import (
    UserFactory,
    add_verified_email,
    claimant,
    cv,
    give_institution,
    lao_cv,
    sign_in_with_orcid,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coauthor(demo):
    """Hao Wang owns his record, which shares the ICNP 2023 work with the seed record."""
    user = claimant(name="Hao Wang")
    claim = svc.claim_submit(claimant=user, author=demo["hao-wang"], cv_text=cv("hao_wang"))
    svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    return user


def test_coauthors_are_emailed_about_a_claim_without_proof(
    seed_record, coauthor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    to_coauthor = [m for m in mail.outbox if coauthor.email in m.to]
    assert len(to_coauthor) == 1
    assert f"/claims/{claim.pk}/object/" in to_coauthor[0].body


def test_no_coauthor_email_when_the_claim_has_a_strong_proof(
    seed_record, coauthor, django_capture_on_commit_callbacks, settings
):
    settings.CLAIMS_AUTO_APPROVE = False
    user = claimant()
    sign_in_with_orcid(user, seed_record)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.objections_until is None
    assert not [m for m in mail.outbox if coauthor.email in m.to]


def test_coauthors_are_asked_when_the_only_proof_is_an_institutional_address(
    seed_record, coauthor, django_capture_on_commit_callbacks
):
    give_institution(seed_record)
    user = claimant()
    add_verified_email(user, "anyone@example-univ.edu")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == "pending"
    assert claim.objections_until is not None
    assert [m for m in mail.outbox if coauthor.email in m.to]


def test_coauthor_objects_through_the_page_and_moderators_see_it(client, seed_record, coauthor):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    client.force_login(coauthor)
    url = f"/claims/{claim.pk}/object/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert not ClaimObjection.objects.exists()
    client.post(url, {"reason": "I know ChonLam; this is not his email."})
    objection = ClaimObjection.objects.get()
    assert objection.objector == coauthor
    moderator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(moderator)
    html = client.get(f"/admin/profiles/claim/{claim.pk}/change/").content.decode()
    assert "I know ChonLam; this is not his email." in html
    listing = client.get("/admin/profiles/claim/", {"objected": "yes"}).content.decode()
    assert "chonlam-lao" in listing or "ChonLam Lao" in listing


def test_people_who_are_not_coauthors_cannot_object(client, seed_record, coauthor):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    client.force_login(UserFactory(verified=True))
    assert client.get(f"/claims/{claim.pk}/object/").status_code == 403
    assert client.post(f"/claims/{claim.pk}/object/", {"reason": "no"}).status_code == 403
    assert not ClaimObjection.objects.exists()


def test_objections_close_after_the_window(seed_record, coauthor):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    claim.objections_until = timezone.now() - timedelta(minutes=1)
    claim.save(update_fields=["objections_until"])
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_object(claim=claim, user=coauthor, reason="Not him")
    assert exc.value.code == svc.OBJECTION_CLOSED


def test_objecting_twice_is_refused(seed_record, coauthor):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    svc.claim_object(claim=claim, user=coauthor, reason="Not him")
    with pytest.raises(svc.ClaimError) as exc:
        svc.claim_object(claim=claim, user=coauthor, reason="Still not him")
    assert exc.value.code == svc.DUPLICATE_OBJECTION
    assert claim.events.filter(kind="objection").count() == 1


def test_objection_window_follows_the_setting(seed_record, settings):
    settings.CLAIMS_OBJECTION_DAYS = 3
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    delta = claim.objections_until - claim.created_at
    assert timedelta(days=2, hours=23) < delta <= timedelta(days=3, minutes=1)


def test_coauthor_objects_through_the_api_and_others_get_404(seed_record, coauthor):
    from rest_framework.test import APIClient

    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    url = f"/api/v1/claims/{claim.pk}/objections/"
    stranger = APIClient()
    stranger.force_authenticate(UserFactory(verified=True))
    assert stranger.post(url, {"reason": "Not him"}, format="json").status_code == 404
    client = APIClient()
    client.force_authenticate(coauthor)
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"reason": "That is not my co-author."}, format="json")
    assert response.status_code == 201
    assert ClaimObjection.objects.get(claim=claim).reason == "That is not my co-author."
    assert client.post(url, {"reason": "Again"}, format="json").status_code == 400


def test_coauthor_notice_names_the_record_and_can_be_turned_off(
    client, seed_record, coauthor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    (notice,) = [m for m in mail.outbox if coauthor.email in m.to]
    assert f"ChonLam Lao has claimed the record {seed_record.display_name}" in notice.body
    assert "List-Unsubscribe" in notice.extra_headers
    token_url = notice.extra_headers["List-Unsubscribe"].strip("<>").split("/unsubscribe/")[1]
    assert client.post(f"/unsubscribe/{token_url}").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_submit(claimant=claimant(name="C. Lao"), author=seed_record, cv_text=lao_cv())
    assert not [m for m in mail.outbox if coauthor.email in m.to]


def test_coauthor_notice_names_claimant_record_and_deadline(
    seed_record, coauthor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claim = svc.claim_submit(
            claimant=claimant(name="Chon L. Impostor"), author=seed_record, cv_text=lao_cv()
        )
    (notice,) = [m for m in mail.outbox if coauthor.email in m.to]
    until = timezone.localtime(claim.objections_until).strftime("%-d %B %Y")
    assert "Chon L. Impostor" in notice.subject
    assert "If you believe that Chon L. Impostor is not ChonLam Lao" in notice.body
    assert f"until {until}" in notice.body
    assert "is not ," not in notice.body
    assert "your record Hao Wang" in notice.body


def test_coauthor_notice_without_a_claimant_name_never_reads_blank(
    seed_record, coauthor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.claim_submit(claimant=claimant(name=""), author=seed_record, cv_text=lao_cv())
    (notice,) = [m for m in mail.outbox if coauthor.email in m.to]
    assert "If you believe that an account without a name is not ChonLam Lao" in notice.body
    assert "@" not in notice.body.split("--")[0].replace("/claims/", "")


def test_objection_page_names_claimant_record_and_deadline(client, seed_record, coauthor):
    claim = svc.claim_submit(
        claimant=claimant(name="Chon L. Impostor"), author=seed_record, cv_text=lao_cv()
    )
    client.force_login(coauthor)
    html = client.get(f"/claims/{claim.pk}/object/").content.decode()
    until = timezone.localtime(claim.objections_until).strftime("%-d %B %Y")
    assert "Chon L. Impostor claims to be ChonLam Lao" in html
    assert f"until {until}" in html
    assert "<form" in html and "Send objection" in html


@pytest.mark.parametrize("how", ["window passed", "withdrawn"])
def test_closed_objection_page_shows_no_form(client, seed_record, coauthor, how):
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    if how == "window passed":
        claim.objections_until = timezone.now() - timedelta(minutes=1)
        claim.save(update_fields=["objections_until"])
    else:
        svc.claim_withdraw(claim=claim, user=user)
    client.force_login(coauthor)
    response = client.get(f"/claims/{claim.pk}/object/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Objections to this claim closed" in html or "are closed" in html
    assert "Send objection" not in html and 'name="reason"' not in html
    posted = client.post(f"/claims/{claim.pk}/object/", {"reason": "Not him"})
    assert posted.status_code == 409
    assert "Send objection" not in posted.content.decode()
    assert not ClaimObjection.objects.exists()


def test_after_objecting_the_page_says_so_without_a_form(client, seed_record, coauthor):
    claim = svc.claim_submit(claimant=claimant(), author=seed_record, cv_text=lao_cv())
    svc.claim_object(claim=claim, user=coauthor, reason="Not him")
    client.force_login(coauthor)
    html = client.get(f"/claims/{claim.pk}/object/").content.decode()
    assert "You objected on" in html
    assert "Send objection" not in html
