"""Forms of the citizen's 12345 pages: the report, the look-up by number and code, the rating
and the reopening. Formats are checked here; the hotline's rules stay in ``hotline.services``."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onewindow.core.localized import localized
from onewindow.hotline.models import Kind
from onewindow.portal.account_forms import PhoneCodeMixin, code_field, phone_field

NOT_SURE = ""
KIND_HELP = {
    Kind.CONSULTATION: _("You want to know a rule, a procedure or where to go."),
    Kind.HELP: _("You need a department to help you with a difficulty."),
    Kind.COMPLAINT: _("A public service or an official treated you badly or did not act."),
    Kind.REPORT: _("You report a violation of the law by someone else; you stay confidential."),
    Kind.SUGGESTION: _("An idea to make a public service or the city better."),
    Kind.PRAISE: _("Thank a department or an official for good work."),
}


class ReportForm(PhoneCodeMixin, forms.Form):
    """One form for every kind of request; a signed-in citizen needs no phone or code."""

    kind = forms.ChoiceField(
        label=_("What do you want to do?"), choices=Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(
        label=_("Subject"),
        required=False,
        help_text=_("Choose “Not sure” if none fits: the hotline chooses for you."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=100,
        help_text=_("In a few words, for example “Street light out outside No. 42”."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=2000,
        help_text=_("What, where, since when, and what you would like done."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=200,
        required=False,
        help_text=_(
            "Type a street and press “Find address” to choose a standard address, or type it "
            "in your own words."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    place = forms.CharField(required=False, widget=forms.HiddenInput)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=-90,
        max_value=90, widget=forms.HiddenInput,
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=-180,
        max_value=180, widget=forms.HiddenInput,
    )  # fmt: skip
    anonymous = forms.BooleanField(
        label=_("Keep my name from the department"),
        required=False,
        help_text=_("Only the hotline sees who you are, unless the matter cannot be handled "
                    "without it (a refund, for example)."),
    )  # fmt: skip
    public_allowed = forms.BooleanField(
        label=_("The reply may be published"),
        required=False,
        help_text=_("Without your name or number, on the hotline's public page."),
    )
    caller_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = phone_field()
    code = code_field()
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        self.categories = {c.code: c for c in categories}
        choices = [(NOT_SURE, _("Not sure"))]
        groups: dict[str, list] = {}
        for category in categories:
            groups.setdefault(localized(category, "group"), []).append(
                (category.code, localized(category, "name"))
            )
        choices += list(groups.items())
        self.fields["category"].choices = choices
        self.fields["phone"].help_text = _(
            "The hotline calls you back on this number. A code is texted to it first."
        )
        if signed_in:
            for name in ("caller_name", "phone", "code"):
                del self.fields[name]
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex

    def clean_category(self):
        code = self.cleaned_data["category"]
        return self.categories.get(code) if code else None

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"].strip()
        return key if len(key) <= 64 else ""

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            cleaned["latitude"] = cleaned["longitude"] = None
        return cleaned

    def kind_rows(self):
        """The kind radios with their one-line explanations."""
        for radio in self["kind"]:
            yield radio, KIND_HELP.get(radio.data["value"], "")


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Ticket number"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Look-up code"),
        max_length=16,
        help_text=_("The 8 characters shown with the number when you reported."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()


class RatingForm(forms.Form):
    SCORES = [
        (5, _("5 – Very satisfied")),
        (4, _("4 – Satisfied")),
        (3, _("3 – Neither")),
        (2, _("2 – Dissatisfied")),
        (1, _("1 – Very dissatisfied")),
    ]
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the matter not solved?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 4:
            raise ValidationError(_("Say in a few words what is still wrong."), code="short")
        return reason
