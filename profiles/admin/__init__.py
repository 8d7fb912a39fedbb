"""The moderators' admin, one module per concept; importing them registers their ModelAdmins."""

from profiles.admin import audit, claims, collaboration, disputes, moderation, records  # noqa: F401
