"""Issuing and revoking e-certificates, and recording expiry; each with an audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, User
from onewindow.accounts.selectors import has_role
from onewindow.catalog.certificate_layout import split_source
from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import CertificateType, Holder
from onewindow.certificates import codes, seals, signing
from onewindow.certificates.models import Certificate, CertificateSequence
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.core.fields import blind_index
from onewindow.core.models import Division
from onewindow.core.pdf import format_date

ID_INDEX = "id_number"  # the purpose accounts.User's id_number_index is keyed with
MAX_REASON = 500


@dataclass(frozen=True)
class HolderIdentity:
    """Who a certificate is issued to: a person by ID number, an entity by USCC."""

    kind: str
    name: str
    id_number: str = ""
    uscc: str = ""

    @classmethod
    def named(cls, named: dict, facts: Facts) -> HolderIdentity:
        """A person the application names (``output.holder``): an employee, a newborn. A
        foreigner or a newborn may have no ID number; then the certificate is in no wallet
        and the applicant keeps it from the case."""
        return cls(
            Holder.PERSON,
            first_value(named.get("name"), facts),
            id_number=first_value(named.get("id_number"), facts),
        )

    @classmethod
    def of(cls, user: User) -> HolderIdentity:
        if user.kind == User.Kind.ENTERPRISE:
            return cls(Holder.ENTITY, user.enterprise_name, uscc=user.uscc)
        return cls(Holder.PERSON, user.real_name, id_number=user.id_number)


@dataclass(frozen=True)
class Facts:
    """What a grant knows, for the certificate type's field sources to draw on."""

    form: dict = field(default_factory=dict)
    form_schema: dict = field(default_factory=dict)
    case_number: str = ""
    decided_on: date | None = None
    item_name: str = ""


def _words(value, spec: dict) -> str:
    """A form value as printed: division codes as names, dates and lists in Chinese style."""
    if value in (None, "", []):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_words(v, spec) for v in value)
    if spec.get("format") == "division":
        division = Division.objects.filter(code=str(value)).first()
        return division.name if division else str(value)
    if spec.get("format") == "date":
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def _value(source: str, facts: Facts) -> str:
    kind, argument = split_source(source)
    if kind == "text":
        return argument
    if kind == "form":
        spec = (facts.form_schema.get("properties") or {}).get(argument) or {}
        if field_kind(spec) == "file":
            return ""
        return _words(facts.form.get(argument), spec)
    if kind == "case.number":
        return facts.case_number
    if kind == "case.decided_on":
        return format_date(facts.decided_on) if facts.decided_on else ""
    if kind == "item.name":
        return facts.item_name
    return ""


def printed_fields(certificate_type: CertificateType, facts: Facts) -> list[dict]:
    """Each field of the type with the first source that has a value ("" if none does)."""
    return [
        {"key": e["key"], "title": e["title"], "value": first_value(e.get("from"), facts)}
        for e in certificate_type.fields
    ]


def first_value(sources, facts: Facts) -> str:
    """The value of the first source that has one, or ""."""
    return next((v for v in (_value(str(s), facts) for s in sources or []) if v), "")


def _next_number(issuer: Department, year: int) -> str:
    """Issuer code + year + sequence, e.g. 440100-SCJG-2026-000042."""
    last = core_services.take_next(CertificateSequence, issuer=issuer, year=year)
    return f"{issuer.code}-{year}-{last:06d}"


def _check_holder(holder: HolderIdentity) -> None:
    problems = {}
    if not holder.name.strip():
        problems["holder"] = [_("The holder has no name.")]
    if holder.kind == Holder.ENTITY and not holder.uscc:
        problems["holder"] = [_("An entity's certificate needs the holder's USCC.")]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def issue(
    *,
    certificate_type: CertificateType,
    holder: HolderIdentity,
    facts: Facts,
    actor=None,
    valid_from: date | None = None,
    issued_at: datetime | None = None,
) -> Certificate:
    """Number, fill, sign (the issuer's active seal) and store one certificate."""
    _check_holder(holder)
    issued_at = (issued_at or timezone.now()).replace(microsecond=0)
    valid_from = valid_from or timezone.localdate(issued_at)
    issuer = certificate_type.issuer
    years = certificate_type.validity_years
    certificate = Certificate(
        number=_next_number(issuer, timezone.localdate(issued_at).year),
        verification_code=codes.new(),
        certificate_type=certificate_type,
        type_name=certificate_type.name,
        issuer=issuer,
        issuer_name=issuer.name,
        seal=seals.active_seal(issuer),
        holder_kind=holder.kind,
        holder_name=holder.name.strip(),
        holder_id_number=holder.id_number if holder.kind == Holder.PERSON else "",
        holder_index=blind_index(ID_INDEX, holder.id_number) if holder.id_number else "",
        holder_uscc=holder.uscc if holder.kind == Holder.ENTITY else "",
        fields=printed_fields(certificate_type, facts),
        issued_at=issued_at,
        valid_from=valid_from,
        valid_until=seals.years_later(valid_from, years) - timedelta(days=1) if years else None,
        case_number=facts.case_number,
    )
    signing.sign(certificate)
    certificate.save()
    audit.record(
        "certificates.issued",
        object_type="certificate",
        object_id=certificate.number,
        actor=actor,
        data={
            "type": certificate_type.code,
            "issuer": issuer.code,
            "case": facts.case_number,
            "digest": certificate.digest,
            "seal": certificate.seal.key_id,
        },
    )
    return certificate


@transaction.atomic
def revoke(*, number: str, actor: User, reason: str) -> Certificate:
    """The issuer's head revokes a certificate, giving the reason the verifier will see."""
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("issuer", "certificate_type")
        .filter(number=number)
        .first()
    )
    if certificate is None:
        raise ValidationError({"number": [_("There is no certificate %(n)s.") % {"n": number}]})
    if not has_role(actor, Role.HEAD, certificate.issuer):
        raise PermissionDenied(
            _("Only a head of %(department)s may revoke its certificates.")
            % {"department": certificate.issuer.name}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for revoking the certificate.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("Keep the reason under %(n)d characters.") % {"n": MAX_REASON}]}
        )
    if certificate.revoked_at is not None:
        raise ValidationError({"number": [_("This certificate is already revoked.")]})
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason, certificate.revoked_by = reason, actor
    certificate.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    audit.record(
        "certificates.revoked",
        object_type="certificate",
        object_id=certificate.number,
        actor=actor,
        data={"reason": reason, "issuer": certificate.issuer.code},
    )
    return certificate


def record_expiries(*, today: date | None = None) -> list[str]:
    """Stamp and audit each certificate whose validity ended before ``today``."""
    today = today or timezone.localdate()
    numbers = list(
        Certificate.objects.filter(
            valid_until__lt=today, expired_at__isnull=True, revoked_at__isnull=True
        ).values_list("number", flat=True)
    )
    for number in numbers:
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(number=number)
            if certificate.expired_at is not None:
                continue
            certificate.expired_at = timezone.now()
            certificate.save(update_fields=["expired_at"])
            audit.record(
                "certificates.expired",
                object_type="certificate",
                object_id=number,
                data={"valid_until": certificate.valid_until.isoformat()},
            )
    return numbers
