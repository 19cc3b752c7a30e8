"""The rules of a request on application, each as the law states it, and who may act."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from onewindow.disclosure.errors import RequestNotFound
from onewindow.disclosure.models import Channel, RequestStatus
from onewindow.disclosure.selectors import requests as selectors
from onewindow.disclosure.services import request_fees as fees
from onewindow.disclosure.services import requests as services
from onewindow.disclosure.vocab import Outcome, ReplyType
from tests.disclosure.helpers import on

pytestmark = pytest.mark.django_db


def received(w, day=date(2026, 9, 14), description="2025年食品抽检结果"):
    with on(day):
        r = services.apply_online(w.citizen, agency=w.scjg, description=description)
        return services.confirm_receipt(w.officer, r.number)


def test_a_letter_is_received_on_the_day_it_was_signed_for(world):
    with on(date(2026, 9, 16)):
        r = services.enter_request(
            world.officer, agency=world.scjg, channel=Channel.LETTER, requester_kind="research",
            requester_name="某大学法学院", description="行政处罚案件统计", signed_for_on=date(2026, 9, 15),
        )  # fmt: skip
    assert r.received_on == date(2026, 9, 15)
    assert r.applicant is None
    assert r.due_on == date(2026, 10, 19)


def test_a_walk_in_is_received_that_day_and_bad_input_names_the_field(world):
    with on(date(2026, 9, 16)), pytest.raises(ValidationError) as error:
        services.enter_request(
            world.officer, agency=world.scjg, channel=Channel.WALK_IN, requester_kind="person",
            requester_name="", description="x",
        )  # fmt: skip
    assert "requester_name" in error.value.message_dict
    with on(date(2026, 9, 16)):
        r = services.enter_request(
            world.officer, agency=world.scjg, channel=Channel.WALK_IN, requester_kind="person",
            requester_name="张三", description="抽检结果",
        )  # fmt: skip
    assert r.received_on == date(2026, 9, 16)


def test_one_supplement_only_and_within_seven_working_days(world):
    r = received(world)
    with on(date(2026, 9, 23)), pytest.raises(ValidationError):  # the 8th working day
        services.send_supplement(world.officer, r.number, items=["范围"])
    with on(date(2026, 9, 22)):  # the 7th, counting the working Sunday 20 September
        services.send_supplement(world.officer, r.number, items=["范围"])
    with on(date(2026, 9, 22)):
        services.answer_supplement(world.citizen, r.number, answer="全年")
    with on(date(2026, 9, 23)), pytest.raises(ValidationError):
        services.send_supplement(world.officer, r.number, items=["再次"])


def test_no_supplement_in_time_is_treated_as_withdrawn(world):
    r = received(world)
    with on(date(2026, 9, 16)):
        s = services.send_supplement(world.officer, r.number, items=["范围"])
    with on(s.answer_due):
        call_command("lapse_disclosure_supplements")
    r.refresh_from_db()
    assert r.status == RequestStatus.SUPPLEMENT
    with on(date(2026, 10, 14)):
        call_command("lapse_disclosure_supplements")
    r.refresh_from_db()
    assert (r.status, r.outcome, r.replied_on) == (
        RequestStatus.LAPSED, Outcome.NO_SUPPLEMENT, date(2026, 10, 14),
    )  # fmt: skip


def test_the_one_who_asks_for_an_extension_cannot_approve_it(world):
    r = received(world)
    with on(date(2026, 9, 30)):
        services.request_extension(world.head, r.number, days=20, reason="数据量大")
        with pytest.raises(PermissionDenied):
            services.decide_extension(world.head, r.number, approve=True)
        with pytest.raises(PermissionDenied):
            services.decide_extension(world.officer, r.number, approve=True)
        with pytest.raises(ValidationError):
            services.request_extension(world.officer, r.number, days=5, reason="again")
    with pytest.raises(ValidationError):
        services.request_extension(world.officer, received(world).number, days=21, reason="x")


def test_a_disclosed_reply_is_reviewed_before_it_is_sent_and_can_be_returned(world):
    r = received(world)
    with on(date(2026, 9, 20)):
        services.draft_reply(world.officer, r.number, reply_type=ReplyType.DISCLOSED, reply="附件")
        with pytest.raises(ValidationError):
            services.send_reply(world.officer, r.number)
        with pytest.raises(PermissionDenied):
            services.review_reply(world.officer, r.number, passed=True)
        services.review_reply(world.reviewer, r.number, passed=False, note="含个人信息")
    r.refresh_from_db()
    assert r.status == RequestStatus.RECEIVED


def test_each_reply_type_asks_for_what_it_needs(world):
    r = received(world)
    with on(date(2026, 9, 20)):
        for kind, field in (
            (ReplyType.PARTIAL, "withheld"),
            (ReplyType.WITHHELD, "legal_basis"),
            (ReplyType.ALREADY_PUBLIC, "where_public"),
            (ReplyType.REPEATED, "repeated_of"),
        ):
            with pytest.raises(ValidationError) as error:
                services.draft_reply(world.officer, r.number, reply_type=kind, reply="答复")
            assert field in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.draft_reply(
                world.officer, r.number, reply_type=ReplyType.WITHHELD, reply="答复",
                legal_basis="条例第十四条", outcome=Outcome.PARTIAL,
            )  # fmt: skip
        assert "outcome" in error.value.message_dict
    r.refresh_from_db()
    assert r.status == RequestStatus.RECEIVED
    assert r.reply == ""


def test_a_repeated_request_is_recognised_by_its_text(world):
    first = received(world, description="2025年本市食品安全抽检不合格企业名单")
    with on(date(2026, 9, 15)):
        services.draft_reply(
            world.officer, first.number, reply_type=ReplyType.NOT_EXIST, reply="未制作"
        )
        services.review_reply(world.reviewer, first.number, passed=True)
        services.send_reply(world.officer, first.number)
    second = received(
        world, date(2026, 9, 16), description="2025年本市食品安全抽检不合格企业名单。"
    )
    assert services.earlier_identical(second) == [first]
    with on(date(2026, 9, 17)):
        services.draft_reply(
            world.officer, second.number, reply_type=ReplyType.REPEATED, reply="重复申请",
            repeated_of=first.number,
        )  # fmt: skip
        services.review_reply(world.reviewer, second.number, passed=True)
        r = services.send_reply(world.officer, second.number)
    assert r.outcome == Outcome.REPEATED


def test_the_applicant_withdraws_and_the_report_counts_it_as_other(world):
    r = received(world)
    with on(date(2026, 9, 18)):
        with pytest.raises(RequestNotFound):
            services.withdraw(world.other_citizen, r.number)
        r = services.withdraw(world.citizen, r.number)
    assert (r.status, r.outcome, r.replied_on) == (
        RequestStatus.WITHDRAWN, Outcome.OTHER, date(2026, 9, 18),
    )  # fmt: skip


def test_who_sees_what(world):
    w = world
    r = received(w)
    assert selectors.get(w.citizen, r.number) == r
    assert selectors.get(w.officer, r.number) == r
    assert selectors.get(w.other_citizen, r.number) is None
    assert selectors.get(w.mz_officer, r.number) is None
    assert selectors.get(w.stranger, r.number) is None
    from django.contrib.auth.models import AnonymousUser

    assert selectors.get(AnonymousUser(), r.number) is None
    assert list(selectors.inbox(w.officer)) == [r]
    assert not selectors.inbox(w.mz_officer)
    for intruder in (w.other_citizen, w.mz_officer, w.stranger):
        with on(date(2026, 9, 15)), pytest.raises(RequestNotFound):
            services.send_supplement(intruder, r.number, items=["x"])
    with on(date(2026, 9, 15)), pytest.raises(PermissionDenied):
        services.send_supplement(w.citizen, r.number, items=["x"])
    assert not selectors.letters_for(w.other_citizen, r)


def test_fees_are_off_by_default_and_pause_the_clock_when_on(world, settings):
    r = received(world)
    with on(date(2026, 9, 15)), pytest.raises(ValidationError):
        fees.send_fee_notice(world.officer, r.number, basis="pages", pages=120)
    settings.ONEWINDOW_DISCLOSURE_FEES = True
    with on(date(2026, 9, 15)):
        fee = fees.send_fee_notice(world.officer, r.number, basis="pages", pages=120)
    assert fee.amount == 70 * 10 + 20 * 20
    assert fee.pay_by == date(2026, 10, 19)
    with on(date(2026, 10, 19)):
        assert fees.lapse_fees() == []
    with on(date(2026, 10, 20)):
        assert fees.lapse_fees() == [r.number]
    r.refresh_from_db()
    assert (r.status, r.outcome) == (RequestStatus.LAPSED, Outcome.FEE_UNPAID)


@given(st.integers(min_value=1, max_value=2000))
def test_the_fee_never_falls_as_pages_or_items_grow(n):
    assert fees.fee_for_pages(n + 1) >= fees.fee_for_pages(n)
    assert fees.fee_for_items(n + 1) >= fees.fee_for_items(n)
    assert fees.fee_for_pages(min(n, 30)) == 0
    assert fees.fee_for_items(min(n, 10)) == 0


def test_a_calendar_edit_moves_the_open_requests_due_dates(world):
    from onewindow.core import services as core_services

    r = received(world, date(2026, 12, 1))
    assert r.due_on == date(2026, 12, 29)
    core_services.set_calendar_day(day=date(2026, 12, 7), kind="holiday", name="测试")
    r.refresh_from_db()
    assert r.due_on == date(2026, 12, 30)


def test_a_calendar_edit_moves_the_answer_by_dates_still_running(world):
    from onewindow.core import services as core_services

    w = world
    asked = received(w, date(2026, 12, 1))
    consulted = received(w, date(2026, 12, 1), description="某企业的检查记录")
    with on(date(2026, 12, 2)):
        supplement = services.send_supplement(w.officer, asked.number, items=["请写明年份"])
        consultation = services.consult_third_party(
            w.officer, consulted.number, third_party="某公司", question="是否同意公开？"
        )
    assert supplement.answer_due == consultation.answer_due == date(2026, 12, 23)
    core_services.set_calendar_day(day=date(2026, 12, 7), kind="holiday", name="测试")
    supplement.refresh_from_db()
    consultation.refresh_from_db()
    assert supplement.answer_due == consultation.answer_due == date(2026, 12, 24)


def test_every_step_of_a_request_has_a_readable_name_in_the_audit_log():
    from onewindow.core.audit_labels import ACTIONS
    from onewindow.disclosure.models import EVENT_LABELS

    missing = [a for a in EVENT_LABELS if f"disclosure.request_{a}" not in ACTIONS]
    assert not missing
    assert "disclosure.letter_issued" in ACTIONS
