"""A certificate as people see it: the public verification view (only what showing the
certificate presents), the holder's own view, and the printable form the PDF is drawn from."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.catalog.models import Holder, localized, localized_entry
from onewindow.certificates import codes, signing, verification
from onewindow.certificates.models import Certificate
from onewindow.certificates.rendering import Printable, render
from onewindow.certificates.verification import Status, Verdict

STATUS_LABELS = {
    Status.VALID: gettext_lazy("Valid"),
    Status.REVOKED: gettext_lazy("Revoked"),
    Status.EXPIRED: gettext_lazy("Expired"),
    Status.TAMPERED: gettext_lazy("Tampered: not genuine"),
    Status.NOT_FOUND: gettext_lazy("Not found"),
}
WATERMARKS = {Status.REVOKED: "已撤销", Status.EXPIRED: "已过期", Status.TAMPERED: "数据已被篡改"}


def mask_name(name: str) -> str:
    """张晓明 -> 张*明, 王丽 -> 王*: enough to recognise, not enough to identify."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def verify_url(certificate: Certificate) -> str:
    """The public verification page of this certificate, with its code: what the QR code holds."""
    path = reverse("portal:certificate-verify", args=[certificate.number])
    query = urlencode({"code": certificate.verification_code})
    return f"{settings.ONEWINDOW_PUBLIC_URL}{path}?{query}"


@dataclass(frozen=True)
class Row:
    key: str
    title: str
    value: str


def field_rows(certificate: Certificate) -> list[Row]:
    """The printed fields, titled in the reader's language where the type says how."""
    titles = {entry["key"]: entry for entry in certificate.certificate_type.fields}
    return [
        Row(
            row["key"],
            localized_entry(titles[row["key"]], "title") if row["key"] in titles else row["title"],
            row["value"],
        )
        for row in certificate.fields
    ]


def validity_text(certificate: Certificate) -> str:
    start = date_format(certificate.valid_from)
    if certificate.valid_until is None:
        return _("From %(start)s, long-term") % {"start": start}
    return _("%(start)s to %(end)s") % {"start": start, "end": date_format(certificate.valid_until)}


def holder_shown(certificate: Certificate) -> tuple[str, str]:
    """(name, identifier) for the holder and the issuing department: the ID number masked."""
    if certificate.holder_kind == Holder.PERSON:
        return certificate.holder_name, certificate.holder_id_masked
    return certificate.holder_name, certificate.holder_uscc


def public_holder_name(certificate: Certificate) -> str:
    """A person's name masked (张*明); an entity's name is public in the enterprise credit
    register (企业信息公示暂行条例 Art. 6), so it is shown whole."""
    if certificate.holder_kind == Holder.PERSON:
        return mask_name(certificate.holder_name)
    return certificate.holder_name


def public_view(verdict: Verdict) -> dict:
    """The answer of the verification page and of both verification endpoints.

    Only what the holder presents by showing the certificate: its type, issuer, validity and
    status, and the holder's masked name. Never the ID number (not even masked), the printed
    fields, the issue time or the digest: a masked ID with a birth date and an address
    rebuilds the whole number, and the digest with the rest of the data lets anyone test
    guesses of it (issue 18, finding 1).
    """
    answer = {
        "number": verdict.number,
        "status": verdict.status,
        "status_label": str(STATUS_LABELS[verdict.status]),
        "reason": verdict.reason,
        "checked_at": timezone.now().isoformat(timespec="seconds"),
        "certificate": None,
    }
    certificate = verdict.certificate
    if certificate is not None and verdict.genuine:
        answer["certificate"] = {
            "type": certificate.certificate_type.code,
            "type_name": localized(certificate.certificate_type, "name"),
            "holder_kind": certificate.holder_kind,
            "holder_name": public_holder_name(certificate),
            "issuer": certificate.issuer.code,
            "issuer_name": certificate.issuer_name,
            "valid_from": certificate.valid_from.isoformat(),
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        }
    return answer


def printable(certificate: Certificate, verdict: Verdict | None = None) -> Printable:
    """What ``rendering.render`` draws; the watermark says if it is no longer in force."""
    person = certificate.holder_kind == Holder.PERSON
    return Printable(
        number=certificate.number,
        verification_code=codes.grouped(certificate.verification_code),
        type_name=certificate.type_name,
        holder_label="持证人" if person else "持证主体",
        holder_name=certificate.holder_name,
        holder_id_label="公民身份号码" if person else "统一社会信用代码",
        holder_id=certificate.holder_id_masked or "—",
        fields=tuple((row["title"], row["value"] or "—") for row in certificate.fields),
        issuer_name=certificate.issuer_name,
        issued_on=timezone.localdate(certificate.issued_at),
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        verify_url=verify_url(certificate),
        digest=certificate.digest,
        key_id=certificate.seal.key_id,
        status_note=WATERMARKS.get(verdict.status, "") if verdict else "",
    )


def pdf(certificate: Certificate) -> bytes:
    """The certificate as a PDF, marked if it is revoked, expired or tampered with."""
    return render(printable(certificate, verification.verify(certificate)))


def file_name(certificate: Certificate) -> str:
    return f"{certificate.number}.pdf"


def pdf_response(certificate: Certificate, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(pdf(certificate), content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name(certificate)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def envelope_response(certificate: Certificate) -> HttpResponse:
    """The signed data as a JSON file the holder can hand to a verifier."""
    body = json.dumps(signing.envelope(certificate), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
