"""Surveys in the hall (问卷): the list, a survey's page, and answering it one question a page,
without JavaScript: the server keeps the answers given so far in the session and follows the
skip rules (``participation.surveys_logic``) to the next question; the last step sends them all
to ``services.surveys_answering.answer``, which checks them again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from onewindow.core.localized import localized_entry
from onewindow.participation import surveys_audience as audience
from onewindow.participation import surveys_logic as logic
from onewindow.participation.models import SurveyQuestionKind as Kind
from onewindow.participation.selectors import surveys as selectors
from onewindow.participation.services import surveys_answering as answering


def _survey_or_404(number):
    survey = selectors.public_survey(number)
    if survey is None:
        raise Http404(_("There is no published survey %(number)s.") % {"number": number})
    return survey


def _session_key(survey) -> str:
    return f"participation-survey-{survey.number}"


def _given(request, survey) -> dict[int, object]:
    return {int(k): v for k, v in request.session.get(_session_key(survey), {}).items()}


def _keep(request, survey, answers: dict[int, object]) -> None:
    request.session[_session_key(survey)] = {str(k): v for k, v in answers.items()}


def _answerable(request, survey) -> None:
    """Only an eligible person, while the survey is open, reaches the steps."""
    refusal = audience.refusal(request.user, survey)
    if refusal:
        raise PermissionDenied(refusal)
    if not selectors.is_open(survey):
        raise PermissionDenied(_("This survey is not open for answers."))
    if selectors.already_answered(request.user, survey):
        raise PermissionDenied(_("You have already answered this survey."))


@require_safe
def survey_list(request):
    return render(request, "portal/participation/surveys/list.html", selectors.hall_list())


@require_safe
def survey_page(request, number):
    survey = _survey_or_404(number)
    refusal = audience.refusal(request.user, survey) if request.user.is_authenticated else ""
    context = {
        "survey": survey,
        "is_open": selectors.is_open(survey),
        "refusal": refusal,
        "answered": selectors.already_answered(request.user, survey),
        "started": bool(_given(request, survey)),
        "question_count": survey.questions.count(),
        "audience_text": selectors.audience_text(survey),
    }
    return render(request, "portal/participation/surveys/survey.html", context)


def _raw(request, question):
    """What the form sent for ``question``, in the shape ``clean_answer`` takes."""
    post = request.POST
    if question.kind == Kind.MULTIPLE:
        return post.getlist("answer")
    if question.kind == Kind.RANKING:
        keys = [o["key"] for o in question.options]
        try:
            return logic.ranking_from_places(keys, {k: post.get(f"rank-{k}", "") for k in keys})
        except ValidationError as error:
            raise ValidationError({f"q{question.pk}": error.messages}) from None
    if question.kind == Kind.MATRIX:
        return {r["key"]: post.get(f"m-{r['key']}", "") for r in question.rows}
    return post.get("answer", "")


def _step_context(survey, question, asked, value, error=""):
    place = {qid: i for i, qid in enumerate(q.pk for q in asked)}[question.pk]
    options = [{"key": o["key"], "label": localized_entry(o, "label")} for o in question.options]
    rows = [{"key": r["key"], "label": localized_entry(r, "label")} for r in question.rows]
    ranks = {}
    if question.kind == Kind.RANKING and value:
        ranks = {key: i for i, key in enumerate(value, 1)}
    return {
        "survey": survey,
        "question": question,
        "number_in_path": place + 1,
        "total": survey.questions.count(),
        "previous": asked[place - 1] if place else None,
        "options": options,
        "rows": rows,
        "value": value,
        "chosen": value if isinstance(value, list) else [value] if value else [],
        "ranks": [(o, ranks.get(o["key"], "")) for o in options],
        "places": range(1, len(options) + 1),
        "points": range(1, question.scale_max + 1),
        "matrix_rows": [(r, (value or {}).get(r["key"], "")) for r in rows],
        "error": error,
        "error_list": [{"id": f"q{question.pk}", "label": "", "message": error}],
    }


@login_required
@require_http_methods(["GET", "POST"])
def step(request, number):
    """One question: GET ?q=<id> shows it (the first not yet answered by default); POST keeps
    the answer and goes on to the next question on the path, or to the review at the end."""
    survey = _survey_or_404(number)
    _answerable(request, survey)
    answers = _given(request, survey)
    asked = selectors.survey_path(survey, answers)
    if not asked:
        raise Http404(_("This survey has no questions."))
    wanted = request.POST.get("question") or request.GET.get("q")
    question = next((q for q in asked if str(q.pk) == str(wanted)), asked[-1])
    if request.method == "POST":
        try:
            value = logic.clean_answer(question, _raw(request, question))
        except ValidationError as error:
            message = error.message_dict.get(f"q{question.pk}", error.messages)[0]
            context = _step_context(survey, question, asked, answers.get(question.pk), message)
            return render(request, "portal/participation/surveys/step.html", context, status=400)
        answers[question.pk] = value
        _keep(request, survey, answers)
        asked = selectors.survey_path(survey, answers)
        following = [q for q in asked if q.pk not in answers]
        if following:
            return redirect(f"{request.path}?q={following[0].pk}")
        return redirect("portal:participation-survey-review", number=survey.number)
    context = _step_context(survey, question, asked, answers.get(question.pk))
    return render(request, "portal/participation/surveys/step.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, number):
    """The answers on the path, each with a link to change it, and the button that sends them."""
    survey = _survey_or_404(number)
    _answerable(request, survey)
    answers = _given(request, survey)
    asked = selectors.survey_path(survey, answers)
    missing = [q for q in asked if q.pk not in answers]
    if missing:
        step_url = reverse("portal:participation-survey-step", args=[survey.number])
        return redirect(f"{step_url}?q={missing[0].pk}")
    on_path = {q.pk: answers[q.pk] for q in asked}
    if request.method == "POST":
        try:
            answering.answer(request.user, survey.number, on_path)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("portal:participation-survey-review", number=survey.number)
        request.session.pop(_session_key(survey), None)
        messages.success(request, _("Thank you: your answers are recorded, without your name."))
        return redirect("portal:participation-survey", number=survey.number)
    rows = [(q, selectors.answer_text(q, answers[q.pk])) for q in asked]
    return render(
        request, "portal/participation/surveys/review.html", {"survey": survey, "rows": rows}
    )
