"""Inserting many new rows at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

For the few set-based writes that create hundreds of thousands of rows in one transaction (a
calendar edit moving every open case). Rows are plain tuples of attribute values (``case_id``,
not ``case``); the caller gives every column without a null or a database default, as
``bulk_create`` would send them. Signals are not sent, as with ``bulk_create``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection
from django.db.models import JSONField, Model

BATCH = 5000


def insert(
    model: type[Model], attnames: Sequence[str], rows: Sequence[tuple], *, batch_size: int = BATCH
) -> list[int]:
    """Insert ``rows`` (values of ``attnames``, in order) into ``model``'s table; their pks."""
    if not rows:
        return []
    meta = model._meta
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(attnames, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=batch_size)
        return [obj.pk for obj in objs]
    fields = [meta.get_field(name) for name in attnames]
    as_json = [i for i, field in enumerate(fields) if isinstance(field, JSONField)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in (meta.pk, *fields))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(pks, rows, strict=True):
                if as_json:
                    row = list(row)
                    for i in as_json:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                copy.write_row((pk, *row))
    return pks
