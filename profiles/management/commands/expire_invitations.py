"""Mark pending invitations past their expiry date as expired (run it daily from cron).
Pages and the API also expire invitations lazily when they read them."""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from profiles.choices import InvitationStatus
from profiles.models import Invitation
from profiles.services.collaboration import expire_overdue


class Command(BaseCommand):
    help = "Expire pending collaboration invitations older than INVITATION_EXPIRY_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        now = timezone.now()
        due = Invitation.objects.filter(status=InvitationStatus.PENDING, expires_at__lte=now)
        total = due.count()
        self.stdout.write(f"{total} invitation(s) to expire.")
        done = 0
        while True:
            ids = list(due.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            done += expire_overdue(queryset=Invitation.objects.filter(Q(pk__in=ids)), now=now)
            self.stdout.write(f"  {done}/{total} expired")
        self.stdout.write(self.style.SUCCESS(f"Done: {done} invitation(s) expired."))
