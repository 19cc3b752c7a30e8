"""Building a survey through the services: only the department's officer, only while a draft;
skip rules checked where they are saved, moved and published; validation names the field."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from onewindow.core.models import AuditEntry
from onewindow.participation.models import SurveySkipRule, SurveyStatus
from onewindow.participation.services import surveys as services
from tests.participation import surveys_helpers as h

pytestmark = pytest.mark.django_db
world = h.world  # the fixtures
no_second_factor = h.no_second_factor


def test_another_departments_officer_and_other_officials_change_nothing(world):
    survey, (q1, *_rest) = h.build(world.officer, publish=False)
    before = AuditEntry.objects.count()
    for who in (world.cg_officer, world.zj_reviewer, world.resident):
        with pytest.raises(PermissionDenied):
            services.add_question(who, survey.number, kind="text", text="插一题")
        with pytest.raises(PermissionDenied):
            services.set_skip_rule(who, q1.pk, option_key="o1", target="end")
        with pytest.raises(PermissionDenied):
            services.publish(who, survey.number)
    for who in (world.zj_reviewer, world.resident):
        with pytest.raises(PermissionDenied):
            services.create_survey(who, title="别人的问卷")
    assert AuditEntry.objects.count() == before
    assert survey.questions.count() == 4


def test_a_published_survey_is_no_longer_built_and_only_its_officer_closes_it(world):
    survey, (q1, *_rest) = h.build(world.officer)
    with pytest.raises(ValidationError) as caught:
        services.add_question(world.officer, survey.number, kind="text", text="晚了")
    assert "status" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.edit_question(world.officer, q1.pk, text="改题", options="是\n否")
    with pytest.raises(PermissionDenied):
        services.close(world.cg_officer, survey.number)
    closed = services.close(world.officer, survey.number)
    assert (closed.status, closed.close_reason) == (SurveyStatus.CLOSED, "officer")
    assert AuditEntry.objects.filter(action="survey.closed", object_id=survey.number).exists()


def test_skip_rules_go_forward_from_single_choice_questions_only(world):
    survey, (q1, q2, q3, q4) = h.build(world.officer, publish=False)
    with pytest.raises(ValidationError) as caught:
        services.set_skip_rule(world.officer, q3.pk, option_key="o1", target=str(q2.pk))
    assert "option_key" in caught.value.message_dict  # q3 is multiple choice
    backwards = services.add_question(
        world.officer, survey.number, kind="single", text="再问一次", options="是\n否"
    )
    with pytest.raises(ValidationError) as caught:
        services.set_skip_rule(world.officer, backwards.pk, option_key="o1", target=str(q2.pk))
    assert "target" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.set_skip_rule(world.officer, q1.pk, option_key="o9", target="end")
    services.set_skip_rule(world.officer, q1.pk, option_key="o1", target=str(q4.pk))
    services.move_question(world.officer, q4.pk, up=True)  # to 3: still after q1
    services.move_question(world.officer, q4.pk, up=True)  # to 2: still after q1
    with pytest.raises(ValidationError) as caught:
        services.move_question(world.officer, q4.pk, up=True)  # to 1: before q1, refused
    assert "position" in caught.value.message_dict
    services.set_skip_rule(world.officer, q1.pk, option_key="o1", target="")  # removed
    assert list(SurveySkipRule.objects.values_list("option_key", flat=True)) == ["o2"]


def test_removing_a_question_or_an_option_takes_its_rules_with_it(world):
    survey, (q1, q2, _q3, _q4) = h.build(world.officer, publish=False)
    services.set_skip_rule(world.officer, q1.pk, option_key="o1", target=str(q2.pk))
    services.remove_question(world.officer, q2.pk)
    assert list(survey.questions.values_list("position", flat=True)) == [1, 2, 3]
    assert list(SurveySkipRule.objects.values_list("option_key", flat=True)) == ["o2"]
    with pytest.raises(ValidationError) as caught:  # a single choice needs two options
        services.edit_question(world.officer, q1.pk, text="您住在哪类小区？", options="老旧小区")
    assert "options" in caught.value.message_dict
    services.edit_question(
        world.officer, q1.pk, text="您住在哪类小区？", options="老旧小区\n商品房"
    )
    assert SurveySkipRule.objects.filter(question=q1).count() == 1  # o2 is still there


def test_settings_and_questions_are_validated_field_by_field(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        services.create_survey(
            world.officer,
            title="",
            opens_on=today,
            closes_on=today - timedelta(days=1),
            audience="residents",
            districts=["999999"],
            sample_size=0,
        )
    assert set(caught.value.message_dict) == {"title", "closes_on", "districts", "sample_size"}
    survey = services.create_survey(
        world.officer, title="空问卷", opens_on=today, closes_on=today + timedelta(days=3)
    )
    assert survey.number.startswith(f"WJ-{today.year}-")
    with pytest.raises(ValidationError) as caught:
        services.publish(world.officer, survey.number)
    assert "questions" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.add_question(world.officer, survey.number, kind="scale", text="打分", scale_max=12)
    assert "scale_max" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.add_question(
            world.officer, survey.number, kind="matrix", text="矩阵", options="好\n坏"
        )
    assert "rows" in caught.value.message_dict
