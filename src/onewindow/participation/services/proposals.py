"""Writes of citizens' proposals (市民建议) by their author, their supporters and the
responsible department; the moderators' are in ``proposals_moderation``.

propose (verified accounts) → [moderation] → supports during the support period (one per
person, never on one's own; suspicious ones flagged, see ``participation.abuse``) → at the
threshold an answer clock in the supervision ledger (``participation.proposals_ledger``) → the
department's official answer (it may answer earlier).

Each function is one transaction, audited; who may do what in which state is
``proposals_authority.ACTIONS``. A wrong actor gets ``PermissionDenied``; bad input or a wrong
state a ``ValidationError`` naming the field.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.cases.uploads import check_upload
from onewindow.core.models import Division
from onewindow.core.services import take_next
from onewindow.participation import abuse, proposals_ledger
from onewindow.participation import proposals_authority as authority
from onewindow.participation import proposals_messages as messages
from onewindow.participation.models import (
    CITY,
    AnswerKind,
    FlagState,
    NumberSequence,
    OfficialAnswer,
    Proposal,
    ProposalCategory,
    ProposalPhoto,
    Support,
)
from onewindow.participation.models import ProposalStatus as S
from onewindow.participation.proposals_rules import (
    ProposalNotFound,
    count_supports,
    department_for,
    load,
    record,
    required,
)

MAX_PHOTOS = 4


def _next_number(day: date) -> str:
    """JY2026-00001: 建议, the year, then the next number of the year (a locked counter)."""
    return f"JY{day.year}-{take_next(NumberSequence, series='JY', year=day.year):05d}"


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
    title = required(title, "title", _("the title"))
    if len(title) > 120:
        raise ValidationError({"title": _("Please keep the title within 120 characters.")})
    body = required(body, "body", _("your proposal"))
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
    record(proposal, "proposed", user, category=category, photos=len(checked))
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
            record(proposal, "supports_flagged", None, reason=code, count=flagged)
    count_supports(proposal, user)
    record(proposal, "supported", user, support=made.pk, flag=made.flag, reason=reason)
    return made


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
    proposal = load(number, official, "answer")
    if kind not in AnswerKind.values:
        raise ValidationError({"kind": _("Please choose the answer.")})
    text = required(text, "text", _("the answer"))
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
    record(proposal, "answered", official, kind=kind, late=_late(proposal))
    answer_label = made.get_kind_display()
    messages.tell_author(proposal, messages.ANSWERED, answer=answer_label)
    messages.tell_supporters(proposal, messages.SUPPORTED_ANSWERED, answer=answer_label)
    return made


def _late(proposal: Proposal) -> bool:
    due = proposal.answer_due_on
    return bool(due and timezone.localdate() > due)
