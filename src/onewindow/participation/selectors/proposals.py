"""Reads of citizens' proposals, with their permissions: everyone sees what was published
(a hidden proposal only as its published reason); an author sees their own at every stage; the
moderator sees everything (pending ones too); a department's participation officer works on
the department's published ones (``to_answer``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from onewindow.core.models import Division
from onewindow.participation import proposals_authority as authority
from onewindow.participation.models import (
    CITY,
    FlagState,
    OfficialAnswer,
    Proposal,
    ProposalCategory,
    Support,
)
from onewindow.participation.models import ProposalStatus as S

LISTED = (S.PUBLISHED, S.ANSWERED)
SORTS = ("support", "new")


def _rows() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("district", "department", "merged_into")


def public(*, category: str = "", district: str = "", sort: str = "support") -> QuerySet[Proposal]:
    """The hall's list: published and answered proposals, most supported (or newest) first."""
    rows = _rows().filter(status__in=LISTED)
    if category in ProposalCategory.values:
        rows = rows.filter(category=category)
    if district:
        rows = rows.filter(district_id=district)
    if sort == "new":
        return rows.order_by("-published_on", "-pk")
    return rows.order_by("-supports_count", "-published_on", "-pk")


def visible(user) -> QuerySet[Proposal]:
    """Every proposal ``user`` may open: the published ones (also merged or hidden later) and
    their own; everything for a moderator. A pending proposal is seen only by its author and
    the moderators."""
    rows = _rows()
    if authority.is_moderator(user):
        return rows
    seen = Q(published_on__isnull=False)
    if getattr(user, "is_authenticated", False):
        seen |= Q(author=user)
    return rows.filter(seen)


def get(user, number: str) -> Proposal | None:
    """The proposal ``number`` if ``user`` may see it, else None (the two are not told apart)."""
    return visible(user).filter(number=number).first()


def mine(user) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return _rows().filter(author=user).order_by("-submitted_at", "-pk")


def supports(user, proposal: Proposal) -> bool:
    """Whether ``user`` supports ``proposal`` (counted or not)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(proposal=proposal, user=user).exists()


def answer_of(proposal: Proposal) -> OfficialAnswer | None:
    return OfficialAnswer.objects.select_related("department").filter(proposal=proposal).first()


def districts() -> QuerySet[Division]:
    """The city's districts a proposal may be about."""
    return Division.objects.filter(parent_id=CITY).order_by("code")


def pending(user) -> QuerySet[Proposal]:
    """The moderator's queue: proposals awaiting moderation, oldest first."""
    if not authority.is_moderator(user):
        return Proposal.objects.none()
    return _rows().filter(status=S.PENDING).select_related("author").order_by("submitted_at")


def flagged(user) -> QuerySet[Support]:
    """The moderator's queue of flagged supports, with their reason, oldest first."""
    if not authority.is_moderator(user):
        return Support.objects.none()
    return (
        Support.objects.filter(flag=FlagState.FLAGGED)
        .select_related("proposal", "user")
        .order_by("at", "pk")
    )


def to_answer(user) -> QuerySet[Proposal]:
    """The published proposals of the officer's departments: those with an answer due first,
    soonest due first, then the most supported."""
    departments = authority.departments_of(user)
    if not departments:
        return Proposal.objects.none()
    return (
        _rows()
        .filter(department__in=departments, status=S.PUBLISHED)
        .order_by("answer_due_on", "-supports_count", "pk")
    )


def moderations(user, proposal: Proposal):
    """The moderation decisions, for the moderator (the public sees only the reason)."""
    if not authority.is_moderator(user):
        return []
    return list(proposal.moderations.select_related("by", "support"))


def landing(limit: int = 3) -> dict:
    """For the /participation/ landing page: the most supported open proposals, the latest
    answers and the counts."""
    return {
        "top": list(_rows().filter(status=S.PUBLISHED).order_by("-supports_count", "-pk")[:limit]),
        "answered": list(
            _rows().filter(status=S.ANSWERED).order_by("-answer__answered_on", "-pk")[:limit]
        ),
        "open_count": Proposal.objects.filter(status=S.PUBLISHED).count(),
        "answered_count": Proposal.objects.filter(status=S.ANSWERED).count(),
    }
