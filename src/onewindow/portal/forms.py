from django import forms
from django.utils.translation import gettext_lazy as _

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
