"""Writes of citizens' proposals (市民建议).

propose (verified accounts) → moderation (publish with a responsible department, or refuse with
a published reason) → supports during the support period (one per person, never on one's own;
suspicious ones flagged, see ``participation.abuse``) → at the threshold an answer clock in the
supervision ledger (``participation.proposals_ledger``) → the department's official answer (it
may answer earlier). A moderator may merge a duplicate into another proposal (its supporters
carried over, none counted twice) or hide a published one with a published reason: nothing
published is deleted.

Each function is one transaction, audited; who may do what in which state is
``proposals_authority.ACTIONS``. A wrong actor gets ``PermissionDenied``; bad input or a wrong
state a ``ValidationError`` naming the field.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.cases.uploads import check_upload
from onewindow.core import audit
from onewindow.core.clock import CalendarDays, add_calendar_days
from onewindow.core.models import Division
from onewindow.participation import abuse, proposals_ledger
from onewindow.participation import proposals_authority as authority
from onewindow.participation.models import (
    CITY,
    COUNTED_FLAGS,
    AnswerKind,
    FlagState,
    ModerationAction,
    ModerationReason,
    OfficialAnswer,
    Proposal,
    ProposalCategory,
    ProposalModeration,
    ProposalPhoto,
    Support,
)
from onewindow.participation.models import ProposalStatus as S

MAX_PHOTOS = 4
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


# --- helpers ---------------------------------------------------------------------------------


def _required(value: str, field: str, label) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Please fill in %(field)s.") % {"field": label}})
    return value


def _load(number: str, actor, action: str) -> Proposal:
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


def _audit(proposal: Proposal, action: str, actor, **data) -> None:
    audit.record(
        f"participation.proposal_{action}",
        object_type="participation_proposal",
        object_id=proposal.number,
        actor=actor,
        data={"status": proposal.status, **data},
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
    _audit(
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


def _next_number(day: date) -> str:
    prefix = f"JY{day.year}-"
    count = Proposal.objects.filter(number__startswith=prefix).count() + 1
    return f"{prefix}{count:05d}"


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
    _audit(
        proposal,
        "threshold_reached",
        actor,
        supports=proposal.supports_count,
        due_on=str(proposal.answer_due_on),
    )


def _save(proposal: Proposal, actor=None) -> None:
    _recount(proposal)
    _reach_threshold(proposal, actor)
    proposal.save()


# --- the author ------------------------------------------------------------------------------


@transaction.atomic
def propose(
    user: User,
    *,
    title: str,
    body: str,
    category: str,
    district: str,
    photos: list[tuple[str, bytes]] | None = None,
    address: str = "",
    title_en: str = "",
) -> Proposal:
    """A verified citizen or enterprise proposes; a moderator publishes it or refuses it."""
    if not authority.may_take_part(user):
        raise PermissionDenied(
            _("Only a signed-in citizen or enterprise with a verified identity may propose.")
        )
    title = _required(title, "title", _("the title"))
    if len(title) > 120:
        raise ValidationError({"title": _("Please keep the title within 120 characters.")})
    body = _required(body, "body", _("your proposal"))
    if len(body) > 5000:
        raise ValidationError({"body": _("Please keep the proposal within 5,000 characters.")})
    if category not in ProposalCategory.values:
        raise ValidationError({"category": _("Please choose a category.")})
    found_district = Division.objects.filter(code=district, parent_id=CITY).first()
    if found_district is None:
        raise ValidationError({"district": _("Please choose a district.")})
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": _("At most %(count)d photos, please.") % {"count": MAX_PHOTOS}}
        )
    checked = [check_upload(name, content, field="photos") for name, content in photos]
    for item in checked:
        if not item.content_type.startswith("image/"):
            raise ValidationError(
                {"photos": _("%(name)s is not a photo (JPEG or PNG).") % {"name": item.name}}
            )
    abuse.limit("proposal", user, address)
    now = timezone.now()
    proposal = Proposal.objects.create(
        number=_next_number(timezone.localdate(now)),
        author=user,
        title=title,
        title_en=title_en.strip()[:200],
        body=body,
        category=category,
        district=found_district,
        submitted_at=now,
        department=department_for(category),
    )
    for item in checked:
        stored = ProposalPhoto(
            proposal=proposal, name=item.name, content_type=item.content_type, digest=item.digest
        )
        stored.file.save(item.name, ContentFile(item.content), save=True)
    _audit(proposal, "proposed", user, category=category, photos=len(checked))
    return proposal


# --- supporters ------------------------------------------------------------------------------


@transaction.atomic
def support(user: User, number: str, *, address: str = "") -> Support:
    """One support per person, never on one's own proposal, within the support period.
    Suspicious supports are flagged for the moderator (and not counted until cleared)."""
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(number=number)
        .first()
    )
    if proposal is None:
        raise ProposalNotFound(number)
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to support a proposal."))
    if proposal.author_id == user.pk:
        raise ValidationError({"proposal": _("You cannot support your own proposal.")})
    if not authority.may_take_part(user):
        raise PermissionDenied(
            _("Only a signed-in citizen or enterprise with a verified identity may support.")
        )
    if not authority.support_open(proposal):
        raise ValidationError(
            {"proposal": _("Proposal %(number)s no longer takes supports.") % {"number": number}}
        )
    if Support.objects.filter(proposal=proposal, user=user).exists():
        raise ValidationError({"proposal": _("You already support this proposal.")})
    abuse.limit("support", user, address)
    hashed = abuse.address_hash(address)
    peers = Support.objects.filter(proposal=proposal).exclude(user=user)
    found = abuse.suspicious(user, hashed, peers)
    reason = next(iter(found), "")
    try:
        with transaction.atomic():
            made = Support.objects.create(
                proposal=proposal,
                user=user,
                at=timezone.now(),
                address_hash=hashed,
                flag=FlagState.FLAGGED if found else FlagState.NONE,
                flag_reason=reason,
            )
    except IntegrityError as error:  # the same person twice at once: the constraint decides
        raise ValidationError({"proposal": _("You already support this proposal.")}) from error
    for code, rows in found.items():
        flagged = rows.filter(flag=FlagState.NONE).update(flag=FlagState.FLAGGED, flag_reason=code)
        if flagged:
            _audit(proposal, "supports_flagged", None, reason=code, count=flagged)
    _save(proposal, user)
    _audit(proposal, "supported", user, support=made.pk, flag=made.flag, reason=reason)
    return made


# --- moderators ------------------------------------------------------------------------------


def _department(value) -> Department | None:
    if value is None or isinstance(value, Department):
        return value
    return Department.objects.filter(code=value).first()


@transaction.atomic
def publish(moderator: User, number: str, *, department=None, note: str = "") -> Proposal:
    """Publish a pending proposal: its support period starts, the responsible department is
    the one chosen here or the category's."""
    proposal = _load(number, moderator, "publish")
    chosen = _department(department) or proposal.department or department_for(proposal.category)
    if chosen is None:
        raise ValidationError({"department": _("Please choose the responsible department.")})
    today = timezone.localdate()
    proposal.department = chosen
    proposal.status = S.PUBLISHED
    proposal.published_on = today
    proposal.support_ends_on = add_calendar_days(today, support_period()).date
    proposal.threshold = threshold()
    _moderation(proposal, ModerationAction.PUBLISH, moderator, note=note)
    _save(proposal, moderator)
    return proposal


