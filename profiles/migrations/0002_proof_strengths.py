"""Identity proofs with a strength (docs/claims.md, "Identity proofs"): whether the owner
chose a record's affiliation, and each claim's strongest proof (the queue's lane)."""

from django.db import migrations, models

# Before strengths: an ORCID sign-in was always strong, an institutional address supporting.
DEFAULT_STRENGTH = {"orcid": "strong", "institutional_email": "supporting"}
RANK = {"strong": 2, "supporting": 1, "none": 0}


def fill(apps, schema_editor):
    AuthorRecord = apps.get_model("profiles", "AuthorRecord")
    ProfileEvent = apps.get_model("profiles", "ProfileEvent")
    Claim = apps.get_model("profiles", "Claim")
    for record in AuthorRecord.objects.filter(owner__isnull=False, affiliation__isnull=False):
        edited = ProfileEvent.objects.filter(
            author=record,
            kind="edited",
            actor_id=record.owner_id,
            new_value__contains="affiliation",
        )
        if edited.exists():
            AuthorRecord.objects.filter(pk=record.pk).update(affiliation_by_owner=True)
    for claim in Claim.objects.exclude(identity_proof=[]).only("id", "identity_proof"):
        strengths = [
            p.get("strength") or DEFAULT_STRENGTH.get(p.get("kind"), "none")
            for p in claim.identity_proof or []
        ]
        if strengths:
            best = max(strengths, key=lambda s: RANK.get(s, 0))
            Claim.objects.filter(pk=claim.pk).update(proof_strength=best)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorrecord",
            name="affiliation_by_owner",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="proof_strength",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
