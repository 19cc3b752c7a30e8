"""Pre-submission checks: an application that cannot succeed is said so before it is filed.

Three checks, run before a draft is started and on the check page:

- a married person applying for marriage registration (婚姻登记条例 Art. 6: 一方或者双方已有
  配偶的，不予登记; 民法典 Art. 1042: 禁止重婚). The applicant's own marital status is read
  from the population registry through the exchange, for the applicant's own application
  (purpose-bound, logged). The law leaves no way on: the finding blocks submission, and says
  how a wrong record is corrected. The other party named on the form is *not* read before
  submission: the exchange serves an application only the applicant's own record, and reading
  it would let anyone learn anyone's marital status by typing an ID number. The registry
  checks both parties at the appointment (婚姻登记条例 Art. 5).
- a joint measure (联合奖惩, ``joint_measures``) that would refuse an enterprise's application
  at submission, read through the signed exchange for the applicant's own application: said
  before a new draft, so before any form is filled in, with the measure, its basis and how to
  repair credit (a draft begun earlier is refused at submission, in the same words).
- a case for the same service by the same applicant still open. Applying twice is lawful
  (another shop, another child), so this only warns, and the applicant continues by saying so.

Only the applicant's own cases and record are looked at, so no one learns of another's case.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.cases.measure_models import Effect
from onewindow.cases.models import OPEN_STATUSES, Case
from onewindow.catalog.models import ServiceItem
from onewindow.registry import exchange
from onewindow.registry.models import MaritalStatus
from onewindow.registry.vocabulary import PERSON

MARRIAGE_CERTIFICATE = "marriage_certificate"
MARRIED = "married"
DUPLICATE = "duplicate"
CREDIT = "credit"
ACKNOWLEDGE_FIELD = "acknowledge"


@dataclass(frozen=True)
class Finding:
    """Why an application may not succeed. ``blocking``: the law allows no way on."""

    code: str
    message: str
    blocking: bool
    case_number: str = ""
    uscc: str = ""  # the enterprise whose public credit record explains it


def is_marriage_registration(item: ServiceItem) -> bool:
    """The item registers a marriage: it issues the marriage certificate."""
    certificate = item.output_certificate
    return certificate is not None and certificate.code == MARRIAGE_CERTIFICATE


def registry_needs(item: ServiceItem) -> dict[str, set[str]]:
    """Registry fields the checks read for ``item``, by registry (for the catalogue grants)."""
    if is_marriage_registration(item):
        return {PERSON.code: {"marital_status"}}
    return {}


def _party_ids(item: ServiceItem, form_data: dict) -> set[str]:
    properties = (item.form_schema or {}).get("properties", {})
    return {
        str(form_data.get(name, "")).strip().upper()
        for name, field in properties.items()
        if field.get("format") == "id-number" and form_data.get(name)
    }


def _married(applicant: User, item: ServiceItem, form_data: dict) -> Finding | None:
    if applicant.kind != User.Kind.CITIZEN or not applicant.id_number:
        return None
    if not is_marriage_registration(item):
        return None
    parties = _party_ids(item, form_data)
    if parties and applicant.id_number.upper() not in parties:
        return None  # the form names two other people; the registry checks them in person
    try:
        answer = exchange.query(
            reader=None,
            consumer=item.lead_department,
            registry=PERSON.code,
            key=applicant.id_number,
            fields=["marital_status"],
            purpose=_("Checking that the application for %(item)s can succeed")
            % {"item": item.name},
            applicant=applicant,
        )
    except ValidationError:
        return None
    if not answer.served or answer.envelope["data"].get("marital_status") != MaritalStatus.MARRIED:
        return None
    return Finding(
        code=MARRIED,
        blocking=True,
        message=_(
            "The population registry records you as married. A marriage is not registered "
            "when either party already has a spouse (Regulations on Marriage Registration "
            "Art. 6). If the record is wrong, for example a divorce that is not yet recorded, "
            "ask the police station of your household registration to correct it first."
        ),
    )


def _credit(applicant: User, item: ServiceItem) -> Finding | None:
    # registry_data reads this module's registry_needs when it is imported: import it here
    from onewindow.cases import joint_measures, registry_data

    if applicant.kind != User.Kind.ENTERPRISE or not applicant.uscc:
        return None
    if not any(m.effect == Effect.BLOCK for m in joint_measures.measures_for(item)):
        return None
    intake = joint_measures.evaluate(
        applicant, item, item.lead_department, registry_data.applicant_check
    )
    if not intake.refusal:
        return None
    record = next((f.get("entity") for f in intake.refused_flags if f.get("entity")), None)
    return Finding(
        code=CREDIT,
        blocking=True,
        message=intake.refusal,
        uscc=(record or {}).get("uscc") or applicant.uscc,
    )


def _duplicate(applicant: User, item: ServiceItem, draft=None) -> Finding | None:
    cases = Case.objects.filter(applicant_id=applicant.pk, item=item, status__in=OPEN_STATUSES)
    if draft is not None and draft.case_id:
        cases = cases.exclude(pk=draft.case_id)
    case = cases.order_by("-submitted_at", "-pk").first()
    if case is None:
        return None
    return Finding(
        code=DUPLICATE,
        blocking=False,
        case_number=case.number,
        message=_(
            "You already have case %(number)s open for this service. Check it before you "
            "apply again: a second application is only needed for a different matter."
        )
        % {"number": case.number},
    )


def check(applicant: User, item: ServiceItem, draft=None) -> list[Finding]:
    """What may stop ``applicant``'s application for ``item`` (the draft's values, if any)."""
    if not applicant.is_authenticated or applicant.is_official:
        return []
    form_data = draft.form_data if draft is not None else {}
    found = [
        _married(applicant, item, form_data),
        # before a new draft only: submission checks again, with the same words, and one read
        # of the enterprise's record per application is all its data-use log needs to show
        _credit(applicant, item) if draft is None else None,
        _duplicate(applicant, item, draft),
    ]
    return [finding for finding in found if finding is not None]


def require_passable(findings: list[Finding], acknowledged) -> None:
    """Refuse (a ValidationError on ``acknowledge``) a blocking finding, or a warning the
    applicant has not deliberately acknowledged."""
    acknowledged = set(acknowledged or ())
    blocking = [f.message for f in findings if f.blocking]
    if blocking:
        raise ValidationError({ACKNOWLEDGE_FIELD: blocking})
    unconfirmed = [f for f in findings if f.code not in acknowledged]
    if unconfirmed:
        raise ValidationError(
            {ACKNOWLEDGE_FIELD: [_("Confirm that you want to continue despite the warning above.")]}
        )
