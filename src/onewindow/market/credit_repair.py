"""Credit repair (信用修复) under 市场监督管理信用修复管理办法 (国市监信规〔2021〕3号): an
enterprise applies online to the department that made the record, with its credit
commitment (守信承诺书), what it did to put things right and the evidence; the department
decides by a date in the e-supervision ledger. Every write one transaction, audited; the
enterprise is told.

What may be repaired, and when (``options``):
- A published penalty stops being published early (市场监督管理行政处罚信息公示规定 Art. 14):
  after six months of publication, a year for food, drugs and special equipment (the repair
  measures); when the fine is paid (Art. 14 (一)), the harm put right (（二）, the applicant's
  account and evidence, judged by the department), no penalty for the same violation since
  (（三）) and the enterprise on no credit list (（四）). Never a suspension or a revoked licence
  (Art. 14 para. 3), nor a lower fine alone, which is published three months only (Art. 13).
- The serious-dishonesty list, left early after a year of listing (``serious_list``) once the
  decision's fine is paid and no heavier penalty came since.
- The abnormal-operation list, for an enterprise that can be reached again at its registered
  address (企业经营异常名录管理暂行办法 Art. 13); one listed for a missing annual report leaves
  it by filing the report (Art. 11), no application needed.
- A commitment in place of a certification found untrue (告知承诺): it keeps the enterprise off
  that path "until its credit is repaired" (国办发〔2020〕42号 二(二)) and is decided by the
  department that found it (``_repair_commitment``). 42号 sets no waiting time; the platform
  publishes ``COMMITMENT_MONTHS`` from the finding, the shortest time a penalty is published
  (three months, a lower fine: 市场监督管理行政处罚信息公示规定 Art. 13).

The repair measures give the department a limit in working days to decide; their text was not
available to verify here, so ``DECIDE_DAYS`` is the platform's published commitment, counted by
``core.clock`` and tracked in the ledger as kind ``market-credit-repair``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from onewindow.accounts.models import User
from onewindow.cases.measure_models import CommittedMaterial
from onewindow.cases.uploads import check_upload
from onewindow.core import audit, clock
from onewindow.market import (
    authority,
    credit_messages,
    credit_record,
    lists,
    penalties,
    serious_list,
)
from onewindow.market import penalty_rules as rules
from onewindow.market.credit_models import (
    ListEntry,
    ListKind,
    ListReason,
    Removal,
    RepairApplication,
    RepairStatus,
    RepairTarget,
)
from onewindow.market.penalty_models import (
    HEARING_MEASURES,
    PenaltyCase,
    Publication,
    Sector,
)
from onewindow.registry.models import LegalEntity
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "market-credit-repair"
DECIDING = "deciding"
DECIDE_DAYS = 15  # working days from the application
PUBLICATION_MONTHS = 6
SECTOR_MONTHS = 12  # food, drugs and special equipment
COMMITMENT_MONTHS = 3  # the platform's published minimum after a false commitment
LONG_SECTORS = (Sector.FOOD, Sector.DRUGS, Sector.SPECIAL_EQUIPMENT)
MAX_TEXT = 4000

COMMITMENT = (
    "本企业郑重承诺：所提交的信用修复申请材料真实、准确、完整；已经纠正违法失信行为，"
    "自觉履行法定义务，消除不良影响；今后严格遵守法律法规，诚信经营，自觉接受社会监督。"
    "如有虚假，愿意承担相应法律责任，并同意将本承诺记入信用记录。"
)
COMMITMENT_EN = (
    "We solemnly commit: the materials of this application are true, accurate and complete; we "
    "have corrected the violation, done what the law requires of us and put right its effects; "
    "from now on we shall keep the law, do business in good faith and accept public oversight. "
    "If anything here is false we bear the legal consequences and agree that this commitment is "
    "recorded in our credit record."
)


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Credit repair application"),
        stages={DECIDING: pgettext_lazy("stage of a credit repair", "Deciding")},
    )


@dataclass
class Option:
    """One record of the enterprise that credit repair may reach, with what stands in the way."""

    target: str
    title: str
    department: object
    publication: Publication | None = None
    entry: ListEntry | None = None
    false_commitment: CommittedMaterial | None = None
    from_day: date | None = None  # the first day an application may be made
    unmet: list[str] = field(default_factory=list)
    never: str = ""  # why this record cannot be repaired at all
    pending: RepairApplication | None = None

    @property
    def key(self) -> str:
        if self.publication:
            return f"p{self.publication.pk}"
        if self.false_commitment:
            return f"c{self.false_commitment.pk}"
        return f"e{self.entry.pk}"

    @property
    def eligible(self) -> bool:
        return not (self.never or self.unmet or self.pending)

    @property
    def target_label(self) -> str:
        return str(RepairTarget(self.target).label)


def _paid(case: PenaltyCase) -> bool:
    return not case.fine or case.paid_on is not None


def _publication_option(publication: Publication, today: date, listed: bool) -> Option:
    case = publication.case
    option = Option(
        target=RepairTarget.PUBLICATION,
        title=case.number,
        department=case.department,
        publication=publication,
    )
    if any(m in HEARING_MEASURES for m in case.measures or ()):  # Art. 14 para. 3
        option.never = _(
            "A decision that suspended business or revoked a licence stays published for its "
            "whole period."
        )
        return option
    if rules.lower_fine_only(case.fine, case.measures):
        option.never = _("A lower fine is published for three months only and ends by itself.")
        return option
    long = case.violation_id is not None and case.violation.sector in LONG_SECTORS
    option.from_day = clock.months_after(
        publication.published_on, SECTOR_MONTHS if long else PUBLICATION_MONTHS
    )
    if today < option.from_day:
        option.unmet.append(
            _("It may be applied for from %(day)s, after the minimum time published.")
            % {"day": option.from_day.isoformat()}
        )
    if not _paid(case):  # Art. 14 (一)
        option.unmet.append(_("The fine of the decision is not paid yet."))
    again = PenaltyCase.objects.filter(
        entity_id=case.entity_id, violation_id=case.violation_id, decided_on__gt=case.decided_on
    ).exclude(pk=case.pk)
    if case.violation_id and again.exists():  # Art. 14 (三)
        option.unmet.append(_("It was punished again for the same violation since."))
    if listed:  # Art. 14 (四)
        option.unmet.append(_("It is on a credit list: repair that first."))
    return option


def _serious_option(entry: ListEntry, today: date) -> Option:
    option = Option(
        target=RepairTarget.SERIOUS,
        title=entry.penalty.number if entry.penalty_id else entry.get_reason_display(),
        department=entry.department,
        entry=entry,
        from_day=serious_list.repair_from(entry),
    )
    if today < option.from_day:
        option.unmet.append(
            _("It may be applied for from %(day)s, a year after the listing.")
            % {"day": option.from_day.isoformat()}
        )
    if entry.penalty_id and not _paid(entry.penalty):
        option.unmet.append(_("The fine of the decision is not paid yet."))
    later = PenaltyCase.objects.filter(
        entity_id=entry.entity_id, decided_on__gt=entry.listed_on
    ).select_related("band")
    if any(serious_list.heavier(case) for case in later):
        option.unmet.append(_("It was given another heavier penalty since the listing."))
    return option


def _abnormal_option(entry: ListEntry) -> Option:
    option = Option(
        target=RepairTarget.ABNORMAL,
        title=str(entry.get_reason_display()),
        department=entry.department,
        entry=entry,
    )
    if entry.reason == ListReason.NO_REPORT:
        option.never = _(
            "File the annual report on %(year)s: that takes the enterprise off the list at once."
        ) % {"year": entry.year}
    return option


def _commitment_option(row: CommittedMaterial, today: date) -> Option:
    case = row.case
    option = Option(
        target=RepairTarget.COMMITMENT,
        title=f"{case.number} · {row.display_name}",
        department=case.lead_department,
        false_commitment=row,
        from_day=clock.months_after(timezone.localdate(row.verified_at), COMMITMENT_MONTHS),
    )
    if today < option.from_day:
        option.unmet.append(
            _("It may be applied for from %(day)s, three months after the finding.")
            % {"day": option.from_day.isoformat()}
        )
    return option


def options(entity: LegalEntity, today: date | None = None) -> list[Option]:
    """Every record of ``entity`` that credit repair may reach, now or later."""
    today = today or timezone.localdate()
    entries = list(
        ListEntry.objects.filter(entity=entity, removed_on=None)
        .select_related("department", "penalty__band")
        .order_by("listed_on", "pk")
    )
    found = [
        _serious_option(e, today) if e.kind == ListKind.SERIOUS else _abnormal_option(e)
        for e in entries
    ]
    publications = (
        Publication.objects.filter(case__entity=entity, withdrawn_on=None)
        .select_related("case__department", "case__violation")
        .order_by("published_on", "pk")
    )
    found += [_publication_option(p, today, bool(entries)) for p in publications]
    found += [_commitment_option(row, today) for row in credit_record.false_commitments(entity)]
    pending = RepairApplication.objects.filter(entity=entity, status=RepairStatus.PENDING)
    by_key = {record_key(a): a for a in pending}
    for option in found:
        option.pending = by_key.get(option.key)
    return found


def record_key(application: RepairApplication) -> str:
    """The ``Option.key`` of the record ``application`` asks to repair."""
    if application.publication_id:
        return f"p{application.publication_id}"
    if application.false_commitment_id:
        return f"c{application.false_commitment_id}"
    return f"e{application.entry_id}"


def option_of(application: RepairApplication) -> Option | None:
    """The record ``application`` asks to repair as it stands today; None once it left."""
    key = record_key(application)
    return next((o for o in options(application.entity) if o.key == key), None)


def _link(application: RepairApplication, name: str) -> str:
    try:
        return reverse(name, args=[application.pk])
    except NoReverseMatch:
        return ""


def _tell(application: RepairApplication, kind: str, **params) -> int:
    from onewindow.notifications import services as notifications

    users = User.objects.filter(kind=User.Kind.ENTERPRISE, uscc=application.entity.uscc)
    link = _link(application, "portal:market-repair")
    base = {
        "reference": application.reference,
        "entity": application.entity.name,
        "target": application.get_target_display(),
        "department": application.department.name,
        "due": application.due_on.isoformat(),
    }
    for user in users:
        notifications.notify(user, kind=kind, params={**base, **params}, link=link)
    return len(users)


def _text(value, name: str, errors: dict, message) -> str:
    text = (value or "").replace("\x00", "").strip()[:MAX_TEXT]
    if not text:
        errors[name] = message
    return text


@transaction.atomic
def apply(
    entity: LegalEntity,
    *,
    actor,
    record: str,
    committed: bool,
    correction: str,
    evidence: tuple[str, bytes] | None,
) -> RepairApplication:
    """The enterprise applies for repair of one record (``Option.key``)."""
    if not authority.is_party(actor, entity):
        raise PermissionDenied(_("Only the enterprise itself may apply for its credit repair."))
    LegalEntity.objects.select_for_update().get(pk=entity.pk)  # one application at a time
    chosen = {option.key: option for option in options(entity)}.get((record or "").strip())
    errors: dict[str, object] = {}
    if chosen is None:
        errors["record"] = _("Choose one of the enterprise's records that may be repaired.")
    elif not chosen.eligible:
        errors["record"] = (
            _("This record cannot be repaired now: %(why)s")
            % {"why": " ".join([chosen.never, *chosen.unmet]).strip() or _("it is being decided.")}
        )  # fmt: skip
    if not committed:
        errors["commitment"] = _("Sign the credit commitment to apply.")
    correction = _text(
        correction, "correction", errors, _("Say what the enterprise did to put things right.")
    )
    checked = None
    if not evidence or not evidence[1]:
        errors["evidence"] = _(
            "Attach the evidence that the duty was done and the violation put right."
        )
    else:
        try:
            checked = check_upload(evidence[0], evidence[1], field="evidence")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    today = timezone.localdate(now)
    application = RepairApplication(
        entity=entity,
        target=chosen.target,
        publication=chosen.publication,
        entry=chosen.entry,
        false_commitment=chosen.false_commitment,
        department=chosen.department,
        commitment=COMMITMENT,
        correction=correction,
        evidence_name=checked.name[:200],
        evidence_digest=checked.digest,
        applied_at=now,
        applied_by=actor,
        due_on=due(today),
    )
    suffix = Path(checked.name).suffix.lower()[:8]
    application.evidence.save(
        f"{entity.pk}-{checked.digest[:16]}{suffix}", ContentFile(checked.content), save=False
    )
    application.save()
    track(application)
    audit.record(
        "market.repair_applied",
        object_type="repair_application",
        object_id=application.pk,
        actor=actor,
        data={
            "reference": application.reference,
            "target": application.target,
            "record": record,
            "evidence_sm3": application.evidence_digest,
            "due": application.due_on.isoformat(),
        },
    )
    _tell(application, credit_messages.REPAIR_RECEIVED)
    return application


def due(applied_on: date) -> date:
    """The day the department decides by: ``DECIDE_DAYS`` working days after the application."""
    return clock.add_working_days(applied_on, DECIDE_DAYS).date


def track(application: RepairApplication) -> None:
    """The application's decision clock in the ledger, from when it was made."""
    entity = application.entity
    label = RepairTarget(application.target).label
    with translation.override("zh-hans"):
        title = f"{entity.name} · {label}"
    with translation.override("en"):
        title_en = f"{entity.name} · {label}"
    supervision.track(
        kind=KIND,
        key=application.reference,
        title=title,
        title_en=title_en,
        department=application.department_id,
        division_code=entity.division_id or "",
        started_at=application.applied_at,
        unit=Unit.WORKING_DAYS,
        limit=DECIDE_DAYS,
        stage=DECIDING,
        link=_link(application, "workbench:market-repair"),
    )


