"""The issue's journey on the real 2026 calendar (chinesecalendar's schedule): a request
received online on 14 September, supplemented, a third party consulted across the National Day
holiday (with the adjusted working Saturday 10 October), extended by 20 working days with the
head's approval, and answered with a partial disclosure."""

from datetime import date

import pytest

from onewindow.disclosure import letters, request_ledger
from onewindow.disclosure.models import Consultation, LetterKind, RequestStatus
from onewindow.disclosure.selectors import requests as selectors
from onewindow.disclosure.services import requests as services
from onewindow.disclosure.vocab import Outcome, ReplyType
from onewindow.supervision.models import Matter, State
from tests.disclosure.helpers import on

pytestmark = pytest.mark.django_db


def matter(request):
    return Matter.objects.get(kind=request_ledger.KIND, key=request.number)


def test_the_issue_journey_every_date_on_the_2026_calendar(world):
    w = world
    with on(date(2026, 9, 14)):
        r = services.apply_online(
            w.citizen, agency=w.scjg, description="2025年本市食品抽检不合格企业名单及处理情况"
        )
        assert r.status == RequestStatus.SUBMITTED
        assert r.received_on is None
        r = services.confirm_receipt(w.officer, r.number)
    # Art. 31 (三): received on the day it is confirmed; Art. 33: 20 working days, and the
    # Sunday 20 September is a working day (调休 for the Mid-Autumn and National Day holidays)
    assert r.received_on == date(2026, 9, 14)
    assert r.due_on == date(2026, 10, 16)
    assert matter(r).due_on == date(2026, 10, 16)

    with on(date(2026, 9, 16)):  # Art. 30: within 7 working days of receipt
        supplement = services.send_supplement(
            w.officer, r.number, items=["请明确所需名单的年份范围", "请说明是否包括区级抽检"]
        )
    r.refresh_from_db()
    assert r.status == RequestStatus.SUPPLEMENT
    assert supplement.answer_due == date(2026, 10, 13)  # 15 working days, holidays skipped
    assert matter(r).state == State.PAUSED

    with on(date(2026, 9, 22)):  # the clock restarts from the supplemented request
        r = services.answer_supplement(w.citizen, r.number, answer="2025年全年，仅市级抽检。")
    assert r.received_on == date(2026, 9, 22)
    assert r.due_on == date(2026, 10, 27)
    assert matter(r).state == State.OPEN

    with on(date(2026, 9, 29)):  # Art. 32: the third party has 15 working days
        consultation = services.consult_third_party(
            w.officer, r.number, third_party="广州某食品有限公司", question="是否同意公开抽检结果？"
        )
    r.refresh_from_db()
    assert consultation.answer_due == date(2026, 10, 26)
    assert r.status == RequestStatus.THIRD_PARTY
    assert matter(r).state == State.PAUSED

    with on(date(2026, 10, 12)):  # answered after the holiday; 29, 30 Sep, 8, 9, 10 Oct paused
        consultation = services.record_third_party_answer(
            w.officer, r.number, answer=Consultation.Answer.OBJECTS, note="涉及商业秘密"
        )
    r.refresh_from_db()
    assert consultation.paused_days == 5  # the working Saturday 10 October counts
    assert r.due_on == date(2026, 11, 3)
    assert matter(r).paused == 5
    assert matter(r).state == State.OPEN

    with on(date(2026, 10, 20)):
        services.request_extension(
            w.officer, r.number, days=20, reason="涉及多个抽检批次需逐一核对"
        )
    with on(date(2026, 10, 21)):
        services.decide_extension(w.head, r.number, approve=True)
    r.refresh_from_db()
    assert r.extended_days == 20
    assert r.due_on == date(2026, 12, 1)
    assert matter(r).extended == 20
    assert matter(r).due_on == date(2026, 12, 1)

    with on(date(2026, 11, 10)):
        services.draft_reply(
            w.officer, r.number, reply_type=ReplyType.PARTIAL, reply="现提供不合格企业名单。",
            withheld="企业的配方与工艺信息", legal_basis="《政府信息公开条例》第十五条（商业秘密）",
        )  # fmt: skip
    with on(date(2026, 11, 11)):
        services.review_reply(w.reviewer, r.number, passed=True)
    with on(date(2026, 11, 12)):
        r = services.send_reply(w.officer, r.number)
    assert (r.status, r.replied_on, r.outcome) == (
        RequestStatus.REPLIED, date(2026, 11, 12), Outcome.PARTIAL,
    )  # fmt: skip
    assert r.requester_kind == "person"
    assert r.received_on == date(2026, 9, 22)
    assert matter(r).state == State.CLOSED
    assert matter(r).late is False

    kinds = [letter.kind for letter in selectors.letters_for(w.citizen, r)]
    assert kinds == [
        LetterKind.ACKNOWLEDGEMENT,
        LetterKind.SUPPLEMENT,
        LetterKind.ACKNOWLEDGEMENT,
        LetterKind.EXTENSION,
        LetterKind.REPLY,
    ]  # fmt: skip  (the consultation went to the third party, not to the applicant)
    reply = r.letters.get(kind=LetterKind.REPLY)
    text = "".join(reply.content["paragraphs"])
    assert "企业的配方与工艺信息" in text
    assert "六十日内" in text
    assert "六个月内" in text
    assert letters.signature_holds(reply)
    pdf = letters.pdf_bytes(reply)
    assert pdf.startswith(b"%PDF")
    assert pdf == letters.pdf_bytes(reply)
    actions = [e.action for e in selectors.timeline(w.citizen, r)]
    assert actions[0] == "applied"
    assert actions[-1] == "replied"


def test_not_this_agencys_reply_names_the_right_agency(world):
    w = world
    with on(date(2026, 9, 14)):
        r = services.apply_online(
            w.enterprise, agency=w.mz, description="某公司食品经营许可证的核发记录"
        )
        services.confirm_receipt(w.mz_officer, r.number)
    with on(date(2026, 9, 18)):
        services.draft_reply(
            w.mz_officer, r.number, reply_type=ReplyType.NOT_OURS,
            reply="经检索，本机关未制作或保存该信息。", right_agency=w.scjg,
        )  # fmt: skip
    r.refresh_from_db()
    assert r.status == RequestStatus.REVIEW
    assert r.outcome == ""
    assert r.right_agency == w.scjg
    assert r.requester_kind == "enterprise"


def test_a_tampered_letter_no_longer_verifies(world):
    w = world
    with on(date(2026, 9, 14)):
        r = services.apply_online(w.citizen, agency=w.scjg, description="抽检计划")
        services.confirm_receipt(w.officer, r.number)
    letter = r.letters.get()
    assert letters.signature_holds(letter)
    letter.content["fields"][0][1] = "X"
    assert not letters.signature_holds(letter)
