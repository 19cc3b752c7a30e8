from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.vocabulary import Domain, LifeEvent
from onewindow.core.clock import MAX_WORKING_DAYS


class DeadlineForm(forms.Form):
    start = forms.DateField(
        label=_("Start date"),
        help_text=_("The day the period starts, e.g. the day an application is accepted."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    working_days = forms.IntegerField(
        label=_("Time limit in working days"),
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CatalogueSearchForm(forms.Form):
    """Search and browse filters of the service catalogue; unknown values are errors."""

    q = forms.CharField(label=_("Search services"), max_length=100, required=False)
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    event = forms.ChoiceField(label=_("Life event"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["domain"].choices = everything + list(Domain.choices)
        self.fields["event"].choices = everything + list(LifeEvent.choices)
        self.fields["department"].choices = everything + [
            (d.code, d.display_name) for d in departments
        ]