def may_decide(user, application: RepairApplication) -> bool:
    return application.department_id in authority.repairing_for(user)


def _repair_commitment(application: RepairApplication, actor, today: date) -> None:
    """The false commitment leaves the public credit record, and with it the bar on 告知承诺."""
    row = CommittedMaterial.objects.select_for_update().get(pk=application.false_commitment_id)
    row.repaired_on = today
    row.save(update_fields=["repaired_on"])
    audit.record(
        "market.commitment_repaired",
        object_type="committed_material",
        object_id=row.pk,
        actor=actor,
        data={"case": row.case.number, "key": row.key, "repair": application.reference},
    )


def _restore(application: RepairApplication, actor, today: date, reason: str) -> None:
    """The granted repair takes effect: the penalty comes off the public record, or the entry
    off its list, or the false commitment off the record, and the enterprise is told."""
    if application.false_commitment_id:
        _repair_commitment(application, actor, today)
        return
    if application.publication_id:
        publication = Publication.objects.select_for_update().get(pk=application.publication_id)
        publication.withdrawn_on = today
        publication.withdrawal_reason = penalties.WITHDRAWN_REPAIRED
        publication.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        return
    entry = (
        ListEntry.objects.select_for_update().select_related("entity").get(pk=application.entry_id)
    )
    entry.removed_on, entry.removal, entry.removed_by = today, Removal.REPAIRED, actor
    entry.removal_note = (reason or application.correction)[:300]
    entry.save(update_fields=["removed_on", "removal", "removed_by", "removal_note"])
    audit.record(
        "market.taken_off",
        object_type="list_entry",
        object_id=entry.pk,
        actor=actor,
        data={"removal": Removal.REPAIRED, "repair": application.reference},
    )
    kind = (
        credit_messages.SERIOUS_REMOVED
        if entry.kind == ListKind.SERIOUS
        else credit_messages.REMOVED
    )
    lists.tell([entry], kind)


