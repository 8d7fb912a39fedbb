"""Models of the profiles app, one module per concept."""

from profiles.models.claims import Claim, ClaimEvent, ClaimObjection
from profiles.models.collaboration import (
    Block,
    Conversation,
    Invitation,
    Message,
    NotificationSettings,
    Participant,
    Report,
)
from profiles.models.disputes import Dispute, DisputeEvent
from profiles.models.follows import Follow
from profiles.models.moderation import AuditEntry, Suspension, TrustOverride
from profiles.models.records import (
    AuthorRecord,
    AuthorTopic,
    Institution,
    InstitutionDomain,
    NameVariant,
    ProfileEvent,
    RecordRedirect,
    Topic,
)
from profiles.models.requests import ModerationRequest
from profiles.models.tasks import FailedTask
from profiles.models.works import Authorship, Work

__all__ = [
    "AuditEntry",
    "ModerationRequest",
    "Suspension",
    "TrustOverride",
    "Block",
    "Conversation",
    "Invitation",
    "Message",
    "NotificationSettings",
    "Participant",
    "Report",
    "AuthorRecord",
    "AuthorTopic",
    "Authorship",
    "Claim",
    "ClaimEvent",
    "ClaimObjection",
    "Dispute",
    "FailedTask",
    "DisputeEvent",
    "Follow",
    "Institution",
    "InstitutionDomain",
    "NameVariant",
    "ProfileEvent",
    "RecordRedirect",
    "Topic",
    "Work",
]
