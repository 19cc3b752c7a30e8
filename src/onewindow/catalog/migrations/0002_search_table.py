"""The full-text table behind catalogue search: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE catalog_search (item_id integer PRIMARY KEY, document tsvector NOT NULL)"
        )
        schema_editor.execute("CREATE INDEX catalog_search_gin ON catalog_search USING gin (document)")
    else:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE catalog_search USING fts5("
            "item_id UNINDEXED, name, keywords, body, faq, tokenize='unicode61')"
        )


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS catalog_search")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
