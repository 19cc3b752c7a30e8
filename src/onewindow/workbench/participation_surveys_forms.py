"""Forms of the survey builder in the workbench: the survey's settings, a question, a skip rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.participation import surveys_audience as audience
from onewindow.participation.models import SurveyAudience, SurveyQuestionKind

DATE = forms.DateInput(attrs={"type": "date"})


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    intro = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes on"), widget=DATE)
    audience = forms.ChoiceField(
        label=_("Who answers"), choices=SurveyAudience.choices, widget=forms.RadioSelect
    )
    districts = forms.MultipleChoiceField(
        label=_("Districts (residents)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For residents: none chosen means every district."),
    )
    industries = forms.MultipleChoiceField(
        label=_("Industries (enterprises)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For enterprises: none chosen means every industry. The industry is the GB/T 4754 "
            "section of the first activity in the enterprise's registered business scope."
        ),
    )
    sample_size = forms.IntegerField(
        label=_("Sample size"),
        min_value=1,
        required=False,
        help_text=_("The survey closes by itself when this many people have answered."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = [(d.code, d.display_name) for d in audience.districts()]
        self.fields["industries"].choices = [
            (code, label) for code, (label, _words) in audience.INDUSTRIES.items()
        ]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=SurveyQuestionKind.choices)
    text = forms.CharField(label=_("Question text"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=400, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line, optionally with its English after a bar: 加装电梯 | Lifts. For a "
            "matrix, these are the columns; for a ranking, the items to rank."
        ),
    )
    rows = forms.CharField(
        label=_("Matrix rows"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a matrix: one row a line."),
    )
    scale_max = forms.IntegerField(
        label=_("Scale points"), min_value=3, max_value=10, initial=5, required=False
    )

    def __init__(self, *args, fixed_kind=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_kind:
            self.fields["kind"].disabled = True


class SkipRuleForm(forms.Form):
    option_key = forms.ChoiceField(label=_("If the answer is"))
    target = forms.ChoiceField(label=_("Go to"), required=False)

    def __init__(self, *args, question, later, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option_key"].choices = [(o["key"], o["label"]) for o in question.options]
        self.fields["target"].choices = [
            ("", _("The next question (no rule)")),
            *[(str(q.pk), f"{q.position}. {q.text}") for q in later],
            ("end", _("The end of the survey")),
        ]
