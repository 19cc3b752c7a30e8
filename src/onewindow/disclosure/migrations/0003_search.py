"""The full-text table behind disclosure search: FTS5 on SQLite; on PostgreSQL a weighted
tsvector + GIN (title and document number weigh A, the text C), a small one of the title and
number alone for ranking, and copies of the filtered columns, so a search reads one table."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE disclosure_search ("
            "document_id integer PRIMARY KEY, document tsvector NOT NULL, "
            "head tsvector NOT NULL, title text NOT NULL, number text NOT NULL, "
            "index_number text NOT NULL, agency_id integer NOT NULL, category text NOT NULL, "
            "validity text NOT NULL, published_at timestamptz NOT NULL)"
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
    dependencies = [("disclosure", "0002_publishing")]

    operations = [migrations.RunPython(create, drop)]
