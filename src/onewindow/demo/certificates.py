"""Demo e-certificates: every issuing department's seal, and certificates the demo accounts
already hold (存量证照) so that their applications reuse them instead of asking for copies."""

from __future__ import annotations

from datetime import date

from onewindow.accounts.models import Department, User
from onewindow.catalog.models import CertificateType
from onewindow.certificates import seals, services
from onewindow.certificates.models import Certificate

DATES = {"properties": {"birth_date": {"type": "string", "format": "date"}}}


def _holds(user: User, type_code: str) -> bool:
    holder = services.HolderIdentity.of(user)
    found = Certificate.objects.filter(certificate_type__code=type_code)
    if holder.uscc:
        return found.filter(holder_uscc=holder.uscc).exists()
    return found.filter(holder_index=user.id_number_index).exists()


def _issue(user: User, type_code: str, form: dict, valid_from: date) -> None:
    if _holds(user, type_code):
        return
    services.issue(
        certificate_type=CertificateType.objects.get(code=type_code),
        holder=services.HolderIdentity.of(user),
        facts=services.Facts(form=form, form_schema=DATES),
        valid_from=valid_from,  # issued here today, in force since the paper original
    )


def ensure() -> dict[str, int]:
    """Idempotent: seals for the issuers (the key ceremony), then the accounts' certificates."""
    issuers = Department.objects.filter(pk__in=CertificateType.objects.values("issuer")).order_by(
        "code"
    )
    for department in issuers:
        seals.active_seal(department)
    citizen = User.objects.get(username="citizen")
    enterprise = User.objects.get(username="enterprise")
    born = citizen.id_number[6:14]
    _issue(
        citizen,
        "resident_id_card",
        {
            "sex": "男" if int(citizen.id_number[16]) % 2 else "女",
            "ethnicity": "汉",
            "birth_date": f"{born[:4]}-{born[4:6]}-{born[6:]}",
            "address": "广州市天河区体育西路103号",
        },
        date(2021, 6, 1),
    )
    _issue(
        enterprise,
        "business_licence",
        {
            "company_type": "有限责任公司（自然人投资或控股）",
            "address": "广州市天河区体育西路103号",
        },
        date(2021, 6, 1),
    )
    return {"seals": issuers.count(), "certificates": Certificate.objects.count()}
