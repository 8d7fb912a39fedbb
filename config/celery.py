"""The Celery app: `celery -A config worker` (make worker). Settings are Django's CELERY_*;
tasks live in each app's tasks.py. Development and the tests run tasks in the request
(CELERY_TASK_ALWAYS_EAGER), so the quick start needs no broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("researcher_profiles")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
