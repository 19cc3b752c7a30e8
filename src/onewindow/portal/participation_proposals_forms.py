"""Forms of the hall's proposal pages: the filters of the list and the proposal itself."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.participation.models import ProposalCategory
from onewindow.participation.selectors import proposals as selectors


def district_choices(empty):
    return [("", empty)] + [(d.code, d.display_name) for d in selectors.districts()]


class FilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    district = forms.ChoiceField(label=pgettext_lazy("proposal", "District"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("support", _("Most supported")), ("new", _("Newest"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *ProposalCategory.choices]
        self.fields["district"].choices = district_choices(_("All districts"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked by the service (cases.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    category = forms.ChoiceField(label=_("Category"))
    district = forms.ChoiceField(label=pgettext_lazy("proposal", "District"))
    body = forms.CharField(
        label=_("Your proposal"),
        help_text=_(
            "What should change, where, and why. Do not write anyone's name, ID number or phone "
            "number: proposals are published."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=_("Up to 4 photos, JPEG or PNG."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Choose a category")), *ProposalCategory.choices]
        self.fields["district"].choices = district_choices(_("Choose a district"))
        self.fields["title"].error_messages["required"] = _("Please give your proposal a title.")
        self.fields["body"].error_messages["required"] = _("Please write your proposal.")
        self.fields["category"].error_messages["required"] = _("Please choose a category.")
        self.fields["district"].error_messages["required"] = _("Please choose a district.")
