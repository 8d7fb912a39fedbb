"""`manage.py load_demo_data`: the demo researchers built from the seed documents."""

from django.core.management.base import BaseCommand

from profiles.services.demo import load_demo_data


class Command(BaseCommand):
    help = "Create or update the demo researchers (fixtures/demo_researchers.json). Idempotent."

    def handle(self, *args, **options) -> None:
        counts = load_demo_data(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: {authors} researchers, {works} works, "
                "{institutions} institutions.".format(**counts)
            )
        )
