"""The serious-dishonesty list (严重违法失信名单) under 市场监督管理严重违法失信名单管理办法
(SAMR Order No. 44, 2021): every write one transaction, audited as ``market.listed`` /
``market.taken_off``; the enterprise is told each time.

- Art. 2: a party whose serious violation earned a heavier penalty (较重行政处罚) is listed by the
  department that punished it: a fine in the heavier band of the discretion benchmark (2 (1)),
  a licence revoked (2 (2)), production or business suspended (2 (3)). The head of that
  department decides with the penalty decision in hand and says why the violation is serious,
  weighing intent, frequency, duration, means and harm (Art. 12).
- The entry stays three years and is then taken off (``end_expired``, daily by ``onewindow
  end-credit-listings``); after a year the party may apply for credit repair
  (``market.credit_repair``). The article numbers of these two periods were not available to
  verify here; the code cites the measures by name for them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit, clock
from onewindow.market import authority, credit_messages, lists
from onewindow.market.credit_models import (
    BASIS,
    BASIS_EN,
    ListEntry,
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


def may_list(user, case: PenaltyCase) -> bool:
    return (
        case.department_id in authority.heads_for(user)
        and heavier(case)
        and entry_for(case) is None
    )


@transaction.atomic
def list_serious(case: PenaltyCase, *, actor, grounds: str) -> ListEntry:
    """Put the party of a decided case with a heavier penalty on the list (Art. 2, 12)."""
    case = (  # the band may be empty: lock the case's row only (PostgreSQL)
        PenaltyCase.objects.select_for_update(of=("self",))
        .select_related("entity", "department", "band")
        .get(pk=case.pk)
    )
    if case.department_id not in authority.heads_for(actor):
        raise PermissionDenied(_("You may not put this enterprise on the list."))
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
    elif ListEntry.objects.filter(
        entity=case.entity, kind=ListKind.SERIOUS, removed_on=None
    ).exists():
        errors["case"] = _("The enterprise is already on the serious-dishonesty list.")
    if errors:
        raise ValidationError(errors)
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
