"""The one write of a survey's respondent: the verified person's response (问卷作答).

One transaction under a lock of the survey row, so the sample size holds under concurrency:
the audience (``surveys_audience.refusal``), the skip-logic path walked again on the server
(``surveys_logic.path``), each answer on it checked (``clean_answer``), an answer to a skipped
question refused, one response per person (a unique keyed hash), and the survey closed when
the answer reaches its sample size. The audit entry names no actor: a response is anonymous,
and free-text answers are kept with ID and phone numbers masked (``participation.privacy``),
so nobody signs an anonymous answer by accident.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.participation import privacy
from onewindow.participation import surveys_audience as audience
from onewindow.participation import surveys_logic as logic
from onewindow.participation.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestionKind,
    SurveyResponse,
    SurveyStatus,
)
from onewindow.participation.services import surveys


def _change(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), audit.deferred():
            return function(*args, **kwargs)

    return wrapper


@_change
def answer(user, number: str, answers: dict) -> SurveyResponse:
    """The verified person's one response. ``answers`` maps question ids to raw values; every
    question on the skip-logic path is checked, an answer to a question off it is refused."""
    survey = Survey.objects.select_for_update().filter(number=number).first()
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise ValidationError({"survey": _("There is no such survey open for answers.")})
    refusal = audience.refusal(user, survey)
    if refusal:
        raise PermissionDenied(refusal)
    today = timezone.localdate()
    if survey.status != SurveyStatus.OPEN or not survey.opens_on <= today <= survey.closes_on:
        raise ValidationError({"survey": _("This survey is not open for answers.")})
    profile = audience.profile_of(user)
    key = profile.key(survey)
    if SurveyResponse.objects.filter(survey=survey, respondent_key=key).exists():
        raise ValidationError({"survey": _("You have already answered this survey.")})
    questions, rules = logic.questions_and_rules(survey)
    by_id = {q.pk: q for q in questions}
    raw = {int(k): v for k, v in answers.items()}
    unknown = [k for k in raw if k not in by_id]
    if unknown:
        raise ValidationError({f"q{unknown[0]}": _("This question is not in the survey.")})
    clean: dict[int, object] = {}
    order = [q.pk for q in questions]
    errors: dict = {}
    for qid in order:  # walk the path: each answer decides where it goes next
        if qid not in logic.path(order, rules, clean):
            continue
        try:
            clean[qid] = logic.clean_answer(by_id[qid], raw.get(qid))
        except ValidationError as error:
            errors.update(error.message_dict)
            clean[qid] = None
    asked = set(logic.path(order, rules, clean))
    for qid in raw:
        if qid not in asked and raw[qid] not in (None, "", [], {}):
            errors[f"q{qid}"] = _("This question was skipped: it takes no answer.")
    if errors:
        raise ValidationError(errors)
    masked = 0
    for qid, value in clean.items():
        if by_id[qid].kind == SurveyQuestionKind.TEXT and isinstance(value, str):
            clean[qid], findings = privacy.mask(value)
            masked += len(findings)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                respondent_key=key,
                respondent_kind=profile.kind,
                district=profile.district,
                age_band=profile.age_band,
                industry=profile.industry,
                submitted_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError({"survey": _("You have already answered this survey.")}) from None
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, question_id=qid, value=value)
        for qid, value in clean.items()
        if qid in asked and value is not None
    )
    survey.response_count += 1
    survey.save(update_fields=["response_count"])
    audit.record(
        "survey.answered",
        object_type="survey",
        object_id=number,
        actor=None,
        data={"masked": masked},
    )
    if survey.sample_size and survey.response_count >= survey.sample_size:
        surveys.close_now(survey, Survey.CloseReason.SAMPLE)
    return response
