"""Write the catalogue held in the database back out in the format ``load-catalogue`` reads."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from onewindow.catalog.models import CertificateType, Law, ProcessTemplate, ServiceItem


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def item_document(item: ServiceItem) -> dict:
    """One item as the YAML mapping that would load it again."""
    fee = "free" if item.fee_amount is None else {"amount": str(item.fee_amount)}
    if isinstance(fee, dict):
        fee["basis"] = item.fee_basis
        if item.fee_basis_en:
            fee["basis_en"] = item.fee_basis_en
    output = _without_empty(
        {
            "certificate": item.output_certificate.code if item.output_certificate else "",
            "holder": item.output_holder,
            "description": item.output_description,
            "description_en": item.output_description_en,
            "delivery": list(item.delivery_methods),
        }
    )
    document = {
        "code": item.code,
        "name": item.name,
        "name_en": item.name_en,
        "keywords": list(item.keywords),
        "summary": item.summary,
        "summary_en": item.summary_en,
        "domain": item.domain,
        "item_type": item.item_type,
        "life_events": [tag.event for tag in item.life_events.all()],
        "applicant": item.applicant,
        "lead_department": item.lead_department.code,
        "co_departments": sorted(d.code for d in item.co_departments.all()),
        "joint_handling_source": item.joint_handling_source,
        "legal_basis": list(item.legal_basis),
        "statutory_limit": item.statutory_limit,
        "promised_limit": item.promised_limit,
        "instant": item.instant,
        "online_depth": item.online_depth,
        "in_person_steps": list(item.in_person_steps),
        "acceptance_conditions": item.acceptance_conditions,
        "acceptance_conditions_en": item.acceptance_conditions_en,
        "locations": [place["centre"] for place in item.service_locations],
        "consultation_phone": item.consultation_phone,
        "complaint_phone": item.complaint_phone,
        "reviewed_on": item.reviewed_on,
        "fee": fee,
        "materials": [_material(m) for m in item.materials.all()],
        "form": item.form_schema,
        "process": {"pattern": item.process.pattern, **item.process_parameters},
        "output": output,
        "faq": list(item.faq),
    }
    required = {"materials", "legal_basis", "instant", "statutory_limit", "promised_limit"}
    return {k: v for k, v in document.items() if k in required or v not in ("", None, [], {})}


def _material(material) -> dict:
    return (
        _without_empty(
            {
                "key": material.key,
                "name": material.name,
                "name_en": material.name_en,
                "form": material.form,
                "requirement": material.requirement,
                "condition": material.condition,
                "condition_en": material.condition_en,
                "source": material.source,
            }
        )
        | {"copies": material.copies}
        | ({"deferrable": True} if material.deferrable else {})
        | ({"committable": True} if material.committable else {})
    )


def _dump(path: Path, data) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )


def export_catalogue(directory: Path) -> dict[str, int]:
    directory = Path(directory)
    (directory / "processes").mkdir(parents=True, exist_ok=True)
    (directory / "items").mkdir(parents=True, exist_ok=True)
    for template in ProcessTemplate.objects.all():
        (directory / "processes" / f"{template.pattern}.bpmn").write_text(
            template.bpmn, encoding="utf-8"
        )
    _dump(
        directory / "certificate_types.yaml",
        [
            {
                **_without_empty(
                    {"code": c.code, "name": c.name, "name_en": c.name_en, "issuer": c.issuer.code}
                ),
                "holder": c.holder,
                "validity_years": c.validity_years,
                "fields": c.fields,
            }
            for c in CertificateType.objects.select_related("issuer")
        ],
    )
    files: dict[str, list[dict]] = defaultdict(list)
    items = (
        ServiceItem.objects.filter(published=True)
        .select_related("lead_department", "process", "output_certificate")
        .prefetch_related("co_departments", "life_events", "materials__certificate_type")
    )
    for item in items:
        files[item.source_file].append(item_document(item))
    for name, documents in files.items():
        _dump(directory / "items" / f"{name}.yaml", documents)
    _dump(
        directory / "laws.yaml",
        [
            _without_empty({"name": law.name, "name_en": law.name_en, "version": law.version})
            for law in Law.objects.all()
        ],
    )
    centres = {}
    for item in ServiceItem.objects.filter(published=True).only("service_locations"):
        for place in item.service_locations:
            centres.setdefault(
                place["centre"],
                {"key": place["centre"], **{k: v for k, v in place.items() if k != "centre"}},
            )
    _dump(directory / "service_centres.yaml", list(centres.values()))
    return {"items": sum(len(d) for d in files.values()), "files": len(files)}
