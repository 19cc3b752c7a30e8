"""Every write on administrative penalty cases (行政处罚), one transaction each, audited as
``market.penalty_<action>``; the flow is ``data/penalty.bpmn`` on SpiffWorkflow, and every
clock is in the ledger (``penalty_ledger``) in the unit its article uses (``penalty_rules``).

1. A lead (线索) comes from an inspection finding, a 12345 report or a referral; an enforcement
   officer assesses it and proposes filing, with the violation on the department's discretion
   benchmark and when it ended; Art. 36's limitation is checked then.
2. The head approves the filing (立案, Art. 54); the 90-day clock of Art. 60 starts.
3. The officers investigate and collect evidence, then the department issues the prior notice
   (告知书, Art. 44–45): facts, grounds, the band of the benchmark, the proposed penalty, and the
   party's rights, with the date by which to state or to ask for a hearing (Art. 64 (一)).
4. The party states and defends in the hall (or on paper, recorded by an officer), or asks for
   a hearing where Art. 63 allows one; the hearing is notified at least 7 working days ahead
   (Art. 64 (二)) and is held by an official who did not investigate (Art. 64 (四)).
5. A major case (a hearing held, suspension or revocation, or a complex case) goes to legal
   review (法制审核, Art. 58) and is decided by the heads' collective discussion (Art. 57).
6. The decision (决定书) is delivered within 7 working days (Art. 61); the fine is paid within
   15 calendar days (Art. 67), with 3 % a day late, at most the fine (Art. 72).
7. The decision is published within 20 working days, personal data masked (``publish``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.core import audit
from onewindow.core.bpmn import Process
from onewindow.core.crypto import sm3_hex
from onewindow.core.localized import in_chinese
from onewindow.core.services import take_next
from onewindow.market import authority, parsing, penalty_documents, penalty_ledger, penalty_messages
from onewindow.market import penalty_rules as rules
from onewindow.market.models import Finding, Result
from onewindow.market.penalty_models import (
    Band,
    Evidence,
    LeadSource,
    Measure,
    PenaltyCase,
    PenaltyDocumentKind,
    PenaltySequence,
    Publication,
    Stage,
    Violation,
)
from onewindow.registry.models import LegalEntity

FLOW = Process(Path(__file__).parent / "data" / "penalty.bpmn", "penalty_case")
# which stage a ready task of the flow puts the case in
STAGES = {
    "lead": Stage.LEAD,
    "filing": Stage.FILING,
    "investigate": Stage.INVESTIGATING,
    "respond": Stage.NOTIFIED,
    "hearing": Stage.HEARING,
    "review": Stage.REVIEW,
    "decide": Stage.DECIDING,
    "deliver": Stage.DELIVERING,
    "pay": Stage.PAYING,
    "close": Stage.CLOSED,
}
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


# --- helpers ------------------------------------------------------------------------------------


def _audit(action: str, case: PenaltyCase, actor, **data) -> None:
    audit.record(
        f"market.penalty_{action}",
        object_type="penaltycase",
        object_id=case.pk,
        actor=actor,
        data={"number": case.number, **data},
    )


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied(_("You may not do this to this penalty case now."))


def _locked(case: PenaltyCase) -> PenaltyCase:
    return (
        PenaltyCase.objects.select_for_update()
        .select_related("entity", "department")
        .get(pk=case.pk)
    )


def _step(case: PenaltyCase, step: str, data: dict) -> None:
    """Complete the flow's ready ``step`` and move the case to the stage the flow reaches."""
    flow = FLOW.load(case.workflow_state)
    if step not in {s for s, _d in FLOW.ready(flow)}:
        raise PermissionDenied(_("You may not do this to this penalty case now."))
    FLOW.complete(flow, step, data)
    ready = [s for s, _d in FLOW.ready(flow)]
    if ready:
        case.stage = STAGES[ready[0]]
    elif case.stage in (Stage.LEAD, Stage.FILING):
        case.stage = Stage.DROPPED
    else:
        case.stage = Stage.CLOSED
    case.workflow_state = FLOW.dump(flow)


def _money(value, field: str, errors: dict) -> Decimal | None:
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(rules.CENT)
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        errors[field] = _("Give an amount in yuan, such as 20000.")
        return None
    return amount


