"""Cases on the e-supervision ledger (``supervision``): every change of a case passes here.

``engine.commit`` calls :func:`register` in the case's own transaction, so the ledger row is
always the case's current clock:

- intake (受理), 5 working days from receipt (行政许可法 Art. 32); a correction notice hands
  the clock to the applicant: the row stays, paused;
- decision (决定), the promised limit plus the extension (Art. 42) and the working days a pause
  did not count (Art. 45), from acceptance; a pause running → paused;
- delivery (送达), 10 working days from the decision to grant (Art. 44);
- a divorce registration (民法典 Art. 1077) runs on calendar days instead: its clock is the
  30-day appearance window after the cooling-off period, ending on the case's due date;
- concluded, refused or withdrawn → closed.

The ledger's due date of each stage is the case's own (``intake_due``, ``promised_due``,
``delivery_due``, the appearance window's last day): both come from ``core.clock``.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.cases.clocks import DELIVERY_LIMIT, INTAKE_LIMIT
from onewindow.cases.models import Status
from onewindow.supervision import kinds
from onewindow.supervision import services as ledger
from onewindow.supervision.models import Unit

KIND = "case"
INTAKE, DECISION, DELIVERY, APPEARANCE = "intake", "decision", "delivery", "appearance"
APPEARANCE_DAYS = 30  # 民法典 Art. 1077 (2), cases.cooling_off.APPEARANCE
CLOSED = (Status.CONCLUDED, Status.REFUSED, Status.WITHDRAWN)


def register_kind() -> None:
    kinds.register(
        KIND,
        label=_("Case"),
        stages={
            INTAKE: _("Intake"),
            DECISION: _("Decision"),
            DELIVERY: _("Delivery"),
            APPEARANCE: _("Appearance window"),
        },
    )


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def clock_of(case) -> dict | None:
    """The ledger's clock for ``case`` in its current status (the arguments of ``track`` that
    depend on the stage), or None when no clock runs. Reads the case's own fields only (and
    the cooling-off record of a divorce registration); usable on historical models."""
    status = case.status
    if status in (Status.SUBMITTED, Status.CORRECTION):
        return {
            "stage": INTAKE,
            "started_at": start_of(case.received_on),
            "unit": Unit.WORKING_DAYS,
            "limit": INTAKE_LIMIT.days,
            "clock_paused": status == Status.CORRECTION,
        }
    if status in (Status.IN_REVIEW, Status.AWAITING_DECISION) and case.accepted_on:
        if case.promised_limit is None:  # a cooling-off case: the appearance window
            record = getattr(case, "cooling_off", None)
            if record is None:
                return None
            return {
                "stage": APPEARANCE,
                "started_at": start_of(record.cooling_off_ends),
                "unit": Unit.CALENDAR_DAYS,
                "limit": APPEARANCE_DAYS,
                "clock_paused": False,
            }
        return {
            "stage": DECISION,
            "started_at": start_of(case.accepted_on),
            "unit": Unit.WORKING_DAYS,
            "limit": case.promised_limit,
            "extended": case.extension_days,
            "paused": case.paused_days,
            "clock_paused": case.clock_paused,
        }
    if status in (Status.BENEFITS, Status.AWAITING_DELIVERY) and case.decided_on:
        return {
            "stage": DELIVERY,
            "started_at": start_of(case.decided_on),
            "unit": Unit.WORKING_DAYS,
            "limit": DELIVERY_LIMIT.days,
            "clock_paused": case.clock_paused,
        }
    return None


def row_of(case) -> dict:
    """What the ledger shows of the case: it never reads the cases' tables."""
    item = case.item
    return {
        "title": item.name,
        "title_en": item.name_en,
        "link": f"/workbench/cases/{case.number}/",
        "department": case.lead_department_id,
        "division_code": case.division_code,
        "group": item.code,
        "group_name": item.name,
        "group_name_en": item.name_en,
    }


def _handler(step):
    """The official who acted last is the one the yellow card reminds; an applicant's or the
    system's own step leaves the handler as it was."""
    actor = step.actor
    official = getattr(actor, "pk", None) and getattr(actor, "is_official", False)
    if official and actor.pk != step.case.applicant_id:
        return actor
    return ledger.KEEP


def register(step) -> None:
    """Bring the case's ledger row up to date; in the case's transaction (``engine.commit``)."""
    case = step.case
    if case.status in CLOSED:
        ledger.close(kind=KIND, key=case.number, at=case.closed_at or step.now)
        return
    clock = clock_of(case)
    if clock is None:
        return
    ledger.track(
        kind=KIND,
        key=case.number,
        handler=_handler(step),
        calendar=step.calendar,
        **row_of(case),
        **clock,
    )


def resync(numbers: list[str]) -> int:
    """Bring the ledger rows of ``numbers`` up to date after a change that did not pass
    ``engine.commit`` (the set-based recompute of due dates after a calendar edit)."""
    from onewindow.cases.engine import Step
    from onewindow.cases.models import Case
    from onewindow.core.clock import WorkingCalendar

    calendar = WorkingCalendar()
    found = Case.objects.select_related("item").filter(number__in=list(numbers))
    for case in found:
        register(Step(case=case, actor=None, calendar=calendar))
    return len(numbers)
