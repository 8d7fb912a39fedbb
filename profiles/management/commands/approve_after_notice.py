"""Approve claims whose notice period ended with no objection (run it hourly from cron).
Does nothing unless CLAIMS_NOTICE_APPROVE is on (docs/claims.md)."""

from django.core.management.base import BaseCommand

from profiles import conf
from profiles.services.claims import approve_after_notice


class Command(BaseCommand):
    help = "Approve supporting-proof claims whose notice period passed with no objection."

    def handle(self, *args, **options):
        if not conf.CLAIMS_NOTICE_APPROVE:
            self.stdout.write("CLAIMS_NOTICE_APPROVE is off: a moderator decides these claims.")
            return
        approved = approve_after_notice()
        self.stdout.write(f"{len(approved)} claim(s) approved after their notice period.")
