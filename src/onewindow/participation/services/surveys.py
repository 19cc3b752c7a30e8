"""Writes of surveys (问卷) by the department: build and edit while a draft, publish, close.

Each function is one transaction with its audit entry. Only a participation officer of the
survey's department builds, publishes and closes it (``PermissionDenied`` otherwise); bad input
or a wrong state is a ``ValidationError`` naming the field. Answering is
``services.surveys_answering``.
"""

from __future__ import annotations

import functools
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.core import audit
from onewindow.core import services as core_services
from onewindow.participation import surveys_audience as audience
from onewindow.participation import surveys_logic as logic
from onewindow.participation.models import (
    Survey,
    SurveyAudience,
    SurveyQuestion,
    SurveyQuestionKind,
    SurveySequence,
    SurveySkipRule,
    SurveyStatus,
)
from onewindow.participation.surveys_authority import officer_departments

MAX_QUESTIONS = 60
MAX_OPTIONS = 30


def _change(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), audit.deferred():
            return function(*args, **kwargs)

    return wrapper


def _survey_for(actor, number: str, *, draft: bool = False) -> Survey:
    survey = Survey.objects.select_for_update().filter(number=number).first()
    if survey is None or survey.department_id not in officer_departments(actor):
        raise PermissionDenied(_("Only the department's participation officers change a survey."))
    if draft and survey.status != SurveyStatus.DRAFT:
        raise ValidationError({"status": _("A survey is built only while it is a draft.")})
    return survey


def _question_for(actor, question_id) -> SurveyQuestion:
    question = SurveyQuestion.objects.select_related("survey").filter(pk=question_id).first()
    if question is None:
        raise PermissionDenied(_("Only the department's participation officers change a survey."))
    _survey_for(actor, question.survey.number, draft=True)
    return question


