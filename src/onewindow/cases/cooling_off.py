"""The divorce cooling-off period (离婚冷静期) and the joint appearance after it.

民法典 Art. 1077 (1): within 30 days of the marriage registry receiving the divorce application,
either party who no longer wishes to divorce may withdraw it. (2): within 30 days after that
period ends, both parties appear in person to ask for the divorce certificate; if they do not,
the application is deemed withdrawn. Both periods are counted in calendar days (日) under
民法典 Art. 201 (the start day is not counted) and Art. 203 (a last day on a statutory holiday
or rest day moves to the next working day), by ``core.clock.add_calendar_days``.

An item runs this way when its catalogue process says ``cooling_off: true``; the registry's
receipt is the window clerk's acceptance, and registering the divorce (the decision of the
instant pattern) is possible only while the appearance window is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.cases import engine
from onewindow.cases.engine import Step, event, require_status
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import Case, CoolingOff, Status, TaskStatus
from onewindow.core.clock import CalendarDays, WorkingCalendar
from onewindow.core.localized import display_date

COOLING_OFF = CalendarDays(30)  # 民法典 Art. 1077 (1)
APPEARANCE = CalendarDays(30)  # 民法典 Art. 1077 (2)


class Phase:
    COOLING_OFF = "cooling_off"  # either party may withdraw
    APPEARANCE = "appearance"  # both appear together; the divorce can be registered
    LAPSED = "lapsed"  # the window passed: deemed withdrawn


@dataclass(frozen=True)
class Periods:
    cooling_off_ends: date
    appearance_ends: date
    provisional: bool


def applies(item) -> bool:
    return bool((item.process_parameters or {}).get("cooling_off"))


def periods(received_on: date, calendar: WorkingCalendar) -> Periods:
    """The last day of the cooling-off period and of the appearance window after it."""
    cooling = calendar.add_calendar_days(received_on, COOLING_OFF)
    window = calendar.add_calendar_days(cooling.date, APPEARANCE)
    return Periods(cooling.date, window.date, cooling.provisional or window.provisional)


def phase(record: CoolingOff, today: date) -> str:
    if today <= record.cooling_off_ends:
        return Phase.COOLING_OFF
    if today <= record.appearance_ends:
        return Phase.APPEARANCE
    return Phase.LAPSED


def start(step: Step) -> CoolingOff:
    """At acceptance (the registry receives the joint application): both periods begin.

    The case's due dates are the window's last day; the working-day limits do not apply.
    """
    case = step.case
    found = periods(case.accepted_on, step.calendar)
    case.statutory_limit = case.promised_limit = None
    case.statutory_due = case.promised_due = found.appearance_ends
    case.due_provisional = found.provisional
    return CoolingOff.objects.create(
        case=case,
        division_code=case.division_code,
        received_on=case.accepted_on,
        cooling_off_ends=found.cooling_off_ends,
        appearance_ends=found.appearance_ends,
        provisional=found.provisional,
    )


def refuse_pause_or_extension(case: Case) -> None:
    """Art. 1077's periods are fixed by law: no pause (行政许可法 Art. 45) and no extension."""
    if CoolingOff.objects.filter(case=case).exists():
        raise TransitionNotAllowed(
            _("The cooling-off period and the appearance window cannot be paused or extended.")
        )


def may_register(case: Case, today: date) -> bool:
    """Whether the divorce may be registered today: only in the appearance window (Art. 1077)."""
    record = getattr(case, "cooling_off", None)
    if record is None:
        return True
    return phase(record, today) == Phase.APPEARANCE


def require_appearance_window(step: Step) -> None:
    """Registration needs both parties in person after the cooling-off period (Art. 1077 (2))."""
    record = getattr(step.case, "cooling_off", None)
    if record is None:
        return
    current = phase(record, step.today)
    if current == Phase.COOLING_OFF:
        raise TransitionNotAllowed(
            _(
                "The cooling-off period runs until %(date)s (Civil Code Art. 1077); the divorce "
                "can be registered from the day after, when both parties appear in person."
            )
            % {"date": display_date(record.cooling_off_ends)}
        )
    if current == Phase.LAPSED:
        raise TransitionNotAllowed(
            _(
                "Both parties had to appear by %(date)s; the application counts as withdrawn "
                "(Civil Code Art. 1077)."
            )
            % {"date": display_date(record.appearance_ends)}
        )
    record.appeared_on = step.today
    record.save(update_fields=["appeared_on"])
    event(step, "appeared_together", date=step.today.isoformat())


