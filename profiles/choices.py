"""Choices used across the profiles app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationLevel(models.IntegerChoices):
    """How sure we are that a profile belongs to the person it names (README, "Verification")."""

    L1 = 1, _("L1")
    L2 = 2, _("L2")
    L3 = 3, _("L3")
    L4 = 4, _("L4")


VERIFICATION_MEANINGS = {
    VerificationLevel.L1: _("Imported public record, not claimed by its researcher."),
    VerificationLevel.L2: _("Claimed; a moderator approved the evidence, without identity proof."),
    VerificationLevel.L3: _(
        "Claimed with identity proof (ORCID sign-in or institutional email) and a strong match."
    ),
    VerificationLevel.L4: _("Identity confirmed by a moderator or by two independent proofs."),
}


class WorkType(models.TextChoices):
    """Kinds of scholarly output, following the OpenAlex `type` vocabulary where it overlaps."""

    ARTICLE = "article", _("article")
    PREPRINT = "preprint", _("preprint")
    CONFERENCE_PAPER = "conference-paper", _("conference paper")
    BOOK = "book", _("book")
    BOOK_CHAPTER = "book-chapter", _("book chapter")
    DISSERTATION = "dissertation", _("dissertation")
    DATASET = "dataset", _("dataset")
    PATENT = "patent", _("patent")
    REVIEW = "review", _("review")
    OTHER = "other", _("other")


class RecordSource(models.TextChoices):
    """Where an author record or a work came from."""

    SEED = "seed", _("seed page")
    CV = "cv", _("researcher's CV")
    OPENALEX = "openalex", _("OpenAlex")
    ORCID = "orcid", _("ORCID")
    OWNER = "owner", _("added by the profile owner")
    MODERATOR = "moderator", _("added by a moderator")


class ProfileEventKind(models.TextChoices):
    """What changed on a profile, for its history."""

    CREATED = "created", _("record created")
    TRUST = "trust", _("trust score changed")
    LEVEL = "level", _("verification level changed")
    CLAIMED = "claimed", _("record claimed")
    RELEASED = "released", _("ownership released")
    EDITED = "edited", _("profile edited")
    DISPUTE = "dispute", _("ownership dispute decided")
    MERGED = "merged", _("duplicate record merged in")
    SPLIT = "split", _("work detached")


class ClaimStatus(models.TextChoices):
    """Where a claim stands (docs/claims.md, "Lifecycle")."""

    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    # An approved claim whose ownership ended (account deleted or a moderator released it).
    RELEASED = "released", _("released")
    # A pending claim closed because another claim on the same record was approved; the
    # claimant may dispute the approved one (docs/claims.md, "Competing claims").
    CLOSED = "closed", _("closed: record claimed by someone else")


class ClaimEventKind(models.TextChoices):
    """What happened to a claim, for its history."""

    SUBMITTED = "submitted", _("submitted")
    EVIDENCE = "evidence", _("evidence added")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REFUSED = "refused", _("approval refused")
    RELEASED = "released", _("ownership released")
    OBJECTION = "objection", _("co-author objected")
    DISPUTED = "disputed", _("disputed by another person")
    UPHELD = "dispute_upheld", _("dispute upheld")
    DISMISSED = "dispute_denied", _("dispute dismissed")
    CLOSED = "closed", _("closed: record claimed by someone else")


class DisputeStatus(models.TextChoices):
    """Where a dispute of an approved claim stands (profiles/services/claims/disputes.py)."""

    OPEN = "open", _("open")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class DisputeEventKind(models.TextChoices):
    """Lines of a dispute's own history."""

    OPENED = "opened", _("opened")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class InvitationStatus(models.TextChoices):
    """Where a collaboration invitation stands (docs/collaboration.md, "States")."""

    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


class ReportReason(models.TextChoices):
    """Why someone reports an invitation or a message to the moderators."""

    SPAM = "spam", _("spam or advertising")
    HARASSMENT = "harassment", _("harassment or abuse")
    IMPERSONATION = "impersonation", _("impersonation")
    INAPPROPRIATE = "inappropriate", _("inappropriate content")
    OTHER = "other", _("something else")


class ReportStatus(models.TextChoices):
    """A report's moderation state."""

    OPEN = "open", _("open")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class NotificationKind(models.TextChoices):
    """Emails a person can turn off one by one."""

    INVITATION = "invitation", _("a new invitation")
    ANSWER = "answer", _("an answer to my invitation")
    MESSAGE = "message", _("a new message")
    CLAIM = "claim", _("news about my claims")
    COAUTHOR = "coauthor", _("claims on my co-authors' records")


class AuditAction(models.TextChoices):
    """What a moderation decision did, for the one audit trail (profiles.services.audit)."""

    CLAIM_APPROVED = "claim_approved", _("claim approved")
    CLAIM_REJECTED = "claim_rejected", _("claim rejected")
    CLAIM_REVOKED = "claim_revoked", _("claim revoked")
    DISPUTE_UPHELD = "dispute_upheld", _("dispute upheld")
    DISPUTE_DISMISSED = "dispute_dismissed", _("dispute dismissed")
    REPORT_UPHELD = "report_upheld", _("report upheld")
    REPORT_DISMISSED = "report_dismissed", _("report dismissed")
    USER_SUSPENDED = "user_suspended", _("user suspended")
    SUSPENSION_LIFTED = "suspension_lifted", _("suspension lifted")
    LEVEL_SET = "level_set", _("verification level set")
    TRUST_ADJUSTED = "trust_adjusted", _("trust score adjusted")
    RECORDS_MERGED = "records_merged", _("records merged")
    WORK_DETACHED = "work_detached", _("work detached from a record")
    REQUEST_SUBMITTED = "request_submitted", _("request to the moderators submitted")
    REQUEST_GRANTED = "request_granted", _("request to the moderators granted")
    REQUEST_DECLINED = "request_declined", _("request to the moderators declined")
    RECORD_HIDDEN = "record_hidden", _("record hidden")
    RECORD_UNHIDDEN = "record_unhidden", _("record shown again")
    DO_NOT_CONTACT_SET = "do_not_contact_set", _("record marked do not contact")
    DO_NOT_CONTACT_CLEARED = "do_not_contact_cleared", _("do not contact lifted")


class OverrideKind(models.TextChoices):
    """What a moderator's trust override changes."""

    LEVEL = "level", _("verification level")
    SCORE = "score", _("trust score adjustment")


class RequestKind(models.TextChoices):
    """What a request to the moderators asks for (profiles/services/moderation/requests.py)."""

    HIDE = "hide", _("hide this unclaimed record")
    DO_NOT_CONTACT = "do_not_contact", _("do not contact through this unclaimed record")
    MERGE = "merge", _("merge with another record")
    CORRECTION = "correction", _("correct the record")
    CONTACT = "contact", _("a message to the moderators")


class RequestState(models.TextChoices):
    """Where a request to the moderators stands."""

    OPEN = "open", _("open")
    GRANTED = "granted", _("granted")
    DECLINED = "declined", _("declined")
