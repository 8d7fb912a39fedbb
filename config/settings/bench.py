"""Benchmark settings (`manage.py bench`): the local settings with debug off (no query log),
no rate limits (the load would be refused), and a trivial view beside the site as the
baseline every figure is compared with."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "config.bench_urls"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
