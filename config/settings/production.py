"""Production settings: secrets only from the environment, HTTPS everywhere."""

from config.settings.base import *  # noqa: F403

DEBUG = False
# No defaults: without these the app refuses to start (ImproperlyConfigured). Without Redis
# every worker would count rate limits on its own; without SITE_URL every email would link
# to localhost (`check --deploy` also warns about a local or plain-HTTP SITE_URL).
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
REDIS_URL = env("REDIS_URL")
SITE_URL = env("SITE_URL")
CACHES = redis_caches(REDIS_URL)  # noqa: F405
# Tasks go to workers through Redis (the same server unless CELERY_BROKER_URL says otherwise).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Celery's worker keeps the LOGGING below (JSON lines) instead of its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# gunicorn's workers are few and long-lived: keep their connections, checked before reuse
# (the replica's too, when there is one).
for _database in DATABASES.values():  # noqa: F405
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _database["CONN_HEALTH_CHECKS"] = True
# Sessions are read from Redis and written to both Redis and the database: a Redis outage
# (the cache then fails open to a per-process one, config/cache.py) or a flush signs no one
# out, where the plain cache engine would lose every session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# A load balancer's health probes may come over plain HTTP, straight to gunicorn.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# Staff reach the admin only after a two-factor sign-in (config/admin_site.py).
MODERATOR_MFA_REQUIRED = True
# collectstatic writes every file under a content-hashed name beside a gzip copy, and a
# manifest that `{% static %}` reads; whitenoise serves them with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Every line one JSON object with the request id (config/logs.py), and one line per request.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.logs.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "config.requests": {"level": env("REQUEST_LOG_LEVEL", default="INFO")},
        "celery": {"level": env("CELERY_LOG_LEVEL", default="INFO")},
    },
}
