"""An inspection's publication clock in the e-supervision ledger (kind "market-inspection").

国办发〔2015〕58号: the results of a random inspection are made public, within 20 working days
of the inspection by default (the plan may set another limit). The clock starts when the visit's
record is closed (the day itself not counted, as ``core.clock`` counts every limit) and the
matter closes at publication, on time or late.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

from onewindow.market.models import Inspection
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Matter, Unit

KIND = "market-inspection"
STAGE = "publishing"


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Random inspection"),
        stages={STAGE: pgettext_lazy("stage of a supervised inspection", "Publishing results")},
    )


def key_of(inspection: Inspection) -> str:
    return inspection.reference


def _link(inspection: Inspection) -> str:
    try:
        return reverse("workbench:market-inspection", args=[inspection.pk])
    except NoReverseMatch:
        return ""


def track(inspection: Inspection, *, at: datetime) -> None:
    plan = inspection.plan
    supervision.track(
        kind=KIND,
        key=key_of(inspection),
        title=f"{inspection.target.entity.name} · {plan.title}",
        title_en=f"{inspection.target.entity.name} · {plan.title_en or plan.title}",
        department=plan.department_id,
        division_code=plan.district_id,
        started_at=at,
        unit=Unit.WORKING_DAYS,
        limit=plan.publish_within,
        stage=STAGE,
        link=_link(inspection),
    )


def close(inspection: Inspection, at: datetime) -> None:
    supervision.close(kind=KIND, key=key_of(inspection), at=at)


def row(inspection: Inspection) -> Matter | None:
    return Matter.objects.filter(kind=KIND, key=key_of(inspection)).first()


def matters(inspections) -> dict[int, Matter]:
    """The ledger rows of these inspections, by inspection id (for the colours of a list)."""
    by_key = {key_of(i): i.pk for i in inspections}
    rows = Matter.objects.filter(kind=KIND, key__in=list(by_key))
    return {by_key[row.key]: row for row in rows}
