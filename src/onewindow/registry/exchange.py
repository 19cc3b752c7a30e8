"""The data-sharing exchange (政务信息共享交换): every read of a registry goes through here.

A consumer department reads another department's registry only under a valid ``Grant`` that
names the fields it asks for; the provider reads its own registry for its own purposes. Each
read serves a purpose (``purposes``): a case the department may act on whose party is the key,
a statutory purpose the grant names, or the applicant's own application. Every
read is logged with the reader, the department, the purpose and the case it serves, served or
refused, in ``RegistryRead`` (what the person sees) and in the hash-chained audit log. A served
answer is signed by the provider department's SM2 key (``signing``).

Bad input (unknown registry or field, invalid key, no purpose) raises ``ValidationError`` and
is not a read; a refusal is an answer, logged in the caller's transaction, never raised, so
a view that turns it into a 403 (no grant) or a 400 naming the field (a purpose the read may
not serve) keeps the log. Relatives an answer discloses get their own read entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from onewindow.registry import purposes, signing
from onewindow.registry.models import (
    EntityStatus,
    Grant,
    LegalEntity,
    Person,
    Place,
    RegistryRead,
    Relation,
)
from onewindow.registry.vocabulary import (
    REGISTRIES,
    RELATIVES_ID_NUMBER,
    STATUTORY_PURPOSES,
    Registry,
)

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
    field: str = ""  # the input at fault when the purpose is refused (a 400, not a 403)

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


def _purpose(purpose: str, case_number: str, applicant: User | None) -> str:
    """The purpose as given; without a case or an application it must be named."""
    purpose = (purpose or "").strip()
    if not purpose and not case_number and applicant is None:
        raise ValidationError(
            {
                "purpose": [
                    _(
                        "Name the case the read serves, or a statutory purpose: %(codes)s. "
                        "Every read is logged with it."
                    )
                    % {"codes": ", ".join(STATUTORY_PURPOSES)}
                ]
            }
        )
    return purpose[:MAX_PURPOSE]


def _subject_label(registry: Registry, key: str) -> str:
    return mask_id_number(key) if registry.code == "person" else key


def _date(value) -> str:
    return value.isoformat() if value else ""


@dataclass
class Disclosure:
    """What an answer shows of people other than its subject, each to get a read entry."""

    full_ids: bool  # relatives' full ID numbers, only if the grant names them
    persons: list[tuple[Person, str, list[str]]] = field(default_factory=list)


def _relatives(person: Person, kind: str, disclosure: Disclosure) -> list[dict]:
    found = []
    for relation in person.relations.filter(kind=kind).select_related("relative"):
        relative = relation.relative
        shown = relative.id_number if disclosure.full_ids else relative.id_number_masked
        found.append(
            {"name": relative.name, "id_number": shown, "birth_date": _date(relative.birth_date)}
        )
        shown_fields = ["name", "id_number"] if disclosure.full_ids else ["name"]
        disclosure.persons.append((relative, kind, [*shown_fields, "birth_date"]))
    return found


def _person_values(person: Person, fields: list[str], disclosure: Disclosure) -> dict:
    values = {
        "id_number": lambda: person.id_number,
        "name": lambda: person.name,
        "sex": lambda: person.sex,
        "birth_date": lambda: _date(person.birth_date),
        "household_division": lambda: person.household_division_id,
        "household_address": lambda: person.household_address,
        "marital_status": lambda: person.marital_status,
        "spouse": lambda: (_relatives(person, Relation.SPOUSE, disclosure) or [None])[0],
        "parents": lambda: _relatives(person, Relation.PARENT, disclosure),
        "children": lambda: _relatives(person, Relation.CHILD, disclosure),
    }
    return {name: values[name]() for name in fields}


def _entity_values(entity: LegalEntity, fields: list[str], disclosure: Disclosure) -> dict:
    if "legal_representative_id_number" in fields:
        disclosure.persons.append(
            (entity.legal_representative, "legal_representative", ["name", "id_number"])
        )
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


FlagSource = Callable[[LegalEntity], list[dict]]
_flag_sources: list[FlagSource] = []


def register_flag_source(source: FlagSource) -> None:
    """Let a higher app add flags to an entity's answer (the market's credit lists), without
    the registry importing it. ``source(entity)`` returns plain-JSON dicts: ``code``,
    ``since``, ``label``, ``label_en``, ``basis``, ``department`` {code, name} and ``positive``
    for an incentive rather than a warning; being in the envelope, they are signed with it."""
    if source not in _flag_sources:
        _flag_sources.append(source)


def _status_flags(entity: LegalEntity) -> list[dict]:
    if entity.status == EntityStatus.ACTIVE:
        return []
    with translation.override("zh-hans"):
        label = str(entity.get_status_display())
    with translation.override("en"):
        label_en = str(entity.get_status_display())
    return [
        {
            "code": entity.status,
            "since": _date(entity.status_changed_on),
            "label": label,
            "label_en": label_en,
        }
    ]


def entity_flags(entity: LegalEntity) -> list[dict]:
    """Joint-supervision flags intake must see: a revoked or deregistered entity, then what
    the registered sources add (credit lists, good credit)."""
    flags = _status_flags(entity)
    for source in _flag_sources:
        flags.extend(source(entity))
    return flags


def _place_values(place: Place, fields: list[str], disclosure: Disclosure) -> dict:
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
    """The live grants that allow these fields today, or ([], the reason for refusing)."""
    grants = list(
        Grant.objects.filter(provider=provider, registry=registry.code, consumer=consumer)
    )
    live = [g for g in grants if g.revoked_at is None and g.valid_from <= today <= g.valid_until]
    covering = [grant for grant in live if set(fields) <= set(grant.fields)]
    if covering:
        return covering, ""
    if live:
        allowed = set().union(*(g.fields for g in live))
        outside = [name for name in fields if name not in allowed]
        return [], _("The grant does not cover the fields %(fields)s.") % {
            "fields": ", ".join(outside)
        }
    if any(g.revoked_at is not None for g in grants):
        return [], _("The grant for this registry was revoked.")
    if any(g.valid_until < today for g in grants):
        return [], _("The grant for this registry has expired.")
    if any(g.valid_from > today for g in grants):
        return [], _("The grant for this registry is not yet in force.")
    return [], _("%(consumer)s holds no grant to read the %(registry)s.") % {
        "consumer": consumer.name,
        "registry": registry.name,
    }


def grant_purposes(grant: Grant) -> dict[str, str]:
    """The statutory purposes a grant names: code -> legal basis."""
    return {
        entry["code"]: entry.get("legal_basis") or ""
        for entry in grant.purposes or []
        if isinstance(entry, dict) and entry.get("code") in STATUTORY_PURPOSES
    }


@dataclass
class _Binding:
    """What a query's purpose was checked to be: the text logged, its statutory code, and
    the refusal (with the input at fault) if it may not be served."""

    text: str
    code: str = ""
    field: str = ""
    reason: str = ""


def _own_key(applicant: User, registry: Registry) -> str:
    if registry.code == "person":
        return applicant.id_number or ""
    if registry.code == "entity":
        return applicant.uscc or ""
    return ""


def _bind(spec, key, consumer, reader, purpose, case_number, applicant) -> _Binding:
    """Check what the read serves (个人信息保护法 Art. 6 and 34: a stated purpose within the
    department's statutory duties): a case the department may act on whose applicant or
    subject is the key; the applicant's own application; or a statutory purpose."""
    if case_number:
        parties = purposes.case_parties(case_number, consumer, reader)
        if parties is None:
            return _Binding(
                purpose or case_number,
                field="case_number",
                reason=_("%(department)s may not act on a case %(number)s.")
                % {"department": consumer.name, "number": case_number},
            )
        if key not in parties.keys:
            return _Binding(
                purpose or parties.title,
                field="case_number",
                reason=_("Case %(number)s concerns no one with this %(key)s.")
                % {"number": case_number, "key": spec.key_name},
            )
        return _Binding(purpose or parties.title)
    if applicant is not None:
        if reader is not None or key != _own_key(applicant, spec):
            return _Binding(
                purpose,
                field="key",
                reason=_("An application reads only the applicant's own record."),
            )
        return _Binding(purpose)
    statutory = STATUTORY_PURPOSES.get(purpose)
    if statutory is None:
        return _Binding(
            purpose,
            field="purpose",
            reason=_(
                "“%(purpose)s” is not a statutory purpose. Name a case your department "
                "handles, or one of: %(codes)s."
            )
            % {"purpose": purpose[:40], "codes": ", ".join(STATUTORY_PURPOSES)},
        )
    return _Binding(str(statutory.name), code=statutory.code)


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
    purpose: str = "",
    case_number: str = "",
    applicant: User | None = None,
) -> Answer:
    """Read ``fields`` of one record for ``consumer``; logged whatever the outcome.

    ``reader`` is the official asking, or None when the case engine reads: for a case, or
    for ``applicant``'s own application before it is a case (the prefill). Without a case or
    an applicant, ``purpose`` is a statutory purpose code that the grant names.
    """
    spec = _registry(registry)
    fields = _fields(spec, fields)
    key = _key(spec, key)
    case_number = (case_number or "").strip()[:32]
    purpose = _purpose(purpose, case_number, applicant)
    now = timezone.now()
    today = timezone.localdate(now)
    provider = Department.objects.filter(code=spec.provider).first()
    record = _find(spec, key)
    binding = _bind(spec, key, consumer, reader, purpose, case_number, applicant)
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
        purpose=binding.text[:MAX_PURPOSE],
        purpose_code=binding.code,
        case_number=case_number,
    )
    grant, reason, at_fault = None, "", ""
    if provider is None:
        reason = _("No department provides the %(registry)s.") % {"registry": spec.name}
    elif provider != consumer:
        grants, reason = _grant(provider, spec, consumer, fields, today)
        if binding.code and grants:
            grants = [g for g in grants if binding.code in grant_purposes(g)]
            if not grants:
                at_fault = "purpose"
                reason = _("The grant does not name the statutory purpose %(purpose)s.") % {
                    "purpose": binding.code
                }
        grant = grants[0] if grants else None
    if not reason and binding.reason:
        reason, at_fault = binding.reason, binding.field
    read.grant = grant
    envelope = {}
    disclosure = Disclosure(full_ids=grant is None or RELATIVES_ID_NUMBER in grant.fields)
    if reason:
        read.outcome, read.reason = Outcome.REFUSED, reason[:200]
    elif record is None:
        read.outcome = Outcome.NOT_FOUND
        read.reason = _("The %(registry)s has no record for this key.") % {"registry": spec.name}
    else:
        read.outcome = Outcome.SERVED
        envelope = _envelope(spec, read, record, fields, provider, consumer, grant, disclosure)
        envelope = signing.sign(provider, envelope)
        read.response_digest = crypto.sm3_hex(signing.canonical(envelope))
    read.save()
    disclosed = _log_disclosures(read, disclosure)
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
            "purpose": read.purpose,
            "purpose_code": read.purpose_code,
            "case": case_number,
            "grant": grant.pk if grant else None,
            "reason": read.reason,
            "response_sm3": read.response_digest,
            "disclosed": [
                {"query_id": str(entry.query_id), "subject": entry.subject, "as": entry.relation}
                for entry in disclosed
            ],
        },
    )
    return Answer(str(read.query_id), read.outcome, envelope, read.reason, read, at_fault)


