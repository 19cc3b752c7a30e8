"""容缺受理: the materials a case was accepted without, and by when they are owed.

Written at submission when a tolerating joint measure applied (``cases.joint_measures``); the
due day is counted in working days from receipt by ``cases.clocks``. The applicant supplies
them later on the case page (``services.supply_deferred``).
"""

from __future__ import annotations

from onewindow.cases import clocks, joint_measures
from onewindow.cases.engine import Step, event
from onewindow.cases.joint_measures import Intake
from onewindow.cases.measure_models import DeferredMaterial


def owe(step: Step, intake: Intake, uploaded: set[str]) -> list[DeferredMaterial]:
    """Record each deferrable material the applicant did not upload as owed."""
    measure = intake.tolerated
    keys = intake.deferrable - uploaded
    if measure is None or not keys:
        return []
    case = step.case
    due = clocks.deferred_material_due(case.received_on, measure.supply_within, step.calendar)
    owed = [
        DeferredMaterial.of_material(
            case, material, measure, due_on=due.date, due_provisional=due.provisional
        )
        for material in case.item.materials.filter(key__in=keys).order_by("position")
    ]
    event(step, "deferred", **joint_measures.named(measure, owed), due=due.date.isoformat())
    return owed


def outstanding(case) -> list[DeferredMaterial]:
    return list(case.deferred_materials.filter(supplied_at=None).order_by("due_on", "key"))
