"""A penalty case's clocks in the e-supervision ledger, each in the unit its article uses.

Kind "market-penalty", one row per case moving through its stages: deciding (行政处罚法 Art. 60,
90 calendar days from filing), delivering (Art. 61, 7 working days from the decision) and
payment (Art. 67, 15 calendar days from delivery; afterwards Art. 72's late charge runs and the
department enforces). Kind "market-penalty-publication": the decision made public within 20
working days of the decision (市场监督管理行政处罚信息公示规定 Art. 9). The party's own
windows (statement, hearing request) are dates on the case, not the department's deadlines; the
90 days run through them.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from onewindow.market import penalty_rules as rules
from onewindow.market.penalty_models import PenaltyCase
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Matter, Unit

KIND = "market-penalty"
PUBLICATION = "market-penalty-publication"
DECIDING, DELIVERING, PAYMENT, PUBLISHING = "deciding", "delivering", "payment", "publishing"


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Administrative penalty case"),
        stages={
            DECIDING: pgettext_lazy("stage of a penalty case", "Deciding (Art. 60)"),
            DELIVERING: pgettext_lazy("stage of a penalty case", "Delivering the decision"),
            PAYMENT: pgettext_lazy("stage of a penalty case", "Fine to be paid"),
        },
    )
    kinds.register(
        PUBLICATION,
        label=pgettext_lazy("kind of supervised matter", "Publication of a penalty"),
        stages={PUBLISHING: pgettext_lazy("stage of a penalty case", "Publishing the decision")},
    )


def _link(case: PenaltyCase) -> str:
    try:
        return reverse("workbench:market-penalty", args=[case.pk])
    except NoReverseMatch:
        return ""


def _track(case: PenaltyCase, kind: str, stage: str, at: datetime, unit: str, limit: int):
    return supervision.track(
        kind=kind,
        key=case.number,
        title=f"{case.entity.name} · {case.number}",
        title_en=f"{case.entity.name} · {case.number}",
        department=case.department_id,
        division_code=case.division_code,
        started_at=at,
        unit=unit,
        limit=limit,
        stage=stage,
        link=_link(case),
    )


def filed(case: PenaltyCase, at: datetime) -> None:
    _track(case, KIND, DECIDING, at, Unit.CALENDAR_DAYS, rules.DECISION_DAYS.days)


def decided(case: PenaltyCase, at: datetime, *, publish: bool) -> None:
    _track(case, KIND, DELIVERING, at, Unit.WORKING_DAYS, rules.DELIVERY_DAYS.days)
    if publish:
        _track(case, PUBLICATION, PUBLISHING, at, Unit.WORKING_DAYS, rules.PUBLISH_DAYS.days)


def delivered(case: PenaltyCase, at: datetime) -> None:
    _track(case, KIND, PAYMENT, at, Unit.CALENDAR_DAYS, rules.PAYMENT_DAYS.days)


def close(case: PenaltyCase, at: datetime) -> None:
    supervision.close(kind=KIND, key=case.number, at=at)


def published(case: PenaltyCase, at: datetime) -> None:
    supervision.close(kind=PUBLICATION, key=case.number, at=at)


def rows(case: PenaltyCase) -> list[Matter]:
    return list(Matter.objects.filter(kind__in=[KIND, PUBLICATION], key=case.number))


def matters(cases) -> dict[str, Matter]:
    """The main clock's ledger row of each case, by case number (for a list's colours)."""
    numbers = [case.number for case in cases]
    return {row.key: row for row in Matter.objects.filter(kind=KIND, key__in=numbers)}
