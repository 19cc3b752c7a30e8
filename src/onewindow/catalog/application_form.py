"""The application form of a service item, generated from its schema (``form_schema``).

The Django form only renders: the values are checked by the case engine's own rules
(``cases.application``), so the service hall, the central window's walk-in intake, the inline
check and the API say the same thing. Shared by the portal and the workbench.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.form_schema import field_kind
from onewindow.core.localized import localized_entry
from onewindow.core.models import Division

LONG_TEXT = 200  # a text field allowing more characters than this gets a text area
UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png,.ofd"


def _choices(field: dict) -> list[tuple[str, str]]:
    values, english = field["enum"], field.get("enum_en") or field["enum"]
    labels = english if (get_language() or "").startswith("en") else values
    return [("", _("Choose…")), *zip(values, labels, strict=True)]


def _divisions() -> list[tuple[str, str]]:
    rows = Division.objects.filter(
        level__in=[Division.Level.PREFECTURE, Division.Level.COUNTY]
    ).order_by("code")
    return [("", _("Choose…")), *((d.code, f"{d.code} {d.display_name}") for d in rows)]


def _form_field(field: dict) -> forms.Field:
    kind = field_kind(field)
    label = localized_entry(field, "title")
    help_text = localized_entry(field, "description")
    options = {"label": label, "help_text": help_text, "required": False}
    if kind == "choice":
        return forms.ChoiceField(choices=_choices(field), **options)
    if kind == "number":
        mode = "numeric" if field.get("type") == "integer" else "decimal"
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": mode}), **options)
    if kind == "formatted":
        format_ = field["format"]
        if format_ == "date":
            return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **options)
        if format_ == "division":
            return forms.ChoiceField(choices=_divisions(), **options)
        attrs = {
            "id-number": {"maxlength": "18", "autocomplete": "off", "spellcheck": "false"},
            "uscc": {"maxlength": "18", "autocapitalize": "characters", "spellcheck": "false"},
            "phone": {"type": "tel", "inputmode": "tel", "autocomplete": "tel"},
        }[format_]
        return forms.CharField(widget=forms.TextInput(attrs=attrs), **options)
    limit = field.get("maxLength", 5000)
    if limit > LONG_TEXT:
        widget = forms.Textarea(attrs={"rows": 3, "maxlength": str(limit)})
    else:
        widget = forms.TextInput(attrs={"maxlength": str(limit)})
    return forms.CharField(widget=widget, **options)


class ApplicationForm(forms.Form):
    """One field per non-file property of the item's form schema, in the schema's order."""

    use_required_attribute = False  # a draft may be saved half-filled

    def __init__(self, item, *args, bound=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        schema = item.form_schema or {}
        self.required_names = set(schema.get("required", []))
        self.bound = set(bound)
        for name, field in schema.get("properties", {}).items():
            if field_kind(field) != "file":
                self.fields[name] = _form_field(field)
                if name in self.bound:  # names the applicant: filled from the account
                    self.fields[name].widget.attrs["readonly"] = True
