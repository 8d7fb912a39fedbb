"""Search: the folded affiliation-and-topics text beside the folded names, and on PostgreSQL
the pg_trgm extension with a trigram GIN index on both columns (profiles/selectors/search.py
narrows its candidates with them). The PostgreSQL steps are no-ops on other databases."""

from django.db import migrations, models

INDEXES = {
    "profiles_author_search_text_trgm": "search_text",
    "profiles_author_search_context_trgm": "search_context",
}
BATCH = 2000


def fill_search_context(apps, schema_editor):
    from profiles.evidence.names import context_text

    AuthorRecord = apps.get_model("profiles", "AuthorRecord")
    AuthorTopic = apps.get_model("profiles", "AuthorTopic")
    batch = []
    for author in AuthorRecord.objects.select_related("affiliation").iterator(chunk_size=BATCH):
        texts = []
        if author.affiliation is not None:
            texts += [author.affiliation.name] + list(author.affiliation.alternative_names or [])
        rows = AuthorTopic.objects.filter(author_id=author.pk).order_by("-works_count")[:10]
        texts += [row.topic.name for row in rows.select_related("topic")]
        author.search_context = context_text([str(t) for t in texts])
        batch.append(author)
        if len(batch) >= BATCH:
            AuthorRecord.objects.bulk_update(batch, ["search_context"])
            batch = []
    if batch:
        AuthorRecord.objects.bulk_update(batch, ["search_context"])


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    table = schema_editor.quote_name("profiles_authorrecord")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} ON {table} "
            f"USING gin ({schema_editor.quote_name(column)} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorrecord",
            name="search_context",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_context, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
