"""Provider departments' SM2 keys and the signed envelope of an exchange response.

A response is signed over its canonical encoding: the envelope without ``signature``, as JSON
with sorted keys, no spaces, non-ASCII kept, UTF-8. Every value is a string, a list or an
object (no numbers), so any consumer that can write JSON can rebuild the exact bytes.
Private keys are stored SM4-GCM encrypted under a key derived from the master key, bound to
their key id; retired keys are kept so that what they signed still verifies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.core import audit, crypto, keystore
from onewindow.registry.models import ExchangeKey
from onewindow.registry.vocabulary import REGISTRIES

ALGORITHM = "SM2-SM3"
KEY_PURPOSE = "exchange-signing-sm4"


@transaction.atomic
def rotate(department: Department, *, actor=None) -> ExchangeKey:
    """Retire the department's active key (kept for verification) and create a new one."""
    ExchangeKey.objects.select_for_update().filter(
        department=department, retired_at__isnull=True
    ).update(retired_at=timezone.now())
    return _create(department, actor)


def _create(department: Department, actor) -> ExchangeKey:
    """A new active key; the one-active-key constraint refuses a second one."""
    now = timezone.now()
    new = keystore.new_key(KEY_PURPOSE, department.code, now)
    key = ExchangeKey.objects.create(
        key_id=new.key_id,
        department=department,
        public_key=new.public_key,
        private_key=new.wrapped_private_key,
        created_at=now,
    )
    audit.record(
        "registry.key_created",
        object_type="exchange_key",
        object_id=new.key_id,
        actor=actor,
        data={"department": department.code, "public_key": new.public_key},
    )
    return key


def active_key(department: Department) -> ExchangeKey:
    """The department's signing key, made on first use; two first uses agree on one key."""
    key = ExchangeKey.objects.filter(department=department, retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _create(department, None)
    except IntegrityError:  # another first use won; PostgreSQL waited for it to commit
        return ExchangeKey.objects.get(department=department, retired_at__isnull=True)


def canonical(envelope: dict) -> bytes:
    return keystore.canonical_json(
        {name: value for name, value in envelope.items() if name != "signature"}
    )


def sign(department: Department, envelope: dict) -> dict:
    key = active_key(department)
    private_key = keystore.unwrap_private_key(KEY_PURPOSE, key.key_id, key.private_key)
    value = crypto.sm2_sign(private_key, key.public_key, canonical(envelope))
    return {**envelope, "signature": {"algorithm": ALGORITHM, "key_id": key.key_id, "value": value}}


def sign_bytes(department: Department, data: bytes) -> tuple[str, str]:
    """The department's SM2 signature of ``data`` under its active key: (key id, signature).
    For documents with their own signature syntax (CAP alerts); the key is the one published
    at ``GET /api/v1/exchange/keys/``."""
    key = active_key(department)
    private_key = keystore.unwrap_private_key(KEY_PURPOSE, key.key_id, key.private_key)
    return key.key_id, crypto.sm2_sign(private_key, key.public_key, data)


def public_key(key_id: str) -> str | None:
    """The public key of a department key, active or retired; None if there is no such key."""
    return ExchangeKey.objects.filter(key_id=key_id).values_list("public_key", flat=True).first()


def verify(envelope: dict, published: Iterable[dict] | None = None, *, provider: str = "") -> bool:
    """True if the envelope's signature holds under the key it names, looked up in
    ``published`` (a copy of ``GET /api/v1/exchange/keys/``) or else in the database.

    The key must belong to the provider the answer names, which must be the registry's
    provider (and ``provider`` if given), and the answer must have been issued while the key
    was in force: a signature dated after the key's retirement is refused, so a retired key
    that leaks cannot sign new answers.
    """
    signature = envelope.get("signature")
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        return False
    named = envelope.get("provider")
    named = named.get("code") if isinstance(named, dict) else None
    code = envelope.get("registry")
    registry = REGISTRIES.get(code) if isinstance(code, str) else None
    if not isinstance(named, str) or (provider and named != provider):
        return False
    if registry is not None and named != registry.provider:  # only its provider answers for it
        return False
    key = _published_key(signature.get("key_id"), published)
    if key is None or key.get("department") != named:
        return False
    if not isinstance(signature.get("value"), str) or not isinstance(key.get("public_key"), str):
        return False
    issued, retired = _instant(envelope.get("issued_at")), _instant(key.get("retired_at"))
    if issued is None:
        return False
    if key.get("retired_at") is not None and (retired is None or issued >= retired):
        return False
    return crypto.sm2_verify(key["public_key"], signature["value"], canonical(envelope))


def _published_key(key_id, published: Iterable[dict] | None) -> dict | None:
    if not isinstance(key_id, str):
        return None
    if published is None:
        key = ExchangeKey.objects.filter(key_id=key_id).select_related("department").first()
        return _shown(key) if key is not None else None
    return next((k for k in published if isinstance(k, dict) and k.get("key_id") == key_id), None)


def _instant(value) -> datetime | None:
    """An ISO 8601 time with its offset, or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _shown(key: ExchangeKey) -> dict:
    return {
        "key_id": key.key_id,
        "department": key.department.code,
        "department_name": key.department.name,
        "algorithm": ALGORITHM,
        "public_key": key.public_key,
        "created_at": key.created_at.isoformat(),
        "retired_at": key.retired_at.isoformat() if key.retired_at else None,
    }


def published_keys() -> list[dict]:
    """Every provider key, active or retired with the time it was retired, as
    ``GET /api/v1/exchange/keys/`` shows it."""
    return [_shown(key) for key in ExchangeKey.objects.select_related("department")]
