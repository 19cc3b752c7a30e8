"""The repository's catalogue for the tests that need it, loaded for real once per worker.

`load_catalogue` reads and checks the YAML and BPMN files, writes some 4,000 rows and indexes
the items for search: about 2.5 s, paid by hundreds of tests. The first load in a worker runs
it and keeps the rows it wrote. A later test that starts with the same departments and no
catalogue yet gets those rows back in bulk (their departments found again by code: a test that
flushed the database reloads the departments under new keys), then the search index rebuilt
and the load's audit entry recorded, as the real load does. A test that wrote catalogue rows
first, or has other departments, loads for real.
"""

from __future__ import annotations

from django.db import transaction

from onewindow.accounts.models import Department
from onewindow.catalog import ranking, search
from onewindow.catalog.models import (
    CertificateType,
    ItemInstance,
    Law,
    LifeEventTag,
    Material,
    ProcessTemplate,
    ServiceItem,
)
from onewindow.catalog.services import load_catalogue
from onewindow.core import audit
from onewindow.core.models import AuditEntry

MODELS = [  # referenced before referring
    ProcessTemplate,
    CertificateType,
    Law,
    ServiceItem,
    LifeEventTag,
    Material,
    ServiceItem.co_departments.through,
    ItemInstance,
]
# the department codes -> (per model: [(row, {department column: code})], summary, audit entry)
_kept: dict[frozenset, tuple] = {}


def _department_columns(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Department
    ]


def load():
    with transaction.atomic():  # one transaction, as the real load, in a transactional test too
        return _load()


def _load():
    empty = not any(model.objects.exists() for model in MODELS)
    keys = dict(Department.objects.values_list("code", "pk"))
    start = frozenset(keys) if empty else None
    if start in _kept:
        rows, summary, entry = _kept[start]
        for model, kept in zip(MODELS, rows, strict=True):
            for row, codes in kept:
                for column, code in codes.items():
                    setattr(row, column, keys[code] if code is not None else None)
            model.objects.bulk_create([row for row, _codes in kept], batch_size=500)
        search.clear()
        ranking.invalidate()
        search.index_items(
            ServiceItem.objects.filter(published=True)
            .select_related("lead_department")
            .prefetch_related("co_departments", "materials")
        )
        audit.record(
            entry.action, object_type=entry.object_type, object_id=entry.object_id, data=entry.data
        )
        return summary
    summary = load_catalogue()
    if start is not None:
        codes = {pk: code for code, pk in keys.items()}
        rows = []
        for model in MODELS:
            columns = _department_columns(model)
            rows.append(
                [
                    (row, {column: codes.get(getattr(row, column)) for column in columns})
                    for row in model.objects.order_by("pk")
                ]
            )
        entry = AuditEntry.objects.filter(action="catalog.loaded").latest("seq")
        _kept[start] = (rows, summary, entry)
    return summary
