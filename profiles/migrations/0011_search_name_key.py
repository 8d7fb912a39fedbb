"""Search: on PostgreSQL, a B-tree index on each record's folded display name (the first
name of `search_text`) with the ranking columns, so a common name's exact holders are read
without a trigram scan (profiles/selectors/search.py). A no-op on other databases."""

from django.db import migrations

NAME = "profiles_author_name_key"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON profiles_authorrecord "
        "(split_part(search_text, ' | ', 1), works_count DESC, verification_level DESC, id)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0010_redundant_indexes")]

    operations = [migrations.RunPython(create, drop)]
