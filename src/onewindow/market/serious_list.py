"""The serious-dishonesty list (严重违法失信名单) under 市场监督管理严重违法失信名单管理办法
(SAMR Order No. 44, 2021): every write one transaction, audited as ``market.listed`` /
``market.taken_off``; the enterprise is told each time.

- Art. 2: a party whose serious violation earned a heavier penalty (较重行政处罚) is listed by the
  department that punished it: a fine in the heavier band of the discretion benchmark (2 (1)),
  a licence revoked (2 (2)), production or business suspended (2 (3)). The head of that
  department decides with the penalty decision in hand and says why the violation is serious,
  weighing intent, frequency, duration, means and harm (Art. 12).
- A county- or city-level department's listing needs the consent of the market-supervision
  department one level up (报经上一级市场监督管理部门同意; the article number could not be checked
  here): ``list_serious`` sends it there as a ``ListingProposal`` and ``consent`` lists the
  party, or refuses with reasons. A provincial department lists at once. A 2025 draft revision
  of the measures would drop the consent; until it is in force the platform asks for it.
- The entry stays three years and is then taken off (``end_expired``, daily by ``onewindow
  end-credit-listings``); after a year the party may apply for credit repair
  (``market.credit_repair``). The article numbers of these two periods were not available to
  verify here; the code cites the measures by name for them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, User
from onewindow.core import audit, clock
from onewindow.market import authority, credit_messages, lists
from onewindow.market.credit_models import (
    BASIS,
    BASIS_EN,
    Consent,
    ListEntry,
    ListingProposal,
    ListKind,
    ListReason,
    Removal,
)
from onewindow.market.penalty_models import BandLevel, Measure, PenaltyCase

LISTED_MONTHS = 36  # listed for three years
REPAIR_AFTER_MONTHS = 12  # credit repair may be asked for after one year
HEAVIER_MEASURES = (Measure.SUSPENSION, Measure.REVOCATION)  # Art. 2 para. 2 (2), (3)
MAX_GROUNDS = 2000


def heavier(case: PenaltyCase) -> bool:
    """Art. 2 para. 2: the decided penalty is a heavier one."""
    if case.decided_on is None:
        return False
    heavier_band = case.band_id is not None and case.band.level == BandLevel.HEAVIER
    return heavier_band or any(m in HEAVIER_MEASURES for m in case.measures or ())


def entry_for(case: PenaltyCase) -> ListEntry | None:
    return (
        ListEntry.objects.filter(penalty=case, kind=ListKind.SERIOUS)
        .order_by("-listed_on", "-pk")
        .first()
    )


def consenting_department(department: Department) -> Department | None:
    """The market-supervision department one level up whose consent a listing by
    ``department`` needs: the city's for a county-level one, the province's for a city's; None
    for a provincial department, which lists at once."""
    division = department.division_id
    if division.endswith("0000"):
        return None
    upper = f"{division[:2]}0000" if division.endswith("00") else f"{division[:4]}00"
    return Department.objects.filter(code=f"{upper}-SCJG").first()


def pending_proposal(case: PenaltyCase) -> ListingProposal | None:
    return ListingProposal.objects.filter(penalty=case, status=Consent.PENDING).first()


def latest_proposal(case: PenaltyCase) -> ListingProposal | None:
    """The case's last listing sent for consent, to show on its page."""
    return (
        ListingProposal.objects.filter(penalty=case)
        .select_related("consenting", "decided_by")
        .order_by("-pk")
        .first()
    )


def may_list(user, case: PenaltyCase) -> bool:
    return (
        case.department_id in authority.heads_for(user)
        and heavier(case)
        and entry_for(case) is None
        and pending_proposal(case) is None
    )


def _check(case: PenaltyCase, grounds: str, *, consenting: bool = False) -> str:
    errors: dict[str, str] = {}
    grounds = " ".join((grounds or "").replace("\x00", "").split())[:MAX_GROUNDS]
    if not grounds:
        errors["grounds"] = _(
            "Say why the violation is serious: the intent, how often and how long, the means "
            "and the harm done."
        )
    if not heavier(case):
        errors["case"] = _(
            "Only a decided heavier penalty (a fine in the heavier band, a licence revoked, "
            "business suspended) puts a party on the serious-dishonesty list."
        )
    elif entry_for(case) is not None:
        errors["case"] = _("This decision has already put the enterprise on the list.")
    elif not consenting and pending_proposal(case) is not None:
        errors["case"] = _("This listing is already waiting for the consent of the level above.")
    elif ListEntry.objects.filter(
        entity=case.entity, kind=ListKind.SERIOUS, removed_on=None
    ).exists():
        errors["case"] = _("The enterprise is already on the serious-dishonesty list.")
    if errors:
        raise ValidationError(errors)
    return grounds


def _lock(case: PenaltyCase) -> PenaltyCase:
    return (  # the band may be empty: lock the case's row only (PostgreSQL)
        PenaltyCase.objects.select_for_update(of=("self",))
        .select_related("entity", "department", "band")
        .get(pk=case.pk)
    )


