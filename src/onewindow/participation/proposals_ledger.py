"""A citizen's proposal's answer clock and its row in the e-supervision ledger (kind
"participation-proposal", key = the proposal number).

A proposal that gathers the threshold of counted supports within its support period must be
answered by its responsible department: the clock starts on the day the threshold is reached.
The proposal never computes its date itself: it tells ``supervision.services.track`` the limit
and copies the ledger's due date onto ``Proposal.answer_due_on`` for its lists.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from onewindow.core.clock import WorkingDays
from onewindow.participation.models import Proposal, ProposalStatus
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Matter, State, Unit

KIND = "participation-proposal"
STAGE = "answer"
# The platform's published service commitment (no statute fixes it): a proposal over the
# threshold is answered within 20 working days, the span 政府信息公开条例 Art. 33 gives a reply.
ANSWER_LIMIT = WorkingDays(20)


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Citizen's proposal"),
        stages={STAGE: pgettext_lazy("stage of a supervised proposal", "Official answer")},
    )


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _link(number: str) -> str:
    try:
        return reverse("workbench:participation-proposal", args=[number])
    except NoReverseMatch:
        return ""


def track(proposal: Proposal) -> None:
    """Register the answer clock from ``reached_on`` (or move it to a new department)."""
    when = supervision.track(
        kind=KIND,
        key=proposal.number,
        title=proposal.title[:60],
        title_en=proposal.title_en[:60],
        department=proposal.department_id,
        division_code=proposal.department.division_id,
        started_at=start_of(proposal.reached_on),
        unit=Unit.WORKING_DAYS,
        limit=ANSWER_LIMIT.days,
        stage=STAGE,
        link=_link(proposal.number),
    )
    proposal.answer_due_on = when.due_on


def close(proposal: Proposal, at: datetime | None = None) -> None:
    supervision.close(kind=KIND, key=proposal.number, at=at)


def matters(numbers) -> dict[str, Matter]:
    """The ledger rows of these proposals, by number (for the colours of the workbench list)."""
    return {m.key: m for m in Matter.objects.filter(kind=KIND, key__in=list(numbers))}


def recompute_after_calendar_change(sender, actor=None, **kwargs) -> int:
    """An administrator edited the working calendar: the running answer clocks get their due
    dates again from ``core.clock``, in the edit's transaction."""
    running = Matter.objects.filter(kind=KIND, state__in=(State.OPEN, State.PAUSED))
    moved = 0
    rows = Proposal.objects.filter(
        number__in=running.values("key"), status=ProposalStatus.PUBLISHED
    ).select_related("department")
    for proposal in rows.select_for_update(of=("self",)).order_by("pk"):
        before = proposal.answer_due_on
        track(proposal)
        if proposal.answer_due_on != before:
            Proposal.objects.filter(pk=proposal.pk).update(answer_due_on=proposal.answer_due_on)
            moved += 1
    return moved
