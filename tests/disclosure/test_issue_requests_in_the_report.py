"""The issue's last check, end to end through the services: the requests of the journey (a
partial disclosure after a supplement, a third party across National Day and an extension; a
"not this agency's" reply naming the right agency; a letter still open at the year's end) land
in the right cells of the 2026 annual reports, the agencies' and the city's."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from onewindow.accounts.models import Department
from onewindow.disclosure import annual_report
from onewindow.disclosure.models import Consultation, Guide
from onewindow.disclosure.services import requests as services
from onewindow.disclosure.vocab import Outcome, OutcomeGroup, ReplyType
from tests.disclosure.helpers import on

pytestmark = pytest.mark.django_db


def _partial_after_every_step(w):
    with on(date(2026, 9, 14)):
        r = services.apply_online(w.citizen, agency=w.scjg, description="2025年食品抽检不合格名单")
        services.confirm_receipt(w.officer, r.number)
    with on(date(2026, 9, 16)):
        services.send_supplement(w.officer, r.number, items=["请明确年份范围"])
    with on(date(2026, 9, 22)):
        services.answer_supplement(w.citizen, r.number, answer="2025年全年。")
    with on(date(2026, 9, 29)):
        services.consult_third_party(
            w.officer, r.number, third_party="广州某食品有限公司", question="是否同意公开？"
        )
    with on(date(2026, 10, 12)):
        services.record_third_party_answer(
            w.officer, r.number, answer=Consultation.Answer.OBJECTS, note="涉及商业秘密"
        )
    with on(date(2026, 10, 20)):
        services.request_extension(w.officer, r.number, days=20, reason="需逐一核对")
    with on(date(2026, 10, 21)):
        services.decide_extension(w.head, r.number, approve=True)
    with on(date(2026, 11, 10)):
        services.draft_reply(
            w.officer, r.number, reply_type=ReplyType.PARTIAL, reply="现提供不合格企业名单。",
            withheld="企业的配方与工艺信息", legal_basis="《政府信息公开条例》第十五条",
        )  # fmt: skip
    with on(date(2026, 11, 11)):
        services.review_reply(w.reviewer, r.number, passed=True)
    with on(date(2026, 11, 12)):
        return services.send_reply(w.officer, r.number)


def test_the_issue_requests_land_in_the_right_cells_of_the_2026_reports(world):
    w = world
    for agency in (w.scjg, w.mz):
        Guide.objects.create(agency=agency, office=f"{agency.name}政务公开办公室")
    partial = _partial_after_every_step(w)
    with on(date(2026, 9, 14)):
        not_ours = services.apply_online(
            w.enterprise, agency=w.mz, description="某公司食品许可记录"
        )
        services.confirm_receipt(w.mz_officer, not_ours.number)
    with on(date(2026, 9, 18)):
        services.draft_reply(
            w.mz_officer, not_ours.number, reply_type=ReplyType.NOT_OURS,
            reply="该信息由市场监管部门负责公开。", right_agency=w.scjg,
        )  # fmt: skip
        with pytest.raises(ValidationError) as unreviewed:  # 保密审查 before any reply goes out
            services.send_reply(w.mz_officer, not_ours.number)
        assert "status" in unreviewed.value.message_dict
        services.review_reply(w.mz_reviewer, not_ours.number, passed=True)
        not_ours = services.send_reply(w.mz_officer, not_ours.number)
    with on(date(2026, 12, 29)):
        open_letter = services.enter_request(
            w.officer, agency=w.scjg, channel="letter", requester_kind="research",
            requester_name="某大学公共政策研究院", description="2026年食品抽检计划",
            signed_for_on=date(2026, 12, 29),
        )  # fmt: skip
    assert (partial.outcome, not_ours.outcome) == (Outcome.PARTIAL, Outcome.NOT_HELD)
    assert not_ours.right_agency == w.scjg
    assert open_letter.received_on == date(2026, 12, 29)

    scjg = annual_report.compute(w.scjg, 2026)["requests"]
    assert scjg["received"] == {**_zeros(), "person": 1, "research": 1, "total": 2}
    assert scjg["outcomes"][Outcome.PARTIAL] == {**_zeros(), "person": 1, "total": 1}
    assert scjg["groups"][OutcomeGroup.PARTIAL]["total"] == 1
    assert scjg["concluded"] == {**_zeros(), "person": 1, "total": 1}
    assert scjg["carried_out"] == {**_zeros(), "research": 1, "total": 1}
    assert annual_report.balanced(scjg)

    mz = annual_report.compute(w.mz, 2026)["requests"]
    assert mz["outcomes"][Outcome.NOT_HELD] == {**_zeros(), "enterprise": 1, "total": 1}
    assert mz["groups"][OutcomeGroup.UNAVAILABLE]["total"] == 1
    assert mz["carried_out"]["total"] == 0
    assert annual_report.balanced(mz)

    city = annual_report.compute(Department.objects.get(code="440100-GOV"), 2026)["requests"]
    assert city["received"]["total"] == 3
    assert city["concluded"]["total"] == 2
    assert city["carried_out"] == scjg["carried_out"]

    # The 2027 report carries the open letter in.
    assert annual_report.compute(w.scjg, 2027)["requests"]["carried_in"]["research"] == 1


def _zeros() -> dict[str, int]:
    return {"person": 0, "enterprise": 0, "research": 0, "public_interest": 0,
            "legal_service": 0, "other": 0, "total": 0}  # fmt: skip
