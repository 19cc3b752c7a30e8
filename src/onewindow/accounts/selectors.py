"""Reads of accounts and departments."""

from __future__ import annotations

from django.db.models import QuerySet

from onewindow.accounts.models import Department, RoleAssignment, SavedFilter, User
from onewindow.accounts.services import ID_INDEX, PHONE_INDEX
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import normalize_id_number, normalize_phone


def user_by_id_number(id_number: str) -> User | None:
    """Exact lookup through the blind index; the ID number itself is never queried."""
    key = blind_index(ID_INDEX, normalize_id_number(id_number))
    return User.objects.filter(id_number_index=key).first() if key else None


def user_by_phone(phone: str) -> User | None:
    """The account bound to a mobile number, found through the blind index; ``None`` if none.

    Raises ``User.MultipleObjectsReturned`` when several accounts share the number.
    """
    key = blind_index(PHONE_INDEX, normalize_phone(phone))
    found = list(User.objects.filter(phone_index=key).order_by("pk")[:2]) if key else []
    if len(found) > 1:
        raise User.MultipleObjectsReturned("several accounts use this mobile number")
    return found[0] if found else None


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user).select_related("department")


def has_role(user: User, role: str, department: Department | None = None) -> bool:
    qs = RoleAssignment.objects.filter(user=user, role=role)
    if department is not None:
        qs = qs.filter(department=department)
    return user.is_authenticated and qs.exists()


def department_ancestors(department: Department) -> list[Department]:
    chain, current = [], department.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def department_descendants(department: Department) -> list[Department]:
    found, frontier = [], [department.pk]
    while frontier:
        children = list(Department.objects.filter(parent_id__in=frontier))
        found.extend(children)
        frontier = [c.pk for c in children]
    return found


def saved_filters(user: User) -> QuerySet[SavedFilter]:
    """The user's own saved searches, by name."""
    if not user.is_authenticated:
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(user=user).order_by("name", "pk")
