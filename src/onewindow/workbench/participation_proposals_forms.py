"""Forms of the workbench's proposal pages: moderation decisions and the official answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.participation.models import AnswerKind, ModerationReason


def department_choices():
    return [("", _("The category's department"))] + [
        (d.code, d.display_name)
        for d in Department.objects.filter(kind=Department.Kind.DEPARTMENT).order_by("code")
    ]


class PublishForm(forms.Form):
    department = forms.ChoiceField(label=_("Responsible department"), required=False)
    note = forms.CharField(label=_("Note (internal)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = department_choices()


class AssignForm(forms.Form):
    department = forms.ChoiceField(label=_("Responsible department"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = department_choices()[1:]


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason (published)"),
        choices=[("", _("Choose a reason")), *ModerationReason.choices],
    )
    note = forms.CharField(label=_("Note to the author"), required=False, max_length=300)


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into proposal number"),
        help_text=_("The published proposal this one duplicates, e.g. JY2026-00001."),
        max_length=24,
    )
    note = forms.CharField(label=_("Note (internal)"), required=False, max_length=300)


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The department's answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Answer text"), widget=forms.Textarea(attrs={"rows": 6}))
    text_en = forms.CharField(
        label=_("English answer text (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action = forms.CharField(
        label=_("Planned action"),
        help_text=_("Required when the answer is “planned”."),
        required=False,
        max_length=300,
    )
    link = forms.CharField(label=_("Link (optional)"), required=False, max_length=200)
    reason = forms.CharField(
        label=_("Reason for not adopting"),
        help_text=_("Required when the answer is “not adopted”."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (internal)"), required=False, max_length=300)
