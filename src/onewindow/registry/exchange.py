"""The data-sharing exchange (政务信息共享交换): every read of a registry goes through here.

A consumer department reads another department's registry only under a valid ``Grant`` that
names the fields it asks for; the provider reads its own registry for its own purposes. Every
read is logged with the reader, the department, the purpose and the case it serves, served or
refused, in ``RegistryRead`` (what the person sees) and in the hash-chained audit log. A served
answer is signed by the provider department's SM2 key (``signing``).

Bad input (unknown registry or field, invalid key, no purpose) raises ``ValidationError`` and
is not a read; a refusal is an answer, logged in the caller's transaction, never raised, so
a view that turns it into a 403 keeps the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, RoleAssignment, User
from onewindow.accounts.services import ID_INDEX
from onewindow.core import audit, crypto
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import (
    mask_id_number,
    normalize_id_number,
    normalize_uscc,
    parse_id_number,
    validate_uscc,
)
from onewindow.registry import signing
from onewindow.registry.models import (
    EntityStatus,
    Grant,
    LegalEntity,
    Person,
    Place,
    RegistryRead,
    Relation,
)
from onewindow.registry.vocabulary import REGISTRIES, Registry

Outcome = RegistryRead.Outcome
MAX_PURPOSE = 200


@dataclass
class Answer:
    """The outcome of one query: a signed envelope when served, else the reason."""

    query_id: str
    outcome: str
    envelope: dict = field(default_factory=dict)
    reason: str = ""
    read: RegistryRead | None = None

    @property
    def served(self) -> bool:
        return self.outcome == Outcome.SERVED


def _registry(code: str) -> Registry:
    registry = REGISTRIES.get(code or "")
    if registry is None:
        raise ValidationError(
            {
                "registry": [
                    _("Unknown registry %(code)s; the registries are: %(known)s.")
                    % {"code": code, "known": ", ".join(REGISTRIES)}
                ]
            }
        )
    return registry


def _fields(registry: Registry, fields) -> list[str]:
    if not isinstance(fields, list | tuple) or not fields:
        raise ValidationError({"fields": [_("Name at least one field to read.")]})
    unknown = [name for name in fields if name not in registry.fields]
    if unknown:
        raise ValidationError(
            {
                "fields": [
                    _("The %(registry)s has no field %(fields)s.")
                    % {"registry": registry.name, "fields": ", ".join(map(str, unknown))}
                ]
            }
        )
    return list(dict.fromkeys(fields))


def _key(registry: Registry, key: str) -> str:
    key = (key or "").strip()
    if registry.code == "person":
        key = normalize_id_number(key)
        try:
            parse_id_number(key)
        except ValidationError as exc:
            raise ValidationError({"key": exc.messages}) from None
    elif registry.code == "entity":
        key = normalize_uscc(key)
        try:
            validate_uscc(key)
        except ValidationError as exc:
            raise ValidationError({"key": exc.messages}) from None
    elif not key or len(key) > 32:
        raise ValidationError({"key": [_("Give the standard address code.")]})
    return key


def _purpose(purpose: str) -> str:
    purpose = (purpose or "").strip()
    if len(purpose) < 2:
        raise ValidationError(
            {"purpose": [_("Say what the data is needed for; every read is logged with it.")]}
        )
    return purpose[:MAX_PURPOSE]


def _subject_label(registry: Registry, key: str) -> str:
    return mask_id_number(key) if registry.code == "person" else key


def _date(value) -> str:
    return value.isoformat() if value else ""


def _relatives(person: Person, kind: str) -> list[dict]:
    return [
        {
            "name": relation.relative.name,
            "id_number": relation.relative.id_number,
            "birth_date": _date(relation.relative.birth_date),
        }
        for relation in person.relations.filter(kind=kind).select_related("relative")
    ]


def _person_values(person: Person, fields: list[str]) -> dict:
    values = {
        "id_number": lambda: person.id_number,
        "name": lambda: person.name,
        "sex": lambda: person.sex,
        "birth_date": lambda: _date(person.birth_date),
        "household_division": lambda: person.household_division_id,
        "household_address": lambda: person.household_address,
        "marital_status": lambda: person.marital_status,
        "spouse": lambda: (_relatives(person, Relation.SPOUSE) or [None])[0],
        "parents": lambda: _relatives(person, Relation.PARENT),
        "children": lambda: _relatives(person, Relation.CHILD),
    }
    return {name: values[name]() for name in fields}


def _entity_values(entity: LegalEntity, fields: list[str]) -> dict:
    values = {
        "uscc": lambda: entity.uscc,
        "name": lambda: entity.name,
        "entity_type": lambda: entity.entity_type,
        "legal_representative": lambda: entity.legal_representative.name,
        "legal_representative_id_number": lambda: entity.legal_representative.id_number,
        "registered_capital": lambda: str(entity.registered_capital),
        "established_on": lambda: _date(entity.established_on),
        "registration_authority": lambda: entity.registration_authority,
        "business_scope": lambda: entity.business_scope,
        "status": lambda: entity.status,
        "division": lambda: entity.division_id,
        "address": lambda: entity.address,
    }
    return {name: values[name]() for name in fields}


def entity_flags(entity: LegalEntity) -> list[dict]:
    """Joint-supervision flags intake must see: a revoked or deregistered entity."""
    if entity.status == EntityStatus.ACTIVE:
        return []
    return [
        {
            "code": entity.status,
            "since": _date(entity.status_changed_on),
            "label": str(entity.get_status_display()),
        }
    ]


def _place_values(place: Place, fields: list[str]) -> dict:
    address = f"{place.division.name}{place.street}{place.number}{place.building}"
    values = {
        "code": place.code,
        "address": address,
        "division": place.division_id,
        "street": place.street,
        "number": place.number,
        "building": place.building,
        "latitude": str(place.latitude),
        "longitude": str(place.longitude),
    }
    return {name: values[name] for name in fields}


def _find(registry: Registry, key: str):
    if registry.code == "person":
        return Person.objects.filter(id_number_index=blind_index(ID_INDEX, key)).first()
    if registry.code == "entity":
        return LegalEntity.objects.filter(uscc=key).select_related("legal_representative").first()
    return Place.objects.filter(code=key).select_related("division").first()


def _grant(provider: Department, registry: Registry, consumer: Department, fields, today):
    """The grant that allows these fields today, or (None, the reason for refusing)."""
    grants = list(
        Grant.objects.filter(provider=provider, registry=registry.code, consumer=consumer)
    )
    live = [g for g in grants if g.revoked_at is None and g.valid_from <= today <= g.valid_until]
    for grant in live:
        if set(fields) <= set(grant.fields):
            return grant, ""
    if live:
        allowed = set().union(*(g.fields for g in live))
        outside = [name for name in fields if name not in allowed]
        return None, _("The grant does not cover the fields %(fields)s.") % {
            "fields": ", ".join(outside)
        }
    if any(g.revoked_at is not None for g in grants):
        return None, _("The grant for this registry was revoked.")
    if any(g.valid_until < today for g in grants):
        return None, _("The grant for this registry has expired.")
    if any(g.valid_from > today for g in grants):
        return None, _("The grant for this registry is not yet in force.")
    return None, _("%(consumer)s holds no grant to read the %(registry)s.") % {
        "consumer": consumer.name,
        "registry": registry.name,
    }


def consumer_for(reader: User, code: str = "") -> Department:
    """The department an official queries for: the one named, which they must belong to."""
    departments = Department.objects.filter(
        pk__in=RoleAssignment.objects.filter(user=reader).values("department")
    )
    if code:
        department = departments.filter(code=code).first()
        if department is None:
            raise ValidationError(
                {"consumer": [_("You do not work for the department %(code)s.") % {"code": code}]}
            )
        return department
    found = list(departments[:2])
    if not found:  # not a refusal of the input: of the person
        raise PermissionDenied(_("Only officials of a department can query the exchange."))
    if len(found) > 1:
        raise ValidationError({"consumer": [_("Name the department you are querying for.")]})
    return found[0]


def query(
    *,
    reader: User | None,
    consumer: Department,
    registry: str,
    key: str,
    fields,
    purpose: str,
    case_number: str = "",
) -> Answer:
    """Read ``fields`` of one record for ``consumer``; logged whatever the outcome.

    ``reader`` is the official asking, or None when the case engine reads for a case.
    """
    spec = _registry(registry)
    fields = _fields(spec, fields)
    key = _key(spec, key)
    purpose = _purpose(purpose)
    case_number = (case_number or "").strip()[:32]
    now = timezone.now()
    today = timezone.localdate(now)
    provider = Department.objects.filter(code=spec.provider).first()
    record = _find(spec, key)
    read = RegistryRead(
        at=now,
        reader=reader,
        consumer=consumer,
        provider=provider,
        registry=spec.code,
        person=record if isinstance(record, Person) else None,
        entity=record if isinstance(record, LegalEntity) else None,
        subject=_subject_label(spec, key),
        fields=fields,
        purpose=purpose,
        case_number=case_number,
    )
    grant, reason = (None, "")
    if provider is None:
        reason = _("No department provides the %(registry)s.") % {"registry": spec.name}
    elif provider != consumer:
        grant, reason = _grant(provider, spec, consumer, fields, today)
    read.grant = grant
    envelope = {}
    if reason:
        read.outcome, read.reason = Outcome.REFUSED, reason[:200]
    elif record is None:
        read.outcome = Outcome.NOT_FOUND
        read.reason = _("The %(registry)s has no record for this key.") % {"registry": spec.name}
    else:
        read.outcome = Outcome.SERVED
        envelope = _envelope(spec, read, record, fields, provider, consumer, grant)
        envelope = signing.sign(provider, envelope)
        read.response_digest = crypto.sm3_hex(signing.canonical(envelope))
    read.save()
    audit.record(
        f"registry.read_{read.outcome}",
        object_type="registry_read",
        object_id=str(read.query_id),
        actor=reader,
        data={
            "registry": spec.code,
            "subject": read.subject,
            "consumer": consumer.code,
            "provider": provider.code if provider else "",
            "fields": fields,
            "purpose": purpose,
            "case": case_number,
            "grant": grant.pk if grant else None,
            "reason": read.reason,
            "response_sm3": read.response_digest,
        },
    )
    return Answer(str(read.query_id), read.outcome, envelope, read.reason, read)


def _envelope(spec, read, record, fields, provider, consumer, grant) -> dict:
    values = {
        "person": _person_values,
        "entity": _entity_values,
        "place": _place_values,
    }[spec.code](record, fields)
    envelope = {
        "query_id": str(read.query_id),
        "issued_at": read.at.astimezone(UTC).isoformat(),
        "registry": spec.code,
        "key": read.subject if spec.code != "person" else record.id_number,
        "provider": {"code": provider.code, "name": provider.name},
        "consumer": {"code": consumer.code, "name": consumer.name},
        "purpose": read.purpose,
        "case_number": read.case_number,
        "grant": {"id": str(grant.pk), "legal_basis": grant.legal_basis} if grant else None,
        "data": values,
    }
    if spec.code == "entity" and "status" in fields:
        envelope["flags"] = entity_flags(record)
    return envelope


def issued_at(envelope: dict) -> datetime | None:
    try:
        return datetime.fromisoformat(envelope["issued_at"])
    except (KeyError, TypeError, ValueError):
        return None


def reads_of(user: User):
    """Every read of the records that are this user's own: their person, their enterprise."""
    conditions = Q(pk__in=[])
    if user.id_number:
        conditions |= Q(person__id_number_index=blind_index(ID_INDEX, user.id_number))
    if user.uscc:
        conditions |= Q(entity__uscc=user.uscc)
    return (
        RegistryRead.objects.filter(conditions)
        .select_related("reader", "consumer", "provider")
        .order_by("-at")
    )


def reader_label(read: RegistryRead) -> str:
    if read.reader is None:
        return _("The case engine, for the application")
    return read.reader.real_name or read.reader.get_username()
