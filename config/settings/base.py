"""Settings shared by every environment. Everything that differs per machine comes from the
environment (see README, "Configuration"); the defaults here are safe for development only."""

from pathlib import Path
from typing import Any

import environ
from django.utils.translation import gettext_lazy as _

from profiles.conf import DEFAULTS as PROFILES

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep their variables in a local `.env`; it is never committed.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = env("SITE_NAME", default="Researcher Profiles")

INSTALLED_APPS = [
    # The Django admin with the moderators' sign-in rule (config/admin_site.py).
    "profiles.apps.ModeratorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.orcid",
    "allauth.headless",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "accounts",
    "profiles",
]

MIDDLEWARE = [
    # First: every later line of the request's logs, and its response, carry its id.
    "config.logs.RequestId",
    # Reads go to the read replica until the request writes (only with DATABASE_REPLICA_URL).
    "config.db_routers.PrimaryAfterWrite",
    "config.middleware.RetryAfter",
    "config.middleware.APIErrorShape",
    "config.errors.DatabaseUnavailableMiddleware",
    "config.middleware.RequestBodyLimit",
    "config.middleware.JSONBodyGuard",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "profiles.redirects.MergedRecordRedirect",
    "config.errors.GoneMiddleware",
]

# --- Browser security headers. No inline script or style anywhere (templates load files from
# static/); ORCID sign-in is a form that redirects to ORCID. Referrer-Policy comes from
# SecurityMiddleware, Permissions-Policy from config/middleware.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", f"https://{env('ORCID_BASE_DOMAIN', default='orcid.org')}"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "config.context_processors.orcid",
                "config.context_processors.collaboration",
            ],
        },
    },
]

# SQLite needs no server, so it is the zero-setup default; production sets DATABASE_URL to
# PostgreSQL (postgres://user:password@host:5432/name).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait instead of failing at once when two requests write at the same moment; IMMEDIATE
    # transactions take the write lock up front, so a transaction that read first cannot fail
    # with "database is locked" when it starts writing (select_for_update is a no-op here).
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
else:
    # Persistent connections suit a fixed number of worker processes (gunicorn: production.py
    # keeps them 60 s); the threaded development server opens one per thread, so here they
    # are closed after each request unless CONN_MAX_AGE says otherwise.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica of the primary (PostgreSQL streaming replication): reads go there until a
# request writes, writes and migrations to the primary (config/db_routers.py).
if DATABASE_REPLICA_URL := env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
    }
    DATABASE_ROUTERS = ["config.db_routers.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis when REDIS_URL is set (production, and anywhere rate limits must be shared between
# processes); otherwise a per-process memory cache so a fresh laptop needs nothing running.
# While Redis is down the cache fails open to a per-process one (config/cache.py).
REDIS_URL = env("REDIS_URL", default="")


def redis_caches(url: str) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="rp"),
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's, refusing suspended accounts (accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

SITE_ID = 1

# --- django-allauth: email is the identity; verification is mandatory; rate limits stay on.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# ACCOUNT_RATE_LIMITS is deliberately left at allauth's defaults (login, sign-up, reset...);
# failed log-ins count per client address and per account *from that address*
# (accounts.adapters.AccountAdapter), so a stranger cannot lock an owner out. Every 429 carries
# Retry-After (config/middleware.py).
RATE_LIMIT_RETRY_AFTER = 60
HEADLESS_CLIENTS = ("app", "browser")

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP) and recovery codes. Staff must
# have used it in their session before the admin opens when MODERATOR_MFA_REQUIRED is on
# (always in production, see config/settings/production.py; optional in development).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MODERATOR_MFA_REQUIRED = env.bool("MODERATOR_MFA_REQUIRED", default=False)
HEADLESS_SERVE_SPECIFICATION = True

# ORCID sign-in proves an ORCID iD. Credentials come from the environment; without them the
# provider stays listed but unusable, and the claim flow says so.
ORCID_CLIENT_ID = env("ORCID_CLIENT_ID", default="")
ORCID_SECRET = env("ORCID_SECRET", default="")
ORCID_BASE_DOMAIN = env("ORCID_BASE_DOMAIN", default="orcid.org")
ORCID_API_URL = env("ORCID_API_URL", default=PROFILES["ORCID_API_URL"])
SOCIALACCOUNT_PROVIDERS = {
    "orcid": {
        "BASE_DOMAIN": ORCID_BASE_DOMAIN,
        "MEMBER_API": env.bool("ORCID_MEMBER_API", default=False),
        **(
            {"APP": {"client_id": ORCID_CLIENT_ID, "secret": ORCID_SECRET, "key": ""}}
            if ORCID_CLIENT_ID
            else {}
        ),
    }
}
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False

