"""Answering a survey through the services: skip logic on the server, required questions,
one response per verified person, the audience, the sample size and the closing date."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from onewindow.participation.models import (
    SurveyAnswer,
    SurveyAudience,
    SurveyResponse,
    SurveyStatus,
)
from onewindow.participation.services import surveys as services
from onewindow.participation.services import surveys_answering as answering
from tests.participation import surveys_helpers as h

pytestmark = pytest.mark.django_db
world = h.world  # the fixtures
no_second_factor = h.no_second_factor


def test_a_full_answer_is_kept_without_identity_but_with_district_and_age_band(world):
    survey, (q1, q2, q3, _q4) = h.build(world.officer)
    response = answering.answer(
        world.other_resident, survey.number, {q1.pk: "o1", q2.pk: "4", q3.pk: ["o1", "o3"]}
    )
    assert response.district == "440104"
    assert response.age_band == "60+"
    assert response.respondent_kind == "citizen"
    stored = {a.question_id: a.value for a in SurveyAnswer.objects.filter(response=response)}
    assert stored == {q1.pk: "o1", q2.pk: 4, q3.pk: ["o1", "o3"]}
    row = SurveyResponse.objects.values().get(pk=response.pk)
    identity = world.other_resident
    assert not any(
        str(v) in (identity.id_number, identity.real_name, identity.id_number_index)
        for v in row.values()
    )


def test_the_skip_to_the_end_refuses_answers_to_skipped_questions(world):
    survey, (q1, q2, _q3, _q4) = h.build(world.officer)
    with pytest.raises(ValidationError) as caught:
        answering.answer(world.resident, survey.number, {q1.pk: "o2", q2.pk: "3"})
    assert f"q{q2.pk}" in caught.value.message_dict
    response = answering.answer(world.resident, survey.number, {q1.pk: "o2"})
    assert list(
        SurveyAnswer.objects.filter(response=response).values_list("question_id", flat=True)
    ) == [q1.pk]


def test_required_questions_on_the_path_need_an_answer(world):
    survey, (q1, q2, q3, _q4) = h.build(world.officer)
    with pytest.raises(ValidationError) as caught:
        answering.answer(world.resident, survey.number, {q1.pk: "o1", q2.pk: "5"})
    assert set(caught.value.message_dict) == {f"q{q3.pk}"}
    with pytest.raises(ValidationError) as caught:
        answering.answer(world.resident, survey.number, {q1.pk: "o9"})
    assert f"q{q1.pk}" in caught.value.message_dict


def test_one_response_per_verified_person(world):
    survey, (q1, *_rest) = h.build(world.officer)
    answering.answer(world.resident, survey.number, {q1.pk: "o2"})
    with pytest.raises(ValidationError) as caught:
        answering.answer(world.resident, survey.number, {q1.pk: "o2"})
    assert "survey" in caught.value.message_dict
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_unverified_officials_and_anonymous_are_refused(world):
    from django.contrib.auth.models import AnonymousUser

    survey, (q1, *_rest) = h.build(world.officer)
    for who in (world.unverified, world.officer, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            answering.answer(who, survey.number, {q1.pk: "o2"})
    assert not SurveyResponse.objects.exists()


def test_residents_audience_takes_only_the_chosen_districts(world):
    survey, (q1, *_rest) = h.build(
        world.officer, audience=SurveyAudience.RESIDENTS, districts=["440106"]
    )
    answering.answer(world.resident, survey.number, {q1.pk: "o2"})  # 天河
    with pytest.raises(PermissionDenied):
        answering.answer(world.other_resident, survey.number, {q1.pk: "o2"})  # 越秀
    with pytest.raises(PermissionDenied):
        answering.answer(world.firm, survey.number, {q1.pk: "o2"})


def test_enterprises_audience_takes_only_the_chosen_industries(world):
    builder = h.enterprise("建设工程施工；住宅室内装饰装修")
    survey, (q1, *_rest) = h.build(
        world.officer, audience=SurveyAudience.ENTERPRISES, industries=["E"]
    )
    response = answering.answer(builder, survey.number, {q1.pk: "o2"})
    assert (response.respondent_kind, response.industry, response.age_band) == (
        "enterprise",
        "E",
        "",
    )
    with pytest.raises(PermissionDenied):
        answering.answer(world.firm, survey.number, {q1.pk: "o2"})  # software: section I
    with pytest.raises(PermissionDenied):
        answering.answer(world.resident, survey.number, {q1.pk: "o2"})


def test_the_survey_closes_when_the_sample_size_is_reached(world):
    survey, (q1, *_rest) = h.build(world.officer, sample_size=2)
    answering.answer(world.resident, survey.number, {q1.pk: "o2"})
    answering.answer(world.other_resident, survey.number, {q1.pk: "o2"})
    survey.refresh_from_db()
    assert (survey.status, survey.close_reason) == (SurveyStatus.CLOSED, "sample")
    with pytest.raises(ValidationError):
        answering.answer(world.firm, survey.number, {q1.pk: "o2"})


def test_no_answer_after_the_closing_date_and_the_sweep_closes_it(world):
    survey, (q1, *_rest) = h.build(world.officer)
    later = timezone.localtime() + timedelta(days=31)
    with time_machine.travel(later, tick=False):
        with pytest.raises(ValidationError):
            answering.answer(world.resident, survey.number, {q1.pk: "o2"})
        out = io.StringIO()
        call_command("close_expired_surveys", stdout=out)
        assert out.getvalue().strip() == "1 survey(s) closed."
        assert services.close_expired() == 0
    survey.refresh_from_db()
    assert (survey.status, survey.close_reason) == (SurveyStatus.CLOSED, "date")


def test_a_draft_takes_no_answers(world):
    survey, (q1, *_rest) = h.build(world.officer, publish=False)
    with pytest.raises(ValidationError):
        answering.answer(world.resident, survey.number, {q1.pk: "o2"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_a_free_text_answer_is_kept_with_id_and_phone_numbers_masked(world):
    survey, (q1, q2, q3, q4) = h.build(world.officer)
    own = world.other_resident.id_number
    answering.answer(
        world.other_resident,
        survey.number,
        {q1.pk: "o1", q2.pk: "4", q3.pk: ["o1"], q4.pk: f"我是{own}，电话13812345678，请加装电梯"},
    )
    kept = SurveyAnswer.objects.get(question=q4).value
    assert own not in kept
    assert "13812345678" not in kept
    assert kept.endswith("请加装电梯")
    assert "*" in kept
