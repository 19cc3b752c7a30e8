"""The rules of a consultation: the draft split into its articles, the minimum period
(规章制定程序条例 Art. 16), who may comment and how, moderation, never a deletion."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.participation.models import (
    AuthorKind,
    Comment,
    CommentStatus,
    ConsultationStatus,
    ModerationDecision,
)
from onewindow.participation.services import consultations as services
from tests.participation.consultation_world import CLOSES, OPENS, at, draft, opened

pytestmark = pytest.mark.django_db


def test_a_pasted_draft_is_split_into_chapters_and_articles(world):
    consultation = draft(world)
    assert consultation.status == ConsultationStatus.DRAFT
    assert consultation.articles.count() == 20
    assert [c.heading for c in consultation.chapters.all()] == [
        "总则", "业主及业主大会", "物业服务", "物业的使用和维护", "法律责任"
    ]  # fmt: skip
    first = consultation.articles.get(position=1)
    assert first.number == "第1条"
    assert first.chapter.number == "第一章"
    assert first.text.startswith("本条规定物业管理的第1项事项")
    assert consultation.number.startswith("440100-ZJ-ZQ")


def test_a_text_without_articles_is_refused_on_the_text_field(world):
    with pytest.raises(ValidationError) as error:
        services.create_draft(
            world.zj, {"kind": "plan", "title": "无条文", "text": "只有一段话"}, actor=world.officer
        )
    assert "text" in error.value.message_dict


def test_another_department_cannot_prepare_or_publish_its_draft(world):
    with pytest.raises(PermissionDenied):
        services.create_draft(
            world.zj, {"kind": "plan", "title": "x", "text": "第一条 内容"}, actor=world.cg_officer
        )
    consultation = draft(world)
    with at(OPENS), pytest.raises(PermissionDenied):
        services.publish(consultation, actor=world.cg_officer, opens_on=OPENS, closes_on=CLOSES)


def test_the_period_is_at_least_thirty_calendar_days(world):
    consultation = draft(world)
    with at(OPENS), pytest.raises(ValidationError) as error:
        services.publish(
            consultation, actor=world.officer, opens_on=OPENS, closes_on=date(2026, 3, 31)
        )
    assert "2026-04-01" in error.value.message_dict["closes_on"][0]
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_the_minimum_is_a_setting(world, settings):
    settings.ONEWINDOW_PARTICIPATION_MIN_DAYS = 10
    consultation = draft(world)
    with at(OPENS):
        consultation = services.publish(
            consultation, actor=world.officer, opens_on=OPENS, closes_on=date(2026, 3, 12)
        )
    assert consultation.status == ConsultationStatus.OPEN


def test_a_period_ending_on_a_holiday_runs_to_the_next_working_day(world):
    # 30 days after 2026-09-01 is 2026-10-01 (National Day): 民法典 Art. 203 moves the end
    consultation = draft(world)
    with at(date(2026, 9, 1)), pytest.raises(ValidationError) as error:
        services.publish(
            consultation,
            actor=world.officer,
            opens_on=date(2026, 9, 1),
            closes_on=date(2026, 10, 1),
        )
    assert "closes_on" in error.value.message_dict


def test_only_verified_accounts_comment_and_officials_never(world):
    consultation = opened(world)
    article = consultation.articles.get(position=3)
    with at(date(2026, 3, 5)):
        for who in (world.unverified, world.officer):
            with pytest.raises(PermissionDenied):
                services.comment(consultation, who, stance="comment", body="意见", article=article)
        made = services.comment(
            consultation, world.citizen, stance="comment", body="建议明确维修资金", article=article
        )
    assert made.status == CommentStatus.PENDING
    assert made.author_kind == AuthorKind.CITIZEN
    assert made.display_name == "张＊＊"


def test_comments_only_while_open(world):
    consultation = opened(world)
    with at(date(2026, 4, 2)), pytest.raises(ValidationError):
        services.comment(consultation, world.citizen, stance="comment", body="晚了")
    with at(date(2026, 4, 1)):
        services.comment(consultation, world.citizen, stance="comment", body="最后一天")


def test_support_and_oppose_are_once_per_article_and_opposing_needs_a_reason(world):
    consultation = opened(world)
    article = consultation.articles.get(position=5)
    with at(date(2026, 3, 5)):
        with pytest.raises(ValidationError) as error:
            services.comment(consultation, world.citizen, stance="oppose", body="", article=article)
        assert "body" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.comment(consultation, world.citizen, stance="support", body="")
        assert "article" in error.value.message_dict
        services.comment(consultation, world.citizen, stance="support", body="", article=article)
        with pytest.raises(ValidationError) as error:
            services.comment(
                consultation, world.citizen, stance="oppose", body="改主意", article=article
            )
        assert "stance" in error.value.message_dict
        services.comment(consultation, world.other_citizen, stance="oppose", body="负担重",
                         article=article)  # fmt: skip


def test_an_id_number_and_a_phone_are_masked_in_the_public_text(world):
    consultation = opened(world)
    with at(date(2026, 3, 5)):
        made = services.comment(
            consultation,
            world.citizen,
            stance="comment",
            body=f"我的身份证号{world.citizen.id_number}，电话138 0013 8000，请联系。",
        )
    assert made.personal_data_found
    assert world.citizen.id_number not in made.public_body
    assert world.citizen.id_number[:4] + "**********" in made.public_body
    assert "138****8000" in made.public_body
    assert world.citizen.id_number in made.body  # the moderator sees what was written


def test_moderation_approves_rejects_and_hides_with_an_audit_trail(world):
    consultation = opened(world)
    with at(date(2026, 3, 5)):
        a = services.comment(consultation, world.citizen, stance="comment", body="有用的意见")
        b = services.comment(consultation, world.other_citizen, stance="comment", body="买房找我")
    with pytest.raises(PermissionDenied):
        services.approve(a, actor=world.cg_officer)
    services.approve(a, actor=world.moderator)
    with pytest.raises(ValidationError) as error:
        services.reject(b, actor=world.moderator, reason="")
    assert "reason" in error.value.message_dict
    services.reject(b, actor=world.moderator, reason="advertising")
    with pytest.raises(PermissionDenied):  # decided already: not in the table's state
        services.approve(b, actor=world.moderator)
    services.hide(a, actor=world.officer, reason="off_topic", note="与本条无关")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.reason, a.reason_note) == (CommentStatus.HIDDEN, "off_topic", "与本条无关")
    assert (b.status, b.reason) == (CommentStatus.REJECTED, "advertising")
    assert Comment.objects.count() == 2  # nothing deleted
    assert list(ModerationDecision.objects.values_list("action", flat=True)) == [
        "approve", "reject", "hide"
    ]  # fmt: skip
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"participation.comment_approved", "participation.comment_rejected",
            "participation.comment_hidden"} <= actions  # fmt: skip


def test_the_enterprise_is_shown_as_an_enterprise_with_a_masked_name(world):
    consultation = opened(world)
    with at(date(2026, 3, 5)):
        made = services.comment(consultation, world.enterprise, stance="comment", body="企业意见")
    assert made.author_kind == AuthorKind.ENTERPRISE
    assert made.display_name == "广州市＊＊＊有限公司"


def test_the_district_is_kept_only_when_the_author_agrees(world):
    from onewindow.registry import services as registry_services

    registry_services.save_person(
        world.citizen.id_number, "张晓明", household_division="440106013", household_address="x"
    )
    consultation = opened(world)
    with at(date(2026, 3, 5)):
        hidden = services.comment(consultation, world.citizen, stance="comment", body="一")
        shown = services.comment(
            consultation, world.citizen, stance="comment", body="二", show_district=True
        )
    assert hidden.district is None
    assert shown.district.code == "440106"


def test_a_double_clicked_submit_makes_one_comment(world):
    consultation = opened(world)
    article = consultation.articles.get(position=2)
    with at(date(2026, 3, 5)):
        first = services.comment(consultation, world.citizen, stance="support", body="",
                                 article=article)  # fmt: skip
        again = services.comment(consultation, world.citizen, stance="support", body="",
                                 article=article)  # fmt: skip
    assert first.pk == again.pk
    assert Comment.objects.count() == 1


def test_the_closing_command_closes_what_has_ended(world):
    from io import StringIO

    from django.core.management import call_command

    consultation = opened(world)
    out = StringIO()
    with at(date(2026, 4, 2)):
        call_command("close_consultations", stdout=out)
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED
    assert "1 closed" in out.getvalue()


def test_the_heat_counters_agree_with_the_comments_themselves(world):
    from onewindow.participation.selectors import consultations as selectors

    consultation = opened(world)
    people = [world.citizen, world.other_citizen, world.enterprise]
    made = []
    with at(date(2026, 3, 5)):
        for n, (who, position, stance) in enumerate(
            [(p, pos, st) for p in people for pos, st in ((1, "comment"), (2, "support"),
                                                           (3, "oppose"), (None, "comment"))]
        ):  # fmt: skip
            article = consultation.articles.get(position=position) if position else None
            made.append(services.comment(consultation, who, stance=stance, body=f"理由{n}",
                                         article=article))  # fmt: skip
    for n, comment in enumerate(made):
        if n % 4 == 3:
            services.reject(comment, actor=world.moderator, reason="off_topic")
            continue
        services.approve(comment, actor=world.moderator)
        if n % 5 == 0:
            services.hide(comment, actor=world.moderator, reason="abuse")
    counted = selectors.counted_heat(consultation)
    kept = selectors.heat_of(consultation)
    assert {k: v for k, v in kept.items() if v.total} == counted
    services.recount_heat(consultation)
    assert selectors.heat_of(consultation) == kept


def test_a_social_organization_is_told_apart_by_its_credit_code(world):
    from onewindow.core.identifiers import generate_uscc
    from tests.factories import EnterpriseFactory
    from tests.participation.consultation_world import verify

    association = verify(
        EnterpriseFactory(
            name="广州市物业管理行业协会", uscc=generate_uscc("440100", authority="5")
        )
    )
    consultation = opened(world)
    with at(date(2026, 3, 5)):
        made = services.comment(consultation, association, stance="comment", body="行业意见")
    assert made.author_kind == AuthorKind.ORGANIZATION


def test_a_consultation_number_is_never_given_twice_even_after_a_draft_is_removed(world):
    first = draft(world)
    second = draft(world)
    assert first.number.endswith("-001")
    assert second.number.endswith("-002")
    first.delete()  # an abandoned draft removed in the admin
    assert draft(world).number.endswith("-003")