@transaction.atomic
def decide(application: RepairApplication, *, actor, grant: bool, reason: str = ""):
    """The head of the department that made the record grants or refuses the repair."""
    application = (
        RepairApplication.objects.select_for_update()
        .select_related("entity", "department")
        .get(pk=application.pk)
    )
    if application.status != RepairStatus.PENDING or not may_decide(actor, application):
        raise PermissionDenied(_("You may not decide this application."))
    errors: dict[str, object] = {}
    reason = (reason or "").replace("\x00", "").strip()[:MAX_TEXT]
    if not grant and not reason:
        errors["reason"] = _("Give the reasons for refusing: the applicant is told them.")
    if grant:
        current = option_of(application)
        if current is None or current.never or current.unmet:
            why = " ".join([current.never, *current.unmet]) if current else ""
            errors["grant"] = _("The record no longer meets the conditions: %(why)s") % {
                "why": why or _("it was changed meanwhile.")
            }
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    application.status = RepairStatus.GRANTED if grant else RepairStatus.REFUSED
    application.decided_at, application.decided_by, application.reason = now, actor, reason
    application.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    if grant:
        _restore(application, actor, timezone.localdate(now), reason)
    supervision.close(kind=KIND, key=application.reference, at=now)
    audit.record(
        f"market.repair_{application.status}",
        object_type="repair_application",
        object_id=application.pk,
        actor=actor,
        data={"reference": application.reference, "reason": reason},
    )
    _tell(
        application,
        credit_messages.REPAIR_DECIDED,
        outcome=application.get_status_display(),
        reason=reason,
    )
    return application


