"""Forms of the applicant's disclosure pages: the request on application and the supplement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.disclosure.vocab import RequesterKind


def agency_choices():
    """The agencies one may ask: every department of the platform, by code."""
    return [("", _("Choose an agency"))] + [
        (d.code, d.display_name) for d in Department.objects.order_by("code")
    ]


class ApplyForm(forms.Form):
    agency = forms.ChoiceField(
        label=_("Agency that holds the information"),
        help_text=_("The agency that made or keeps the information (Art. 10 of the Regulations)."),
    )
    description = forms.CharField(
        label=_("Information requested"),
        help_text=_("Name the document, its number, or describe it so that it can be found."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    wanted_form = forms.ChoiceField(
        label=_("Form wanted"),
        required=False,
        choices=[
            ("", _("No preference")),
            ("electronic", _("Electronic file")),
            ("paper", _("Paper copy")),
        ],
    )
    requester_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[(k, RequesterKind(k).label) for k in RequesterKind.legal_persons()],
    )
    email = forms.EmailField(label=_("E-mail (optional)"), required=False)
    address = forms.CharField(label=_("Postal address (optional)"), required=False, max_length=200)

    def __init__(self, *args, enterprise: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices()
        if not enterprise:
            del self.fields["requester_kind"]
        self.fields["agency"].error_messages["required"] = _(
            "Choose the agency that holds the information."
        )
        self.fields["description"].error_messages["required"] = _(
            "Describe the information you want."
        )


class SupplementAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your supplement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Write what the agency asked you to clarify.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)
