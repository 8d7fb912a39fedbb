"""Identity proofs have a strength (docs/claims.md, "Identity proofs"): an ORCID sign-in that
proves the record is strong and may approve a strong match alone; a verified address at the
record's institution only supports (a moderator decides, first in the queue); an address at
an affiliation the owner chose himself counts for nothing."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from profiles.choices import ClaimStatus, VerificationLevel
from profiles.models import Claim, Institution, InstitutionDomain
from profiles.services import claims as svc
from profiles.services.owner import profile_update
from tests.factories import (
    UserFactory,
    add_verified_email,
    claimant,
    give_institution,
    lao_cv,
    sign_in_with_orcid,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def impostor(seed_record):
    """An account with the record's name that verified *some* address at the record's
    institution: membership of a large university, not identity."""
    give_institution(seed_record)
    user = claimant(name="ChonLam Lao")
    add_verified_email(user, "c.lao.1999@example-univ.edu")
    return user


def _assert_waits_for_a_moderator(claim: Claim, seed_record) -> None:
    assert claim.status == ClaimStatus.PENDING
    assert claim.decision == "strong"  # the public CV fits: that is why proofs matter
    assert claim.proof_strength == "supporting"
    assert not claim.auto_approved
    assert claim.objections_until is not None  # co-authors are asked too
    seed_record.refresh_from_db()
    assert seed_record.owner is None
    assert seed_record.verification_level == VerificationLevel.L1


def test_impostor_with_an_institutional_address_is_not_approved_by_the_service(
    seed_record, impostor
):
    claim = svc.claim_submit(claimant=impostor, author=seed_record, cv_text=lao_cv())
    _assert_waits_for_a_moderator(claim, seed_record)
    assert [p["strength"] for p in claim.identity_proof] == ["supporting"]


def test_impostor_with_an_institutional_address_is_not_approved_through_the_web(
    client, seed_record, impostor
):
    client.force_login(impostor)
    response = client.post(
        f"/researchers/{seed_record.slug}/claim/",
        {"cv_text": lao_cv(), "submit": "1"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your claim was approved" not in html
    assert "number 1 in the queue" in html
    assert "supporting" in html
    _assert_waits_for_a_moderator(Claim.objects.get(claimant=impostor), seed_record)


def test_impostor_with_an_institutional_address_is_not_approved_through_the_api(
    seed_record, impostor
):
    api = APIClient()
    api.force_authenticate(impostor)
    upload = SimpleUploadedFile("cv.txt", lao_cv().encode(), content_type="text/plain")
    response = api.post(
        "/api/v1/claims/", {"author": seed_record.pk, "cv_file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["proof_strength"] == "supporting"
    assert [p["strength"] for p in body["identity_proof"]] == ["supporting"]
    _assert_waits_for_a_moderator(Claim.objects.get(pk=body["id"]), seed_record)


def test_the_genuine_owner_with_orcid_is_approved_at_once(seed_record):
    user = claimant()
    sign_in_with_orcid(user, seed_record)
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    assert claim.status == ClaimStatus.APPROVED
    assert claim.proof_strength == "strong"
    assert claim.level_granted == VerificationLevel.L3


def test_a_moderator_approving_a_supporting_claim_gives_l3(seed_record, impostor):
    claim = svc.claim_submit(claimant=impostor, author=seed_record, cv_text=lao_cv())
    approved = svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    assert approved.level_granted == VerificationLevel.L3


def test_supporting_claims_go_first_in_the_queue_with_the_address_shown(
    client, seed_record, demo, impostor
):
    early = svc.claim_submit(
        claimant=claimant(name="Hao Wang"), author=demo["hao-wang"], statement="It is me."
    )
    fast = svc.claim_submit(claimant=impostor, author=seed_record, cv_text=lao_cv())
    assert svc.queue_position(fast) == 1
    assert svc.queue_position(early) == 2
    listed = {c.pk: c for c in svc.with_queue_position(Claim.objects.all())}
    assert svc.queue_position(listed[fast.pk]) == 1
    assert svc.queue_position(listed[early.pk]) == 2
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/profiles/claim/").content.decode()
    assert "c.lao.1999@example-univ.edu" in html
    assert "fast lane" in html
    assert html.index(f"/admin/profiles/claim/{fast.pk}/change/") < html.index(
        f"/admin/profiles/claim/{early.pk}/change/"
    )
    filtered = client.get("/admin/profiles/claim/", {"proof": "supporting"}).content.decode()
    assert f"/admin/profiles/claim/{early.pk}/change/" not in filtered


def test_the_strength_table_is_shown_to_claimant_and_moderator(client, seed_record, impostor):
    claim = svc.claim_submit(claimant=impostor, author=seed_record, cv_text=lao_cv())
    client.force_login(impostor)
    mine = client.get(f"/dashboard/claims/{claim.pk}/").content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin = client.get(f"/admin/profiles/claim/{claim.pk}/change/").content.decode()
    for html in (mine, admin):
        assert "What each identity proof may do" in html
        assert "Supporting: a moderator decides, first in the queue" in html
        assert "None: counts for nothing" in html
        assert "c.lao.1999@example-univ.edu" in html


def _owned_with_chosen_affiliation(seed_record):
    """The genuine-looking owner (approved at L2) picks an affiliation from the list and
    verifies an address there."""
    user = claimant()
    claim = svc.claim_submit(claimant=user, author=seed_record, cv_text=lao_cv())
    svc.claim_approve(claim=claim, moderator=UserFactory(is_staff=True))
    chosen = Institution.objects.create(name="Big State University")
    InstitutionDomain.objects.create(institution=chosen, domain="bigstate.edu")
    profile_update(author=seed_record, user=user, affiliation=chosen)
    return user


def test_an_address_at_an_affiliation_the_owner_chose_is_no_proof(seed_record):
    user = _owned_with_chosen_affiliation(seed_record)
    add_verified_email(user, "lao@bigstate.edu")
    address = EmailAddress.objects.get(email="lao@bigstate.edu")
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    seed_record.refresh_from_db()
    assert seed_record.affiliation_by_owner
    assert seed_record.verification_level == VerificationLevel.L2
    labels = [t["label"] for t in seed_record.trust_breakdown]
    assert not any("Identity proofs" in label for label in labels)
    from profiles.selectors.evidence import identity_proofs, missing_proof_suggestions

    (proof,) = identity_proofs(user, seed_record)
    assert proof.strength == "none"
    assert "proves nothing" in proof.detail
    assert not any("bigstate.edu" in s for s in missing_proof_suggestions(user, seed_record))


def test_an_imported_affiliation_still_supports(seed_record):
    give_institution(seed_record)  # as an import sets it
    seed_record.refresh_from_db()
    assert not seed_record.affiliation_by_owner
    user = claimant()
    add_verified_email(user, "lao@example-univ.edu")
    from profiles.selectors.evidence import identity_proofs

    assert [p.strength for p in identity_proofs(user, seed_record)] == ["supporting"]
