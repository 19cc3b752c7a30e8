"""What the case page shows: the shared file laid out for an official, and the action forms
the official's roles and the case's state allow."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from onewindow.cases import (
    certificate_data,
    clocks,
    disclosure,
    joint_measures,
    registry_data,
    selectors,
)
from onewindow.cases.certificate_data import CertificateCheck
from onewindow.cases.inbox import Desk
from onewindow.cases.models import CaseMaterial, MaterialSource, TaskStatus
from onewindow.cases.registry_data import AnswerView
from onewindow.cases.selectors import CaseFile
from onewindow.catalog.form_schema import field_kind, masked_value
from onewindow.catalog.models import english_active, localized_entry
from onewindow.catalog.vocabulary import SourceKind
from onewindow.core.identifiers import mask_phone
from onewindow.core.localized import localized
from onewindow.core.models import Division
from onewindow.emergency import event_selectors
from onewindow.workbench import actions
from onewindow.workbench import forms as wb

VIEWABLE = {"application/pdf": "pdf", "image/jpeg": "image", "image/png": "image"}


@dataclass(frozen=True)
class FormRow:
    title: str
    value: str


def _division_names(codes) -> dict[str, str]:
    """Division codes to their names, in English when English is active (one query)."""
    codes = {str(code) for code in codes if code}
    if not codes:
        return {}
    return {d.code: localized(d, "name") for d in Division.objects.filter(code__in=codes)}


def form_rows(file: CaseFile) -> list[FormRow]:
    """The application form in the item's field order and titles; ID and phone masked,
    districts by name."""
    case = file.case
    fields = (case.item.form_schema or {}).get("properties", {})
    divisions = _division_names(
        case.form_data.get(name)
        for name, field in fields.items()
        if isinstance(field, dict) and field.get("format") == "division"
    )
    rows = []
    for name, field in fields.items():
        kind = field_kind(field)
        if kind == "file" or name not in case.form_data:
            continue
        value = case.form_data[name]
        if field.get("format") == "division" and str(value) in divisions:
            value = divisions[str(value)]
        elif kind == "choice" and english_active() and value in field["enum"]:
            english = field.get("enum_en") or field["enum"]
            value = english[field["enum"].index(value)]
        else:
            value = masked_value(field, value)
        rows.append(FormRow(localized_entry(field, "title"), str(value)))
    return rows


@dataclass(frozen=True)
class MaterialEntry:
    material: CaseMaterial
    name: str
    viewer: str  # "pdf", "image", "download" or "" (免提交: nothing to view)
    source: str  # for registry and e-certificate materials: where it comes from
    registry: AnswerView | None = None  # the registry's signed answer kept with the case
    certificate: CertificateCheck | None = None  # the applicant's e-certificate, verified


def _entries(file: CaseFile, materials: list[CaseMaterial], catalogue: dict) -> list[MaterialEntry]:
    found = []
    for material in materials:
        listed = catalogue.get(material.key)
        name = listed.display_name if listed else material.name
        if material.source == MaterialSource.UPLOAD:
            viewer, source = VIEWABLE.get(material.content_type, "download"), ""
        else:
            label = listed.source_label if listed else material.reference.split(":", 1)[-1]
            template = (
                _("From the base registry: %(source)s")
                if material.source == MaterialSource.REGISTRY
                else _("From the e-certificate: %(source)s")
            )
            viewer, source = "", template % {"source": label}
        answer = registry_data.answer_view(material.registry_answer)
        held = certificate_data.check(material.certificate)
        found.append(MaterialEntry(material, name, viewer, source, answer, held))
    return found


def material_entries(file: CaseFile) -> tuple[list[MaterialEntry], list[MaterialEntry]]:
    """(current, superseded) materials with how each can be viewed."""
    catalogue = {m.key: m for m in _catalogue_materials(file)}
    return (
        _entries(file, file.materials, catalogue),
        _entries(file, file.superseded, catalogue),
    )


def _catalogue_materials(file: CaseFile) -> list:
    return list(file.case.item.materials.select_related("certificate_type").order_by("position"))


def _uploadable(file: CaseFile) -> list:
    return [m for m in _catalogue_materials(file) if m.source_kind == SourceKind.UPLOAD]


# -- actions -----------------------------------------------------------------------------------

FORMS = {
    "accept": wb.ActionForm,
    "correction": wb.CorrectionForm,
    "refuse": wb.RefuseForm,
    "approve": wb.ApproveForm,
    "deny": wb.DenyForm,
    "supplement": wb.SupplementForm,
    "pause": wb.PauseForm,
    "resume": wb.ResumeForm,
    "extension": wb.ExtensionForm,
    "extension_decision": wb.ExtensionDecisionForm,
    "decide": wb.DecisionForm,
    "cooling_off_withdrawal": wb.CoolingOffWithdrawalForm,
    "deliver": wb.DeliveryForm,
    "fee_payment": wb.FeePaymentForm,
    "revoke": wb.RevokeForm,
    "verify_commitment": wb.VerifyCommitmentForm,
}


def extension_rule(file: CaseFile) -> clocks.ExtensionRule:
    return clocks.extension_rule(file.case.item.process.pattern)


def build_form(name: str, file: CaseFile, data=None) -> forms.Form:
    """The form of action ``name``: bound to ``data``, or blank with the case's version.

    Each form's ids carry its name, so that several forms on one page never share an id.
    """
    kwargs: dict = {"auto_id": f"id_{name}_%s"}
    if name in ("correction", "supplement"):
        kwargs["materials"] = _uploadable(file)
    elif name == "extension":
        kwargs["rule"] = extension_rule(file)
    elif name == "verify_commitment":
        kwargs["commitments"] = actions.commitments_to_verify(file)
    if data is None:
        kwargs["initial"] = {"version": file.case.version}
        if name == "deliver" and file.case.delivery_method:  # as the applicant chose
            kwargs["initial"]["method"] = file.case.delivery_method
    return FORMS[name](data, **kwargs)


def action_forms(
    desk: Desk, file: CaseFile, failed: tuple[str, forms.Form] | None = None
) -> dict[str, object]:
    """The forms of every action the user may take now, keyed by action name, plus the task,
    pause and extension they act on. ``failed`` is a (name, bound form) that did not validate;
    it replaces the blank one."""
    names: list[str] = []
    found: dict[str, object] = {}
    if actions.can_intake(desk, file):
        names += ["accept", "correction"]
    if actions.can_refuse(desk, file):
        names.append("refuse")
    task = actions.my_open_task(desk, file)
    if task is not None:
        found["task"] = task
        names += ["approve", "deny", "supplement"]
    if actions.can_pause(desk, file):
        names.append("pause")
    pause = actions.resumable_pause(desk, file)
    if pause is not None:
        found["paused"] = pause
        names.append("resume")
    if actions.can_request_extension(desk, file):
        names.append("extension")
    own = actions.own_pending_extension(desk, file)
    if own is not None:  # shown as waiting for another head; never with an approve button
        found["own_extension"] = own
    extension = actions.pending_extension(desk, file)
    if extension is not None:
        found["pending_extension"] = extension
        names.append("extension_decision")
    if actions.can_record_cooling_off_withdrawal(desk, file):
        names.append("cooling_off_withdrawal")
    if actions.can_decide(desk, file):
        names.append("decide")
    if actions.can_deliver(desk, file):
        names.append("deliver")
    fee = actions.fee_to_record(desk, selectors.fee_notices(file.case))
    if fee is not None:
        found["unpaid_fee"] = fee
        names.append("fee_payment")
    if actions.revocable_certificate(desk, file) is not None:
        names.append("revoke")
    if actions.can_verify_commitment(desk, file):
        names.append("verify_commitment")
    for name in names:
        found[name] = build_form(name, file)
    if fee is not None:
        found["fee_payment"].initial["reference"] = fee.reference
    if failed is not None:
        found[failed[0]] = failed[1]
    return found


def context(desk: Desk, file: CaseFile, failed=None) -> dict:
    current, superseded = material_entries(file)
    found = action_forms(desk, file, failed)
    return {
        "file": file,
        "case": file.case,
        "form_rows": form_rows(file),
        "amendments": selectors.amendments(file.case),
        "materials": current,
        "superseded": superseded,
        "actions": found,
        "has_actions": any(isinstance(value, forms.Form) for value in found.values()),
        "denied_tasks": [t for t in file.tasks if t.status == TaskStatus.DENIED],
        "applicant_check": registry_data.answer_view(file.case.applicant_check),
        "credit": joint_measures.case_credit(file.case),
        "issued": certificate_data.check(certificate_data.issued(file.case)),
        "fees": selectors.fee_notices(file.case),
        "failed": failed[0] if failed else "",
        "applicant_phone": mask_phone(disclosure.phone_number(file.case)),
        "reveal_form": wb.PhoneRevealForm(),
        "division_name": _division_names([file.case.division_code]).get(file.case.division_code),
        # a permit linked to a major event (the fast track), flagged by its headquarters
        "event_permit": event_selectors.permit_of(file.case),
    }
