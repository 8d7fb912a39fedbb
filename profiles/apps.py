from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = "Researcher profiles"

    def ready(self) -> None:
        from profiles import checks, signals  # noqa: F401


class ModeratorAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the moderators' site: staff reach it only after a two-factor
    sign-in when MODERATOR_MFA_REQUIRED is on."""

    default = False  # named in INSTALLED_APPS; "profiles" itself is ProfilesConfig
    default_site = "config.admin_site.ModeratorAdminSite"
