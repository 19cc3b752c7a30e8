"""Writes to the catalogue: load it from its files in one transaction, reindex edited items."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.catalog import instances, ranking, search
from onewindow.catalog.models import (
    CertificateType,
    HallNotice,
    ItemInstance,
    Law,
    LifeEventTag,
    Material,
    ProcessTemplate,
    ServiceItem,
)
from onewindow.catalog.processes import digest
from onewindow.catalog.reading import DATA_DIR, Catalogue, read_catalogue
from onewindow.catalog.vocabulary import SourceKind
from onewindow.core import audit


@dataclass(frozen=True)
class LoadSummary:
    processes: int
    certificate_types: int
    items: int
    withdrawn: int
    parallel: int
    instances: int = 0


def load_catalogue(
    directory: Path = DATA_DIR,
    *,
    actor=None,
    progress: Callable[[int, int, str], None] | None = None,
) -> LoadSummary:
    """Check the catalogue under ``directory`` and make the database match it, all or nothing.

    Items no longer in the files are unpublished rather than deleted: cases refer to them.
    """
    departments = {d.code: d for d in Department.objects.all()}
    catalogue = read_catalogue(directory, set(departments))
    planned = instances.read_instances(directory, catalogue.items, departments)
    with transaction.atomic():
        templates = _write_processes(catalogue)
        certificates = _write_certificate_types(catalogue, departments)
        _write_laws(catalogue)
        items = []
        for position, data in enumerate(catalogue.items, start=1):
            items.append(
                _write_item(data, position, departments, templates, certificates, catalogue.centres)
            )
            if progress:
                progress(position, len(catalogue.items), data["code"])
        codes = [item.code for item in items]
        withdrawn = ServiceItem.objects.filter(published=True).exclude(code__in=codes)
        withdrawn_count = withdrawn.update(published=False)
        instances.write_instances(planned, {item.code: item for item in items}, departments)
        search.clear()
        ranking.invalidate()
        search.index_items(
            ServiceItem.objects.filter(published=True)
            .select_related("lead_department")
            .prefetch_related("co_departments", "materials")
        )
        summary = LoadSummary(
            processes=len(templates),
            certificate_types=len(certificates),
            items=len(items),
            withdrawn=withdrawn_count,
            parallel=sum(1 for item in items if len(item.parallel_department_codes) >= 2),
            instances=len(planned),
        )
        audit.record(
            "catalog.loaded",
            object_type="catalog",
            object_id=str(directory.name),
            actor=actor,
            data={
                "items": summary.items,
                "withdrawn": summary.withdrawn,
                "instances": summary.instances,
                "processes": {p: digest(x) for p, x in sorted(catalogue.processes.items())},
            },
        )
    return summary


def _write_processes(catalogue: Catalogue) -> dict[str, ProcessTemplate]:
    templates = {}
    for pattern, bpmn in catalogue.processes.items():
        templates[pattern], _created = ProcessTemplate.objects.update_or_create(
            pattern=pattern,
            defaults={"process_id": pattern, "bpmn": bpmn, "digest": digest(bpmn)},
        )
    return templates


def _write_certificate_types(catalogue, departments) -> dict[str, CertificateType]:
    certificates = {}
    for data in catalogue.certificate_types:
        certificates[data["code"]], _created = CertificateType.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "name_en": data.get("name_en", ""),
                "issuer": departments[data["issuer"]],
                "holder": data["holder"],
                "validity_years": data.get("validity_years"),
                "fields": data["fields"],
            },
        )
    return certificates


def _write_laws(catalogue: Catalogue) -> None:
    for law in catalogue.laws:
        Law.objects.update_or_create(
            name=law["name"], defaults={"name_en": law["name_en"], "version": law["version"]}
        )


def _locations(data, centres) -> list[dict]:
    """The item's service centres (办理地点, 办理时间); the city's centre when none is named."""
    keys = data.get("locations") or list(centres)[:1]
    fields = ("name", "name_en", "address", "address_en", "hours", "hours_en")
    return [{"centre": key, **{f: centres[key][f] for f in fields}} for key in keys]


def _phone(data, centres, key) -> str:
    if key in data:
        return str(data[key])
    first = next(iter(centres.values()), {})
    return str(first.get(key, ""))


def _legal_basis(entries) -> list[dict]:
    """Dates as ISO strings in the JSON column."""
    return [
        {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in entry.items()}
        for entry in entries
    ]


def _write_item(data, position, departments, templates, certificates, centres) -> ServiceItem:
    fee = data.get("fee", "free")
    output = data.get("output") or {}
    process = dict(data["process"])
    pattern = process.pop("pattern")
    item, _created = ServiceItem.objects.update_or_create(
        code=str(data["code"]),
        defaults={
            "name": data["name"],
            "name_en": data.get("name_en", ""),
            "keywords": list(data.get("keywords") or []),
            "summary": data.get("summary", ""),
            "summary_en": data.get("summary_en", ""),
            "domain": data["domain"],
            "item_type": data["item_type"],
            "applicant": data["applicant"],
            "lead_department": departments[data["lead_department"]],
            "legal_basis": _legal_basis(data["legal_basis"]),
            "statutory_limit": data["statutory_limit"],
            "promised_limit": data["promised_limit"],
            "instant": bool(data.get("instant", False)),
            "online_depth": data.get("online_depth", 4),
            "in_person_steps": list(data.get("in_person_steps") or []),
            "joint_handling_source": data.get("joint_handling_source"),
            "acceptance_conditions": data.get("acceptance_conditions", ""),
            "acceptance_conditions_en": data.get("acceptance_conditions_en", ""),
            "service_locations": _locations(data, centres),
            "consultation_phone": _phone(data, centres, "consultation_phone"),
            "complaint_phone": _phone(data, centres, "complaint_phone"),
            "delivery_methods": list(output.get("delivery") or []),
            "reviewed_on": data.get("reviewed_on"),
            "fee_amount": None if fee in (None, "free") else Decimal(str(fee["amount"])),
            "fee_basis": "" if fee in (None, "free") else fee["basis"],
            "fee_basis_en": "" if fee in (None, "free") else fee.get("basis_en", ""),
            "form_schema": data["form"],
            "process": templates[pattern],
            "process_parameters": process,
            "output_certificate": certificates.get(output.get("certificate") or ""),
            "output_holder": output.get("holder"),
            "output_description": output.get("description", ""),
            "output_description_en": output.get("description_en", ""),
            "faq": list(data.get("faq") or []),
            "published": True,
            "source_file": data["source_file"],
            "position": position,
        },
    )
    item.co_departments.set([departments[c] for c in data.get("co_departments") or []])
    item.life_events.all().delete()
    LifeEventTag.objects.bulk_create(
        LifeEventTag(item=item, event=event)
        for event in dict.fromkeys(data.get("life_events") or [])
    )
    item.materials.all().delete()
    Material.objects.bulk_create(
        _material(item, index, m, certificates) for index, m in enumerate(data["materials"])
    )
    return item


def _material(item, index, data, certificates) -> Material:
    kind, _sep, ref = data["source"].partition(":")
    return Material(
        item=item,
        key=data["key"],
        position=index,
        name=data["name"],
        name_en=data.get("name_en", ""),
        form=data["form"],
        copies=data.get("copies", 1 if data["source"] == "upload" else 0),
        requirement=data["requirement"],
        condition=data.get("condition", ""),
        condition_en=data.get("condition_en", ""),
        deferrable=data.get("deferrable", False),
        committable=data.get("committable", False),
        source_kind=kind,
        registry_field=ref if kind == SourceKind.REGISTRY else "",
        certificate_type=certificates[ref] if kind == SourceKind.CERTIFICATE else None,
    )


def reindex_item(item: ServiceItem, *, actor=None, changed: list[str] | None = None) -> None:
    """After an edit in the admin: refresh the item's search row and audit the change (with
    the names of the fields and inlines that changed, when the admin says which)."""
    with transaction.atomic():
        if item.published:
            search.index_items([item])
        else:
            search.remove(item.pk)
        ranking.invalidate()
        audit.record(
            "catalog.item_edited",
            object_type="catalog.serviceitem",
            object_id=item.code,
            actor=actor,
            data={"changed": changed} if changed is not None else None,
        )


@transaction.atomic
def save_instance(instance: ItemInstance, *, actor=None) -> ItemInstance:
    """Create or change one item instance (实施清单) after the checks a load makes."""
    problems = instance_problems(instance)
    if problems:
        raise ValidationError(problems)
    created = instance.pk is None
    instance.save()
    audit.record(
        "catalog.instance_created" if created else "catalog.instance_changed",
        object_type="item_instance",
        object_id=instance.pk,
        actor=actor,
        data={
            "item": instance.item.code,
            "division": instance.division_id,
            "department": instance.department.code,
            "centre": instance.service_centre.code,
            "promised_limit": instance.promised_limit,
            "published": instance.published,
        },
    )
    return instance


def instance_problems(instance: ItemInstance) -> dict[str, list[str]]:
    """What is wrong with an instance, by field: the rules ``instances.read_instances`` applies."""
    problems: dict[str, list[str]] = {}
    item = instance.item
    if instance.promised_limit is not None and instance.promised_limit > item.statutory_limit:
        problems["promised_limit"] = [
            _("The promised limit (%(p)s) is above the statutory limit (%(s)s).")
            % {"p": instance.promised_limit, "s": item.statutory_limit}
        ]
    if instance.service_centre.kind != Department.Kind.SERVICE_CENTRE:
        problems["service_centre"] = [_("Choose a department of kind service centre.")]
    wanted = instances.DIVISION_LEVEL.get(instance.level)
    if wanted and instance.division.level != wanted:
        problems["division"] = [
            _("A %(level)s instance needs a division of that level.")
            % {"level": instance.get_level_display()}
        ]
    return problems


# --- hall notices (大厅公告) ---


@transaction.atomic
def save_notice(notice: HallNotice, *, actor=None) -> HallNotice:
    """Publish or change a notice of the service hall, audited."""
    if notice.expires_at is not None and notice.expires_at <= notice.published_at:
        raise ValidationError({"expires_at": [_("The notice must expire after it is published.")]})
    created = notice.pk is None
    notice.save()
    audit.record(
        "catalog.notice_published" if created else "catalog.notice_changed",
        object_type="catalog.hallnotice",
        object_id=notice.pk,
        actor=actor,
        data={
            "title": notice.title,
            "published_at": notice.published_at.isoformat(),
            "expires_at": notice.expires_at.isoformat() if notice.expires_at else None,
        },
    )
    return notice
