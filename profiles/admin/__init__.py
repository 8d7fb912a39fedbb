"""The moderators' admin, one module per concept; importing them registers their ModelAdmins."""

from profiles.admin import (  # noqa: F401
    audit,
    claims,
    collaboration,
    disputes,
    moderation,
    records,
    requests,
    tasks,
)
