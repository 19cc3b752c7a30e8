"""The disclosure search form: words, and the filters a reader may narrow the results to."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.disclosure import search as fts
from onewindow.disclosure.models import Validity
from onewindow.disclosure.selectors import public
from onewindow.disclosure.vocab import Category

MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    year = forms.TypedChoiceField(label=_("Year published"), required=False, coerce=int)
    validity = forms.ChoiceField(label=_("Validity"), required=False)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        everything = [("", _("All"))]
        self.agencies = {a.code: a for a in public.agencies()}
        self.fields["agency"].choices = everything + [
            (a.code, a.name) for a in self.agencies.values()
        ]
        self.fields["category"].choices = everything + list(Category.choices)
        self.fields["year"].choices = everything + [(y, str(y)) for y in public.years()]
        self.fields["validity"].choices = everything + list(Validity.choices)

    def filters(self) -> fts.Filters:
        data = self.cleaned_data
        agency = self.agencies.get(data.get("agency") or "")
        return fts.Filters(
            agency_id=agency.department.pk if agency else None,
            category=data.get("category") or None,
            year=data.get("year") or None,
            validity=data.get("validity") or None,
        )
