"""Forms of the registration and SMS sign-in pages.

Formats are checked here with the shared validators so that every mistake shows at once;
the account rules themselves (duplicates, password strength) stay in ``accounts.services``.
"""

import re

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import User
from onewindow.core.identifiers import (
    normalize_id_number,
    normalize_phone,
    normalize_uscc,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

Kind = User.Kind
KIND_CHOICES = [
    (Kind.CITIZEN, _("Citizen (natural person)")),
    (Kind.ENTERPRISE, _("Enterprise (legal person)")),
]
# The fields that bind an account to a person or an enterprise, by kind.
IDENTITY_FIELDS = {
    Kind.CITIZEN: ("real_name", "id_number"),
    Kind.ENTERPRISE: ("enterprise_name", "uscc", "representative_name", "representative_id_number"),
}
PASSWORD_FIELDS = ("password", "password_confirm")
_CODE_RE = re.compile(r"^\d{6}$")


class TelInput(forms.TextInput):
    input_type = "tel"


def phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("An 11-digit mainland China mobile number, such as 13800138000."),
        widget=TelInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("SMS verification code"),
        max_length=6,
        help_text=_("The 6 digits from the text message; press “Send code” to receive one."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 6}
        ),
    )


class PhoneCodeMixin:
    """The mobile number and the code texted to it."""

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data["phone"])
        validate_phone(phone)
        return phone

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not _CODE_RE.match(code):
            raise ValidationError(_("Enter the 6 digits from the text message."), code="format")
        return code


class RegistrationForm(PhoneCodeMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Register as"),
        choices=KIND_CHOICES,
        initial=Kind.CITIZEN,
        widget=forms.RadioSelect,
    )
    real_name = forms.CharField(
        label=_("Real name"),
        max_length=64,
        required=False,
        help_text=_("As on your ID card."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        required=False,
        help_text=_("The 18-character citizen ID number; the last character may be X."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    enterprise_name = forms.CharField(
        label=_("Enterprise name"),
        max_length=128,
        required=False,
        help_text=_("As on the business licence."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters, as printed on the business licence."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    representative_name = forms.CharField(
        label=_("Legal representative's name"),
        max_length=64,
        required=False,
        help_text=_("Your name: only the legal representative registers the enterprise."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    representative_id_number = forms.CharField(
        label=_("Legal representative's ID number"),
        max_length=18,
        required=False,
        help_text=_("Checked against the legal entity registry."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("You sign in with it. Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    phone = phone_field()
    code = code_field()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Confirm password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        self.chosen_kind = chosen if chosen in IDENTITY_FIELDS else Kind.CITIZEN
        if not self.is_bound:
            self.initial["kind"] = self.chosen_kind
        for name in IDENTITY_FIELDS[self.chosen_kind]:
            self.fields[name].required = True
        self.fields["password"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )

    @property
    def identity_fields(self) -> list[forms.BoundField]:
        """The fields of the chosen kind of account, in order."""
        return [self[name] for name in IDENTITY_FIELDS[self.chosen_kind]]

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data["id_number"])
        if value and self.chosen_kind == Kind.CITIZEN:
            validate_id_number(value)
        return value

    def clean_representative_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data["representative_id_number"])
        if value and self.chosen_kind == Kind.ENTERPRISE:
            validate_id_number(value)
        return value

    def clean_uscc(self) -> str:
        value = normalize_uscc(self.cleaned_data["uscc"])
        if value and self.chosen_kind == Kind.ENTERPRISE:
            validate_uscc(value)
        return value

    def clean(self):
        cleaned = super().clean()
        password, confirmation = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirmation and password != confirmation:
            self.add_error(
                "password_confirm",
                ValidationError(_("The two passwords do not match."), code="mismatch"),
            )
        return cleaned


class ReclaimForm(PhoneCodeMixin, forms.Form):
    """Take back an identity someone else registered: the identity, a new phone, a new account."""

    real_name = RegistrationForm.base_fields["real_name"]
    id_number = RegistrationForm.base_fields["id_number"]
    username = RegistrationForm.base_fields["username"]
    phone = phone_field()
    code = code_field()
    password = RegistrationForm.base_fields["password"]
    password_confirm = RegistrationForm.base_fields["password_confirm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("real_name", "id_number"):
            self.fields[name].required = True
        self.fields["password"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data["id_number"])
        validate_id_number(value)
        return value

    def clean(self):
        cleaned = super().clean()
        password, confirmation = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirmation and password != confirmation:
            self.add_error(
                "password_confirm",
                ValidationError(_("The two passwords do not match."), code="mismatch"),
            )
        return cleaned


class AgentRequestForm(forms.Form):
    """A person asks an enterprise to confirm them as its agent (经办人)."""

    enterprise_name = RegistrationForm.base_fields["enterprise_name"]
    uscc = RegistrationForm.base_fields["uscc"]
    letter = forms.FileField(
        label=_("Authorization letter"),
        help_text=_("Signed and sealed by the enterprise: PDF, JPG or PNG."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("enterprise_name", "uscc"):
            self.fields[name].required = True

    def clean_uscc(self) -> str:
        value = normalize_uscc(self.cleaned_data["uscc"])
        validate_uscc(value)
        return value


class SmsSignInForm(PhoneCodeMixin, forms.Form):
    phone = phone_field()
    code = code_field()
