"""Is this certificate genuine and in force? valid / revoked / expired / tampered / not found.

By number, the caller must also give the verification code printed next to it; a wrong code
answers exactly like a number that does not exist. The stored certificate is re-encoded and
checked against its seal's signature, so a changed field in the database shows as tampered.
A posted envelope (what the holder downloaded) must agree with itself (its digest is the SM3
of its data), then is checked against the published seal key it names, then against the
register for revocation and expiry. A signature check comes first: a forged certificate is
never reported as merely revoked or expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onewindow.certificates import codes, signing
from onewindow.certificates.models import Certificate, Seal


class Status:
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"
    TAMPERED = "tampered"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str
    number: str
    certificate: Certificate | None = None

    @property
    def genuine(self) -> bool:
        return self.status in (Status.VALID, Status.REVOKED, Status.EXPIRED)


def _load(number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("certificate_type", "issuer", "seal")
        .filter(number=number)
        .first()
    )


def _standing(certificate: Certificate, today: date) -> Verdict:
    """Revoked or expired or valid, for a certificate whose signature holds."""
    number = certificate.number
    if certificate.revoked_at is not None:
        return Verdict(
            Status.REVOKED,
            _("Revoked by %(issuer)s on %(day)s: %(reason)s")
            % {
                "issuer": certificate.issuer_name,
                "day": date_format(timezone.localdate(certificate.revoked_at)),
                "reason": certificate.revocation_reason,
            },
            number,
            certificate,
        )
    if certificate.valid_until is not None and certificate.valid_until < today:
        return Verdict(
            Status.EXPIRED,
            _("The certificate was valid until %(day)s.")
            % {"day": date_format(certificate.valid_until)},
            number,
            certificate,
        )
    if certificate.valid_from > today:
        return Verdict(
            Status.EXPIRED,
            _("The certificate is valid only from %(day)s.")
            % {"day": date_format(certificate.valid_from)},
            number,
            certificate,
        )
    return Verdict(
        Status.VALID,
        _("The seal of %(issuer)s signed this certificate and it is in force.")
        % {"issuer": certificate.issuer_name},
        number,
        certificate,
    )


def verify_number(number: str, code: str, *, today: date | None = None) -> Verdict:
    """Public verification by the number and the verification code printed next to it.

    An unknown number and a wrong code get the same verdict, compared in constant time, so
    a guessed (sequential) number reveals nothing.
    """
    number = (number or "").strip().upper()
    certificate = _load(number)
    if not codes.matches(code, certificate.verification_code if certificate else None):
        return Verdict(
            Status.NOT_FOUND, _("No certificate has this number and verification code."), number
        )
    return verify(certificate, today=today)


def verify(certificate: Certificate, *, today: date | None = None) -> Verdict:
    """The verdict on a certificate already loaded (with its type, issuer and seal)."""
    body = signing.document(certificate)
    if signing.digest(body) != certificate.digest or not signing.signature_holds(
        body, certificate.signature, certificate.seal
    ):
        return Verdict(
            Status.TAMPERED,
            _("The certificate's data no longer matches the seal's signature."),
            certificate.number,
            certificate,
        )
    return _standing(certificate, today or timezone.localdate())


def verify_envelope(envelope, *, today: date | None = None) -> Verdict:
    """Check a downloaded certificate (``signing.envelope``) as posted by a verifier."""
    body = envelope.get("certificate") if isinstance(envelope, dict) else None
    signature = envelope.get("signature") if isinstance(envelope, dict) else None
    if not isinstance(body, dict) or not isinstance(signature, dict):
        return Verdict(
            Status.TAMPERED, _("This is not a certificate document: it has no signature."), ""
        )
    number = str(body.get("number", ""))
    try:
        actual = signing.digest(body)
    except UnicodeEncodeError:  # a lone surrogate: no certificate encodes to that
        return Verdict(
            Status.TAMPERED, _("This is not a certificate document: it cannot be encoded."), ""
        )
    if envelope.get("digest") != actual:
        return Verdict(
            Status.TAMPERED,
            _("The digest in this copy does not match its data: the copy contradicts itself."),
            number,
        )
    seal = Seal.objects.filter(key_id=str(signature.get("key_id", ""))).first()
    if seal is None:
        return Verdict(Status.TAMPERED, _("No published e-seal has this key id."), number)
    value = signature.get("value")
    if not isinstance(value, str) or not signing.signature_holds(body, value, seal):
        return Verdict(
            Status.TAMPERED,
            _("The seal's signature does not match this data: something was changed."),
            number,
        )
    certificate = _load(number)
    if certificate is None or signing.document(certificate) != body:
        return Verdict(
            Status.TAMPERED,
            _("The signature holds, but the issuer's register holds no such certificate."),
            number,
        )
    return _standing(certificate, today or timezone.localdate())
