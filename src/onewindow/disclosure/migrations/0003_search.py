"""The full-text table behind disclosure search: FTS5 on SQLite, weighted tsvector + GIN on
PostgreSQL (title and document number weigh A, the text C)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE disclosure_search ("
            "document_id integer PRIMARY KEY, document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX disclosure_search_gin ON disclosure_search USING gin (document)"
        )
    else:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE disclosure_search USING fts5("
            "document_id UNINDEXED, title, number, body, tokenize='unicode61')"
        )


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS disclosure_search")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
