"""What every write of a citizen's proposal shares: the threshold and support period in
force, the category's department, loading a proposal with the check of who may act on it
(``proposals_authority.ACTIONS``), the audit entry, and counting supports (which starts the
answer clock in the ledger at the threshold)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.core.clock import CalendarDays
from onewindow.participation import proposals_authority as authority
from onewindow.participation import proposals_ledger
from onewindow.participation.models import (
    COUNTED_FLAGS,
    FlagState,
    Proposal,
    ProposalCategory,
    Support,
)
from onewindow.participation.models import ProposalStatus as S

# The department that answers a category unless the moderator chooses another ("other" has none:
# the moderator chooses).
CATEGORY_DEPARTMENTS = {
    ProposalCategory.TRANSPORT: "440100-JT",
    ProposalCategory.ENVIRONMENT: "440100-STHJ",
    ProposalCategory.EDUCATION: "440100-JY",
    ProposalCategory.HEALTH: "440100-WJ",
    ProposalCategory.HOUSING: "440100-ZJ",
    ProposalCategory.CITY_MANAGEMENT: "440100-CG",
}


class ProposalNotFound(Http404):
    def __init__(self, number: str):
        super().__init__(
            _("There is no proposal %(number)s that you can see.") % {"number": number}
        )


def threshold() -> int:
    """Counted supports that oblige the department to answer (ONEWINDOW_PROPOSAL_THRESHOLD)."""
    return int(settings.ONEWINDOW_PROPOSAL_THRESHOLD)


def support_period() -> CalendarDays:
    """How long a published proposal gathers supports (ONEWINDOW_PROPOSAL_PERIOD_DAYS), in
    calendar days: the day of publication is not counted (民法典 Art. 201)."""
    return CalendarDays(int(settings.ONEWINDOW_PROPOSAL_PERIOD_DAYS))


def department_for(category: str) -> Department | None:
    code = CATEGORY_DEPARTMENTS.get(category)
    return Department.objects.filter(code=code).first() if code else None


def required(value: str, field: str, label) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Please fill in %(field)s.") % {"field": label}})
    return value


def load(number: str, actor, action: str) -> Proposal:
    """Lock the proposal and check that ``actor`` may take ``action`` on it now."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(number=number)
        .first()
    )
    if proposal is None:
        raise ProposalNotFound(number)
    states, who = authority.ACTIONS[action]
    if not authority.hats(actor, proposal) & who:
        raise PermissionDenied(
            _("You may not do this to proposal %(number)s.") % {"number": number}
        )
    if proposal.status not in states:
        raise ValidationError(
            {
                "status": _("Proposal %(number)s is %(status)s; this cannot be done now.")
                % {"number": number, "status": proposal.get_status_display()}
            }
        )
    return proposal


def record(proposal: Proposal, action: str, actor, **data) -> None:
    audit.record(
        f"participation.proposal_{action}",
        object_type="participation_proposal",
        object_id=proposal.number,
        actor=actor,
        data={"status": proposal.status, **data},
    )


def _recount(proposal: Proposal) -> None:
    supports = Support.objects.filter(proposal=proposal)
    proposal.supports_count = supports.filter(flag__in=COUNTED_FLAGS).count()
    proposal.flagged_count = supports.filter(flag=FlagState.FLAGGED).count()


def _reach_threshold(proposal: Proposal, actor) -> None:
    """At the threshold the answer clock starts (once): registered in the ledger."""
    if (
        proposal.status != S.PUBLISHED
        or proposal.reached_on is not None
        or proposal.supports_count < proposal.threshold
    ):
        return
    proposal.reached_on = timezone.localdate()
    proposals_ledger.track(proposal)
    record(
        proposal,
        "threshold_reached",
        actor,
        supports=proposal.supports_count,
        due_on=str(proposal.answer_due_on),
    )


def count_supports(proposal: Proposal, actor=None) -> None:
    """Count the supports again (flagged ones apart), start the clock at the threshold, save."""
    _recount(proposal)
    _reach_threshold(proposal, actor)
    proposal.save()
