"""Surveys (问卷): a department's questionnaire with skip logic, its audience, and the answers.

A response is keyed by a keyed hash of the person (unique per survey), never their identity;
it keeps only the district, age band and industry taken from the registries at answer time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized

__all__ = [
    "Survey",
    "SurveyAnswer",
    "SurveyAudience",
    "SurveyQuestion",
    "SurveyQuestionKind",
    "SurveyResponse",
    "SurveySequence",
    "SurveySkipRule",
    "SurveyStatus",
]


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class SurveyAudience(models.TextChoices):
    EVERYONE = "everyone", _("Every verified citizen and enterprise")
    RESIDENTS = "residents", _("Verified residents of the chosen districts")
    ENTERPRISES = "enterprises", _("Enterprises of the chosen industries")


class SurveyQuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    RANKING = "ranking", _("Ranking")
    TEXT = "text", _("Free text")
    MATRIX = "matrix", _("Matrix")


class SurveySequence(models.Model):
    """The last survey number given in a year (WJ-2026-0001 …)."""

    year = models.PositiveIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Survey(models.Model):
    class CloseReason(models.TextChoices):
        SAMPLE = "sample", _("The sample size was reached")
        DATE = "date", _("The closing date passed")
        OFFICER = "officer", _("Closed by the department")

    number = models.CharField(_("number"), max_length=20, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("English introduction"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=SurveyStatus.choices,
        default=SurveyStatus.DRAFT,
        db_index=True,
    )
    audience = models.CharField(
        _("audience"),
        max_length=12,
        choices=SurveyAudience.choices,
        default=SurveyAudience.EVERYONE,
    )
    # county-level division codes (residents) / industry codes (enterprises); empty = all
    districts = models.JSONField(_("districts"), default=list, blank=True)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    response_count = models.PositiveIntegerField(_("responses"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=8, choices=CloseReason.choices, blank=True
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("closes_on")),
                name="participation_survey_opens_before_closing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_intro(self) -> str:
        return localized(self, "intro")


class SurveyQuestion(models.Model):
    """One question; ``options`` are [{"key", "label", "label_en"}] (the choices, the items to
    rank, a matrix's columns) and ``rows`` a matrix's rows in the same shape."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=8, choices=SurveyQuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("English question"), max_length=400, blank=True)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    rows = models.JSONField(_("matrix rows"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("scale points"), default=5)

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="participation_question_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    @property
    def display_text(self) -> str:
        return localized(self, "text")


class SurveySkipRule(models.Model):
    """After ``question``, if the answer is ``option_key``, go to ``target`` (none: the end)."""

    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="skip_rules"
    )
    option_key = models.CharField(_("option"), max_length=8)
    target = models.ForeignKey(
        SurveyQuestion,
        verbose_name=_("go to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("skip rule")
        verbose_name_plural = _("skip rules")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "option_key"], name="participation_skip_rule_unique_option"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.option_key} -> {self.target_id or 'end'}"


class SurveyResponse(models.Model):
    """One person's (or enterprise's) answers to a survey: no identity, only a keyed hash."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent_key = models.CharField(max_length=64, editable=False)
    respondent_kind = models.CharField(_("respondent"), max_length=12)
    district = models.CharField(_("district"), max_length=12, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, blank=True)
    industry = models.CharField(_("industry"), max_length=4, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"], name="participation_one_response_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


class SurveyAnswer(models.Model):
    """The answer to one question: an option key, a list of keys (multiple, ranking in order),
    a scale point, a text, or {row key: column key} for a matrix."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="+")
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="participation_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