def _log_disclosures(read: RegistryRead, disclosure: Disclosure) -> list[RegistryRead]:
    """One served entry per other person the answer shows (a spouse, a child, a legal
    representative's ID number), keyed to them so it is on their own data-access page."""
    entries = [
        RegistryRead(
            at=read.at,
            reader=read.reader,
            consumer=read.consumer,
            provider=read.provider,
            registry="person",
            person=person,
            subject=person.id_number_masked,
            fields=fields,
            purpose=read.purpose,
            purpose_code=read.purpose_code,
            case_number=read.case_number,
            grant=read.grant,
            outcome=Outcome.SERVED,
            response_digest=read.response_digest,
            disclosed_in=read,
            relation=relation,
        )
        for person, relation, fields in disclosure.persons
    ]
    return RegistryRead.objects.bulk_create(entries) if entries else []


def _envelope(spec, read, record, fields, provider, consumer, grant, disclosure) -> dict:
    values = {
        "person": _person_values,
        "entity": _entity_values,
        "place": _place_values,
    }[spec.code](record, fields, disclosure)
    envelope = {
        "query_id": str(read.query_id),
        "issued_at": read.at.astimezone(UTC).isoformat(),
        "registry": spec.code,
        "key": read.subject if spec.code != "person" else record.id_number,
        "provider": {"code": provider.code, "name": provider.name},
        "consumer": {"code": consumer.code, "name": consumer.name},
        "purpose": read.purpose,
        "purpose_code": read.purpose_code,
        "case_number": read.case_number,
        "grant": _grant_shown(grant, read.purpose_code),
        "data": values,
    }
    if spec.code == "entity" and "status" in fields:
        envelope["flags"] = entity_flags(record)
    return envelope


def _grant_shown(grant: Grant | None, purpose_code: str) -> dict | None:
    """The grant in an answer; a statutory purpose's own legal basis where it names one."""
    if grant is None:
        return None
    basis = grant_purposes(grant).get(purpose_code) if purpose_code else ""
    return {"id": str(grant.pk), "legal_basis": basis or grant.legal_basis}


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


def purpose_label(read: RegistryRead) -> str:
    """The purpose in the reader's language: a statutory purpose by its name, else as logged."""
    statutory = STATUTORY_PURPOSES.get(read.purpose_code)
    return str(statutory.name) if statutory else read.purpose


RELATION_LABELS = {
    Relation.SPOUSE: gettext_lazy("as the spouse of the person whose record was read"),
    Relation.PARENT: gettext_lazy("as a parent of the person whose record was read"),
    Relation.CHILD: gettext_lazy("as a child of the person whose record was read"),
    "legal_representative": gettext_lazy(
        "as the legal representative of the entity whose record was read"
    ),
}


def relation_label(read: RegistryRead) -> str:
    """How a read that disclosed this person named them, or "" for a read of their own record."""
    label = RELATION_LABELS.get(read.relation)
    return str(label) if label else ""