@transaction.atomic
def reject(moderator: User, number: str, *, reason: str, note: str = "") -> Proposal:
    """Refuse a pending proposal with a reason the author sees; it is never published."""
    proposal = _load(number, moderator, "reject")
    proposal.hidden_reason = _reason(reason)
    proposal.hidden_note = note.strip()[:300]
    proposal.status = S.CLOSED
    _moderation(proposal, ModerationAction.REJECT, moderator, reason=reason, note=note)
    proposal.save()
    return proposal


@transaction.atomic
def hide(moderator: User, number: str, *, reason: str, note: str = "") -> Proposal:
    """Hide a published proposal: its page stays, showing the published reason instead of the
    text; its answer clock (if any) is closed."""
    proposal = _load(number, moderator, "hide")
    proposal.hidden_reason = _reason(reason)
    proposal.hidden_note = note.strip()[:300]
    proposal.status = S.CLOSED
    proposals_ledger.close(proposal)
    _moderation(proposal, ModerationAction.HIDE, moderator, reason=reason, note=note)
    proposal.save()
    return proposal


@transaction.atomic
def assign(moderator: User, number: str, *, department) -> Proposal:
    """Choose another responsible department; a running answer clock moves with it."""
    proposal = _load(number, moderator, "assign")
    chosen = _department(department)
    if chosen is None:
        raise ValidationError({"department": _("Please choose the responsible department.")})
    proposal.department = chosen
    if proposal.reached_on is not None:
        proposals_ledger.track(proposal)
    _moderation(proposal, ModerationAction.ASSIGN, moderator, note=chosen.code)
    proposal.save()
    return proposal