def _text(value, field: str, errors: dict, *, required=True, limit=4000) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors[field] = _("This field is required.")
    elif len(text) > limit:
        errors[field] = _("At most %(n)d characters.") % {"n": limit}
    return text


def _measures(value, allowed, field: str, errors: dict) -> list[str]:
    chosen = [value] if isinstance(value, str) else list(value or [])
    if any(m not in allowed for m in chosen):
        errors[field] = _("Choose penalties the band of the benchmark allows.")
        return []
    return [m for m in Measure.values if m in chosen]


def _review_body(department: Department) -> str:
    """行政复议法 (2023) Art. 24: the people's government at the level of the department."""
    division = department.division
    names = []
    while division is not None and division.level != "province":
        names.insert(0, division.name)
        division = division.parent
    return "".join(names) + "人民政府"


def _party(entity: LegalEntity) -> dict:
    representative = entity.legal_representative
    return {
        "name": entity.name,
        "uscc": entity.uscc,
        "address": entity.address,
        "representative": getattr(representative, "name", "") or "",
    }


def _basis(case: PenaltyCase, band: Band) -> dict:
    return {
        "case_number": case.number,
        "department": case.department.name,
        "party": _party(case.entity),
        "facts": case.facts.rstrip("。") + "。",
        "provision": case.violation.provision,
        "penalty_provision": case.violation.penalty_provision,
        "band": {
            "level": penalty_documents.LEVELS_ZH[band.level],
            "circumstances": band.circumstances,
            "fine_min": str(band.fine_min),
            "fine_max": str(band.fine_max),
        },
    }


def _tell(case: PenaltyCase, kind: str, **params) -> int:
    """Tell the enterprise's accounts on the platform (the notice reaches them in the hall)."""
    from onewindow.notifications import services as notifications

    users = User.objects.filter(kind=User.Kind.ENTERPRISE, uscc=case.entity.uscc)
    link = penalty_messages.link(case)
    for user in users:
        notifications.notify(
            user,
            kind=kind,
            params={"number": case.number, "entity": case.entity.name, **params},
            link=link,
        )
    return len(users)


# --- 1. the lead --------------------------------------------------------------------------------


@transaction.atomic
def open_lead(
    *,
    actor,
    department,
    entity: LegalEntity,
    facts: str,
    source: str,
    finding: Finding | None = None,
    reference: str = "",
) -> PenaltyCase:
    """Record a lead (线索) against ``entity``: an enforcement officer of ``department``."""
    department_id = getattr(department, "pk", department)
    _require(department_id in authority.investigating_for(actor))
    errors: dict[str, str] = {}
    facts = _text(facts, "facts", errors)
    if source not in LeadSource.values:
        errors["source"] = _("Choose where the lead comes from.")
    reference = str(reference or "").strip()[:64]
    if source in (LeadSource.HOTLINE, LeadSource.REFERRAL) and not reference:
        errors["reference"] = _("Give the 12345 ticket or the referral's number.")
    if errors:
        raise ValidationError(errors)
    department = Department.objects.select_related("division").get(pk=department_id)
    now = timezone.now()
    year = timezone.localdate(now).year  # a lead recorded at 00:30 on 1 January Beijing time
    sequence = take_next(PenaltySequence, department=department, year=year)
    case = PenaltyCase.objects.create(
        number=f"{department.code}-CF{year}-{sequence:04d}",
        department=department,
        division_code=entity.division_id,
        entity=entity,
        source=source,
        finding=finding,
        source_reference=reference,
        facts=facts,
        workflow_state=FLOW.dump(FLOW.start()),
        opened_by=actor,
        opened_at=now,
    )
    _audit("opened", case, actor, source=source, entity=entity.uscc, reference=reference)
    return case


@transaction.atomic
def open_from_finding(finding: Finding, *, actor) -> PenaltyCase:
    """A finding of "problem found, to be dealt with" opens a case of its department."""
    finding = (
        Finding.objects.select_for_update().select_related("inspection__target").get(pk=finding.pk)
    )
    if finding.result != Result.FOLLOW_UP:
        raise ValidationError(
            {"finding": _("Only a finding of a problem to be dealt with opens a penalty case.")}
        )
    if finding.penalty_cases.exists():
        raise ValidationError({"finding": _("This finding has already opened a penalty case.")})
    return open_lead(
        actor=actor,
        department=finding.department_id,
        entity=finding.inspection.target.entity,
        facts=finding.description or in_chinese(finding.get_result_display()),
        source=LeadSource.INSPECTION,
        finding=finding,
        reference=finding.inspection.reference,
    )


