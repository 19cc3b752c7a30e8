"""Forms of the workbench: the inbox filters and one form per case action.

Every action form carries the case version it was rendered with (optimistic locking); the
services check everything again and their ValidationErrors land on the same fields.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onewindow.cases.delivery import Carrier
from onewindow.cases.disclosure import PhonePurpose
from onewindow.cases.inbox import MAX_DUE_WITHIN_DAYS, Filters, Key, Work
from onewindow.cases.models import DeliveryMethod, PauseReason
from onewindow.supervision import selectors as ledger_selectors

TEXTAREA = {"rows": 3}


class PagerForm(forms.Form):
    """The key a "next page" (``after``) or "previous page" (``before``) link carries."""

    after = forms.CharField(required=False, widget=forms.HiddenInput)
    before = forms.CharField(required=False, widget=forms.HiddenInput)

    def _clean_key(self, name: str) -> Key | None:
        text = self.cleaned_data.get(name) or ""
        if not text:
            return None
        key = Key.parse(text)
        if key is None:
            raise ValidationError(
                _("This page link is not valid; start again from the first page.")
            )
        return key

    def clean_after(self):
        return self._clean_key("after")

    def clean_before(self):
        return self._clean_key("before")


class InboxFilterForm(PagerForm):
    service = forms.CharField(
        label=_("Service"),
        max_length=100,
        required=False,
        help_text=_("Item code or part of the service's name."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    due_within = forms.IntegerField(
        label=_("Due within (days)"),
        required=False,
        min_value=0,
        max_value=MAX_DUE_WITHIN_DAYS,
        help_text=_("0 shows what is due today or already overdue."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    field_order = ["service", "status", "due_within"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Work.choices]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            service=data["service"].strip(),
            work=data["status"],
            due_within=data["due_within"],
        )

    def filter_query(self) -> dict[str, str]:
        """The filters as query parameters, for paging links (no cursor, no blanks)."""
        data = self.cleaned_data
        query = {"service": data["service"].strip(), "status": data["status"]}
        if data["due_within"] is not None:
            query["due_within"] = str(data["due_within"])
        return {name: value for name, value in query.items() if value}


# -- case actions ------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """The case version the official acted on; a service error is shown on its field."""

    version = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={"required": _("Reload the page and try again.")},
    )

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def service_arguments(self) -> dict:
        """The cleaned data as the service takes it, the version as ``expected_version``."""
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class MaterialChecklistForm(ActionForm):
    """A correction notice or a supplement request: tick each material, say what is wrong."""

    empty_message = ""
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for material in self.materials:
            self.fields[f"pick_{material.key}"] = forms.BooleanField(
                label=material.display_name, required=False
            )
            self.fields[f"problem_{material.key}"] = forms.CharField(
                label=format_lazy("{}: {}", material.display_name, _("What is missing or wrong")),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        items = []
        for material in self.materials:
            pick, problem = f"pick_{material.key}", f"problem_{material.key}"
            text = (cleaned.get(problem) or "").strip()
            if cleaned.get(pick) and not text:
                self.add_error(problem, gettext("Say what is missing or wrong."))
            elif text and not cleaned.get(pick):
                self.add_error(pick, _("Tick this material to include it, or clear its text."))
            elif text:
                items.append({"key": material.key, "problem": text})
        if not items and not self.errors:
            raise ValidationError(self.empty_message)
        cleaned["items"] = items
        return cleaned

    def checklist(self) -> list[tuple]:
        """(material, checkbox, problem field) per material, for the template."""
        return [(m, self[f"pick_{m.key}"], self[f"problem_{m.key}"]) for m in self.materials]

    def add_service_errors(self, error: ValidationError) -> None:
        """``items.<n>.<part>`` from the service names the n-th ticked material."""
        if not hasattr(error, "error_dict"):
            return super().add_service_errors(error)
        keys = [row["key"] for row in self.cleaned_data.get("items", [])]
        for name, messages in error.message_dict.items():
            parts = name.split(".")
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(keys):
                field = f"{'problem' if parts[2] == 'problem' else 'pick'}_{keys[int(parts[1])]}"
                self.add_error(field, messages)
            else:
                self.add_error(None, messages)
        return None

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "items": data["items"],
            "note": data.get("note", ""),
            "expected_version": data["version"],
        }


class CorrectionForm(MaterialChecklistForm):
    empty_message = _("List at least one material to correct.")


class SupplementForm(MaterialChecklistForm):
    empty_message = _("List at least one material to supplement.")


class RefuseForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason for not accepting"),
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Give the reason for not accepting.")},
    )


class RevokeForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason for revoking the certificate"),
        max_length=500,
        help_text=_("Anyone who verifies the certificate sees this reason."),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Give the reason for revoking the certificate.")},
    )

    def service_arguments(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class VerifyCommitmentForm(ActionForm):
    """告知承诺: the department's check of one commitment (国办发〔2020〕42号)."""

    key = forms.ChoiceField(label=_("Commitment"))
    outcome = forms.ChoiceField(
        label=_("What the check found"),
        choices=[
            ("true", _("True: what the certification would prove is so")),
            ("untrue", _("Untrue: the application cannot be granted, a licence is revoked")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the commitment is true.")},
    )
    finding = forms.CharField(
        label=_("How it was checked and what was found"),
        max_length=2000,
        help_text=_("The applicant reads this on the case page."),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Say how it was checked and what was found.")},
    )

    def __init__(self, *args, commitments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(row.key, row.display_name) for row in commitments]
        if len(commitments) == 1:
            self.fields["key"].initial = commitments[0].key

    def service_arguments(self) -> dict:
        data = super().service_arguments()
        data["truthful"] = data.pop("outcome") == "true"
        return data


class ApproveForm(ActionForm):
    opinion = forms.CharField(
        label=_("Opinion"), required=False, max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        max_length=2000,
        help_text=_("Optional: conditions the decision will carry."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class DenyForm(ActionForm):
    reasons = forms.CharField(
        label=_("Reasons for the denial"),
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Give the reasons for the denial.")},
    )


class PauseForm(ActionForm):
    kind = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in PauseReason.choices if c[0] != PauseReason.SUPPLEMENT],
    )
    reason = forms.CharField(
        label=_("Details"),
        max_length=2000,
        help_text=_("The applicant is told why the clock stops."),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Say why the clock stops; the applicant is told.")},
    )


class ResumeForm(ActionForm):
    pass


class ExtensionForm(ActionForm):
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        help_text=_("The applicant is told the reason."),
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Give the reason; the applicant is told.")},
    )

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rule is not None:
            self.fields["days"].max_value = rule.max_days
            self.fields["days"].widget.attrs["max"] = rule.max_days
            self.fields["days"].help_text = _(
                "The Administrative Licensing Law, %(citation)s, allows 1 to %(max)d working "
                "days; the head approves."
            ) % {"citation": rule.citation, "max": rule.max_days}
            self.fields["days"].validators = []  # the service words the limit
            self.rule = rule

    def clean_days(self):
        days = self.cleaned_data["days"]
        rule = getattr(self, "rule", None)
        if rule is not None and not 1 <= days <= rule.max_days:
            raise ValidationError(
                gettext(
                    "The Administrative Licensing Law, %(citation)s, allows 1 to %(max)d more "
                    "working days."
                )
                % {"citation": rule.citation, "max": rule.max_days}
            )
        return days


class ExtensionDecisionForm(ActionForm):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class DecisionForm(ActionForm):
    note = forms.CharField(
        label=_("Note in the decision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class CoolingOffWithdrawalForm(ActionForm):
    party = forms.CharField(
        label=_("Party who withdraws"),
        max_length=100,
        help_text=_("The spouse withdrawing in person at the registry, e.g. their name."),
    )


class DeliveryForm(ActionForm):
    method = forms.ChoiceField(
        label=_("Delivery method"),
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        initial=DeliveryMethod.ONLINE,
    )
    carrier = forms.ChoiceField(
        label=_("Carrier"),
        required=False,
        choices=[("", "—"), *Carrier.choices],
        help_text=_("For postal delivery."),
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        required=False,
        max_length=40,
        help_text=_("For postal delivery: the courier's tracking number."),
    )
    address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=200,
        help_text=_("For postal delivery, if the applicant gave none: address, name and phone."),
    )
    collected_by = forms.CharField(
        label=_("Collected by"),
        required=False,
        max_length=50,
        help_text=_("For pickup at the window: the name on the collector's ID card."),
    )
    collector_id_number = forms.CharField(
        label=_("Collector's ID number"), required=False, max_length=18
    )
    id_checked = forms.BooleanField(
        label=_("I checked the collector's original ID card in person"), required=False
    )


class FeePaymentForm(ActionForm):
    """A fee paid at the counter: the clerk took the money and hands over the receipt."""

    reference = forms.CharField(widget=forms.HiddenInput, max_length=20)
    amount = forms.DecimalField(
        label=_("Amount received (yuan)"), max_digits=10, decimal_places=2, min_value=0
    )
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=40,
        help_text=_("The number of the non-tax revenue receipt given to the payer."),
    )


class TelInput(forms.TextInput):
    input_type = "tel"


class WindowReclaimForm(forms.Form):
    """A window clerk reclaims an identity for the person at the counter (身份找回，窗口核验)."""

    id_card_checked = forms.BooleanField(
        label=_("I checked the person's original ID card in person, and it matches them"),
        error_messages={
            "required": _("Confirm that you checked the person's original ID card in person.")
        },
    )
    real_name = forms.CharField(label=_("Real name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(
        label=_("The person's new mobile phone"),
        max_length=20,
        help_text=_("An 11-digit mainland China mobile number, such as 13800138000."),
        widget=TelInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    code = forms.CharField(
        label=_("SMS verification code"),
        max_length=6,
        help_text=_("The 6 digits the person received on the new phone after “Send code”."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "maxlength": 6}
        ),
    )
    username = forms.CharField(
        label=_("Username of the new account"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class PhoneRevealForm(forms.Form):
    """Why the clerk needs the applicant's full phone number; the reveal is logged."""

    purpose = forms.ChoiceField(label=_("Purpose"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=200,
        help_text=_("Required for another purpose; kept in the audit log."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_reveal_%s")
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = PhonePurpose.choices

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class LedgerFilterForm(forms.Form):
    """Filters of the e-supervision list (the ledger): kind of matter, card, department."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    card = forms.ChoiceField(
        label=_("Card"),
        required=False,
        choices=[("", _("Red and yellow")), ("red", _("Red card")), ("yellow", _("Yellow card"))],
    )
    department = forms.CharField(
        label=_("Department"),
        required=False,
        max_length=200,
        help_text=_("Name or code, in Chinese or English."),
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kinds=(), user=None, suggest_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        # A text box with the departments as suggestions (a datalist, refreshed by htmx as
        # the person types); without JavaScript the name or code typed is looked up.
        self.fields["department"].widget.attrs.update(
            {
                "list": "department-options",
                "autocomplete": "off",
                "hx-get": suggest_url,
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#department-options",
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
                "hx-sync": "this:replace",
            }
        )

    def clean_department(self) -> str:
        """The code of the department named (a name or code, Chinese or English)."""
        typed = self.cleaned_data["department"].strip()
        if not typed:
            return ""
        found = ledger_selectors.department_named(self.user, typed)
        if found is None:
            raise ValidationError(
                _("Department: you see no department called “%(name)s”. Choose a suggestion."),
                code="unknown",
                params={"name": typed},
            )
        return found.code

    def filters(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "card", "department") if data.get(name)}