# --- Background tasks (Celery, config/celery.py; `make worker`). Without a broker (the quick
# start, the tests) tasks run in the request that queues them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is run again, not lost
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Run in the request (development, tests), a failing task does not break the request that
# queued it: it is logged and stored as a FailedTask row like a worker's final failure.
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
# Periodic jobs, sent by `make beat` (celery beat; one beat process per deployment).
CELERY_BEAT_SCHEDULE = {
    "expire-invitations": {"task": "profiles.tasks.expire_invitations", "schedule": 3600.0},
    "sweep-stale-claims": {"task": "profiles.tasks.sweep_stale_claims", "schedule": 3600.0},
}

# --- Email
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Researcher Profiles <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Client addresses. The number of reverse proxies in front of the app that append to
# X-Forwarded-For: 0 (the default) trusts no such header and counts REMOTE_ADDR, so forged
# headers cannot dodge a rate limit; behind one proxy (nginx) set 1. DRF's throttles
# (NUM_PROXIES) and allauth's limits (ALLAUTH_TRUSTED_PROXY_COUNT) both read it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- REST API
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "allauth.headless.contrib.rest_framework.authentication.XSessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # JSON behind a size and nesting-depth limit (a 400, never a RecursionError).
    "DEFAULT_PARSER_CLASSES": [
        "profiles.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "profiles.api.pagination.PagePagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "profiles.api.schema.AutoSchema",  # adds the error responses
    "EXCEPTION_HANDLER": "profiles.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="120/min"),
        "user": env("THROTTLE_USER", default="600/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Researcher Profiles API",
    "DESCRIPTION": (
        "Public author records, claims, follows and collaboration invitations. "
        "Authenticate with a browser session or with django-allauth's headless app API "
        "(`/_allauth/app/v1/`) and send the session token as `X-Session-Token`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # <id:pk> (config/converters.py): a row id of at most 18 digits.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    # Swagger UI and Redoc are served from the app itself, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several serializers have a `kind`: name the requests' one.
    "ENUM_NAME_OVERRIDES": {
        "ModerationRequestKindEnum": "profiles.choices.RequestKind",
        "ModerationRequestStateEnum": "profiles.choices.RequestState",
    },
}

# --- Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Request bodies whose Content-Length is over REQUEST_BODY_MAX_BYTES (default: the largest
# upload + 2 MB for the form's other fields) are refused with 413 before they are read
# (config/middleware.py); bodies other than files are capped at DATA_UPLOAD_MAX_MEMORY_SIZE,
# and uploads over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file instead of memory.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=0) or None
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per request (config/logs.py); production turns it on, runserver has its own.
        "config.requests": {"level": "WARNING"},
    },
}

# --- Claims, follows and collaboration: the defaults live in profiles/conf.py (documented
# there); the environment overrides them.
CLAIMS_AUTO_APPROVE = env.bool("CLAIMS_AUTO_APPROVE", default=PROFILES["CLAIMS_AUTO_APPROVE"])
CLAIMS_NOTICE_APPROVE = env.bool("CLAIMS_NOTICE_APPROVE", default=PROFILES["CLAIMS_NOTICE_APPROVE"])
CLAIMS_OBJECTION_DAYS = env.int("CLAIMS_OBJECTION_DAYS", default=PROFILES["CLAIMS_OBJECTION_DAYS"])
# Uploaded CVs are personal data: stored here, outside MEDIA_ROOT, never served publicly.
CLAIMS_PRIVATE_ROOT = env.path("CLAIMS_PRIVATE_ROOT", default=BASE_DIR / "private-media")
CLAIM_UPLOAD_MAX_BYTES = env.int(
    "CLAIM_UPLOAD_MAX_BYTES", default=PROFILES["CLAIM_UPLOAD_MAX_BYTES"]
)
CLAIM_PDF_CPU_SECONDS = env.int("CLAIM_PDF_CPU_SECONDS", default=PROFILES["CLAIM_PDF_CPU_SECONDS"])
CLAIM_PDF_MEMORY_MB = env.int("CLAIM_PDF_MEMORY_MB", default=PROFILES["CLAIM_PDF_MEMORY_MB"])
CLAIMS_PREVIEW_PER_MINUTE = env.int(
    "CLAIMS_PREVIEW_PER_MINUTE", default=PROFILES["CLAIMS_PREVIEW_PER_MINUTE"]
)
INVITATION_EXPIRY_DAYS = env.int(
    "INVITATION_EXPIRY_DAYS", default=PROFILES["INVITATION_EXPIRY_DAYS"]
)
INVITATIONS_PER_DAY = env.int("INVITATIONS_PER_DAY", default=PROFILES["INVITATIONS_PER_DAY"])
INVITATIONS_MAX_PENDING = env.int(
    "INVITATIONS_MAX_PENDING", default=PROFILES["INVITATIONS_MAX_PENDING"]
)
INVITATIONS_MIN_SENDER_TRUST = env.int(
    "INVITATIONS_MIN_SENDER_TRUST", default=PROFILES["INVITATIONS_MIN_SENDER_TRUST"]
)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["follow"] = env(
    "THROTTLE_FOLLOW", default=PROFILES["THROTTLE_FOLLOW"]
)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["collab_write"] = env(
    "THROTTLE_COLLAB_WRITE", default=PROFILES["THROTTLE_COLLAB_WRITE"]
)