@transaction.atomic
def propose_filing(case: PenaltyCase, *, actor, data: dict) -> PenaltyCase:
    """The officer proposes filing: the violation, when it began and ended, when it was found,
    and the two officers or more who investigate (Art. 42). Art. 36 is checked here."""
    case = _locked(case)
    _require(case.department_id in authority.investigating_for(actor))
    errors: dict[str, str] = {}
    violation = Violation.objects.filter(
        pk=parsing.integer(data.get("violation")), department=case.department, active=True
    ).first()
    if violation is None:
        errors["violation"] = _("Choose a violation on your department's benchmark.")
    occurred = parsing.day(data.get("occurred_on"), "occurred_on", errors)
    ended = parsing.day(data.get("ended_on"), "ended_on", errors)
    discovered = parsing.day(data.get("discovered_on"), "discovered_on", errors)
    today = timezone.localdate()
    if occurred and ended and ended < occurred:
        errors["ended_on"] = _("The violation ends on or after the day it began.")
    if discovered and discovered > today:
        errors["discovered_on"] = _("The day it was discovered cannot be in the future.")
    if ended and discovered and ended > discovered:
        # a continuing violation (Art. 36 para. 2) is counted from the day it ends; a case on
        # one still going on gives the day of discovery as its end so far
        errors["ended_on"] = _("Give the day of discovery for a violation still going on.")
    if violation and ended and discovered and "ended_on" not in errors:
        last = rules.limitation_ends(ended, endangers_safety=violation.endangers_safety)
        if discovered > last:
            years = (
                rules.LIMITATION_YEARS_SAFETY
                if violation.endangers_safety
                else rules.LIMITATION_YEARS
            )
            errors["discovered_on"] = _(
                "Not punishable: discovered after %(last)s, more than %(years)d years after "
                "the violation ended (Administrative Penalty Law, Art. 36)."
            ) % {"last": last.isoformat(), "years": years}
    officer_ids = {parsing.integer(v) for v in (data.get("officers") or [])} - {None}
    officer_ids.add(actor.pk)
    officers = list(
        User.objects.filter(
            pk__in=officer_ids,
            role_assignments__department=case.department,
            role_assignments__role__in=authority.INSPECT_ROLES,
        ).distinct()
    )
    if len(officers) < 2:
        errors["officers"] = _(
            "At least two enforcement officers of the department investigate (Art. 42)."
        )
    if errors:
        raise ValidationError(errors)
    case.violation, case.occurred_on, case.ended_on = violation, occurred, ended
    case.discovered_on = discovered
    _step(case, "lead", {"propose": True})
    case.save()
    case.officers.set(officers)
    _audit("filing_proposed", case, actor, violation=violation.code, ended_on=str(ended))
    return case


@transaction.atomic
def drop_lead(case: PenaltyCase, *, actor, reason: str) -> PenaltyCase:
    case = _locked(case)
    _require(case.department_id in authority.investigating_for(actor))
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, limit=1000)
    if errors:
        raise ValidationError(errors)
    _step(case, "lead", {"propose": False})
    case.closed_at = timezone.now()
    case.save()
    _audit("dropped", case, actor, reason=reason)
    return case


@transaction.atomic
def approve_filing(case: PenaltyCase, *, actor, approved: bool, note: str = "") -> PenaltyCase:
    """The head approves the filing (立案) or does not; approval starts Art. 60's 90 days."""
    case = _locked(case)
    _require(case.department_id in authority.heads_for(actor))
    now = timezone.now()
    _step(case, "filing", {"approved": bool(approved)})
    if approved:
        case.filed_on = timezone.localdate()
        case.filing_approved_by = actor
        penalty_ledger.filed(case, now)
    else:
        case.closed_at = now
    case.save()
    _audit("filed" if approved else "not_filed", case, actor, note=str(note or "")[:1000])
    return case


# --- 2. investigation and the prior notice ------------------------------------------------------


