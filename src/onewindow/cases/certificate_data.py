"""E-certificates in a case: the grant issues one, and an application reuses the ones the
applicant already holds (免提交) instead of asking for a paper copy."""

from __future__ import annotations

from dataclasses import dataclass

from onewindow.accounts.models import User
from onewindow.cases import registry_data
from onewindow.cases.engine import Step, event
from onewindow.cases.models import Case, MaterialSource
from onewindow.catalog.models import CertificateType, Holder
from onewindow.certificates import presentation, selectors, services, verification
from onewindow.certificates.models import Certificate
from onewindow.certificates.verification import Verdict


def issue_for_grant(step: Step) -> Certificate | None:
    """Issue the item's output certificate, signed by the issuer's seal, to the applicant or
    to the person the item's output names (an employee, a newborn)."""
    case = step.case
    certificate_type = case.item.output_certificate
    if certificate_type is None:
        return None
    facts = services.Facts(
        form=case.form_data,
        form_schema=case.item.form_schema or {},
        case_number=case.number,
        decided_on=case.decided_on,
        item_name=case.item.name,
    )
    named = case.item.output_holder
    certificate = services.issue(
        certificate_type=certificate_type,
        holder=services.HolderIdentity.named(named, facts)
        if named
        else services.HolderIdentity.of(case.applicant),
        facts=facts,
        actor=step.actor,
        issued_at=step.now,
    )
    event(
        step,
        "certificate_issued",
        by=certificate_type.issuer,
        certificate=certificate.type_name,
        certificate_number=certificate.number,
    )
    return certificate


def attach_held(case: Case) -> int:
    """Link each 免提交 e-certificate material to a certificate of that type in force: the
    applicant's own, or for an enterprise a person's certificate (an ID card) held by its
    legal representative, found through the legal entity registry. The reviewers then see
    it verified. Returns how many were attached."""
    attached = 0
    materials = case.materials.filter(
        source=MaterialSource.CERTIFICATE, superseded=False, certificate__isnull=True
    )
    holders = {
        t.code: t.holder
        for t in CertificateType.objects.filter(
            code__in=[m.reference.split(":", 1)[-1] for m in materials]
        )
    }
    representative = None
    for material in materials:
        type_code = material.reference.split(":", 1)[-1]
        held = selectors.held_of_type(case.applicant, type_code)
        if held is None and _for_representative(case, holders.get(type_code)):
            if representative is None:
                representative = registry_data.representative_id_number(case)
            held = selectors.person_holds(representative, type_code)
        if held is not None:
            material.certificate = held
            material.save(update_fields=["certificate"])
            attached += 1
    return attached


def _for_representative(case: Case, holder: str | None) -> bool:
    return holder == Holder.PERSON and case.applicant.kind == User.Kind.ENTERPRISE


def issued(case: Case) -> Certificate | None:
    return selectors.of_case(case.number)


@dataclass(frozen=True)
class CertificateCheck:
    """An e-certificate as a case page shows it: its data and whether it holds now."""

    certificate: Certificate
    verdict: Verdict
    holder_name: str
    holder_id: str
    rows: list
    validity: str
    verify_url: str

    @property
    def valid(self) -> bool:
        return self.verdict.status == verification.Status.VALID


def check(certificate: Certificate | None) -> CertificateCheck | None:
    if certificate is None:
        return None
    name, identifier = presentation.holder_shown(certificate)
    return CertificateCheck(
        certificate=certificate,
        verdict=verification.verify(certificate),
        holder_name=name,
        holder_id=identifier,
        rows=presentation.field_rows(certificate),
        validity=presentation.validity_text(certificate),
        verify_url=presentation.verify_url(certificate),
    )
