"""Reads of the shared kernel."""

from __future__ import annotations

from django.db.models import QuerySet

from onewindow.core.models import Division


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