@transaction.atomic
def add_evidence(case: PenaltyCase, *, actor, title: str, upload=None) -> Evidence:
    case = _locked(case)
    _require(case.stage == Stage.INVESTIGATING and case.officers.filter(pk=actor.pk).exists())
    errors: dict[str, str] = {}
    title = _text(title, "title", errors, limit=200)
    content = b""
    if upload is not None:
        if upload.size > MAX_EVIDENCE_BYTES:
            errors["file"] = _("At most 20 MB a file.")
        else:
            content = upload.read()
    if errors:
        raise ValidationError(errors)
    evidence = Evidence(case=case, title=title, collected_by=actor, collected_at=timezone.now())
    if content:
        evidence.digest = sm3_hex(content)
        suffix = Path(getattr(upload, "name", "") or "").suffix.lower()[:8]
        evidence.file.save(
            f"{case.pk}-{evidence.digest[:16]}{suffix}", ContentFile(content), save=False
        )
    evidence.save()
    _audit("evidence_added", case, actor, title=title, digest=evidence.digest)
    return evidence


def _penalty(case: PenaltyCase, data: dict, errors: dict, *, band: Band | None = None) -> tuple:
    """The band (chosen now, or the one the notice cited), the fine and the other penalties,
    checked against the benchmark: the fine within the band's range, the others in the band."""
    if band is None:
        band = Band.objects.filter(
            pk=parsing.integer(data.get("band")), violation=case.violation
        ).first()
        if band is None:
            errors["band"] = _("Choose a band of the violation's benchmark.")
            return None, None, []
    allowed = [Measure.WARNING, *band.measures]
    measures = _measures(data.get("measures"), allowed, "measures", errors)
    fine = _money(data.get("fine") or 0, "fine", errors)
    if fine is not None and fine and not band.fine_min <= fine <= band.fine_max:
        errors["fine"] = _("The fine lies within the band: %(low)s to %(high)s yuan.") % {
            "low": f"{band.fine_min:,.2f}",
            "high": f"{band.fine_max:,.2f}",
        }
    if fine is not None and not fine and not measures:
        errors["fine"] = _("Give a fine or choose another penalty.")
    return band, fine, measures


@transaction.atomic
def notify(case: PenaltyCase, *, actor, data: dict) -> PenaltyCase:
    """End the investigation with the prior notice (告知书, Art. 44–45): the band chosen and
    why, the proposed penalty, and the day by which the party may state or ask for a hearing."""
    case = _locked(case)
    _require(case.stage == Stage.INVESTIGATING and case.officers.filter(pk=actor.pk).exists())
    errors: dict[str, str] = {}
    band, fine, measures = _penalty(case, data, errors)
    grounds = _text(data.get("grounds"), "grounds", errors, limit=2000)
    if not case.evidence.exists():
        errors["evidence"] = _("Record the evidence before telling the party (Art. 40).")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    due = rules.statement_due(today)
    case.band, case.proposed_fine, case.proposed_measures = band, fine, measures
    case.grounds = grounds
    case.notified_on, case.statement_due = today, due.date
    case.major = bool(data.get("complex")) or any(
        m in (Measure.SUSPENSION, Measure.REVOCATION) for m in measures
    )
    allowed = rules.hearing_allowed(case.entity.entity_type, fine, measures)
    content = {
        **_basis(case, band),
        "issued_on": today.isoformat(),
        "penalty": penalty_documents.penalty_text(fine, measures),
        "grounds": grounds,
        "statement_due": due.date.isoformat(),
        "hearing_allowed": allowed,
    }
    document = penalty_documents.issue(case, PenaltyDocumentKind.NOTICE, content)
    _step(case, "investigate", {})
    case.save()
    _audit(
        "notified",
        case,
        actor,
        band=band.level,
        fine=str(fine),
        measures=measures,
        document=document.number,
        digest=document.digest,
        statement_due=due.date.isoformat(),
    )
    _tell(case, penalty_messages.NOTIFIED, due=due.date.isoformat())
    return case


def hearing_allowed(case: PenaltyCase) -> bool:
    return rules.hearing_allowed(
        case.entity.entity_type, case.proposed_fine, case.proposed_measures
    )


# --- 3. statement, defence and hearing ----------------------------------------------------------


