"""Search: the folded affiliation-and-topics text beside the folded names, and on PostgreSQL
the pg_trgm extension with a trigram GIN index on both columns (profiles/selectors/search.py
narrows its candidates with them). The PostgreSQL steps are no-ops on other databases."""

from django.db import migrations, models

INDEXES = {
    "profiles_author_search_text_trgm": "search_text",
    "profiles_author_search_context_trgm": "search_context",
}
BATCH = 2000
TOPICS = 10  # as profiles/services/records.py SEARCH_CONTEXT_TOPICS


def fill_search_context(apps, schema_editor):
    """Two queries per batch of records (the records with their affiliation, then their
    topic rows), whatever the number of records."""
    AuthorRecord = apps.get_model("profiles", "AuthorRecord")
    records = AuthorRecord.objects.select_related("affiliation").order_by("pk")
    last = 0
    while True:
        batch = list(records.filter(pk__gt=last)[:BATCH])
        if not batch:
            return
        _fill_batch(apps, batch)
        AuthorRecord.objects.bulk_update(batch, ["search_context"])
        last = batch[-1].pk


def _fill_batch(apps, batch):
    from profiles.evidence.names import context_text

    AuthorTopic = apps.get_model("profiles", "AuthorTopic")
    topics = {}
    rows = (
        AuthorTopic.objects.filter(author_id__in=[a.pk for a in batch])
        .order_by("author_id", "-works_count", "topic__name")
        .values_list("author_id", "topic__name")
    )
    for author_id, name in rows:
        names = topics.setdefault(author_id, [])
        if len(names) < TOPICS:
            names.append(name)
    for author in batch:
        texts = []
        if author.affiliation is not None:
            texts += [author.affiliation.name] + list(author.affiliation.alternative_names or [])
        texts += topics.get(author.pk, [])
        author.search_context = context_text([str(t) for t in texts])


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
