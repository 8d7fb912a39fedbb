"""The moderators' admin, one module per concept; importing them registers their ModelAdmins."""

from profiles.admin import claims, collaboration, records  # noqa: F401
