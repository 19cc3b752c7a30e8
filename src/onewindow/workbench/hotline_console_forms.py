"""The 12345 operator's phone console: one form for the caller, the ticket and the routing."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.core.localized import localized
from onewindow.hotline.models import Kind

# Access keys (Alt+key in Chromium, Alt+Shift+key in Firefox): the operator never needs a mouse.
KEYS = {"phone": "p", "kind": "k", "title": "t", "search": "f", "submit": "s"}


def _text(attrs: dict | None = None, **more) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", **(attrs or {}), **more})


class ConsoleForm(forms.Form):
    """What the operator types while the caller talks; the service checks everything again."""

    caller_phone = forms.CharField(
        label=_("Caller's phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "inputmode": "tel",
                "autocomplete": "off",
                "accesskey": KEYS["phone"],
                "autofocus": True,
            }
        ),
    )
    caller_name = forms.CharField(
        label=_("Caller's name, if they give it"),
        max_length=64,
        required=False,
        help_text=_("Leave empty for a registered caller: the account names them."),
        widget=_text(),
    )
    kind = forms.ChoiceField(
        label=_("Kind of request"),
        choices=Kind.choices,
        initial=Kind.COMPLAINT,
        widget=forms.Select(attrs={"accesskey": KEYS["kind"], "data-after-lookup": True}),
    )
    title = forms.CharField(label=_("Title"), max_length=100, widget=_text(accesskey=KEYS["title"]))
    description = forms.CharField(
        label=_("What the caller says"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False, widget=_text())
    urgent = forms.BooleanField(label=_("Urgent: answer today"), required=False)
    anonymous = forms.BooleanField(
        label=_("The caller asks to keep their name from the department"), required=False
    )
    # The proposal's top three are radio buttons named ``category`` / ``department``; a select
    # below them (``other_category`` / ``other_department``) corrects it and wins when chosen.
    # (the radios are checked by the service: a proposal may name a department not listed)
    category = forms.CharField(label=_("Category"), max_length=32, required=False)
    other_category = forms.ChoiceField(label=_("Another category"), required=False)
    department = forms.CharField(label=_("Department"), max_length=32, required=False)
    other_department = forms.ChoiceField(label=_("Another department"), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, categories=(), departments=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        category_choices = [
            (c.code, f"{localized(c, 'group')} · {localized(c, 'name')}") for c in categories
        ]
        department_choices = [(d.code, d.display_name) for d in departments]
        self.fields["other_category"].choices = [("", _("(as proposed)")), *category_choices]
        self.fields["other_department"].choices = [("", _("(as proposed)")), *department_choices]

    def chosen(self, name: str) -> str:
        """The operator's category or department: the correction if any, else the radio."""
        data = self.cleaned_data
        return data.get(f"other_{name}") or data.get(name) or ""

    def value(self, name: str) -> str:
        """What was typed in ``name``, valid or not (for the proposal and the lookup)."""
        return (self.data.get(self.add_prefix(name)) or "").strip() if self.is_bound else ""


class KnowledgeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the knowledge base"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "accesskey": KEYS["search"]}
        ),
    )
