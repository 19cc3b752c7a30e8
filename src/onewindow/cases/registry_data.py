"""Once-only (一次不用跑): what the base registries already hold is fetched, not asked for.

At application time the case engine reads, through the exchange and under the grant the
item's lead department holds, the registry data an item's form fields and 免提交 materials
name. Each read is logged with its purpose and case, and the signed answer is kept with the
case so reviewers (and the applicant) see exactly what came from which registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onewindow.accounts.models import Department, User
from onewindow.cases import authority, precheck
from onewindow.cases.models import Case, CaseMaterial, MaterialSource
from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import Holder, ItemInstance, ServiceItem
from onewindow.core import audit
from onewindow.core.identifiers import mask_id_number
from onewindow.core.localized import english_active
from onewindow.core.models import Division
from onewindow.registry import exchange, signing
from onewindow.registry.models import (
    EntityStatus,
    EntityType,
    Grant,
    MaritalStatus,
    Sex,
)
from onewindow.registry.purposes import CaseParties
from onewindow.registry.vocabulary import DATASETS, ENTITY, FORM_FIELDS, PERSON, REGISTRIES

LEGAL_BASIS = "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）"
GRANT_PURPOSE = "办理政务服务事项，申请人免于提交政府部门已有的信息（一网通办）"
GRANT_YEARS = 3
SUPERVISION_FIELDS = ("name", "status")
REPRESENTATIVE_ID = "legal_representative_id_number"


def _applicant_key(applicant: User, registry_code: str) -> str:
    """The applicant's own key in a registry: citizens are persons, enterprises entities."""
    if registry_code == PERSON.code and applicant.kind == User.Kind.CITIZEN:
        return applicant.id_number
    if registry_code == ENTITY.code and applicant.kind == User.Kind.ENTERPRISE:
        return applicant.uscc
    return ""


def source_label(registry_code: str, provider_name: str) -> str:
    registry = REGISTRIES.get(registry_code)
    return _("From the %(registry)s (%(provider)s)") % {
        "registry": registry.name if registry else registry_code,
        "provider": department_name(provider_name),
    }


def department_name(name: str, code: str = "") -> str:
    """A department's name as an answer stored it (in Chinese), in the reader's language."""
    if not english_active() or not (name or code):
        return name
    found = Department.objects.filter(**({"code": code} if code else {"name": name})).first()
    return found.display_name if found else name


def _display(value) -> str:
    if isinstance(value, dict):
        return value.get("name", "")
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(_display(v) for v in value)
    return "" if value is None else str(value)


_CHOICES = {
    "sex": Sex,
    "marital_status": MaritalStatus,
    "entity_type": EntityType,
    "status": EntityStatus,
}


def _shown(name: str, value) -> str:
    """A registry value in words: choice codes as their labels, division codes as names,
    ID numbers masked."""
    if name == "id_number":
        return mask_id_number(str(value or ""))
    if name in _CHOICES and value in _CHOICES[name].values:
        return str(_CHOICES[name](value).label)
    if name in ("household_division", "division") and value:
        division = Division.objects.filter(code=value).first()
        return division.display_name if division else str(value)
    return _display(value)


def prefill(applicant: User, item: ServiceItem) -> dict[str, tuple[str, dict]]:
    """Form fields the registries fill for this applicant: field -> (value, source).

    One logged exchange read per registry, for the item's lead department.
    """
    properties = (item.form_schema or {}).get("properties", {})
    found = {}
    for registry_code, mapping in FORM_FIELDS.items():
        wanted = {
            name: source
            for name, source in mapping.items()
            if name in properties and field_kind(properties[name]) != "file"
        }
        key = _applicant_key(applicant, registry_code)
        if not wanted or not key:
            continue
        answer = exchange.query(
            reader=None,
            consumer=item.lead_department,
            registry=registry_code,
            key=key,
            fields=sorted(set(wanted.values())),
            purpose=_("Prefilling the application form for %(item)s") % {"item": item.name},
            applicant=applicant,
        )
        if not answer.served:
            continue
        origin = {
            "kind": "registry",
            "registry": registry_code,
            "provider": answer.envelope["provider"]["name"],
        }
        for name, source in wanted.items():
            value = _shown(source, answer.envelope["data"].get(source))
            if value:
                found[name] = (value, origin)
    return found


