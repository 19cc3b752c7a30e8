"""The survey builder and results in the workbench (问卷), for a department's participation
officers: the department's surveys, a new survey, the builder (settings, questions of each
kind, their order, skip rules, publish and close), live results with charts and cross-tabs by
district and age band (small cells hidden), and the anonymised CSV export.

Each view parses, calls one selector or service, renders; which actions a page offers comes
from ``participation.surveys_authority`` (the table the services enforce).
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.core import clock
from onewindow.core.localized import localized_entry
from onewindow.participation import surveys_authority as authority
from onewindow.participation import surveys_logic as logic
from onewindow.participation.models import SurveyQuestionKind
from onewindow.participation.selectors import surveys as selectors
from onewindow.participation.services import surveys as services
from onewindow.workbench import participation_surveys_forms as f
from onewindow.workbench.access import official_required

DEFAULT_PERIOD = clock.CalendarDays(30)  # the form's suggestion; the officer sets the dates


def _officer_only(request) -> None:
    if not authority.officer_departments(request.user):
        raise PermissionDenied(_("These pages are for the departments' participation officers."))


def _mine_or_404(request, number):
    _officer_only(request)
    survey = selectors.office_survey(request.user, number)
    if survey is None:
        raise Http404(_("There is no survey %(number)s of your department.") % {"number": number})
    return survey


def _add_errors(form, error: ValidationError) -> None:
    for field, found in error.message_dict.items():
        form.add_error(field if field in form.fields else None, found)


def _settings(data) -> dict:
    return {
        **{k: data[k] for k in ("title", "title_en", "intro", "intro_en", "opens_on", "closes_on")},
        "audience": data["audience"],
        "districts": data["districts"],
        "industries": data["industries"],
        "sample_size": data["sample_size"],
    }


@require_safe
@official_required
def survey_list(request):
    _officer_only(request)
    surveys = selectors.office_surveys(request.user)
    return render(request, "workbench/participation/surveys/list.html", {"surveys": surveys})


@require_http_methods(["GET", "POST"])
@official_required
def new_survey(request):
    _officer_only(request)
    today = timezone.localdate()
    form = f.SurveyForm(
        request.POST or None,
        initial={
            "opens_on": today,
            "closes_on": clock.add_calendar_days(today, DEFAULT_PERIOD).date,
            "audience": "everyone",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(request.user, **_settings(form.cleaned_data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Survey %(number)s created.") % {"number": survey.number})
            return redirect("workbench:participation-survey", number=survey.number)
    return render(request, "workbench/participation/surveys/settings.html", {"form": form})


def _builder_context(request, survey, **forms):
    questions, rules = logic.questions_and_rules(survey)
    by_id = {q.pk: q for q in questions}
    rows = [
        {
            "question": q,
            "options": [localized_entry(o, "label") for o in q.options],
            "rows": [localized_entry(r, "label") for r in q.rows],
            # (option, the question it leads to or None for the end), options with a rule only
            "rules": [
                (localized_entry(o, "label"), by_id.get(rules[(q.pk, o["key"])]))
                for o in q.options
                if (q.pk, o["key"]) in rules
            ],
        }
        for q in questions
    ]
    actions = authority.allowed_actions(request.user, survey)
    return {
        "survey": survey,
        "rows": rows,
        "actions": actions,
        "audience_text": selectors.audience_text(survey),
        "question_form": forms.get("question_form")
        or (f.QuestionForm(prefix="new") if "build" in actions else None),
        "settings_form": forms.get("settings_form"),
    }


@require_http_methods(["GET", "POST"])
@official_required
def builder(request, number):
    """The survey's page: settings, questions and rules, and what may be done in its state."""
    survey = _mine_or_404(request, number)
    settings_form = None
    if "build" in authority.allowed_actions(request.user, survey):
        initial = {
            k: getattr(survey, k)
            for k in ("title", "title_en", "intro", "intro_en", "opens_on", "closes_on")
        } | {
            "audience": survey.audience,
            "districts": survey.districts,
            "industries": survey.industries,
            "sample_size": survey.sample_size,
        }
        settings_form = f.SurveyForm(request.POST or None, initial=initial, prefix="settings")
        if request.method == "POST" and settings_form.is_valid():
            try:
                services.edit_survey(request.user, number, **_settings(settings_form.cleaned_data))
            except ValidationError as error:
                _add_errors(settings_form, error)
            else:
                messages.success(request, _("The survey's settings are saved."))
                return redirect("workbench:participation-survey", number=number)
    elif request.method == "POST":
        raise PermissionDenied(_("A survey is built only while it is a draft."))
    context = _builder_context(request, survey, settings_form=settings_form)
    status = 400 if settings_form is not None and settings_form.errors else 200
    return render(request, "workbench/participation/surveys/builder.html", context, status=status)


def _question_data(data) -> dict:
    return {
        "text": data["text"],
        "text_en": data["text_en"],
        "required": data["required"],
        "options": data["options"],
        "rows": data["rows"],
        "scale_max": data["scale_max"] or 5,
    }


