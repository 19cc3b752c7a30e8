"""Number series of the participation app: a locked counter per series and year, so numbers
never repeat (two at once, or after a record is deleted) and never skip on a rolled-back
transaction."""

from __future__ import annotations

from django.db import models

__all__ = ["NumberSequence"]


class NumberSequence(models.Model):
    """The last number given in a series and year: ``JY`` for proposals, ``<department
    code>-ZQ`` for one department's consultations."""

    series = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="participation_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.year}: {self.last}"
