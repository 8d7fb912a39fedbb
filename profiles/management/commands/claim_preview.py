"""`manage.py claim_preview <record slug or id> --name "..." (--cv FILE | --text "...") [--json]`

Runs the same evidence preview (profiles.services.claims.evidence_preview) as the claim page
and `POST /api/v1/authors/{id}/claim-preview/` on a CV file or pasted text, for moderators
checking a claim by hand and for tests. Stores nothing. With `--user EMAIL` the report
includes that account's identity proofs.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from profiles.errors import ServiceError
from profiles.models import AuthorRecord
from profiles.services import claims as claim_services


class Command(BaseCommand):
    help = "Score a CV against an author record, as the claim preview does. Stores nothing."

    def add_arguments(self, parser):
        parser.add_argument("author", help="The record's slug (chonlam-lao) or numeric id.")
        parser.add_argument("--name", required=True, help="The claimant's full name.")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--cv", help="A CV file: PDF, UTF-8 text or BibTeX (.bib).")
        source.add_argument("--text", help="The CV or publication list as text.")
        parser.add_argument("--user", help="Email of an account whose identity proofs to include.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        author = self._author(options["author"])
        name = (options["name"] or "").strip()
        if not name:
            raise CommandError("--name must not be empty.")
        user = None
        if options["user"]:
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No account with the email {options['user']}.")
        try:
            if options["cv"]:
                path = Path(options["cv"])
                if not path.is_file():
                    raise CommandError(f"No such file: {path}")
                with path.open("rb") as handle:
                    upload = File(handle, name=path.name)
                    report = self._preview(author, name, user, cv_file=upload)
            else:
                report = self._preview(author, name, user, cv_text=options["text"])
        except ServiceError as exc:
            raise CommandError(f"{exc.messages[0]} ({exc.code})") from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
            return
        self._print(author, name, report)

    def _preview(self, author, name, user, **evidence):
        return claim_services.evidence_preview(
            author=author, claimant_name=name, viewer=user, **evidence
        )

    def _author(self, key: str) -> AuthorRecord:
        key = (key or "").strip()
        author = AuthorRecord.objects.filter(slug=key).first()
        if author is None and key.isdigit():
            author = AuthorRecord.objects.filter(pk=int(key)).first()
        if author is None:
            raise CommandError(f"No author record with the slug or id {key!r}.")
        return author

    def _print(self, author, name, report) -> None:
        out = self.stdout.write
        out(f"Record: {author.display_name} ({author.slug}, id {author.pk})")
        out(f"Claimant: {name}")
        out(f"Score: {report.score}/100")
        out(f"Decision: {report.decision.value} - {report.decision_meaning}")
        out("Reasons:")
        for reason in report.reasons:
            out(f"  - {reason}")
        out("Matched works:" if report.matched_works else "Matched works: none")
        for work in report.matched_works:
            out(
                f"  - {work.title} ({work.venue} {work.year or ''}) "
                f"by {work.matched_by.value}, similarity {work.similarity:g}"
            )
        if report.coauthor_of:
            out("Printed as another author on:")
            for item in report.coauthor_of:
                out(f'  - {item.title}: "{item.printed_as}", author {item.position}')
        if report.identity_proof:
            out("Identity proof:")
            for proof in report.identity_proof:
                out(f"  - {proof.kind.value}: {proof.detail}")
        else:
            out("Identity proof: none")
        if report.suggestions:
            out("Suggestions:")
            for suggestion in report.suggestions:
                out(f"  - {suggestion}")
