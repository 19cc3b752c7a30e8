"""The annual report's deadline in the e-supervision ledger (kind "disclosure-report").

政府信息公开条例 Art. 49–50: the report on a year is published by 31 January of the next year.
That day is fixed by the regulation, not a period: 民法典 Art. 203's holiday roll does not
apply, so the ledger counts calendar days to it exactly (``Unit.FIXED_DATE``, core.clock).
"""

from __future__ import annotations

from datetime import datetime, time

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from onewindow.core.clock import FixedDate, WorkingCalendar
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "disclosure-report"
STAGE = "drafting"
DUE = FixedDate(1, 31)  # 政府信息公开条例 Art. 49: 每年1月31日前


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Annual disclosure report"),
        stages={STAGE: pgettext_lazy("stage of a supervised report", "Drafting")},
    )


def key_of(report) -> str:
    return f"{report.agency.code}:{report.year}"


def due_on(year: int):
    """The day the report on ``year`` is due: 31 January of the next year, never rolled."""
    return DUE.in_year(year + 1)


def track(report, *, now: datetime | None = None):
    """Register the report's clock: from its opening (at the latest 1 January of the next
    year) to 31 January of the next year."""
    now = now or timezone.now()
    first = timezone.make_aware(
        datetime.combine(DUE.in_year(report.year + 1).replace(day=1), time.min)
    )
    started_at = min(now, first)
    calendar = WorkingCalendar()
    limit = calendar.days_until(timezone.localdate(started_at), DUE, report.year + 1)
    try:
        link = reverse("workbench:disclosure-report", args=[report.pk])
    except NoReverseMatch:
        link = ""
    return supervision.track(
        kind=KIND,
        key=key_of(report),
        title=f"{report.agency.name}{report.year}年政府信息公开工作年度报告",
        title_en=f"{report.agency.name_en or report.agency.code}: disclosure report {report.year}",
        department=report.agency,
        division_code=report.agency.division.code,
        started_at=started_at,
        unit=Unit.FIXED_DATE,
        limit=limit,
        stage=STAGE,
        link=link,
        calendar=calendar,
    )


def close(report, at: datetime) -> None:
    supervision.close(kind=KIND, key=key_of(report), at=at)
