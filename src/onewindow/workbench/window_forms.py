"""Forms of the central window: the person at the counter and their consent."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.cases.walk_in import CONSENT_STATEMENT


class CounterPersonForm(forms.Form):
    """Who applies, from the original ID card, and their consent (the service checks again)."""

    real_name = forms.CharField(label=_("Real name"), max_length=50, required=False)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        required=False,
        help_text=_(
            "Needed when the person has no account yet: they sign in with an SMS code to it."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(label=CONSENT_STATEMENT, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
