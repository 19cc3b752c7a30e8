"""The signed form of a certificate.

The seal signs (SM2 with SM3, GB/T 32918) the canonical encoding of the certificate's
document: number, type, holder (name and full ID number or USCC), issuer, issue time,
validity, every printed field and the case it came from, plus the seal's key id. Every value
is a string, so anyone with the published seal keys can rebuild the exact bytes from the
envelope ``{"certificate": …, "digest": …, "signature": {…}}`` a holder downloads.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from onewindow.certificates import seals
from onewindow.certificates.models import Certificate, Seal
from onewindow.core import crypto, keystore

FORMAT = "onewindow-certificate/1"
CHINA = ZoneInfo("Asia/Shanghai")  # issue times are signed in Beijing time


def document(certificate: Certificate) -> dict:
    return {
        "format": FORMAT,
        "number": certificate.number,
        "type": {"code": certificate.certificate_type.code, "name": certificate.type_name},
        "holder": {
            "kind": certificate.holder_kind,
            "name": certificate.holder_name,
            "id": certificate.holder_id,
        },
        "issuer": {"code": certificate.issuer.code, "name": certificate.issuer_name},
        "issued_at": certificate.issued_at.astimezone(CHINA).isoformat(timespec="seconds"),
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else "",
        "fields": [
            {"key": f["key"], "title": f["title"], "value": f["value"]} for f in certificate.fields
        ],
        "case_number": certificate.case_number,
        "seal": {"key_id": certificate.seal.key_id, "algorithm": seals.ALGORITHM},
    }


def digest(body: dict) -> str:
    return crypto.sm3_hex(keystore.canonical_json(body))


def sign(certificate: Certificate) -> None:
    """Set the certificate's digest and its seal's signature over the document."""
    body = document(certificate)
    certificate.digest = digest(body)
    certificate.signature = seals.sign(certificate.seal, keystore.canonical_json(body))


def envelope(certificate: Certificate) -> dict:
    """What the holder downloads and a verifier posts back."""
    return {
        "certificate": document(certificate),
        "digest": certificate.digest,
        "signature": {
            "algorithm": seals.ALGORITHM,
            "key_id": certificate.seal.key_id,
            "value": certificate.signature,
        },
    }


def signature_holds(body: dict, signature: str, seal: Seal) -> bool:
    """True if ``seal`` signed exactly ``body``, and did so while it was valid."""
    issued_on = str(body.get("issued_at", ""))[:10]
    in_period = seal.valid_from.isoformat() <= issued_on <= seal.valid_until.isoformat()
    return in_period and crypto.sm2_verify(
        seal.public_key, signature, keystore.canonical_json(body)
    )
