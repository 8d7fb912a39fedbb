"""`manage.py make_moderator EMAIL`: make (or update) a moderator account and say what was done."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from profiles.services.moderation import make_moderator


class Command(BaseCommand):
    help = (
        "Create or update a moderator: staff, in the Moderators group, its email address "
        "verified so it can sign in on the site."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="full name, for a new account")

    def handle(self, *args, email: str, name: str, **options) -> None:
        try:
            user, done = make_moderator(email=email, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not done:
            self.stdout.write(f"{user.email} already is a moderator; nothing changed.")
            return
        for line in done:
            self.stdout.write(f"- {line}")
        if not user.has_usable_password():
            self.stdout.write(
                "No password is set: its owner chooses one with 'Forgot your password?' on "
                "the sign-in page."
            )
        self.stdout.write(
            "Moderators sign in with two-factor authentication (an authenticator app) "
            "where MODERATOR_MFA_REQUIRED is on; the site asks them to set it up."
        )