def applications_of(entity: LegalEntity):
    return (
        RepairApplication.objects.filter(entity=entity)
        .select_related("department", "publication__case", "entry", "false_commitment__case")
        .order_by("-applied_at", "-pk")
    )


def queue_for(user):
    """The applications of the departments whose head ``user`` is, pending first."""
    departments = authority.repairing_for(user)
    return (
        RepairApplication.objects.filter(department_id__in=departments)
        .select_related(
            "entity", "department", "publication__case", "entry", "false_commitment__case"
        )
        .annotate(decided=Case(When(status=RepairStatus.PENDING, then=0), default=1))
        .order_by("decided", "due_on", "pk")
    )


TARGET_HELP = {
    RepairTarget.PUBLICATION: gettext_lazy(
        "Publication stops early; the decision itself stands and stays in the department's files."
    ),
    RepairTarget.SERIOUS: gettext_lazy(
        "The enterprise leaves the serious-dishonesty list and its measures end."
    ),
    RepairTarget.ABNORMAL: gettext_lazy("The enterprise leaves the abnormal-operation list."),
    RepairTarget.COMMITMENT: gettext_lazy(
        "The false commitment leaves the public credit record and the enterprise may again "
        "commit in place of a certification (告知承诺); the finding stays on its case."
    ),
}