def fetch_for_case(case: Case, checked: dict | None = None) -> None:
    """Fetch every registry material of a new case, and an enterprise's registration status
    (``checked``: the answer already read at submission)."""
    applicant, item = case.applicant, case.item
    materials = CaseMaterial.objects.filter(case=case, source=MaterialSource.REGISTRY, round=1)
    for material in materials:
        dataset_code = material.reference.split(":", 1)[-1]
        dataset = DATASETS.get(dataset_code)
        key = _applicant_key(applicant, dataset.registry.code) if dataset else ""
        if dataset is None:
            material.registry_answer = {
                "unavailable": _unavailable("not_connected"),
                "why": "not_connected",
            }
        elif not key:
            material.registry_answer = {
                "unavailable": _unavailable("no_key", dataset.registry.code),
                "why": "no_key",
                "registry": dataset.registry.code,
            }
        else:
            answer = exchange.query(
                reader=None,
                consumer=case.lead_department,
                registry=dataset.registry.code,
                key=key,
                fields=list(dataset.fields),
                purpose=_("%(material)s for %(item)s, instead of a copy from the applicant")
                % {"material": material.name, "item": item.name},
                case_number=case.number,
            )
            material.registry_answer = (
                answer.envelope if answer.served else _unanswered(answer, dataset.registry.code)
            )
        material.save(update_fields=["registry_answer"])
    if checked is not None:  # read before the case existed, for the joint measures
        case.applicant_check = checked
        case.save(update_fields=["applicant_check"])
    elif _applicant_key(applicant, ENTITY.code):
        case.applicant_check = applicant_check(applicant, case.lead_department, case.number)
        case.save(update_fields=["applicant_check"])


def applicant_check(applicant: User, consumer: Department, case_number: str = "") -> dict:
    """An enterprise applicant's registration status and credit flags (joint supervision),
    read for ``consumer``: for the case, or before it exists for the applicant's own
    application. The signed answer, or what says why there is none."""
    answer = exchange.query(
        reader=None,
        consumer=consumer,
        registry=ENTITY.code,
        key=_applicant_key(applicant, ENTITY.code),
        fields=list(SUPERVISION_FIELDS),
        purpose=_("Intake check of the applicant's registration status (joint supervision)"),
        case_number=case_number,
        applicant=None if case_number else applicant,
    )
    return answer.envelope if answer.served else _unanswered(answer, ENTITY.code)


def _unavailable(why: str, registry_code: str = "") -> str:
    """Why a registry material was not fetched, in the active language."""
    registry = REGISTRIES.get(registry_code)
    name = registry.name if registry else registry_code
    if why == "not_connected":
        return _(
            "This registry is not connected to the exchange yet; the department checks it in "
            "its own system."
        )
    if why == "no_key":
        return _("The applicant has no record key in the %(registry)s.") % {"registry": name}
    return _("The %(registry)s has no record for this key.") % {"registry": name}


def _unanswered(answer, registry_code: str) -> dict:
    """A refused or empty answer, kept with what lets a page say why in its own language."""
    if answer.outcome == exchange.Outcome.NOT_FOUND:
        return {"unavailable": answer.reason, "why": "not_found", "registry": registry_code}
    return {"unavailable": answer.reason}


def _unavailable_text(answer: dict) -> str:
    if answer.get("why") in ("not_connected", "no_key", "not_found"):
        return _unavailable(answer["why"], answer.get("registry", ""))
    return str(answer.get("unavailable", ""))


@dataclass(frozen=True)
class AnswerView:
    """A stored exchange answer as pages show it."""

    registry: str
    provider: str
    rows: list[tuple[str, str]]
    verified: bool
    query_id: str
    issued_at: datetime | None
    flags: list[dict]
    unavailable: str

    @property
    def warning(self) -> bool:
        """A flag intake must heed (a revoked entity, a credit list), not good credit."""
        return any(not flag.get("positive") for flag in self.flags)


def _flag_text(flag: dict, key: str = "label") -> str:
    """A flag's label or basis in the reader's language (older answers hold only Chinese)."""
    return str((flag.get(f"{key}_en") if english_active() else "") or flag.get(key) or "")


def answer_view(answer: dict | None) -> AnswerView | None:
    """The view of a stored answer, its signature checked against the published keys."""
    if not answer:
        return None
    registry = REGISTRIES.get(answer.get("registry", ""))
    if registry is None:
        return AnswerView("", "", [], False, "", None, [], _unavailable_text(answer))
    rows = [
        (str(registry.fields.get(name, name)), _shown(name, value))
        for name, value in (answer.get("data") or {}).items()
    ]
    return AnswerView(
        registry=str(registry.name),
        provider=department_name(
            (answer.get("provider") or {}).get("name", ""),
            (answer.get("provider") or {}).get("code", ""),
        ),
        rows=rows,
        verified=signing.verify(answer, provider=registry.provider),
        query_id=answer.get("query_id", ""),
        issued_at=exchange.issued_at(answer),
        flags=[
            {**flag, "text": _flag_text(flag), "basis_text": _flag_text(flag, "basis")}
            for flag in answer.get("flags") or []
            if isinstance(flag, dict)
        ],
        unavailable="",
    )