@transaction.atomic
def merge(moderator: User, number: str, *, into: str, note: str = "") -> Proposal:
    """Merge the duplicate ``number`` into ``into``: its supporters (and its author) carry over
    as supporters of the other unless they already support it or wrote it; the duplicate shows
    "merged into …" and takes no more supports."""
    duplicate = _load(number, moderator, "merge")
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
        duplicate, ModerationAction.MERGE, moderator, reason=ModerationReason.DUPLICATE, note=note
    )
    duplicate.save()
    _save(target, moderator)
    _audit(target, "merged_in", moderator, duplicate=duplicate.number, carried=len(carried))
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
    _moderation(proposal, ModerationAction.CLEAR_SUPPORT, moderator, note=note, support=row)
    _save(proposal, moderator)
    return row


@transaction.atomic
def discount_support(moderator: User, support_id: int, *, note: str = "") -> Support:
    """A flagged support is manipulation: it is kept but never counts."""
    row, proposal = _flagged_support(moderator, support_id)
    row.flag = FlagState.DISCOUNTED
    row.save(update_fields=["flag"])
    _moderation(proposal, ModerationAction.CONFIRM_SUPPORT, moderator, note=note, support=row)
    _save(proposal, moderator)
    return row


# --- the department --------------------------------------------------------------------------


@transaction.atomic
def answer(
    official: User,
    number: str,
    *,
    kind: str,
    text: str,
    action: str = "",
    link: str = "",
    reason: str = "",
    text_en: str = "",
) -> OfficialAnswer:
    """The responsible department's official answer: adopted, planned (with the action and an
    optional link) or not adopted (with the reason). Closes the answer clock."""
    proposal = _load(number, official, "answer")
    if kind not in AnswerKind.values:
        raise ValidationError({"kind": _("Please choose the answer.")})
    text = _required(text, "text", _("the answer"))
    action, reason, link = action.strip(), reason.strip(), link.strip()
    if kind == AnswerKind.PLANNED and not action:
        raise ValidationError({"action": _("Please describe the planned action.")})
    if kind == AnswerKind.NOT_ADOPTED and not reason:
        raise ValidationError({"reason": _("Please give the reason for not adopting it.")})
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError as error:
            raise ValidationError({"link": _("Please give a web address (https://…).")}) from error
    made = OfficialAnswer.objects.create(
        proposal=proposal,
        department=proposal.department,
        kind=kind,
        text=text,
        text_en=text_en.strip(),
        action=action if kind == AnswerKind.PLANNED else "",
        link=link if kind != AnswerKind.NOT_ADOPTED else "",
        reason=reason if kind == AnswerKind.NOT_ADOPTED else "",
        answered_on=timezone.localdate(),
        by=official,
    )
    proposal.status = S.ANSWERED
    proposals_ledger.close(proposal)
    proposal.save()
    _audit(proposal, "answered", official, kind=kind, late=_late(proposal))
    return made


def _late(proposal: Proposal) -> bool:
    due = proposal.answer_due_on
    return bool(due and timezone.localdate() > due)