@transaction.atomic
def list_serious(case: PenaltyCase, *, actor, grounds: str) -> ListEntry | ListingProposal:
    """The head of the punishing department decides to put the party of a decided case with a
    heavier penalty on the list (Art. 2, 12): at once for a provincial department, otherwise
    as a proposal to the department one level up (``consent``)."""
    case = _lock(case)
    if case.department_id not in authority.heads_for(actor):
        raise PermissionDenied(_("You may not put this enterprise on the list."))
    grounds = _check(case, grounds)
    upper = consenting_department(case.department)
    if upper is None and not case.department.division_id.endswith("0000"):
        raise ValidationError(
            {
                "case": _(
                    "The listing needs the consent of the market-supervision department one "
                    "level up, which is not on the platform."
                )
            }
        )
    if upper is None:
        return _list(case, actor=actor, grounds=grounds)
    proposal = ListingProposal.objects.create(
        penalty=case,
        entity=case.entity,
        department=case.department,
        consenting=upper,
        grounds=grounds,
        proposed_at=timezone.now(),
        proposed_by=actor,
    )
    audit.record(
        "market.listing_proposed",
        object_type="listing_proposal",
        object_id=proposal.pk,
        actor=actor,
        data={"case": case.number, "consent_of": upper.code},
    )
    _tell_heads(proposal, upper, credit_messages.LISTING_PROPOSED)
    return proposal


def may_consent(user, proposal: ListingProposal) -> bool:
    return proposal.status == Consent.PENDING and proposal.consenting_id in (
        authority.departments_with(user, authority.PLAN_ROLES)
    )


def proposals_for(user):
    """The proposals sent to the departments ``user`` heads, those awaiting consent first."""
    departments = authority.departments_with(user, authority.PLAN_ROLES)
    return (
        ListingProposal.objects.filter(consenting_id__in=departments)
        .select_related("penalty__band", "entity", "department", "proposed_by", "entry")
        .order_by(models.Case(models.When(status=Consent.PENDING, then=0), default=1), "-pk")
    )


@transaction.atomic
def consent(proposal: ListingProposal, *, actor, agree: bool, reason: str = ""):
    """The head of the department one level up agrees, and the party is listed from today, or
    refuses with reasons the proposing department is told."""
    proposal = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    if not may_consent(actor, proposal):
        raise PermissionDenied(_("You may not decide this listing."))
    reason = " ".join((reason or "").replace("\x00", "").split())[:MAX_GROUNDS]
    if not agree and not reason:
        raise ValidationError(
            {"reason": _("Give the reasons for refusing: the department is told them.")}
        )
    entry = None
    if agree:
        case = _lock(proposal.penalty)
        _check(case, proposal.grounds, consenting=True)
        entry = _list(case, actor=proposal.proposed_by, grounds=proposal.grounds)
    proposal.status = Consent.AGREED if agree else Consent.REFUSED
    proposal.decided_at, proposal.decided_by = timezone.now(), actor
    proposal.reason, proposal.entry = reason, entry
    proposal.save(update_fields=["status", "decided_at", "decided_by", "reason", "entry"])
    audit.record(
        f"market.listing_{proposal.status}",
        object_type="listing_proposal",
        object_id=proposal.pk,
        actor=actor,
        data={"case": proposal.penalty.number, "reason": reason},
    )
    _tell_heads(proposal, proposal.department, credit_messages.LISTING_DECIDED)
    return proposal


def _tell_heads(proposal: ListingProposal, department: Department, kind: str) -> int:
    from onewindow.notifications import services as notifications

    heads = User.objects.filter(
        role_assignments__role=Role.HEAD, role_assignments__department=department
    ).distinct()
    params = {
        "case": proposal.penalty.number,
        "entity": proposal.entity.name,
        "department": proposal.department.name,
        "outcome": proposal.get_status_display(),
        "reason": proposal.reason,
    }
    link = reverse("workbench:market-listings")
    for user in heads:
        notifications.notify(user, kind=kind, params=params, link=link)
    return len(heads)


def _list(case: PenaltyCase, *, actor, grounds: str) -> ListEntry:
    today = timezone.localdate()
    entry = ListEntry.objects.create(
        entity=case.entity,
        kind=ListKind.SERIOUS,
        reason=ListReason.HEAVIER_PENALTY,
        basis=BASIS[ListReason.HEAVIER_PENALTY],
        basis_en=BASIS_EN[ListReason.HEAVIER_PENALTY],
        department=case.department,
        listed_on=today,
        listed_by=actor,
        penalty=case,
        grounds=grounds,
        ends_on=clock.months_after(today, LISTED_MONTHS),
    )
    audit.record(
        "market.listed",
        object_type="list_entry",
        object_id=entry.pk,
        actor=actor,
        data={
            "list": ListKind.SERIOUS,
            "reason": ListReason.HEAVIER_PENALTY,
            "case": case.number,
            "until": entry.ends_on.isoformat(),
        },
    )
    lists.tell([entry], credit_messages.SERIOUS_LISTED)
    return entry


def repair_from(entry: ListEntry) -> date:
    """The first day the party may apply for credit repair of the entry."""
    return clock.months_after(entry.listed_on, REPAIR_AFTER_MONTHS)


@transaction.atomic
def end_expired(today: date | None = None) -> int:
    """Take off every entry whose three years have ended (daily); the count taken off."""
    today = today or timezone.localdate()
    due = list(
        ListEntry.objects.select_for_update()
        .select_related("entity")
        .filter(kind=ListKind.SERIOUS, removed_on=None, ends_on__lte=today)
    )
    for entry in due:
        entry.removed_on, entry.removal = today, Removal.EXPIRED
        entry.save(update_fields=["removed_on", "removal"])
        audit.record(
            "market.taken_off",
            object_type="list_entry",
            object_id=entry.pk,
            data={"removal": Removal.EXPIRED, "list": ListKind.SERIOUS},
        )
    lists.tell(due, credit_messages.SERIOUS_REMOVED)
    return len(due)
