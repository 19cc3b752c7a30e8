"""Departments' e-seals (电子印章): the key ceremony, rotation, and the published public keys.

A seal is an SM2 key pair. Its private key is wrapped SM4-GCM under a key derived from the
master key (``ONEWINDOW_DATA_KEY``), bound to the seal's key id; the database never holds it
in clear and no log line carries it. Rotation retires the active seal and makes a new one; a
retired seal still verifies what it signed while it was valid.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.certificates.models import Seal
from onewindow.core import audit, crypto, keystore

ALGORITHM = "SM2-SM3"
KEY_PURPOSE = "e-seal-sm4"
SEAL_YEARS = 3


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def rotate(department: Department, *, years: int = SEAL_YEARS, actor=None) -> Seal:
    """Retire the department's active seal (kept for verification) and make a new one."""
    Seal.objects.select_for_update().filter(department=department, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    return _create(department, years, actor)


def _create(department: Department, years: int, actor) -> Seal:
    """A new active seal; the one-active-seal constraint refuses a second one."""
    now = timezone.now()
    today = timezone.localdate(now)
    key = keystore.new_key(KEY_PURPOSE, department.code, now)
    seal = Seal.objects.create(
        key_id=key.key_id,
        department=department,
        name=department.name,
        public_key=key.public_key,
        private_key=key.wrapped_private_key,
        valid_from=today,
        valid_until=years_later(today, years) - timedelta(days=1),
        created_at=now,
    )
    audit.record(
        "certificates.seal_created",
        object_type="seal",
        object_id=key.key_id,
        actor=actor,
        data={
            "department": department.code,
            "public_key": key.public_key,
            "valid_until": seal.valid_until.isoformat(),
        },
    )
    return seal


def active_seal(department: Department) -> Seal:
    """The seal that signs today; made (or renewed once expired) on first use.

    Two first uses at once agree on one seal: the loser of the one-active-seal constraint
    reads the winner's.
    """
    today = timezone.localdate()
    seal = Seal.objects.filter(department=department, retired_at__isnull=True).first()
    if seal is not None and seal.valid_from <= today <= seal.valid_until:
        return seal
    if seal is not None:  # out of its validity: renew it, once
        with transaction.atomic():
            expired = Seal.objects.select_for_update().get(pk=seal.pk)
            if expired.retired_at is None:
                return rotate(department)
    try:
        with transaction.atomic():
            return _create(department, SEAL_YEARS, None)
    except IntegrityError:  # another first use won; PostgreSQL waited for it to commit
        return Seal.objects.get(department=department, retired_at__isnull=True)


def sign(seal: Seal, data: bytes) -> str:
    private_key = keystore.unwrap_private_key(KEY_PURPOSE, seal.key_id, seal.private_key)
    return crypto.sm2_sign(private_key, seal.public_key, data)


def published() -> list[dict]:
    """Every seal, active or retired, as ``GET /api/v1/seals/`` shows it."""
    return [
        {
            "key_id": seal.key_id,
            "department": seal.department.code,
            "department_name": seal.department.name,
            "seal_text": seal.name,
            "algorithm": ALGORITHM,
            "public_key": seal.public_key,
            "valid_from": seal.valid_from.isoformat(),
            "valid_until": seal.valid_until.isoformat(),
            "retired_at": seal.retired_at.isoformat() if seal.retired_at else None,
        }
        for seal in Seal.objects.select_related("department")
    ]
