"""告知承诺: certifications an applicant replaces with a written commitment, and their check.

Under 国务院办公厅关于全面推行证明事项告知承诺制的指导意见 (国办发〔2020〕42号):

- the applicant chooses: one who will not or cannot commit sends the certification (42号 二(二));
- the department tells the applicant, in writing, the item and its legal basis, what the
  certification would prove, what the commitment does, the liability for a false one and how
  it will be checked (告知, 42号 二(三)): ``notice``;
- an applicant with a serious bad credit record or who has made a false commitment before may
  not use it until its credit is repaired (42号 二(二)). The path is a joint measure of effect
  ``commit`` on the ``good_credit`` flag of the signed credit check, which neither such
  enterprise carries (market/credit_flags.py: a false commitment found here is on its credit
  record, ``false_commitments``);
- the department checks the commitment after accepting the case (事中事后核查, 42号 二(五)).
  42号 leaves the period to each department by risk: the measure's ``verify_within`` working
  days from receipt, counted by ``core.clock`` and tracked in the e-supervision ledger (kind
  ``case-commitment``). A commitment found untrue stops the case (42号: 终止办理): its decision
  can only be a denial; on a case already granted the certificate is revoked (撤销).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Role
from onewindow.accounts.selectors import has_role
from onewindow.cases import clocks, joint_measures
from onewindow.cases.engine import Step, event
from onewindow.cases.joint_measures import Intake
from onewindow.cases.ledger import start_of
from onewindow.cases.measure_models import CommittedMaterial, Effect, Verification
from onewindow.cases.models import Outcome, Status
from onewindow.certificates import services as certificates
from onewindow.certificates.models import Certificate
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "case-commitment"
VERIFYING = "verifying"
BASIS = "《国务院办公厅关于全面推行证明事项告知承诺制的指导意见》（国办发〔2020〕42号）"


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Commitment to verify (告知承诺)"),
        stages={VERIFYING: pgettext_lazy("stage of a commitment", "Verifying")},
    )


def _laws(item) -> str:
    return "、".join(
        f"《{basis.get('law', '')}》{basis.get('article', '')}"
        for basis in item.legal_basis or []
        if isinstance(basis, dict) and basis.get("law")
    )


def notice(item, material, verify_within: int) -> str:
    """The written notice and the commitment the applicant makes, in the active language."""
    laws = _laws(item) or item.display_name
    return _(
        "Notice (告知): for “%(item)s” (legal basis: %(laws)s) the department needs "
        "“%(material)s”. You may instead commit in writing that what it would prove is true; "
        "the department then handles your application without it and checks your commitment "
        "within %(days)d working days of receipt, by asking the issuing authority, reading "
        "shared data or inspecting. "
        "Commitment: I declare that what “%(material)s” would prove is true and that I meet the "
        "conditions of this service. If the commitment is found untrue, the application is "
        "stopped or the licence revoked, and the false commitment is entered in my credit record "
        "(%(basis)s)."
    ) % {
        "item": item.display_name,
        "laws": laws,
        "material": material.display_name,
        "days": verify_within,
        "basis": BASIS,
    }


def verify_within(item) -> int | None:
    """The working days of the commit measure that may apply to ``item``, if any (the
    applicant's credit decides at submission)."""
    measure = next(
        (m for m in joint_measures.measures_for(item) if m.effect == Effect.COMMIT), None
    )
    return measure.verify_within if measure else None


def offers(item, applicant) -> dict[str, str]:
    """The notice of each material an enterprise may offer to replace with a commitment."""
    if getattr(applicant, "kind", "") != "enterprise":
        return {}
    days = verify_within(item)
    if not days:
        return {}
    return {
        m.key: notice(item, m, days)
        for m in item.materials.all()
        if m.committable and m.source_kind == "upload"
    }


def refusal(names: list[str]) -> str:
    return _(
        "A written commitment (告知承诺) in place of %(materials)s is open only to an enterprise "
        "whose credit check at submission shows good credit (%(basis)s); yours does not. An "
        "enterprise with a serious bad credit record or an earlier false commitment sends the "
        "certification until its credit is repaired. Upload the material, or untick the "
        "commitment."
    ) % {"materials": "、".join(names), "basis": BASIS}


def record(step: Step, intake: Intake, keys: set[str]) -> list[CommittedMaterial]:
    """Each commitment of the submission as a CommittedMaterial, with its check's due date and
    ledger matter. ``keys`` were checked against ``intake.committable`` before."""
    measure = intake.committing
    if measure is None or not keys:
        return []
    case = step.case
    due = clocks.commitment_verify_due(case.received_on, measure.verify_within, step.calendar)
    rows = []
    for material in case.item.materials.filter(key__in=keys).order_by("position"):
        with translation.override("zh-hans"):
            text = notice(case.item, material, measure.verify_within)
        with translation.override("en"):
            text_en = notice(case.item, material, measure.verify_within)
        rows.append(
            CommittedMaterial.of_material(
                case,
                material,
                measure,
                text=text,
                text_en=text_en,
                committed_at=step.now,
                verify_by=due.date,
                verify_provisional=due.provisional,
            )
        )
    event(step, "committed", **joint_measures.named(measure, rows), verify_by=due.date.isoformat())
    for row in rows:
        track(row, measure.verify_within)
    return rows


def _key(row: CommittedMaterial) -> str:
    return f"{row.case.number}/{row.key}"


def track(row: CommittedMaterial, verify_within: int) -> None:
    case = row.case
    supervision.track(
        kind=KIND,
        key=_key(row),
        title=f"{case.number} · {row.name}",
        title_en=f"{case.number} · {row.name_en or row.name}",
        department=case.lead_department_id,
        division_code=case.division_code,
        started_at=start_of(case.received_on),
        unit=Unit.WORKING_DAYS,
        limit=verify_within,
        stage=VERIFYING,
        link=reverse("workbench:case", args=[case.number]) + "#commitments-heading",
    )


def may_verify(user, case) -> bool:
    return has_role(user, Role.REVIEWER, case.lead_department) or has_role(
        user, Role.HEAD, case.lead_department
    )


def verify(step: Step, key: str, *, truthful: bool, finding: str) -> CommittedMaterial:
    """Record the check of one commitment (in ``services.verify_commitment``'s transaction)."""
    case = step.case
    if not may_verify(step.actor, case):
        raise PermissionDenied(
            _("Only a reviewer or head of %(department)s may verify its commitments.")
            % {"department": case.lead_department.name}
        )
    row = case.committed_materials.filter(key=key).first()
    if row is None:
        problem = _("Case %(number)s has no commitment %(key)s.")
        raise ValidationError({"key": [problem % {"number": case.number, "key": key}]})
    if row.outcome == Verification.ENDED or case.status in (Status.WITHDRAWN, Status.REFUSED):
        problem = _(
            "Case %(number)s ended before this commitment was checked: nothing is left to check."
        )
        raise ValidationError({"key": [problem % {"number": case.number}]})
    if row.outcome != Verification.PENDING:
        raise ValidationError({"key": [_("This commitment has been verified already.")]})
    finding = (finding or "").strip()
    if not finding:
        raise ValidationError({"finding": [_("Say how it was checked and what was found.")]})
    if len(finding) > 2000:
        raise ValidationError({"finding": [_("Keep the finding under 2,000 characters.")]})
    revoked = []
    if not truthful and case.outcome == Outcome.GRANTED:
        if not has_role(step.actor, Role.HEAD, case.lead_department):
            raise PermissionDenied(
                _(
                    "The licence of this case was granted: only a head of %(department)s may "
                    "find its commitment untrue and revoke it."
                )
                % {"department": case.lead_department.name}
            )
        reason = _(
            "Revoked: the commitment in place of “%(material)s” was found untrue (%(basis)s)."
        )
        for certificate in Certificate.objects.filter(case_number=case.number, revoked_at=None):
            certificates.revoke(
                number=certificate.number,
                actor=step.actor,
                reason=reason % {"material": row.display_name, "basis": BASIS},
            )
            revoked.append(certificate.number)
    row.outcome = Verification.TRUE if truthful else Verification.UNTRUE
    row.verified_at, row.verified_by, row.finding = step.now, step.actor, finding
    row.save(update_fields=["outcome", "verified_at", "verified_by", "finding"])
    supervision.close(kind=KIND, key=_key(row), at=step.now)
    kind = "commitment_untrue_revoked" if revoked else "commitment_untrue"
    event(
        step,
        "commitment_verified" if truthful else kind,
        by=case.lead_department,
        material=row.name,
        material_en=row.name_en or row.name,
        certificates="、".join(revoked),
    )
    return row


def untrue(case) -> bool:
    """A commitment of the case was found untrue: its decision can only be a denial."""
    return case.committed_materials.filter(outcome=Verification.UNTRUE).exists()


def close_open(case, at) -> None:
    """A case that ends before its commitments were checked (withdrawn, or refused at intake)
    leaves nothing to check: each stays on the case as not verified, its ledger matter closed."""
    if case.status in (Status.WITHDRAWN, Status.REFUSED):
        for row in case.committed_materials.filter(outcome=Verification.PENDING):
            row.outcome, row.verified_at = Verification.ENDED, at
            row.save(update_fields=["outcome", "verified_at"])
            supervision.close(kind=KIND, key=_key(row), at=at)
