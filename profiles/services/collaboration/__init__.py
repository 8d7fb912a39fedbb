"""Collaboration invitations, the conversations they open, blocks and abuse reports: every
rule of docs/collaboration.md lives here. Each write is atomic and locks what two requests
could race on; a refused action raises a typed ServiceError (profiles.errors) with a stable
`code` and changes nothing."""

# The public names, importable from the package as before the split.
from profiles.services.collaboration.common import (  # noqa: F401
    ALREADY_PENDING,
    ALREADY_REPORTED,
    BAD_MOTIVATION,
    CANNOT_BLOCK,
    CANNOT_REPORT,
    CONVERSATION_CLOSED,
    DAILY_LIMIT,
    EMPTY_MESSAGE,
    INVITE_SELF,
    LOW_TRUST,
    NEEDS_CLAIMED_RECORD,
    NEEDS_VERIFIED_EMAIL,
    NOT_CLAIMED,
    NOT_OPEN,
    NOT_PENDING,
    ONLY_RECIPIENT,
    ONLY_SENDER,
    PENDING_LIMIT,
    Eligibility,
    has_verified_email,
    is_blocked,
    sender_eligibility,
)
from profiles.services.collaboration.conversations import (  # noqa: F401
    leave_conversation,
    mark_conversation_read,
    post_message,
)
from profiles.services.collaboration.invitations import (  # noqa: F401
    accept_invitation,
    decline_invitation,
    expire_for_user,
    expire_overdue,
    mark_invitation_seen,
    send_invitation,
    withdraw_invitation,
)
from profiles.services.collaboration.moderation import (  # noqa: F401
    block_conversation_partner,
    block_from_record,
    block_invitation_sender,
    block_user,
    decide_report,
    report_abuse,
    unblock,
)
