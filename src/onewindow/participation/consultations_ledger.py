"""The feedback report's deadline in the e-supervision ledger (kind "consultation-report",
key = the consultation's number).

No national rule fixes how soon the department reports on the comments it received
(规章制定程序条例 Art. 16 only asks that they be studied and the adoption explained); the
platform gives it ``REPORT_LIMIT`` working days from the close of the consultation, the same
period as a disclosure reply (政府信息公开条例 Art. 33). The clock starts the day after closing;
the ledger draws the yellow card at 80 % and the red one when it runs out.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from onewindow.core.clock import WorkingCalendar, WorkingDays
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "consultation-report"
STAGE = "reporting"
REPORT_LIMIT = WorkingDays(20)  # the platform's rule: 20 working days after closing


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Consultation feedback report"),
        stages={STAGE: pgettext_lazy("stage of a supervised consultation", "Feedback report")},
    )


def _link(consultation) -> str:
    try:
        return reverse("workbench:consultation", args=[consultation.number])
    except NoReverseMatch:
        return ""


def track(consultation, *, closed_at: datetime):
    """Register the report's clock from the close; returns the ledger's instants."""
    return supervision.track(
        kind=KIND,
        key=consultation.number,
        title=f"{consultation.title}（意见采纳情况）"[:200],
        title_en=f"{consultation.title_en or consultation.number}: feedback report"[:200],
        department=consultation.department,
        division_code=consultation.department.division_id,
        started_at=closed_at,
        unit=Unit.WORKING_DAYS,
        limit=REPORT_LIMIT.days,
        stage=STAGE,
        link=_link(consultation),
        calendar=WorkingCalendar(),
    )


def close(consultation, at: datetime) -> None:
    supervision.close(kind=KIND, key=consultation.number, at=at)
