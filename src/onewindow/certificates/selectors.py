"""Who sees which certificates: holders their own (证照库); a case the one it issued."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.catalog.models import Holder
from onewindow.certificates.models import Certificate
from onewindow.certificates.services import ID_INDEX
from onewindow.core.fields import blind_index


def _base() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("certificate_type", "issuer", "seal")


def held_by(user: User) -> QuerySet[Certificate]:
    """The user's own certificates: by ID number for citizens, by USCC for enterprises."""
    if not user.is_authenticated or user.is_official:
        return Certificate.objects.none()
    if user.kind == User.Kind.ENTERPRISE:
        if not user.uscc:
            return Certificate.objects.none()
        return _base().filter(holder_kind=Holder.ENTITY, holder_uscc=user.uscc)
    if not user.id_number_index:
        return Certificate.objects.none()
    return _base().filter(holder_kind=Holder.PERSON, holder_index=user.id_number_index)


def in_force(certificates: QuerySet[Certificate], today=None) -> QuerySet[Certificate]:
    today = today or timezone.localdate()
    return certificates.filter(revoked_at__isnull=True, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def held_of_type(user: User, type_code: str) -> Certificate | None:
    """The applicant's newest certificate of this type that is in force, if any."""
    return (
        in_force(held_by(user)).filter(certificate_type__code=type_code).order_by("-issued_at")
    ).first()


def person_holds(id_number: str, type_code: str) -> Certificate | None:
    """A person's newest certificate of this type in force, by their ID number."""
    if not id_number:
        return None
    held = _base().filter(
        holder_kind=Holder.PERSON,
        holder_index=blind_index(ID_INDEX, id_number),
        certificate_type__code=type_code,
    )
    return in_force(held).order_by("-issued_at").first()


def own(user: User, number: str) -> Certificate | None:
    return held_by(user).filter(number=number).first()


def of_case(case_number: str) -> Certificate | None:
    return _base().filter(case_number=case_number).first() if case_number else None
