"""Test doubles for the task tests: an email backend whose SMTP server is down."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

CALLS: list[int] = []


class DownBackend(BaseEmailBackend):
    """Every send fails as an unreachable SMTP server does."""

    def send_messages(self, email_messages):
        CALLS.append(len(email_messages))
        raise smtplib.SMTPConnectError(421, "mail.example.org is down")