@transaction.atomic
def respond(case: PenaltyCase, *, actor, statement: str = "", hearing: bool = False):
    """The party states and defends, or asks for a hearing, by the day the notice gave
    (Art. 45, 64 (一)); in the hall, or an officer records what the party gave on paper."""
    case = _locked(case)
    _require(authority.is_party(actor, case.entity) or case.officers.filter(pk=actor.pk).exists())
    _require(case.stage == Stage.NOTIFIED)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    statement = _text(statement, "statement", errors, required=not hearing)
    if today > case.statement_due:
        errors["statement"] = _("The time to state or to ask for a hearing ended on %(day)s.") % {
            "day": case.statement_due.isoformat()
        }
    if hearing and not hearing_allowed(case):
        errors["hearing"] = _("The penalty proposed does not allow a hearing (Art. 63).")
    if errors:
        raise ValidationError(errors)
    case.statement, case.stated_on = statement, today if statement else None
    if hearing:
        case.hearing_requested_on = today
    _step(case, "respond", {"hearing": bool(hearing), "major": case.major or bool(hearing)})
    case.save()
    _audit("responded", case, actor, hearing=bool(hearing), statement=bool(statement))
    return case


@transaction.atomic
def proceed(case: PenaltyCase, *, actor) -> PenaltyCase:
    """After the day given passes with nothing from the party, the case goes on."""
    case = _locked(case)
    _require(case.officers.filter(pk=actor.pk).exists() and case.stage == Stage.NOTIFIED)
    if timezone.localdate() <= case.statement_due:
        raise ValidationError(
            {
                "statement_due": _("The party may still state or ask for a hearing until %(day)s.")
                % {"day": case.statement_due.isoformat()}
            }
        )
    _step(case, "respond", {"hearing": False, "major": case.major})
    case.save()
    _audit("proceeded", case, actor)
    return case


@transaction.atomic
def schedule_hearing(case: PenaltyCase, *, actor, data: dict) -> PenaltyCase:
    """Notify the hearing at least 7 working days ahead (Art. 64 (二)), held by an official of
    the department who did not investigate the case (Art. 64 (四))."""
    case = _locked(case)
    _require(
        case.stage == Stage.HEARING
        and case.hearing_on is None
        and case.officers.filter(pk=actor.pk).exists()
    )
    errors: dict[str, str] = {}
    today = timezone.localdate()
    day = parsing.day(data.get("hearing_on"), "hearing_on", errors)
    earliest = rules.earliest_hearing(today)
    if day and day < earliest.date:
        errors["hearing_on"] = _(
            "The party is told 7 working days ahead: the hearing is on %(day)s or later (Art. 64)."
        ) % {"day": earliest.date.isoformat()}
    place = _text(data.get("place"), "place", errors, limit=200)
    host = User.objects.filter(
        pk=parsing.integer(data.get("host")),
        kind=User.Kind.OFFICIAL,
        role_assignments__department=case.department,
    ).first()
    if host is None:
        errors["host"] = _("Choose an official of the department to hold the hearing.")
    elif case.officers.filter(pk=host.pk).exists():
        errors["host"] = _("The hearing is held by an official who did not investigate (Art. 64).")
    if errors:
        raise ValidationError(errors)
    case.hearing_notified_on, case.hearing_on = today, day
    case.hearing_place, case.hearing_host = place, host
    content = {
        "case_number": case.number,
        "department": case.department.name,
        "party": _party(case.entity),
        "issued_on": today.isoformat(),
        "requested_on": case.hearing_requested_on.isoformat(),
        "hearing_on": day.isoformat(),
        "place": place,
        "host": host.real_name or host.get_username(),
    }
    document = penalty_documents.issue(case, PenaltyDocumentKind.HEARING, content)
    case.save()
    _audit(
        "hearing_scheduled",
        case,
        actor,
        hearing_on=day.isoformat(),
        document=document.number,
        digest=document.digest,
    )
    _tell(case, penalty_messages.HEARING, day=day.isoformat(), place=place)
    return case


