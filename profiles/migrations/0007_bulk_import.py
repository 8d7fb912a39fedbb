"""On PostgreSQL, a hash index on the work title: importers match a work without ids by its
exact title (selectors.records.find_work; the bulk import does it for a whole chunk), which
otherwise reads the whole table. A hash index has no length limit (titles run to 1,000
characters). A no-op on other databases."""

from django.db import migrations

INDEX = "profiles_work_title_hash"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON profiles_work USING hash (title)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0006_claim_event_kinds")]

    operations = [migrations.RunPython(create, drop)]
