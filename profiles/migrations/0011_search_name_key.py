"""Search: on PostgreSQL, a B-tree index on each record's folded display name (the first
name of `search_text`) with the ranking columns, so a common name's exact holders are read
without a trigram scan, and one on that name with its last word first, for prefix scans
("C. Lao" reads "lao c..."; profiles/selectors/search.py). No-ops on other databases."""

from django.db import migrations

NAME = "profiles_author_name_key"
FAMILY = "profiles_author_family_key"
KEY = "split_part(search_text, ' | ', 1)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON profiles_authorrecord "
        f"({KEY}, works_count DESC, verification_level DESC, id)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {FAMILY} ON profiles_authorrecord "
        f"((regexp_replace({KEY}, '^(.+) (\\S+)$', '\\2 \\1')) text_pattern_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {FAMILY}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0010_redundant_indexes")]

    operations = [migrations.RunPython(create, drop)]
