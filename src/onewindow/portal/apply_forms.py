"""The service hall's application page: the generated form (``catalog.application_form``)
with its inline checks, sources and materials."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.urls import reverse

from onewindow.catalog.application_form import (
    UPLOAD_ACCEPT,
    ApplicationForm,
)


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
    """Each material the service asks for, with the draft's upload or its 免提交 source."""
    uploaded = {m.key: m for m in draft.materials.all()}
    return [
        {
            "material": material,
            "upload": uploaded.get(material.key),
            "errors": list(errors.get(f"materials.{material.key}", [])),
            "accept": UPLOAD_ACCEPT,
        }
        for material in item.materials.select_related("certificate_type").order_by("position")
    ]


def display_value(form: ApplicationForm, name: str, value) -> str:
    """A saved value as the review page shows it (choices by their label)."""
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)
