"""The service hall's application page: the generated form (``catalog.application_form``)
with its inline checks, sources and materials."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.cases import commitments
from onewindow.catalog.application_form import (
    UPLOAD_ACCEPT,
    ApplicationForm,
)
from onewindow.catalog.form_schema import field_kind
from onewindow.core.models import Division

# Names of fields about the applicant (who applies, how to reach them): the first section.
APPLICANT_HINTS = (
    "applicant",
    "declarant",
    "contact",
    "phone",
    "legal_rep",
    "enterprise_name",
    "unit_name",
    "uscc",
)
SECTION_TITLES = {
    "applicant": gettext_lazy("About the applicant"),
    "matter": gettext_lazy("About the application"),
    "materials": gettext_lazy("Materials"),
}


def hall_form(item, *args, **kwargs) -> ApplicationForm:
    """The item's application form as the hall shows it: division fields offer the city's
    districts by name in the reader's language, grouped under their city."""
    form = ApplicationForm(item, *args, **kwargs)
    properties = (item.form_schema or {}).get("properties", {})
    division_fields = [
        name
        for name, field in properties.items()
        if field_kind(field) == "formatted" and field.get("format") == "division"
    ]
    if division_fields:
        choices = division_choices()
        for name in division_fields:
            form.fields[name].choices = choices
    return form


def division_choices() -> list:
    """The cities and their districts as grouped choices (city -> districts), by name."""
    counties = Division.objects.filter(level=Division.Level.COUNTY).order_by("code")
    cities = {
        d.code: d for d in Division.objects.filter(level=Division.Level.PREFECTURE).order_by("code")
    }
    grouped: dict[str, list] = {code: [] for code in cities}
    for county in counties:
        grouped.setdefault(county.parent_id or "", []).append((county.code, county.display_name))
    choices: list = [("", _("Choose…"))]
    for code, city in cities.items():
        choices.append((city.display_name, [(code, city.display_name), *grouped.get(code, [])]))
    orphans = grouped.get("", [])
    if orphans:
        choices.append((_("Other"), orphans))
    return choices


@dataclass
class FieldRow:
    """A field as the page shows it: the widget, its problems and where its value came from."""

    field: forms.BoundField
    required: bool
    errors: list[str]
    source: str
    check_url: str

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def read_only(self) -> bool:
        return bool(self.field.field.widget.attrs.get("readonly"))

    def widget(self):
        """The widget with its inline check and accessible error wiring."""
        attrs = {}
        if not self.field.field.widget.attrs.get("readonly"):
            attrs = {
                "hx-post": self.check_url,
                "hx-trigger": "change",
                "hx-target": f"#row-{self.name}",
                "hx-swap": "outerHTML",
                "hx-params": self.name,
            }
        described = [f"{self.field.auto_id}_helptext"] if self.field.help_text else []
        if self.source:
            described.append(f"{self.field.auto_id}_source")
        if self.errors:
            attrs["aria-invalid"] = "true"
            described.append(f"{self.field.auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if self.required:
            attrs["aria-required"] = "true"
        return self.field.as_widget(attrs=attrs)


@dataclass
class Section:
    """A group of the form's fields, one step of the form on a phone."""

    key: str
    title: str
    rows: list


def sections(rows: list[FieldRow], given: set[str]) -> list[Section]:
    """The fields grouped as the applicant thinks of them: who applies (fields filled from
    the account or a registry, and contact details), then the matter itself."""

    def about_applicant(row: FieldRow) -> bool:
        return row.name in given or row.name.startswith(APPLICANT_HINTS)

    groups = [
        Section("applicant", str(SECTION_TITLES["applicant"]), []),
        Section("matter", str(SECTION_TITLES["matter"]), []),
    ]
    for row in rows:
        groups[0 if about_applicant(row) else 1].rows.append(row)
    return [group for group in groups if group.rows]


def field_rows(form: ApplicationForm, draft, errors: dict, sources: dict) -> list[FieldRow]:
    return [
        FieldRow(
            field=form[name],
            required=name in form.required_names,
            errors=list(errors.get(f"form.{name}", [])),
            source=sources.get(name, ""),
            check_url=reverse("portal:draft-check", args=[draft.pk, name]),
        )
        for name in form.fields
    ]


def material_rows(item, draft, errors: dict) -> list[dict]:
    """Each material the service asks for, with the draft's upload or its 免提交 source, and
    the notice of a commitment that may replace it (告知承诺)."""
    uploaded = {m.key: m for m in draft.materials.all()}
    offers = commitments.offers(item, draft.applicant)
    return [
        {
            "material": material,
            "upload": uploaded.get(material.key),
            "errors": list(errors.get(f"materials.{material.key}", [])),
            "accept": UPLOAD_ACCEPT,
            "commit_notice": offers.get(material.key, ""),
            "committed": material.key in (draft.commitments or []),
        }
        for material in item.materials.select_related("certificate_type").order_by("position")
    ]


def display_value(form: ApplicationForm, name: str, value) -> str:
    """A saved value as the review page shows it (choices by their label, also grouped)."""
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, (list, tuple)):
                labels.update(dict(label))
            else:
                labels[key] = label
        return str(labels.get(value, value))
    return str(value)


def error_list(errors: dict, form: ApplicationForm, materials: list[dict], place=None) -> list:
    """The error summary's entries in page order: (target id, what it is, message)."""
    entries = []
    if place is not None:
        for message in errors.get("division", []):
            target = "place-registered" if place.get("choose") else ""
            entries.append({"id": target, "label": _("Where to apply"), "message": message})
    for name in form.fields:
        for message in errors.get(f"form.{name}", []):
            entries.append(
                {"id": form[name].auto_id, "label": form[name].label, "message": message}
            )
    for row in materials:
        material = row["material"]
        for message in errors.get(f"materials.{material.key}", []):
            entries.append(
                {
                    "id": f"id_materials_{material.key}",
                    "label": material.display_name,
                    "message": message,
                }
            )
    known = {"division"} | {f"form.{n}" for n in form.fields}
    known |= {f"materials.{row['material'].key}" for row in materials}
    for key, messages in errors.items():
        if key not in known:
            entries.extend({"id": "", "label": "", "message": m} for m in messages)
    return entries
