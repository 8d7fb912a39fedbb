"""Development settings: debug on, emails printed to the console."""

from config.settings.base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)

# Serve static files straight from the apps and static/ without running collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
