"""Writes to the shared kernel: calendar edits and seeding. Each call is one transaction
with an audit entry."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from onewindow.core import audit, calendar_seed, holiday_schedule
from onewindow.core.models import CalendarDay, CalendarYear
from onewindow.core.signals import calendar_changed


@transaction.atomic
def take_next(model, **key) -> int:
    """Increment and return the ``last`` counter of the ``model`` row matching ``key``.

    Call inside a transaction: the row stays locked until it commits, so concurrent callers
    get consecutive numbers. The first call creates the row; two first calls at once agree.
    """
    counter = model.objects.select_for_update().filter(**key).first()
    if counter is None:
        try:
            with transaction.atomic():
                model.objects.get_or_create(**key)
        except IntegrityError:
            pass
        counter = model.objects.select_for_update().get(**key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def seed_calendar(*, actor=None) -> dict[str, int]:
    counts = calendar_seed.seed(CalendarDay, CalendarYear)
    audit.record(
        "calendar.seeded",
        object_type="calendar",
        object_id=calendar_seed.SOURCE,
        actor=actor,
        data=counts,
    )
    return counts


@transaction.atomic
@audit.deferred()  # chained after the recomputation has locked the open cases it moves
def set_calendar_day(*, day: date, kind: str, name: str = "", actor=None) -> CalendarDay:
    """Enter or change a holiday / adjusted working day (an administrator's edit)."""
    if kind not in CalendarDay.Kind.values:
        raise ValueError(f"unknown calendar day kind {kind!r}")
    before = CalendarDay.objects.filter(date=day).values("kind", "name").first()
    entry, _ = CalendarDay.objects.update_or_create(
        date=day, defaults={"kind": kind, "name": name, "source": CalendarDay.Source.ADMIN}
    )
    audit.record(
        "calendar.day_set",
        object_type="calendar_day",
        object_id=day.isoformat(),
        actor=actor,
        data={"before": before or {}, "after": {"kind": kind, "name": name}},
    )
    calendar_changed.send(sender=CalendarDay, actor=actor)
    return entry


@transaction.atomic
@audit.deferred()  # chained after the recomputation has locked the open cases it moves
def remove_calendar_day(*, day: date, actor=None) -> None:
    """Drop an override so the date follows the weekday rule again."""
    before = CalendarDay.objects.filter(date=day).values("kind", "name").first()
    CalendarDay.objects.filter(date=day).delete()
    audit.record(
        "calendar.day_removed",
        object_type="calendar_day",
        object_id=day.isoformat(),
        actor=actor,
        data={"before": before or {}},
    )
    calendar_changed.send(sender=CalendarDay, actor=actor)


@transaction.atomic
@audit.deferred()  # chained after the recomputation has locked the open cases it moves
def set_calendar_year(*, year: int, published: bool, source: str = "", actor=None) -> CalendarYear:
    """Mark a year's holiday arrangement as entered (or not): an unpublished year is counted
    Monday to Friday and its dates are provisional (core.clock)."""
    entry, _ = CalendarYear.objects.update_or_create(
        year=year, defaults={"published": published, "source": source}
    )
    audit.record(
        "calendar.year_set",
        object_type="calendar_year",
        object_id=year,
        actor=actor,
        data={"published": published, "source": source},
    )
    calendar_changed.send(sender=CalendarYear, actor=actor)
    return entry


@transaction.atomic
@audit.deferred()  # chained after the recomputation has locked the open cases it moves
def import_holidays(*, text: str, actor=None) -> dict:
    """Enter a year's holiday arrangement from an administrator's file and publish the year.

    The file (core.holiday_schedule) replaces every holiday and make-up working day of that
    year; the open deadlines are recomputed through ``calendar_changed`` and whoever's dates
    moved is told. Bad input raises a ValidationError naming line and field; nothing changes.
    """
    schedule = holiday_schedule.parse(text)
    year = schedule.year
    entries = schedule.entries()
    before = CalendarDay.objects.filter(date__year=year).count()
    CalendarDay.objects.filter(date__year=year).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=day, kind=kind, name=name, source=CalendarDay.Source.ADMIN)
            for day, (kind, name) in entries.items()
        ]
    )
    CalendarYear.objects.update_or_create(
        year=year, defaults={"published": True, "source": schedule.source}
    )
    summary = {
        "year": year,
        "source": schedule.source,
        "holidays": sum(1 for kind, _ in entries.values() if kind == "holiday"),
        "workdays": sum(1 for kind, _ in entries.values() if kind == "workday"),
        "replaced": before,
    }
    audit.record(
        "calendar.imported",
        object_type="calendar_year",
        object_id=year,
        actor=actor,
        data={**summary, "days": {d.isoformat(): k for d, (k, _) in entries.items()}},
    )
    moved: list[str] = []
    for _receiver, answer in calendar_changed.send(sender=CalendarYear, actor=actor):
        if isinstance(answer, list):
            moved += answer
    return {**summary, "moved": moved}
