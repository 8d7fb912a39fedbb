"""Moderators' tools (issue "Moderation console"): the moderator role, sanctions, trust
overrides and the one audit trail every moderation decision writes to. Each write is a
keyword-only function inside `transaction.atomic` that raises the typed errors of
profiles.errors; the admin and the commands only call these."""

from profiles.services.moderation.marks import (  # noqa: F401
    clear_do_not_contact,
    unhide_record,
)
from profiles.services.moderation.merges import (  # noqa: F401
    check_merge,
    merge_records,
    preview_merge,
)
from profiles.services.moderation.overrides import (  # noqa: F401
    adjust_trust,
    check_level,
    set_level,
)
from profiles.services.moderation.requests import (  # noqa: F401
    decline_request,
    grant_request,
    submit_request,
)
from profiles.services.moderation.roles import (  # noqa: F401
    MODERATORS_GROUP,
    make_moderator,
)
from profiles.services.moderation.sanctions import (  # noqa: F401
    check_may_suspend,
    lift_suspension,
    revoke_claim,
    suspend_user,
)
from profiles.services.moderation.splits import check_detach, detach_work  # noqa: F401
