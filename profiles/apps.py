from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
    verbose_name = "Researcher profiles"

    def ready(self) -> None:
        from profiles import checks, signals  # noqa: F401
