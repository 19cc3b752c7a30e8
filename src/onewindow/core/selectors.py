"""Reads of the shared kernel."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from onewindow.core.models import CalendarYear, Division


def division_ancestors(code: str) -> list[Division]:
    """From the root (province) down to, but not including, the division itself."""
    division = Division.objects.get(code=code)
    codes = [c for c in division.path.split("/") if c and c != code]
    found = {d.code: d for d in Division.objects.filter(code__in=codes)}
    return [found[c] for c in codes]


def division_descendants(code: str, *, level: str | None = None) -> QuerySet[Division]:
    """Every division below ``code`` (not itself), optionally of one level."""
    division = Division.objects.get(code=code)
    qs = Division.objects.filter(path__startswith=division.path).exclude(code=code)
    if level:
        qs = qs.filter(level=level)
    return qs


def unpublished_year_ahead(today: date) -> int | None:
    """Next year, from 1 November on, while its holiday arrangement is not published: the year
    administrators are warned about (the State Council usually publishes it in the autumn)."""
    if today.month < 11:
        return None
    year = today.year + 1
    if CalendarYear.objects.filter(year=year, published=True).exists():
        return None
    return year


def calendar_warning(user, today: date) -> int | None:
    """The unpublished year ahead (``unpublished_year_ahead``), for those who may enter it."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not user.has_perm("core.change_calendaryear"):
        return None
    return unpublished_year_ahead(today)
