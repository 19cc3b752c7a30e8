"""Forms of the annual report's workbench pages: the text sections, and a review or lawsuit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.disclosure.report_models import SECTIONS, AnnualReport
from onewindow.disclosure.vocab import RemedyKind, RemedyResult


class SectionsForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [f"{name}{suffix}" for name in SECTIONS for suffix in ("", "_en")]
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field in fields}


class OpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year reported on"), min_value=2008, max_value=9999)


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RemedyKind.choices)
    reference = forms.CharField(label=_("Case reference"), max_length=64)
    filed_on = forms.DateField(label=_("Filed on"), widget=forms.DateInput(attrs={"type": "date"}))
    concluded_on = forms.DateField(
        label=_("Concluded on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=RemedyResult.choices, initial=RemedyResult.PENDING
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConcludeForm(forms.Form):
    concluded_on = forms.DateField(
        label=_("Concluded on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in RemedyResult.choices if c[0] != RemedyResult.PENDING],
    )
