"""Forms of the disclosure office's workbench pages: the draft, and one form per action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.disclosure.models import DocumentStatus
from onewindow.disclosure.vocab import Category, DocumentForm

DATE = forms.DateInput(attrs={"type": "date"})


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DocumentStatus.choices]
    )


class DraftForm(forms.Form):
    category = forms.ChoiceField(label=_("Category (Art. 20)"), choices=Category.choices)
    form = forms.ChoiceField(label=_("Type of document"), choices=DocumentForm.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=500, required=False)
    number = forms.CharField(label=_("Document number (文号)"), max_length=64, required=False)
    formed_on = forms.DateField(
        label=_("Formed or changed on"),
        widget=DATE,
        help_text=_("Art. 26: published within 20 working days of this day."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    body_en = forms.CharField(
        label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("Conclusion of the review"),
        widget=forms.RadioSelect,
        choices=[
            ("pass", _("Passes: publish with the personal data masked")),
            ("return", _("Return to the drafter")),
        ],
    )
    masks = forms.MultipleChoiceField(
        label=_("Personal data to mask"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every finding is masked unless you untick it."),
    )
    extra = forms.CharField(
        label=_("Other text to mask"),
        required=False,
        max_length=500,
        help_text=_("Names or numbers the search did not find, separated by commas."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["masks"].choices = findings
        if not self.is_bound:
            self.initial["masks"] = [value for value, _label in findings]


class NoteForm(VersionForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ReturnForm(VersionForm):
    note = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class EndForm(VersionForm):
    ended_on = forms.DateField(label=_("On"), widget=DATE)
    replaced_by = forms.CharField(
        label=_("Replaced by (index number)"), required=False, max_length=40
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class AmendForm(EndForm):
    replaced_by = forms.CharField(label=_("Replaced by (index number)"), max_length=40)


class ExpireForm(VersionForm):
    ended_on = forms.DateField(label=_("On"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
