"""The moderators' writes on citizens' proposals: publish (with the responsible department)
or refuse with a published reason, change the department, merge a duplicate (its supporters
carried over, none counted twice), hide with a published reason (nothing published is
deleted), and clear or discount a flagged support. Each is one transaction, kept as a
``ProposalModeration`` and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.core.clock import add_calendar_days
from onewindow.participation import proposals_authority as authority
from onewindow.participation import proposals_ledger
from onewindow.participation import proposals_messages as messages
from onewindow.participation.models import (
    FlagState,
    ModerationReason,
    Proposal,
    ProposalModeration,
    ProposalModerationAction,
    Support,
)
from onewindow.participation.models import ProposalStatus as S
from onewindow.participation.proposals_rules import (
    count_supports,
    department_for,
    load,
    record,
    support_period,
    threshold,
)


def _moderation(proposal, action, actor, *, reason="", note="", support=None) -> None:
    ProposalModeration.objects.create(
        proposal=proposal,
        support=support,
        action=action,
        reason=reason,
        note=note,
        by=actor,
        at=timezone.now(),
    )
    record(
        proposal,
        f"moderated_{action}",
        actor,
        reason=reason,
        **({"support": support.pk} if support else {}),
    )


def _reason(value: str) -> str:
    if value not in ModerationReason.values:
        raise ValidationError({"reason": _("Please choose the reason to publish.")})
    return value


def _department(value) -> Department | None:
    if value is None or isinstance(value, Department):
        return value
    return Department.objects.filter(code=value).first()


@transaction.atomic
def publish(moderator: User, number: str, *, department=None, note: str = "") -> Proposal:
    """Publish a pending proposal: its support period starts, the responsible department is
    the one chosen here or the category's."""
    proposal = load(number, moderator, "publish")
    chosen = _department(department) or proposal.department or department_for(proposal.category)
    if chosen is None:
        raise ValidationError({"department": _("Please choose the responsible department.")})
    today = timezone.localdate()
    proposal.department = chosen
    proposal.status = S.PUBLISHED
    proposal.published_on = today
    proposal.support_ends_on = add_calendar_days(today, support_period()).date
    proposal.threshold = threshold()
    _moderation(proposal, ProposalModerationAction.PUBLISH, moderator, note=note)
    count_supports(proposal, moderator)
    messages.tell_author(proposal, messages.PUBLISHED, ends_on=proposal.support_ends_on.isoformat())
    return proposal


@transaction.atomic
def reject(moderator: User, number: str, *, reason: str, note: str = "") -> Proposal:
    """Refuse a pending proposal with a reason the author sees; it is never published."""
    proposal = load(number, moderator, "reject")
    proposal.hidden_reason = _reason(reason)
    proposal.hidden_note = note.strip()[:300]
    proposal.status = S.CLOSED
    _moderation(proposal, ProposalModerationAction.REJECT, moderator, reason=reason, note=note)
    proposal.save()
    messages.tell_author(proposal, messages.REFUSED, reason=proposal.get_hidden_reason_display())
    return proposal


@transaction.atomic
def hide(moderator: User, number: str, *, reason: str, note: str = "") -> Proposal:
    """Hide a published proposal: its page stays, showing the published reason instead of the
    text; its answer clock (if any) is closed."""
    proposal = load(number, moderator, "hide")
    proposal.hidden_reason = _reason(reason)
    proposal.hidden_note = note.strip()[:300]
    proposal.status = S.CLOSED
    proposals_ledger.close(proposal)
    _moderation(proposal, ProposalModerationAction.HIDE, moderator, reason=reason, note=note)
    proposal.save()
    messages.tell_author(proposal, messages.HIDDEN, reason=proposal.get_hidden_reason_display())
    return proposal


@transaction.atomic
def assign(moderator: User, number: str, *, department) -> Proposal:
    """Choose another responsible department; a running answer clock moves with it."""
    proposal = load(number, moderator, "assign")
    chosen = _department(department)
    if chosen is None:
        raise ValidationError({"department": _("Please choose the responsible department.")})
    proposal.department = chosen
    if proposal.reached_on is not None:
        proposals_ledger.track(proposal)
    _moderation(proposal, ProposalModerationAction.ASSIGN, moderator, note=chosen.code)
    proposal.save()
    return proposal


@transaction.atomic
def merge(moderator: User, number: str, *, into: str, note: str = "") -> Proposal:
    """Merge the duplicate ``number`` into ``into``: its supporters (and its author) carry over
    as supporters of the other unless they already support it or wrote it; the duplicate shows
    "merged into …" and takes no more supports."""
    duplicate = load(number, moderator, "merge")
    target = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(number=(into or "").strip())
        .first()
    )
    if target is None or target.pk == duplicate.pk or target.status != S.PUBLISHED:
        raise ValidationError({"into": _("Please give the number of another published proposal.")})
    already = set(Support.objects.filter(proposal=target).values_list("user_id", flat=True))
    already.add(target.author_id)
    carried = []
    for row in Support.objects.filter(proposal=duplicate).order_by("at", "pk"):
        if row.user_id in already:
            continue
        already.add(row.user_id)
        carried.append(
            Support(
                proposal=target,
                user_id=row.user_id,
                at=row.at,
                address_hash=row.address_hash,
                flag=row.flag,
                flag_reason=row.flag_reason,
                carried_from=duplicate,
            )
        )
    if duplicate.author_id not in already:
        carried.append(
            Support(
                proposal=target,
                user_id=duplicate.author_id,
                at=duplicate.submitted_at,
                carried_from=duplicate,
            )
        )
    Support.objects.bulk_create(carried)
    duplicate.status = S.MERGED
    duplicate.merged_into = target
    proposals_ledger.close(duplicate)
    _moderation(
        duplicate,
        ProposalModerationAction.MERGE,
        moderator,
        reason=ModerationReason.DUPLICATE,
        note=note,
    )
    duplicate.save()
    count_supports(target, moderator)
    record(target, "merged_in", moderator, duplicate=duplicate.number, carried=len(carried))
    messages.tell_author(duplicate, messages.MERGED, into=target.number)
    return target


def _flagged_support(moderator: User, support_id: int) -> tuple[Support, Proposal]:
    if not authority.is_moderator(moderator):
        raise PermissionDenied(_("Only a participation moderator may review supports."))
    row = Support.objects.select_for_update().filter(pk=support_id).first()
    if row is None:
        raise Http404(_("There is no such support."))
    if row.flag != FlagState.FLAGGED:
        raise ValidationError({"support": _("This support is not awaiting review.")})
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("department")
        .get(pk=row.proposal_id)
    )
    return row, proposal


@transaction.atomic
def clear_support(moderator: User, support_id: int, *, note: str = "") -> Support:
    """A flagged support is genuine: it counts from now (and may reach the threshold)."""
    row, proposal = _flagged_support(moderator, support_id)
    row.flag = FlagState.CLEARED
    row.save(update_fields=["flag"])
    _moderation(proposal, ProposalModerationAction.CLEAR_SUPPORT, moderator, note=note, support=row)
    count_supports(proposal, moderator)
    return row


@transaction.atomic
def discount_support(moderator: User, support_id: int, *, note: str = "") -> Support:
    """A flagged support is manipulation: it is kept but never counts."""
    row, proposal = _flagged_support(moderator, support_id)
    row.flag = FlagState.DISCOUNTED
    row.save(update_fields=["flag"])
    _moderation(
        proposal, ProposalModerationAction.CONFIRM_SUPPORT, moderator, note=note, support=row
    )
    count_supports(proposal, moderator)
    return row