def _close(step: Step, kind: str, **params) -> None:
    """End the case as withdrawn: cancel what is open, record it, tell the applicant."""
    case = step.case
    from onewindow.cases import workflow

    workflow.cancel(step.workflow)
    case.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).update(
        status=TaskStatus.CANCELLED, completed_at=step.now
    )
    case.status, case.closed_at = Status.WITHDRAWN, step.now
    event(step, kind, **params)
    engine.notify_applicant(step, f"case.{kind}", **params)


@engine.transition
def withdraw_during_cooling_off(
    *, number: str, actor, party: str, expected_version: int | None = None
) -> Case:
    """A party withdraws the divorce application in person at the registry, within the
    cooling-off period (民法典 Art. 1077 (1)); the window clerk records who did."""
    from onewindow.cases.services import _lead_clerk

    step = Step(case=engine.lock(number, expected_version, viewer=actor), actor=actor)
    _lead_clerk(step, _("record a withdrawal"))
    record = getattr(step.case, "cooling_off", None)
    party = (party or "").strip()
    if not party:
        from django.core.exceptions import ValidationError

        raise ValidationError({"party": [_("Name the party who withdraws.")]})
    if record is None or phase(record, step.today) != Phase.COOLING_OFF:
        raise TransitionNotAllowed(
            _("A withdrawal is recorded only during the cooling-off period (Art. 1077).")
        )
    require_status(step.case, Status.AWAITING_DECISION, action=_("withdrawn"))
    record.withdrawn_by = party[:100]
    record.save(update_fields=["withdrawn_by"])
    _close(step, "withdrawn_in_cooling_off", party=record.withdrawn_by)
    engine.commit(step, "case.withdrawn_in_cooling_off", party=record.withdrawn_by)
    return step.case


def lapse_overdue(*, today: date | None = None) -> list[str]:
    """Art. 1077 (2): no joint appearance by the window's last day → deemed withdrawn.

    Idempotent: a case already closed, or whose window is still open, is left alone.
    """
    today = today or timezone.localdate()
    numbers = list(
        CoolingOff.objects.filter(
            appearance_ends__lt=today,
            appeared_on=None,
            lapsed_on=None,
            withdrawn_by="",
            case__status=Status.AWAITING_DECISION,
        ).values_list("case__number", flat=True)
    )
    lapsed = []
    for number in numbers:
        with engine.change():
            step = Step(case=engine.lock(number), actor=None)
            record = step.case.cooling_off
            if step.case.status != Status.AWAITING_DECISION or phase(record, today) != Phase.LAPSED:
                continue
            record.lapsed_on = today
            record.save(update_fields=["lapsed_on"])
            _close(step, "deemed_withdrawn", appearance_ends=record.appearance_ends.isoformat())
            engine.commit(step, "case.deemed_withdrawn")
            lapsed.append(number)
    return lapsed


def recompute(*, actor=None) -> list[str]:
    """After a calendar edit: the open cooling-off cases' last days (Art. 203 moves them)."""
    calendar = WorkingCalendar()
    numbers = []
    waiting = CoolingOff.objects.filter(
        case__status=Status.AWAITING_DECISION, appeared_on=None, lapsed_on=None
    ).values_list("case__number", flat=True)
    for number in list(waiting):
        step = Step(case=engine.lock(number), actor=actor, calendar=calendar)
        record = step.case.cooling_off
        found = periods(record.received_on, calendar)
        before = (record.cooling_off_ends, record.appearance_ends, record.provisional)
        if before == (found.cooling_off_ends, found.appearance_ends, found.provisional):
            continue
        record.cooling_off_ends, record.appearance_ends = (
            found.cooling_off_ends,
            found.appearance_ends,
        )
        record.provisional = found.provisional
        record.save(update_fields=["cooling_off_ends", "appearance_ends", "provisional"])
        case = step.case
        case.statutory_due = case.promised_due = found.appearance_ends
        case.due_provisional = found.provisional
        if before[:2] != (found.cooling_off_ends, found.appearance_ends):
            params = {
                "old_cooling_off_ends": before[0].isoformat(),
                "cooling_off_ends": found.cooling_off_ends.isoformat(),
                "old_appearance_ends": before[1].isoformat(),
                "appearance_ends": found.appearance_ends.isoformat(),
            }
            event(step, "cooling_off_dates_changed", **params)
            engine.notify_applicant(step, "case.cooling_off_dates_changed", **params)
        engine.commit(step, "case.cooling_off_recomputed", before=[str(d) for d in before])
        numbers.append(number)
    return numbers
