"""Forms of the disclosure office's request pages: one per action, and the staff entry form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.disclosure.models import Consultation
from onewindow.disclosure.vocab import OUTCOMES_OF, Channel, Outcome, ReplyType, RequesterKind

TEXT = {"rows": 3}


class SupplementForm(forms.Form):
    items = forms.CharField(
        label=_("What to clarify, one point a line"),
        widget=forms.Textarea(attrs=TEXT),
        max_length=5000,
        error_messages={"required": _("List what the applicant must clarify.")},
    )


class ThirdPartyForm(forms.Form):
    third_party = forms.CharField(label=_("Third party"), max_length=200)
    contact = forms.CharField(label=_("Address or contact"), required=False, max_length=200)
    question = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs=TEXT))


class ThirdPartyAnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Consultation.Answer.choices)
    note = forms.CharField(label=_("What the third party said"), required=False, max_length=5000)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT))


class FeeForm(forms.Form):
    """An information-processing fee (国办函〔2020〕109号) for a plainly excessive request."""

    basis = forms.ChoiceField(
        label=_("Counted by"),
        choices=[
            ("items", _("Requests this month (11th to 30th: 100 yuan each)")),
            ("pages", _("Pages (31st to 100th: 10 yuan each)")),
        ],
        widget=forms.RadioSelect,
    )
    pages = forms.IntegerField(label=_("Pages"), min_value=1, max_value=100000, required=False)

    def clean_pages(self):
        return self.cleaned_data.get("pages") or 0


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )


class DraftForm(forms.Form):
    reply_type = forms.ChoiceField(label=_("Kind of reply"), choices=ReplyType.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome in the annual report"),
        required=False,
        choices=[("", _("The usual one for this kind of reply")), *Outcome.choices],
    )
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 5}))
    where_public = forms.CharField(
        label=_("Where it is public (already public)"), required=False, max_length=300
    )
    withheld = forms.CharField(
        label=_("What is withheld (partly disclosed)"), required=False, max_length=5000
    )
    legal_basis = forms.CharField(
        label=_("Legal basis (withheld or partly disclosed)"), required=False, max_length=300
    )
    right_agency = forms.ChoiceField(
        label=_("Agency that holds it (not this agency's)"), required=False
    )
    repeated_of = forms.ChoiceField(label=_("Earlier identical request"), required=False)
    file = forms.FileField(
        label=_("File released (disclosed or partly disclosed)"),
        required=False,
        help_text=_("PDF, JPG, PNG or OFD; the applicant downloads it once the reply is sent."),
    )

    def __init__(self, *args, agency_id=None, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["right_agency"].choices = [("", _("Not known"))] + [
            (d.code, d.display_name) for d in Department.objects.exclude(pk=agency_id)
        ]
        self.fields["repeated_of"].choices = [("", _("None"))] + [
            (r.number, f"{r.number} · {r.description[:40]}") for r in earlier
        ]
        self.outcomes_of = {str(k): [str(o) for o in v] for k, v in OUTCOMES_OF.items()}


class ReviewForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Confidentiality review"),
        choices=[("1", _("Pass: nothing secret in it")), ("0", _("Return to the drafter"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class EmptyForm(forms.Form):
    pass


class EntryForm(forms.Form):
    """A request that came by letter, in person, by fax or e-mail (Art. 29, 31)."""

    channel = forms.ChoiceField(
        label=_("Came in"), choices=[(c, Channel(c).label) for c in Channel.values if c != "online"]
    )
    signed_for_on = forms.DateField(
        label=_("Letter signed for on"),
        required=False,
        help_text=_("For a letter: the day the agency signed for it (Art. 31 (2))."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    requester_kind = forms.ChoiceField(label=_("Kind of requester"), choices=RequesterKind.choices)
    requester_name = forms.CharField(label=_("Name"), max_length=128)
    id_number = forms.CharField(label=_("ID number or USCC"), required=False, max_length=32)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    address = forms.CharField(label=_("Postal address"), required=False, max_length=200)
    description = forms.CharField(
        label=_("Information requested"), widget=forms.Textarea(attrs={"rows": 4})
    )
