"""Forms of the workbench's lists: the case search with its filters, saving a search, and the
key a page link of a case list carries."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onewindow.cases.models import Status
from onewindow.cases.worklists import Card, Search
from onewindow.core.localized import localized


class CasePagerForm(forms.Form):
    """The case id a "next page" (``after``) or "previous page" (``before``) link carries."""

    after = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    error_messages = {"invalid": _("This page link is not valid; start again from the first page.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("after", "before"):
            self.fields[name].error_messages.update(
                invalid=self.error_messages["invalid"], min_value=self.error_messages["invalid"]
            )


class SearchForm(CasePagerForm):
    q = forms.CharField(
        label=_("Case number, applicant or service"),
        max_length=100,
        required=False,
        help_text=_(
            "Part of a case number, an applicant's name, an ID or phone number in full, "
            "or a service's code or name."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    card = forms.ChoiceField(
        label=_("Card"),
        required=False,
        choices=[
            ("", _("All")),
            (Card.RED, _("Red card: overdue")),
            (Card.YELLOW, _("Yellow card: due soon")),
            (Card.NONE, _("No card")),
        ],
    )
    item = forms.CharField(
        label=_("Item code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    division = forms.ChoiceField(label=_("District"), required=False)

    field_order = ["q", "status", "card", "item", "submitted_from", "submitted_to", "division"]
    FILTERS = field_order

    def __init__(self, *args, divisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *Status.choices]
        self.fields["division"].choices = [
            ("", _("All")),
            *((d.code, localized(d, "name")) for d in divisions),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            raise ValidationError({"submitted_to": _("The end of the period is before its start.")})
        return data

    def search(self) -> Search:
        data = self.cleaned_data
        return Search(
            text=data["q"].strip(),
            status=data["status"],
            card=data["card"],
            item=data["item"].strip(),
            submitted_from=data["submitted_from"],
            submitted_to=data["submitted_to"],
            division=data["division"],
        )

    def filter_query(self) -> dict[str, str]:
        """The filters as query parameters, for paging links and saved searches."""
        query = {}
        for name in self.FILTERS:
            value = self.cleaned_data.get(name)
            if value:
                query[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return query

    def query_string(self) -> str:
        return urlencode(self.filter_query())


class SaveFilterForm(forms.Form):
    name = forms.CharField(label=_("Name of this search"), max_length=60)
    query = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
