"""Writes on the resources themselves: add or change one, record how many people a shelter
holds. Each one transaction, audited; the keeper department's desk does them
(``authority.keeping_for``). Dispatching a resource is in ``dispatches``.

突发事件应对法 (2007) Art. 19 (shelters), 26 (rescue teams) and 32 (stocks of supplies): the
resources a government keeps ready, each with its place and a person to call.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.emergency import authority, checks
from onewindow.emergency.resource_models import (
    FIRST_STATUS,
    SET_BY_HAND,
    Resource,
    ResourceKind,
    ResourceStatus,
)
from onewindow.registry import geo

MAX_COUNT = 10_000_000
PLACES = Decimal("0.000001")
FIELDS = ("name", "name_en", "address", "contact_name", "phone", "capacity", "quantity", "unit",
          "unit_en", "speciality", "speciality_en", "latitude", "longitude", "status")  # fmt: skip


def count(data: dict, field: str, *, required: bool = False, least: int = 0) -> int:
    """A whole number from ``least`` to 10,000,000; 0 when not given unless ``required``."""
    value = data.get(field)
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if not least <= number <= MAX_COUNT:
        raise ValidationError(
            {field: _("Enter a number from %(least)s to 10,000,000.") % {"least": least}}
        )
    return number


def clean(data: dict, *, kind: str) -> dict:
    """What a keeper gives for a resource of ``kind``, checked; an error names the field."""
    out = {
        "name": checks.text(data, "name", required=True, limit=120),
        "name_en": checks.text(data, "name_en", required=False, limit=200),
        "address": checks.text(data, "address", required=False, limit=200),
        "contact_name": checks.text(data, "contact_name", required=True, limit=60),
        "phone": checks.text(data, "phone", required=True, limit=40),
    }
    lng, lat = geo.validate_coordinates(data.get("longitude"), data.get("latitude"))
    out["longitude"], out["latitude"] = (Decimal(str(v)).quantize(PLACES) for v in (lng, lat))
    shelter, supply = kind == ResourceKind.SHELTER, kind == ResourceKind.SUPPLY
    out["capacity"] = count(data, "capacity", required=shelter, least=1 if shelter else 0)
    out["quantity"] = count(data, "quantity", required=supply)
    out["unit"] = checks.text(data, "unit", required=supply, limit=20)
    out["unit_en"] = checks.text(data, "unit_en", required=False, limit=40)
    out["speciality"] = checks.text(data, "speciality", required=False, limit=120)
    out["speciality_en"] = checks.text(data, "speciality_en", required=False, limit=200)
    status = str(data.get("status") or FIRST_STATUS[kind])
    if status not in SET_BY_HAND[kind]:
        raise ValidationError({"status": _("Choose a status this kind of resource can have.")})
    out["status"] = status
    return out


def _content(data: dict, *, kind: str, status: str) -> dict:
    """``clean``, keeping a deployed team or expert deployed: only its dispatch frees it."""
    if status != ResourceStatus.DEPLOYED:
        return clean(data, kind=kind)
    return clean({**data, "status": FIRST_STATUS[kind]}, kind=kind) | {"status": status}


def _keeper(actor, department: Department) -> None:
    if department.pk not in authority.keeping_for(actor):
        raise PermissionDenied(
            _("Only the duty desk or head of %(department)s manages its resources.")
            % {"department": department.name}
        )


def _place(content: dict):
    located = geo.locate(content["longitude"], content["latitude"])
    if located is None:
        raise ValidationError({"latitude": _("The place is outside the districts on the map.")})
    return located


@transaction.atomic
def add(actor, *, department: Department, kind: str, data: dict) -> Resource:
    """A new resource kept by ``department``."""
    _keeper(actor, department)
    if kind not in ResourceKind.values:
        raise ValidationError({"kind": _("Choose the kind of resource.")})
    content = clean(data, kind=kind)
    resource = Resource.objects.create(
        kind=kind,
        department=department,
        division=_place(content),
        updated_at=timezone.now(),
        **content,
    )
    audit.record(
        "emergency.resource_added", object_type="resource", object_id=str(resource.pk),
        actor=actor, data={"kind": kind, "department": department.code, "name": resource.name},
    )  # fmt: skip
    return resource


@transaction.atomic
def change(actor, resource: Resource, *, data: dict) -> Resource:
    """New details or status of a resource. A deployed team or expert stays deployed until its
    dispatch is done; a shelter holding people cannot be given fewer places than that."""
    resource = Resource.objects.select_for_update().select_related("department").get(pk=resource.pk)
    _keeper(actor, resource.department)
    content = _content(data, kind=resource.kind, status=resource.status)
    if content["status"] == ResourceStatus.CLOSED and resource.occupancy:
        raise ValidationError(
            {"status": _("People are in the shelter; record them gone before closing it.")}
        )
    if resource.kind == ResourceKind.SHELTER and content["capacity"] < resource.occupancy:
        raise ValidationError(
            {"capacity": _("The shelter holds %(count)s people now; it cannot have fewer places.")
             % {"count": resource.occupancy}}
        )  # fmt: skip
    changed = [f for f in FIELDS if getattr(resource, f) != content[f]]
    for field, value in content.items():
        setattr(resource, field, value)
    resource.division = _place(content)
    resource.updated_at = timezone.now()
    resource.save()
    audit.record(
        "emergency.resource_changed", object_type="resource", object_id=str(resource.pk),
        actor=actor, data={"changed": changed, "status": resource.status},
    )  # fmt: skip
    return resource


@transaction.atomic
def record_occupancy(actor, resource: Resource, *, occupancy) -> Resource:
    """How many people a shelter holds now: never more than its places."""
    resource = Resource.objects.select_for_update().select_related("department").get(pk=resource.pk)
    _keeper(actor, resource.department)
    if resource.kind != ResourceKind.SHELTER:
        raise ValidationError({"occupancy": _("Only a shelter holds people.")})
    people = count({"occupancy": occupancy}, "occupancy", required=True)
    if people > resource.capacity:
        raise ValidationError(
            {"occupancy": _("The shelter has %(capacity)s places; it cannot hold %(count)s.")
             % {"capacity": resource.capacity, "count": people}}
        )  # fmt: skip
    if people and resource.status != ResourceStatus.OPEN:
        raise ValidationError({"occupancy": _("Open the shelter before taking people in.")})
    before = resource.occupancy
    resource.occupancy, resource.updated_at = people, timezone.now()
    resource.save(update_fields=["occupancy", "updated_at"])
    audit.record(
        "emergency.shelter_occupancy", object_type="resource", object_id=str(resource.pk),
        actor=actor, data={"occupancy": [before, people], "capacity": resource.capacity},
    )  # fmt: skip
    return resource


def checked(resource: Resource) -> dict:
    """A resource's fields as the admin form filled them in, checked like a keeper's (an error
    names the field), with the division its place lies in."""
    data = {f: getattr(resource, f) for f in FIELDS}
    if resource.pk is None:  # a new one starts in a status set by hand, never deployed
        content = clean(data, kind=resource.kind)
    else:  # its status is read-only there: what it has now
        content = _content(data, kind=resource.kind, status=resource.status)
    return content | {"division": _place(content)}


@transaction.atomic
def save_in_admin(actor, resource: Resource, *, changed: list[str]) -> Resource:
    """A resource added or corrected by a system administrator in the admin: located on the
    map like any other, and audited."""
    for field, value in checked(resource).items():
        setattr(resource, field, value)
    resource.updated_at = timezone.now()
    resource.save()
    audit.record(
        "emergency.resource_saved_in_admin", object_type="resource", object_id=str(resource.pk),
        actor=actor, data={"changed": changed},
    )  # fmt: skip
    return resource
