"""Development settings: debug on, emails printed to the console."""

from config.settings.base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
