"""Backfill: every open case on the e-supervision ledger, as ``cases.ledger`` tracks it."""

from django.db import migrations


def backfill(apps, schema_editor):
    from onewindow.cases import ledger
    from onewindow.core.clock import WorkingCalendar
    from onewindow.supervision import clocks

    Case = apps.get_model("cases", "Case")
    Matter = apps.get_model("supervision", "Matter")
    calendar = WorkingCalendar()
    tracked = set(Matter.objects.filter(kind=ledger.KIND).values_list("key", flat=True))
    cases = (
        Case.objects.exclude(status__in=[str(s) for s in ledger.CLOSED])
        .select_related("item")
        .order_by("pk")
    )
    batch = []
    for case in cases.iterator(chunk_size=2000):
        if case.number in tracked:
            continue
        clock = ledger.clock_of(case)
        if clock is None:
            continue
        paused = clock.pop("clock_paused")
        when = clocks.instants(
            started_at=clock["started_at"],
            unit=clock["unit"],
            limit=clock["limit"],
            extended=clock.get("extended", 0),
            paused=clock.get("paused", 0),
            calendar=calendar,
        )
        row = ledger.row_of(case)
        row["department_id"] = row.pop("department")
        batch.append(
            Matter(
                kind=ledger.KIND,
                key=case.number,
                state="paused" if paused else "open",
                yellow_from=when.yellow_from,
                due_at=when.due_at,
                due_on=when.due_on,
                provisional=when.provisional,
                **row,
                **clock,
            )
        )
        if len(batch) >= 2000:
            Matter.objects.bulk_create(batch)
            batch = []
    Matter.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_rating_rectification"),
        ("supervision", "0002_sup"),
        ("core", "0007_guangzhou_streets_and_english_names"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