@transaction.atomic
def record_hearing(case: PenaltyCase, *, actor, record: str) -> PenaltyCase:
    case = _locked(case)
    _require(case.stage == Stage.HEARING and case.hearing_host_id == actor.pk)
    errors: dict[str, str] = {}
    record = _text(record, "record", errors)
    if case.hearing_on and timezone.localdate() < case.hearing_on:
        errors["record"] = _("The hearing is on %(day)s.") % {"day": case.hearing_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    case.hearing_record = record
    case.major = True  # Art. 58 (二): a case heard goes to legal review
    _step(case, "hearing", {"major": True})
    case.save()
    _audit("heard", case, actor)
    return case


# --- 4. legal review and the decision -----------------------------------------------------------


@transaction.atomic
def review(case: PenaltyCase, *, actor, opinion: str) -> PenaltyCase:
    """法制审核 (Art. 58) by the department's legal reviewer, before the decision."""
    case = _locked(case)
    _require(case.stage == Stage.REVIEW and case.department_id in authority.reviewing_for(actor))
    errors: dict[str, str] = {}
    opinion = _text(opinion, "opinion", errors)
    if errors:
        raise ValidationError(errors)
    case.legal_reviewer, case.legal_opinion = actor, opinion
    case.legal_reviewed_on = timezone.localdate()
    _step(case, "review", {})
    case.save()
    _audit("reviewed", case, actor)
    return case


@transaction.atomic
def decide(case: PenaltyCase, *, actor, data: dict) -> PenaltyCase:
    """The head decides within the band (Art. 57, 59); a major case by the heads' collective
    discussion, its minutes on file. The decision is sealed and the delivery clock starts."""
    case = _locked(case)
    _require(case.stage == Stage.DECIDING and case.department_id in authority.heads_for(actor))
    errors: dict[str, str] = {}
    _band, fine, measures = _penalty(case, data, errors, band=case.band)
    minutes = _text(data.get("minutes"), "minutes", errors, required=case.major)
    # Art. 45 para. 2: no heavier penalty because the party stated and defended
    if fine is not None and fine > (case.proposed_fine or 0):
        errors["fine"] = _(
            "The decision is not heavier than the notice proposed: at most %(fine)s yuan (Art. 45)."
        ) % {"fine": f"{case.proposed_fine or 0:,.2f}"}
    if set(measures) - set(case.proposed_measures):
        errors["measures"] = _("The decision adds no penalty the notice did not propose (Art. 45).")
    if errors:
        raise ValidationError(errors)
    today, now = timezone.localdate(), timezone.now()
    case.fine, case.measures = fine or None, measures
    case.decided_on, case.decided_by, case.collective_minutes = today, actor, minutes
    content = {
        **_basis(case, case.band),
        "issued_on": today.isoformat(),
        "penalty": penalty_documents.penalty_text(fine, measures),
        "fine": str(fine) if fine else "",
        "statement": case.statement,
        "heard": case.hearing_record[:400] if case.hearing_record else "",
        "collective": bool(case.major),
        "review_body": _review_body(case.department),
        "published": rules.published(fine, measures),
    }
    document = penalty_documents.issue(case, PenaltyDocumentKind.DECISION, content)
    _step(case, "decide", {})
    case.save()
    penalty_ledger.decided(case, now, publish=rules.published(case.fine, measures))
    _audit(
        "decided",
        case,
        actor,
        fine=str(fine),
        measures=measures,
        document=document.number,
        digest=document.digest,
    )
    _tell(case, penalty_messages.DECIDED, penalty=content["penalty"])
    return case


# --- 5. delivery, payment, closing --------------------------------------------------------------


@transaction.atomic
def deliver(case: PenaltyCase, *, actor, delivered_on) -> PenaltyCase:
    """送达 (Art. 61): the day the party received the decision starts Art. 67's 15 days."""
    case = _locked(case)
    _require(case.stage == Stage.DELIVERING and case.officers.filter(pk=actor.pk).exists())
    errors: dict[str, str] = {}
    day = parsing.day(delivered_on, "delivered_on", errors)
    if day and not case.decided_on <= day <= timezone.localdate():
        errors["delivered_on"] = _("Delivered on or after the decision, and not in the future.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    case.delivered_on = day
    if case.fine:
        case.payment_due = rules.payment_due(day).date
        _step(case, "deliver", {"fined": True})
        penalty_ledger.delivered(case, now)
    else:
        _step(case, "deliver", {"fined": False})
        _step(case, "close", {})
        case.closed_at = now
        penalty_ledger.close(case, now)
    case.save()
    _audit(
        "delivered",
        case,
        actor,
        delivered_on=day.isoformat(),
        payment_due=case.payment_due.isoformat() if case.payment_due else "",
    )
    return case


def amount_due(case: PenaltyCase, on: date) -> tuple[Decimal, Decimal]:
    """(fine, late charge) owed when paying on ``on`` (Art. 72 (一))."""
    if not case.fine or not case.payment_due:
        return Decimal(0), Decimal(0)
    return case.fine, rules.late_charge(case.fine, case.payment_due, on)


@transaction.atomic
def record_payment(case: PenaltyCase, *, actor, paid_on) -> PenaltyCase:
    """The bank's confirmation of payment: the late charge is computed, and the case closes."""
    case = _locked(case)
    _require(case.stage == Stage.PAYING and case.officers.filter(pk=actor.pk).exists())
    errors: dict[str, str] = {}
    day = parsing.day(paid_on, "paid_on", errors)
    if day and not case.delivered_on <= day <= timezone.localdate():
        errors["paid_on"] = _("Paid on or after delivery, and not in the future.")
    if errors:
        raise ValidationError(errors)
    fine, charge = amount_due(case, day)
    case.paid_on, case.late_charge, case.paid_amount = day, charge, fine + charge
    now = timezone.now()
    _step(case, "pay", {})
    _step(case, "close", {})
    case.closed_at = now
    case.save()
    penalty_ledger.close(case, now)
    _audit("paid", case, actor, paid_on=day.isoformat(), late_charge=str(charge))
    return case


# --- 6. publication -----------------------------------------------------------------------------


@transaction.atomic
def publish(case: PenaltyCase, *, actor) -> Publication:
    """行政处罚信息公示: the decision's summary with personal data masked, for its period."""
    case = _locked(case)
    _require(case.department_id in authority.penalty_departments(actor))
    if case.decided_on is None or hasattr(case, "publication"):
        raise PermissionDenied(_("You may not do this to this penalty case now."))
    if not rules.published(case.fine, case.measures):
        raise ValidationError({"case": _("A warning alone is not published.")})
    from onewindow.market import penalty_masking

    today = timezone.localdate()
    publication = Publication.objects.create(
        case=case,
        text=penalty_masking.summary(case),
        published_on=today,
        ends_on=rules.publication_ends(today, case.fine, case.measures),
    )
    penalty_ledger.published(case, timezone.now())
    _audit("published", case, actor, ends_on=publication.ends_on.isoformat())
    return publication


WITHDRAWN_EXPIRED, WITHDRAWN_REVOKED = "expired", "revoked"
WITHDRAWN_REPAIRED = "repaired"  # stopped early on credit repair (market.credit_repair)


@transaction.atomic
def withdraw_expired(today: date | None = None) -> int:
    """Take down every publication whose period has ended (daily)."""
    today = today or timezone.localdate()
    due = list(
        Publication.objects.select_for_update().filter(withdrawn_on__isnull=True, ends_on__lt=today)
    )
    for publication in due:
        publication.withdrawn_on, publication.withdrawal_reason = today, WITHDRAWN_EXPIRED
        publication.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        _audit("publication_ended", publication.case, None)
    return len(due)


@transaction.atomic
def withdraw_revoked(case: PenaltyCase, *, actor, note: str) -> Publication:
    """The decision was changed, revoked, or found unlawful or void (on review, in court or by
    the department): take it down with the reason, within 3 working days (市场监督管理行政处罚
    信息公示规定 Art. 11). The reason is the audit entry's and the public page's."""
    case = _locked(case)
    _require(case.department_id in authority.heads_for(actor))
    errors: dict[str, str] = {}
    note = _text(note, "note", errors, limit=1000)
    publication = Publication.objects.filter(case=case, withdrawn_on__isnull=True).first()
    if publication is None:
        errors["case"] = _("This decision is not published.")
    if errors:
        raise ValidationError(errors)
    publication.withdrawn_on = timezone.localdate()
    publication.withdrawal_reason = WITHDRAWN_REVOKED
    publication.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    _audit("publication_revoked", case, actor, note=note)
    return publication
