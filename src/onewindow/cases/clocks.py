"""The legal clocks of a case, computed from the working-day calendar (core.clock).

行政许可法 Art. 32: intake acts within 5 working days of receipt, else the application counts as
accepted on the day of receipt. Art. 42: the decision limit runs from acceptance and can be
extended once (para. 1: one department; para. 2: joint handling under Art. 26). Art. 45:
testing, quarantine, appraisal, expert review and hearings are not counted; the clock also
pauses while the applicant supplements. Art. 44: a grant is delivered within 10 working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from onewindow.catalog.vocabulary import Pattern
from onewindow.core.clock import DueDate, WorkingCalendar, WorkingDays

INTAKE_LIMIT = WorkingDays(5)  # Art. 32
DELIVERY_LIMIT = WorkingDays(10)  # Art. 44
YELLOW_SHARE = (4, 5)  # a yellow card once 80% of the promised time is used


@dataclass(frozen=True)
class ExtensionRule:
    """One extension the Law allows: recorded as ``article``, cited as ``citation``."""

    article: str  # what an Extension records: "42" (one department) or "26" (joint handling)
    max_days: int  # the longest extension
    law_limit: int  # the Law's own limit for such a decision, in working days
    citation: str  # the provisions an extension rests on, in the active language


# 行政许可法 Art. 42 para. 1: decide within 20 days; +10 with the agency head's approval.
SINGLE_DEPARTMENT = ExtensionRule(
    article="42", max_days=10, law_limit=20, citation=_("Art. 42 para. 1")
)
# Art. 42 para. 2: unified, joint or centralized handling under Art. 26 within 45 days; +15 with
# the approval of the head of the government at that level.
JOINT_HANDLING = ExtensionRule(
    article="26", max_days=15, law_limit=45, citation=_("Art. 26 and Art. 42 para. 2")
)
EXTENSION_RULES = {rule.article: rule for rule in (SINGLE_DEPARTMENT, JOINT_HANDLING)}

# 行政许可法 Art. 45: hearings, tendering, auctions, inspection and testing, quarantine,
# appraisal and expert review are not counted. Other pauses (on-site inspection, waiting for
# the applicant's supplement) rest on the item's own rules, not on Art. 45.
ARTICLE_45_PAUSES = frozenset({"testing", "quarantine", "appraisal", "expert_review", "hearing"})


def extension_rule(pattern: str) -> ExtensionRule:
    """Joint handling by several departments extends under Art. 42 para. 2 (handling under
    Art. 26), the rest under Art. 42 para. 1."""
    return JOINT_HANDLING if pattern == Pattern.PARALLEL_REVIEW else SINGLE_DEPARTMENT


def extension_still_open(extensions) -> bool:
    """Whether a case may still ask for its one extension: 行政许可法 Art. 42 allows one,
    with the head's approval, so any request (pending, approved or rejected) uses it up."""
    return not extensions


def may_decide_extension(user_id: int, extension) -> bool:
    """Art. 42 puts the extension to the head's approval: never to the one who asked for it."""
    return extension.requested_by_id != user_id


@dataclass(frozen=True)
class DueDates:
    statutory: date
    promised: date
    provisional: bool  # a year crossed has no published holiday arrangement yet (core.clock)


def intake_due(received_on: date, calendar: WorkingCalendar) -> DueDate:
    return calendar.add_working_days(received_on, INTAKE_LIMIT)


def deferred_material_due(received_on: date, days: int, calendar: WorkingCalendar) -> DueDate:
    """容缺受理: the day a deferred material is owed, ``days`` working days after receipt."""
    return calendar.add_working_days(received_on, WorkingDays(days))


def commitment_verify_due(received_on: date, days: int, calendar: WorkingCalendar) -> DueDate:
    """告知承诺: the day the department checks a commitment by, ``days`` working days after
    receipt (the measure's period; 国办发〔2020〕42号 leaves it to the department by risk)."""
    return calendar.add_working_days(received_on, WorkingDays(days))


def decision_due_dates(
    *,
    accepted_on: date,
    statutory_limit: int,
    promised_limit: int,
    extension_days: int,
    paused_days: int,
    calendar: WorkingCalendar,
) -> DueDates:
    """Due dates after an extension and after the working days a pause did not count."""
    extra = extension_days + paused_days
    statutory = calendar.add_working_days(accepted_on, statutory_limit + extra)
    promised = calendar.add_working_days(accepted_on, promised_limit + extra)
    return DueDates(statutory.date, promised.date, statutory.provisional or promised.provisional)


def paused_working_days(started_on: date, resumed_on: date, calendar: WorkingCalendar) -> int:
    """Working days from the first paused day up to (not including) the day the clock resumes."""
    if resumed_on <= started_on:
        return 0
    count, _provisional = calendar.working_days_between(
        started_on - timedelta(days=1), resumed_on - timedelta(days=1)
    )
    return count


def delivery_due(decided_on: date, calendar: WorkingCalendar) -> DueDate:
    return calendar.add_working_days(decided_on, DELIVERY_LIMIT)


@dataclass(frozen=True)
class ClockReading:
    used: int  # working days counted so far
    limit: int  # working days allowed
    due: date

    @property
    def yellow(self) -> bool:
        share_used, share_of = YELLOW_SHARE
        return self.limit > 0 and self.used * share_of >= self.limit * share_used

    def red(self, today: date) -> bool:
        return today > self.due


def reading(
    *, start: date, limit: int, due: date, paused_days: int, today: date, calendar: WorkingCalendar
) -> ClockReading:
    elapsed, _provisional = calendar.working_days_between(start, today)
    return ClockReading(used=max(elapsed - paused_days, 0), limit=limit, due=due)


def provisional_dates(case, calendar: WorkingCalendar) -> dict[str, bool]:
    """Which of the case's due dates may still move (DESIGN.md §3, year end): a date whose
    count ran through a year without a published holiday arrangement, i.e. a year from the
    day after its start up to its own is unpublished. Empty when none of them is."""
    if not case.due_provisional:
        return {}

    def crossed(start: date | None, due: date | None) -> bool:
        if start is None or due is None or due <= start:
            return False
        first = (start + timedelta(days=1)).year
        return any(calendar.is_provisional(date(y, 1, 1)) for y in range(first, due.year + 1))

    return {
        "intake": crossed(case.received_on, case.intake_due),
        "promised": crossed(case.accepted_on, case.promised_due),
        "statutory": crossed(case.accepted_on, case.statutory_due),
        "delivery": crossed(case.decided_on, case.delivery_due),
    }
