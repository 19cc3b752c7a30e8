"""差评整改: a rating of 1–2 opens a rectification for the department, due in 15 working days
(counted by the calendar), assigned to its head; the department answers, the rater reads it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.accounts.models import Role
from onewindow.cases import ratings
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import Rectification
from onewindow.core.models import AuditEntry
from tests.cases.rating_fixtures import WJ, decided
from tests.cases.test_single_department_lifecycle import at
from tests.factories import CitizenFactory


def rate(case, score, day, problems=("slow",)):
    with at(day, 15):
        return ratings.rate(
            number=case.number,
            applicant=case.applicant,
            score=score,
            problems=list(problems) if score <= 2 else [],
            comment="等了很久。",
        )


@pytest.mark.django_db
@pytest.mark.parametrize("score", [1, 2])
def test_a_poor_rating_opens_a_rectification_due_in_15_working_days(staff, citizen, score):
    head = staff.head(WJ)
    case = decided(staff, citizen, date(2026, 9, 21))
    # Rated on Friday 25 September 2026: the count skips the weekends, Mid-Autumn and the
    # National Day week (1–8 October, with the make-up working days 27 September and 10 October).
    rating = rate(case, score, date(2026, 9, 25))
    rectification = Rectification.objects.get(rating=rating)
    assert rectification.department.code == WJ
    assert rectification.assignee == head
    assert rectification.due == date(2026, 10, 22)
    assert not rectification.answered
    entry = AuditEntry.objects.filter(action="rating.rectification_opened").get()
    assert entry.data["due"] == "2026-10-22"


@pytest.mark.django_db
@pytest.mark.parametrize("score", [3, 4, 5])
def test_a_rating_of_3_or_more_opens_no_rectification(staff, citizen, score):
    case = decided(staff, citizen, date(2026, 9, 21))
    rate(case, score, date(2026, 9, 25))
    assert not Rectification.objects.exists()


@pytest.mark.django_db
def test_the_department_answers_and_only_the_rater_reads_the_reply(staff, citizen):
    case = decided(staff, citizen, date(2026, 9, 21))
    rating = rate(case, 1, date(2026, 9, 25))
    rectification = rating.rectification
    reviewer = staff.reviewer(WJ)
    with at(date(2026, 9, 29)):
        ratings.answer_rectification(
            rectification_id=rectification.pk,
            actor=reviewer,
            findings="回访核实：材料审核用时超过承诺时限。",
            actions="已调整审核排班。",
            reply="感谢您的评价，我们已整改。",
        )
    rectification.refresh_from_db()
    assert rectification.answered
    assert not rectification.answered_late
    assert rectification.answered_by == reviewer
    assert ratings.reply_for_applicant(citizen, case).reply == "感谢您的评价，我们已整改。"
    assert ratings.reply_for_applicant(CitizenFactory(), case) is None
    assert AuditEntry.objects.filter(action="rating.rectification_answered").count() == 1
    with pytest.raises(TransitionNotAllowed):
        ratings.answer_rectification(
            rectification_id=rectification.pk, actor=reviewer, findings="x", actions="y", reply="z"
        )


@pytest.mark.django_db
def test_an_empty_answer_is_refused_naming_each_field_and_changes_nothing(staff, citizen):
    case = decided(staff, citizen, date(2026, 9, 21))
    rectification = rate(case, 2, date(2026, 9, 25)).rectification
    with pytest.raises(ValidationError) as refused:
        ratings.answer_rectification(
            rectification_id=rectification.pk,
            actor=staff.head(WJ),
            findings="  ",
            actions="已整改",
            reply="",
        )
    assert set(refused.value.message_dict) == {"findings", "reply"}
    rectification.refresh_from_db()
    assert not rectification.answered
    assert rectification.actions == ""


@pytest.mark.django_db
def test_another_department_can_neither_see_nor_answer(staff, citizen):
    case = decided(staff, citizen, date(2026, 9, 21))
    rectification = rate(case, 1, date(2026, 9, 25)).rectification
    other = staff.head("440100-SCJG")
    assert ratings.rectifications(other) == []
    with pytest.raises(Rectification.DoesNotExist):
        ratings.rectification_for(other, rectification.pk)
    with pytest.raises(PermissionDenied):
        ratings.answer_rectification(
            rectification_id=rectification.pk, actor=other, findings="a", actions="b", reply="c"
        )
    # A window clerk of the department sees it but does not answer: its head or reviewers do.
    clerk = staff.clerk(WJ)
    assert ratings.rectification_for(clerk, rectification.pk) == rectification
    with pytest.raises(PermissionDenied):
        ratings.answer_rectification(
            rectification_id=rectification.pk, actor=clerk, findings="a", actions="b", reply="c"
        )
    # A supervisor sees every department's; a citizen none.
    supervisor = staff.official("440100-ZWFW", Role.SUPERVISOR)
    assert ratings.rectifications(supervisor) == [rectification]
    assert ratings.rectifications(citizen) == []


@pytest.mark.django_db
def test_an_open_rectification_past_its_deadline_is_overdue(staff, citizen):
    case = decided(staff, citizen, date(2026, 9, 21))
    rectification = rate(case, 1, date(2026, 9, 25)).rectification
    with at(date(2026, 10, 22)):
        assert not rectification.overdue
    with at(date(2026, 10, 23)):
        assert rectification.overdue