def case_parties(number: str, consumer: Department, reader: User | None) -> CaseParties | None:
    """The registry's purpose check for a case (registered in ``CasesConfig.ready``): the case
    if ``consumer`` leads or reviews it and ``reader``, when an official asks, may see it,
    with the keys of its parties: the applicant and every ID number or USCC its form names
    (a legal representative, an employee, the holder of its certificate)."""
    case = Case.objects.filter(number=number).select_related("applicant", "item").first()
    if case is None:
        return None
    involved = case.lead_department_id == consumer.pk or (
        case.tasks.filter(department=consumer).exists()
    )
    if not involved or (reader is not None and not authority.can_see(reader, case)):
        return None
    keys = {_applicant_key(case.applicant, code) for code in (PERSON.code, ENTITY.code)}
    properties = (case.item.form_schema or {}).get("properties", {})
    for name, spec in properties.items():
        value = (case.form_data or {}).get(name)
        if spec.get("format") in ("id-number", "uscc") and isinstance(value, str):
            keys.add(value.strip().upper())
    keys.discard("")
    return CaseParties(number=case.number, title=case.item.name, keys=frozenset(keys))


def grants_needed() -> dict[tuple[str, str], set[str]]:
    """(registry, lead department code) -> the fields its published items need."""
    needed: dict[tuple[str, str], set[str]] = {}
    deciders: dict[int, set[str]] = {}  # item -> the departments of its published instances
    for item_id, code in ItemInstance.objects.filter(
        published=True, item__published=True
    ).values_list("item_id", "department__code"):
        deciders.setdefault(item_id, set()).add(code)
    items = ServiceItem.objects.filter(published=True).select_related("lead_department")
    for item in items.prefetch_related("materials__certificate_type"):
        for lead in sorted({item.lead_department.code, *deciders.get(item.pk, ())}):
            _needs(item, lead, needed)
    return needed


def _needs(item: ServiceItem, lead: str, needed: dict[tuple[str, str], set[str]]) -> None:
    """What deciding ``item`` as department ``lead`` needs from the registries."""
    properties = (item.form_schema or {}).get("properties", {})
    for material in item.materials.all():
        dataset = DATASETS.get(material.registry_field)
        if dataset is not None:
            needed.setdefault((dataset.registry.code, lead), set()).update(dataset.fields)
    for registry_code, mapping in FORM_FIELDS.items():
        used = {source for name, source in mapping.items() if name in properties}
        if used:
            needed.setdefault((registry_code, lead), set()).update(used)
    for registry_code, fields in precheck.registry_needs(item).items():  # pre-submission checks
        needed.setdefault((registry_code, lead), set()).update(fields)
    if item.applicant in ("enterprise", "both"):
        needed.setdefault((ENTITY.code, lead), set()).update(SUPERVISION_FIELDS)
        if any(_representatives_certificate(m) for m in item.materials.all()):
            needed[(ENTITY.code, lead)].add(REPRESENTATIVE_ID)


def _representatives_certificate(material) -> bool:
    """An enterprise's material that is a person's e-certificate: its legal representative's."""
    certificate_type = material.certificate_type
    return certificate_type is not None and certificate_type.holder == Holder.PERSON


def representative_id_number(case: Case) -> str:
    """The enterprise applicant's legal representative's ID number, read from the legal
    entity registry through the exchange (logged, for the case), or "" if not found."""
    if case.applicant.kind != User.Kind.ENTERPRISE or not case.applicant.uscc:
        return ""
    answer = exchange.query(
        reader=None,
        consumer=case.lead_department,
        registry=ENTITY.code,
        key=case.applicant.uscc,
        fields=[REPRESENTATIVE_ID],
        purpose=_("Finding the legal representative's e-certificates for %(item)s")
        % {"item": case.item.name},
        case_number=case.number,
    )
    if not answer.served:
        return ""
    return answer.envelope["data"].get(REPRESENTATIVE_ID) or ""


@transaction.atomic
def ensure_catalogue_grants(*, actor=None, today=None) -> int:
    """Grants for what the catalogue's items need, valid for three years; returns how many
    were created or widened. Providers need no grant for their own registry."""
    today = today or timezone.localdate()
    departments = {d.code: d for d in Department.objects.all()}
    changed = 0
    for (registry_code, lead), fields in sorted(grants_needed().items()):
        provider = departments.get(REGISTRIES[registry_code].provider)
        consumer = departments.get(lead)
        if provider is None or consumer is None or provider == consumer:
            continue
        grant = Grant.objects.filter(
            provider=provider,
            consumer=consumer,
            registry=registry_code,
            revoked_at__isnull=True,
            valid_from__lte=today,
            valid_until__gte=today,
            purpose=GRANT_PURPOSE,
        ).first()
        if grant is not None and fields <= set(grant.fields):
            continue
        if grant is None:
            grant = Grant(
                provider=provider,
                consumer=consumer,
                registry=registry_code,
                purpose=GRANT_PURPOSE,
                legal_basis=LEGAL_BASIS,
                valid_from=today,
                valid_until=today + timedelta(days=365 * GRANT_YEARS),
            )
        grant.fields = sorted(fields | set(grant.fields or []))
        grant.save()
        audit.record(
            "registry.grant_saved",
            object_type="grant",
            object_id=grant.pk,
            actor=actor,
            data={
                "registry": registry_code,
                "provider": provider.code,
                "consumer": consumer.code,
                "fields": grant.fields,
                "valid_until": grant.valid_until.isoformat(),
            },
        )
        changed += 1
    return changed