def _text(errors, field, value, limit, *, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > limit:
        errors[field] = _("Keep it under %(limit)d characters.") % {"limit": limit}
    return value


def _settings(data: dict, errors: dict) -> dict:
    clean = {
        "title": _text(errors, "title", data.get("title"), 200),
        "title_en": _text(errors, "title_en", data.get("title_en"), 300, required=False),
        "intro": _text(errors, "intro", data.get("intro"), 5000, required=False),
        "intro_en": _text(errors, "intro_en", data.get("intro_en"), 8000, required=False),
    }
    opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
    if not isinstance(opens_on, date):
        errors["opens_on"] = _("Enter the date the survey opens.")
    if not isinstance(closes_on, date):
        errors["closes_on"] = _("Enter the date the survey closes.")
    elif isinstance(opens_on, date) and closes_on < opens_on:
        errors["closes_on"] = _("The survey closes on or after the day it opens.")
    clean.update(opens_on=opens_on, closes_on=closes_on)
    kind = data.get("audience") or SurveyAudience.EVERYONE
    if kind not in SurveyAudience.values:
        errors["audience"] = _("Choose who answers.")
    districts = sorted(set(data.get("districts") or []))
    known = {d.code for d in audience.districts()}
    if any(code not in known for code in districts):
        errors["districts"] = _("Choose districts of the city.")
    industries = sorted(set(data.get("industries") or []))
    if any(code not in audience.INDUSTRIES for code in industries):
        errors["industries"] = _("Choose industries from the list.")
    sample = data.get("sample_size")
    if sample is not None and (not isinstance(sample, int) or sample < 1):
        errors["sample_size"] = _("The sample size is a whole number of at least 1.")
    clean.update(
        audience=kind,
        districts=districts if kind == SurveyAudience.RESIDENTS else [],
        industries=industries if kind == SurveyAudience.ENTERPRISES else [],
        sample_size=sample,
    )
    return clean


@_change
def create_survey(actor, *, department=None, **data) -> Survey:
    """A new draft survey of the officer's department."""
    mine = officer_departments(actor)
    if not mine:
        raise PermissionDenied(_("Only a participation officer builds surveys."))
    if department is None and len(mine) == 1:
        department = Department.objects.get(pk=next(iter(mine)))
    if department is None or getattr(department, "pk", None) not in mine:
        raise ValidationError({"department": _("You build surveys only for your department.")})
    errors: dict = {}
    clean = _settings(data, errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    year = timezone.localdate().year
    number = f"WJ-{year}-{core_services.take_next(SurveySequence, year=year):04d}"
    survey = Survey.objects.create(
        number=number, department=department, created_by=actor, created_at=now, **clean
    )
    audit.record("survey.created", object_type="survey", object_id=number, actor=actor)
    return survey


@_change
def edit_survey(actor, number: str, **data) -> Survey:
    survey = _survey_for(actor, number, draft=True)
    errors: dict = {}
    clean = _settings(data, errors)
    if errors:
        raise ValidationError(errors)
    for field, value in clean.items():
        setattr(survey, field, value)
    survey.save()
    audit.record("survey.edited", object_type="survey", object_id=number, actor=actor)
    return survey


def _question_fields(kind, data, errors) -> dict:
    if kind not in SurveyQuestionKind.values:
        errors["kind"] = _("Choose the kind of question.")
    fields = {
        "text": _text(errors, "text", data.get("text"), 300),
        "text_en": _text(errors, "text_en", data.get("text_en"), 400, required=False),
        "required": bool(data.get("required", True)),
        "options": [],
        "rows": [],
        "scale_max": 5,
    }
    if kind in logic.CHOICE_KINDS:
        options = logic.parse_options(data.get("options", ""))
        if len(options) < 2:
            errors["options"] = _("Give at least two options, one a line.")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = _("Give at most %(n)d options.") % {"n": MAX_OPTIONS}
        fields["options"] = options
    if kind == SurveyQuestionKind.MATRIX:
        rows = logic.parse_options(data.get("rows", ""))
        if not rows:
            errors["rows"] = _("Give the matrix at least one row, one a line.")
        fields["rows"] = [dict(r, key=f"r{i}") for i, r in enumerate(rows, 1)]
    if kind == SurveyQuestionKind.SCALE:
        points = data.get("scale_max") or 5
        if not isinstance(points, int) or not 3 <= points <= 10:
            errors["scale_max"] = _("A scale has from 3 to 10 points.")
        fields["scale_max"] = points
    return fields


@_change
def add_question(actor, number: str, *, kind: str, **data) -> SurveyQuestion:
    survey = _survey_for(actor, number, draft=True)
    errors: dict = {}
    fields = _question_fields(kind, data, errors)
    count = survey.questions.count()
    if count >= MAX_QUESTIONS:
        errors["kind"] = _("A survey has at most %(n)d questions.") % {"n": MAX_QUESTIONS}
    if errors:
        raise ValidationError(errors)
    question = SurveyQuestion.objects.create(survey=survey, position=count + 1, kind=kind, **fields)
    audit.record(
        "survey.question_added",
        object_type="survey",
        object_id=number,
        actor=actor,
        data={"question": question.pk, "kind": kind},
    )
    return question


@_change
def edit_question(actor, question_id, **data) -> SurveyQuestion:
    """Change a question's text and options; skip rules on options that are gone are dropped."""
    question = _question_for(actor, question_id)
    errors: dict = {}
    fields = _question_fields(question.kind, data, errors)
    if errors:
        raise ValidationError(errors)
    for field, value in fields.items():
        setattr(question, field, value)
    question.save()
    keys = [o["key"] for o in question.options]
    question.skip_rules.exclude(option_key__in=keys).delete()
    audit.record(
        "survey.question_edited",
        object_type="survey",
        object_id=question.survey.number,
        actor=actor,
        data={"question": question.pk},
    )
    return question


def _renumber(survey: Survey, order: list[int]) -> None:
    """Positions 1..n in ``order`` (two passes: the unique position never collides)."""
    offset = len(order) + MAX_QUESTIONS + 1
    for i, pk in enumerate(order, 1):
        SurveyQuestion.objects.filter(pk=pk).update(position=offset + i)
    for i, pk in enumerate(order, 1):
        SurveyQuestion.objects.filter(pk=pk).update(position=i)


def _rules_of(survey: Survey) -> list[logic.Rule]:
    return [
        logic.Rule(r.question_id, r.option_key, r.target_id)
        for r in SurveySkipRule.objects.filter(question__survey=survey)
    ]


@_change
def move_question(actor, question_id, *, up: bool) -> SurveyQuestion:
    """Move a question one place; refused when a skip rule would then point backwards."""
    question = _question_for(actor, question_id)
    survey = question.survey
    order = list(survey.questions.values_list("pk", flat=True))
    i = order.index(question.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(order):
        raise ValidationError({"position": _("The question is already at that end.")})
    order[i], order[j] = order[j], order[i]
    if logic.rule_errors(order, _rules_of(survey)):
        raise ValidationError(
            {"position": _("A skip rule would go backwards: change or remove it first.")}
        )
    _renumber(survey, order)
    audit.record(
        "survey.question_moved",
        object_type="survey",
        object_id=survey.number,
        actor=actor,
        data={"question": question.pk, "up": up},
    )
    question.refresh_from_db()
    return question


@_change
def remove_question(actor, question_id) -> None:
    """Remove a question of a draft, with the skip rules from and to it."""
    question = _question_for(actor, question_id)
    survey = question.survey
    SurveySkipRule.objects.filter(target=question).delete()
    question.delete()
    _renumber(survey, list(survey.questions.values_list("pk", flat=True)))
    audit.record(
        "survey.question_removed",
        object_type="survey",
        object_id=survey.number,
        actor=actor,
        data={"question": question_id},
    )


@_change
def set_skip_rule(actor, question_id, *, option_key: str, target="") -> SurveySkipRule | None:
    """After this single-choice question, answer ``option_key`` leads to ``target`` (a
    question id, or "end"); an empty target removes the rule."""
    question = _question_for(actor, question_id)
    if question.kind != SurveyQuestionKind.SINGLE:
        raise ValidationError({"option_key": _("Skip rules follow single-choice questions.")})
    if option_key not in [o["key"] for o in question.options]:
        raise ValidationError({"option_key": _("Choose one of the question's options.")})
    survey = question.survey
    rule_target = None
    if target in ("", None):
        question.skip_rules.filter(option_key=option_key).delete()
        rule = None
    else:
        if target != "end":
            try:
                rule_target = survey.questions.filter(pk=int(target)).first()
            except (TypeError, ValueError):
                rule_target = None
            if rule_target is None:
                raise ValidationError({"target": _("Choose a question of this survey.")})
        order = list(survey.questions.values_list("pk", flat=True))
        others = [r for r in _rules_of(survey) if (r.source, r.option) != (question.pk, option_key)]
        new = logic.Rule(question.pk, option_key, rule_target.pk if rule_target else None)
        problems = logic.rule_errors(order, [*others, new])
        if problems:
            raise ValidationError({"target": problems[0]})
        rule, _created = SurveySkipRule.objects.update_or_create(
            question=question, option_key=option_key, defaults={"target": rule_target}
        )
    audit.record(
        "survey.skip_rule_set",
        object_type="survey",
        object_id=survey.number,
        actor=actor,
        data={"question": question.pk, "option": option_key, "target": str(target or "")},
    )
    return rule


@_change
def publish(actor, number: str) -> Survey:
    """Open a draft for answers: it has questions, valid skip rules, a closing date ahead."""
    survey = _survey_for(actor, number, draft=True)
    order = list(survey.questions.values_list("pk", flat=True))
    if not order:
        raise ValidationError({"questions": _("Add at least one question before publishing.")})
    problems = logic.rule_errors(order, _rules_of(survey))
    if problems:
        raise ValidationError({"questions": problems[0]})
    if survey.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date has passed: move it first.")})
    survey.status = SurveyStatus.OPEN
    survey.published_at = timezone.now()
    survey.save(update_fields=["status", "published_at"])
    audit.record("survey.published", object_type="survey", object_id=number, actor=actor)
    return survey


def close_now(survey: Survey, reason: str, actor=None) -> None:
    """Close ``survey`` (locked by the caller) for ``reason``, audited."""
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.close_reason = reason
    survey.save(update_fields=["status", "closed_at", "close_reason"])
    audit.record(
        "survey.closed",
        object_type="survey",
        object_id=survey.number,
        actor=actor,
        data={"reason": reason, "responses": survey.response_count},
    )


@_change
def close(actor, number: str) -> Survey:
    """The department closes its open survey early."""
    survey = _survey_for(actor, number)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError({"status": _("Only an open survey is closed.")})
    close_now(survey, Survey.CloseReason.OFFICER, actor)
    return survey


@_change
def close_expired() -> int:
    """Close every open survey whose closing date has passed (the daily sweep)."""
    today = timezone.localdate()
    due = Survey.objects.select_for_update().filter(status=SurveyStatus.OPEN, closes_on__lt=today)
    count = 0
    for survey in due:
        close_now(survey, Survey.CloseReason.DATE)
        count += 1
    return count
