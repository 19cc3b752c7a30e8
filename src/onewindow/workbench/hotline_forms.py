"""Forms of the 12345 workbench pages: the queue's filters and one form per ticket action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.hotline import selectors
from onewindow.hotline.models import Kind, NotAccepted, Status

SCORES = [(n, str(n)) for n in range(5, 0, -1)]


def _category_choices():
    return [("", _("Any category"))] + [(c.code, str(c)) for c in selectors.categories()]


def _department_choices(blank: str):
    codes = set(selectors.categories().values_list("department__code", flat=True))
    departments = Department.objects.filter(code__in=codes).order_by("code")
    return [("", blank)] + [(d.code, d.display_name) for d in departments]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Number, title or address"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    escalated = forms.BooleanField(label=_("Escalated only"), required=False)

    def __init__(self, *args, departments: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Waiting for the hotline")), *Status.choices]
        self.fields["category"].choices = _category_choices()
        if departments:
            self.fields["department"].choices = _department_choices(_("Any department"))
        else:
            del self.fields["department"]

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class TakeForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    urgent = forms.BooleanField(label=_("Urgent: answer the same day"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()[1:]


class NotAcceptForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=NotAccepted.choices)
    note = forms.CharField(
        label=_("What the caller is told"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DispatchForm(forms.Form):
    department = forms.ChoiceField(label=pgettext_lazy("hotline", "Lead department"))
    co_departments = forms.MultipleChoiceField(
        label=_("Co-handling departments"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    note = forms.CharField(
        label=_("Dispatch note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _department_choices("")[1:]
        self.fields["department"].choices = choices
        self.fields["co_departments"].choices = choices


def _text(label, *, required=True, rows=3):
    return forms.CharField(
        label=label, required=required, max_length=4000, widget=forms.Textarea(attrs={"rows": rows})
    )


class ReturnForm(forms.Form):
    reason = _text(_("Why this is not your department's matter"))


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("Your department's opinion for the lead department"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExtensionForm(forms.Form):
    amount = forms.IntegerField(
        label=_("More time (in the category's unit)"), min_value=1, max_value=30
    )
    reason = _text(_("Reason"))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = _text(_("Note (needed to refuse)"), required=False, rows=2)


class ReplyForm(forms.Form):
    reply = _text(_("Reply to the citizen"), rows=5)


class CheckForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("The reply"),
        choices=[("yes", _("Send it to the citizen")), ("no", _("Send it back to the department"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = _text(_("Note (needed to send it back)"), required=False, rows=2)


class CallbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Satisfaction (5 = very satisfied)"), choices=SCORES, coerce=int
    )
    comment = _text(_("What the citizen said"), required=False, rows=2)


class ReopenForm(forms.Form):
    reason = _text(_("Why the citizen is not satisfied"), rows=2)


class RevealForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose (logged)"), max_length=200)
