"""Settings of `manage.py loadtest`'s gunicorn: production's, with what a loopback run needs
instead of a real deployment: plain HTTP (no SSL redirect), static files straight from the
apps (no collectstatic; the pages are the same), and the secrets, hosts, PostgreSQL and Redis
the command gives in the environment. Rate limits and the fail-open cache stay on."""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