@require_POST
@official_required
def add_question(request, number):
    survey = _mine_or_404(request, number)
    form = f.QuestionForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            services.add_question(
                request.user,
                number,
                kind=form.cleaned_data["kind"],
                **_question_data(form.cleaned_data),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect("workbench:participation-survey", number=number)
    context = _builder_context(request, survey, question_form=form)
    return render(request, "workbench/participation/surveys/builder.html", context, status=400)


def _question_or_404(survey, question_id):
    question = survey.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404(_("There is no such question in this survey."))
    return question


@require_http_methods(["GET", "POST"])
@official_required
def question(request, number, question_id):
    """Edit one question of a draft, and set the skip rules after a single-choice one."""
    survey = _mine_or_404(request, number)
    q = _question_or_404(survey, question_id)
    if "build" not in authority.allowed_actions(request.user, survey):
        raise PermissionDenied(_("A survey is built only while it is a draft."))
    initial = {
        "kind": q.kind,
        "text": q.text,
        "text_en": q.text_en,
        "required": q.required,
        "options": logic.options_text(q.options),
        "rows": logic.options_text(q.rows),
        "scale_max": q.scale_max,
    }
    form = f.QuestionForm(
        request.POST if "save" in request.POST else None, initial=initial, fixed_kind=True
    )
    later = list(survey.questions.filter(position__gt=q.position))
    rule_form = f.SkipRuleForm(
        request.POST if "rule" in request.POST else None, question=q, later=later
    )
    if "save" in request.POST and form.is_valid():
        try:
            services.edit_question(request.user, q.pk, **_question_data(form.cleaned_data))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("workbench:participation-survey", number=number)
    if "rule" in request.POST and rule_form.is_valid():
        try:
            services.set_skip_rule(
                request.user,
                q.pk,
                option_key=rule_form.cleaned_data["option_key"],
                target=rule_form.cleaned_data["target"],
            )
        except ValidationError as error:
            _add_errors(rule_form, error)
        else:
            messages.success(request, _("The skip rule is saved."))
            return redirect(
                "workbench:participation-survey-question", number=number, question_id=q.pk
            )
    rules = [
        (
            localized_entry(o, "label"),
            next((r.target for r in q.skip_rules.all() if r.option_key == o["key"]), "next"),
        )
        for o in q.options
    ]
    context = {
        "survey": survey,
        "question": q,
        "form": form,
        "rule_form": rule_form if q.kind == SurveyQuestionKind.SINGLE else None,
        "rules": [(label, target) for label, target in rules if target != "next"],
    }
    status = 400 if form.errors or rule_form.errors else 200
    return render(request, "workbench/participation/surveys/question.html", context, status=status)


@require_POST
@official_required
def question_action(request, number, question_id, action):
    """Move a question up or down, or remove it."""
    survey = _mine_or_404(request, number)
    q = _question_or_404(survey, question_id)
    if action not in ("up", "down", "remove"):
        raise Http404
    try:
        if action == "remove":
            services.remove_question(request.user, q.pk)
            messages.success(request, _("The question is removed."))
        else:
            services.move_question(request.user, q.pk, up=action == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workbench:participation-survey", number=number)


@require_POST
@official_required
def survey_action(request, number, action):
    """Publish a draft or close an open survey."""
    _mine_or_404(request, number)
    if action not in ("publish", "close"):
        raise Http404
    try:
        if action == "publish":
            services.publish(request.user, number)
            messages.success(request, _("The survey is published and open for answers."))
        else:
            services.close(request.user, number)
            messages.success(request, _("The survey is closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workbench:participation-survey", number=number)


@require_safe
@official_required
def results(request, number):
    """Live results: each question's distribution, and a cross-tab of one question."""
    survey = _mine_or_404(request, number)
    found = selectors.results(survey)
    crossable = selectors.crosstab_questions(survey)
    wanted = request.GET.get("q")
    cross_q = next(
        (q for q in crossable if str(q.pk) == wanted), crossable[0] if crossable else None
    )
    tables = (
        [selectors.crosstab(survey, cross_q, by) for by in selectors.groups_for(survey)]
        if cross_q
        else []
    )
    chart = {
        "questions": [
            {"id": r.question.pk, "bars": [[label, n] for label, n in r.bars]}
            for r in found
            if r.bars
        ],
        "labels": {"answers": _("Answers")},
        # hidden cells stay null: a chart never shows what the table hides
        "crosstabs": [
            {"by": t.by, "columns": t.columns, "rows": [[g, *cells] for g, cells, _n in t.rows]}
            for t in tables
            if t.rows
        ],
    }
    context = {
        "survey": survey,
        "results": found,
        "crossable": crossable,
        "cross_q": cross_q,
        "tables": tables,
        "min_cell": selectors.MIN_CELL,
        "chart": chart,
        "by_labels": {
            "district": _("By district"),
            "age_band": _("By age band"),
            "industry": _("By industry"),
        },
    }
    return render(request, "workbench/participation/surveys/results.html", context)


@require_safe
@official_required
def export_csv(request, number):
    """The anonymised answers, one row per response, with no identity (UTF-8 with BOM)."""
    survey = _mine_or_404(request, number)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{survey.number}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in selectors.export_rows(survey):
        writer.writerow(row)
    return response
