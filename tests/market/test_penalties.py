"""Administrative penalty cases under the 行政处罚法's clocks, through the services.

The journey of the issue, in 2026 (its holidays are published): an inspection finding opens a
case; it is filed, investigated and the party told on Thursday 26 March; the party asks for a
hearing on the fifth working day (2 April); notified on Friday 3 April, the hearing cannot be
before Wednesday 15 April, 7 working days on across the weekend and 清明节 (4–6 April); legal
review, the collective decision, delivery on 20 April; the fine's 15 days end on 5 May, a
holiday, so on 6 May (民法典 Art. 203); paid late, the late charge is capped at the fine; the
decision is published, masked, for three years, then taken down.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from onewindow.core.models import AuditEntry
from onewindow.market import penalties, penalty_documents, penalty_rules
from onewindow.market.models import Result
from onewindow.market.penalty_models import (
    Band,
    BandLevel,
    LeadSource,
    PenaltyCase,
    PenaltyDocumentKind,
    Stage,
)
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter
from tests.factories import EnterpriseFactory
from tests.market import world as market_world
from tests.market.world import TH, XF


def pdf_text(document) -> str:
    pages = PdfReader(document.pdf.open("rb")).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def at(day: str):
    return time_machine.travel(date.fromisoformat(day), tick=False)


def finding_case(w):
    with at("2026-03-05"):
        visit = market_world.recorded_visit(
            w,
            plan=w.plan,
            result=Result.FOLLOW_UP,
            description="后厨餐具未经消毒即投入使用，经责令改正，复查时仍未改正。",
        )
        finding = visit.findings.get(department=w.th)
        officer = visit.people[TH]
        case = penalties.open_from_finding(finding, actor=officer)
    return case, officer, visit


def partner(w, officer):
    return next(i.user for i in w.inspectors[TH] if i.user != officer)


def filed(w):
    case, officer, _visit = finding_case(w)
    with at("2026-03-06"):
        penalties.propose_filing(
            case,
            actor=officer,
            data={
                "violation": w.violation.pk,
                "occurred_on": "2026-02-20",
                "ended_on": "2026-03-05",
                "discovered_on": "2026-03-05",
                "officers": [partner(w, officer).pk],
            },
        )
    with at("2026-03-09"):
        penalties.approve_filing(case, actor=w.head, approved=True)
    case.refresh_from_db()
    return case, officer


def notified(w, party=True):
    case, officer = filed(w)
    if party:
        EnterpriseFactory(uscc=case.entity.uscc, name=case.entity.name)
    with at("2026-03-20"):
        penalties.add_evidence(case, actor=officer, title="现场检查笔录及照片")
    with at("2026-03-26"):
        penalties.notify(
            case,
            actor=officer,
            data={
                "band": w.heavier.pk,
                "fine": "40000",
                "measures": ["warning", "suspension"],
                "grounds": "一年内第二次因餐具消毒问题被查处",
            },
        )
    case.refresh_from_db()
    return case, officer


def test_the_whole_case_runs_under_the_laws_clocks(case_world):
    w = case_world
    case, officer = notified(w)
    assert case.source == LeadSource.INSPECTION
    assert case.finding is not None
    assert (case.stage, case.filed_on, case.notified_on) == (
        Stage.NOTIFIED, date(2026, 3, 9), date(2026, 3, 26),
    )  # fmt: skip
    # Art. 60: 90 calendar days from filing on 9 March: 7 June is a Sunday, so 8 June
    deciding = Matter.objects.get(kind="market-penalty", key=case.number)
    assert (deciding.stage, deciding.unit, deciding.due_on) == (
        "deciding", "calendar_days", date(2026, 6, 8),
    )  # fmt: skip
    # Art. 64 (一): five working days from Thursday 26 March
    assert case.statement_due == date(2026, 4, 2)
    notice = case.documents.get(kind=PenaltyDocumentKind.NOTICE)
    text = pdf_text(notice)
    for words in ("行政处罚告知书", "从重", "36,500.00元至50,000.00元", "罚款40,000.00元",
                  "2026年4月2日", "要求举行听证"):  # fmt: skip
        assert words in text, words
    assert penalty_documents.verify(notice.pdf.open("rb").read()) == notice
    assert Notification.objects.filter(kind="market.penalty_notified").exists()

    # the party asks for a hearing on the fifth working day, in the hall
    party = EnterpriseFactory._meta.model.objects.get(uscc=case.entity.uscc)
    with at("2026-04-02"):
        penalties.respond(case, actor=party, hearing=True)
    case.refresh_from_db()
    assert (case.stage, case.hearing_requested_on) == (Stage.HEARING, date(2026, 4, 2))

    # told on Friday 3 April: 4–6 April are the weekend and 清明节, so 15 April at the earliest
    hearing = {"place": "天河区市场监管局听证室", "host": w.host.pk}
    with at("2026-04-03"):
        with pytest.raises(ValidationError) as error:
            penalties.schedule_hearing(
                case, actor=officer, data={**hearing, "hearing_on": "2026-04-14"}
            )
        assert "2026-04-15" in str(error.value.message_dict["hearing_on"])
        with pytest.raises(ValidationError) as error:
            penalties.schedule_hearing(
                case,
                actor=officer,
                data={**hearing, "hearing_on": "2026-04-15", "host": officer.pk},
            )
        assert "host" in error.value.message_dict
        penalties.schedule_hearing(
            case, actor=officer, data={**hearing, "hearing_on": "2026-04-15"}
        )
    case.refresh_from_db()
    assert case.documents.filter(kind=PenaltyDocumentKind.HEARING).count() == 1
    with at("2026-04-14"), pytest.raises(ValidationError):
        penalties.record_hearing(case, actor=w.host, record="当事人到场陈述。")
    with at("2026-04-15"):
        penalties.record_hearing(case, actor=w.host, record="当事人承认事实，请求从轻处罚。")
    case.refresh_from_db()
    assert (case.stage, case.major) == (Stage.REVIEW, True)

    # legal review (Art. 58), then the heads' collective decision (Art. 57), not heavier
    with at("2026-04-16"):
        with pytest.raises(PermissionDenied):
            penalties.review(case, actor=w.head, opinion="同意")
        penalties.review(case, actor=w.reviewer, opinion="事实清楚，证据确凿，适用依据正确。")
    with at("2026-04-17"):
        with pytest.raises(ValidationError) as error:
            penalties.decide(case, actor=w.head, data={"fine": "45000", "measures": ["warning"]})
        assert {"fine", "minutes"} <= set(error.value.message_dict)
        penalties.decide(
            case,
            actor=w.head,
            data={"fine": "38000", "measures": ["warning"], "minutes": "局务会集体讨论，同意。"},
        )
    case.refresh_from_db()
    assert (case.stage, case.fine, case.decided_on) == (
        Stage.DELIVERING, Decimal("38000.00"), date(2026, 4, 17),
    )  # fmt: skip
    delivering = Matter.objects.get(kind="market-penalty", key=case.number)
    # Art. 61: 7 working days from Friday 17 April
    assert (delivering.stage, delivering.unit, delivering.due_on) == (
        "delivering", "working_days", date(2026, 4, 28),
    )  # fmt: skip
    decision = case.documents.get(kind=PenaltyDocumentKind.DECISION)
    text = pdf_text(decision)
    for words in (
        "行政处罚决定书",
        "罚款38,000.00元",
        "集体讨论",
        "百分之三",
        "广州市天河区人民政府",
        "国家企业信用信息公示系统向社会公示",  # the party is told (公示规定 Art. 8)
    ):
        assert words in text, words

    # delivered on 20 April: 15 calendar days end on 5 May, a holiday, so on 6 May
    with at("2026-04-20"):
        penalties.deliver(case, actor=officer, delivered_on="2026-04-20")
        publication = penalties.publish(case, actor=w.head)
    case.refresh_from_db()
    assert case.payment_due == date(2026, 5, 6)
    assert Matter.objects.get(kind="market-penalty", key=case.number).due_on == date(2026, 5, 6)
    assert Matter.objects.get(kind="market-penalty-publication", key=case.number).state == "closed"
    # paid 40 days late: 120 % of the fine, capped at the fine (Art. 72)
    with at("2026-06-15"):
        assert penalties.amount_due(case, date(2026, 6, 15)) == (
            Decimal("38000.00"), Decimal("38000.00"),
        )  # fmt: skip
        penalties.record_payment(case, actor=officer, paid_on="2026-06-15")
    case.refresh_from_db()
    assert (case.stage, case.late_charge, case.paid_amount) == (
        Stage.CLOSED, Decimal("38000.00"), Decimal("76000.00"),
    )  # fmt: skip
    assert Matter.objects.get(kind="market-penalty", key=case.number).state == "closed"

    # published three years (a fine not "lower", and more), masked, then taken down
    rep = case.entity.legal_representative.name
    assert publication.ends_on == date(2029, 4, 20)
    assert publication.text["representative"] == rep[0] + "*" * (len(rep) - 1)
    with at("2029-04-21"):
        assert penalties.withdraw_expired() == 1
    publication.refresh_from_db()
    assert publication.withdrawal_reason == "expired"
    actions = set(
        AuditEntry.objects.filter(object_type="penaltycase", object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"market.penalty_opened", "market.penalty_filed", "market.penalty_notified",
            "market.penalty_heard", "market.penalty_decided", "market.penalty_paid",
            "market.penalty_published", "market.penalty_publication_ended"} <= actions  # fmt: skip


def test_a_late_request_and_a_statement_in_time(case_world):
    w = case_world
    case, officer = notified(w)
    party = EnterpriseFactory._meta.model.objects.get(uscc=case.entity.uscc)
    with at("2026-04-03"), pytest.raises(ValidationError) as error:
        penalties.respond(case, actor=party, hearing=True)
    assert "2026-04-02" in str(error.value)
    with at("2026-03-31"):
        with pytest.raises(PermissionDenied):
            penalties.proceed(case, actor=w.head)
        with pytest.raises(ValidationError):
            penalties.proceed(case, actor=officer)
        penalties.respond(case, actor=party, statement="已整改，请求从轻处罚。")
    case.refresh_from_db()
    # suspension proposed: a major case, so legal review comes next
    assert (case.stage, case.stated_on) == (Stage.REVIEW, date(2026, 3, 31))


def test_limitation_bad_input_and_who_may_act(case_world):
    w = case_world
    case, officer, visit = finding_case(w)
    with at("2026-03-06"):
        with pytest.raises(ValidationError) as error:
            penalties.propose_filing(
                case,
                actor=officer,
                data={"violation": "x", "occurred_on": "2026-13-01", "ended_on": "",
                      "discovered_on": "2026-03-05", "officers": []},
            )  # fmt: skip
        assert {"violation", "occurred_on", "ended_on", "officers"} <= set(error.value.message_dict)
        case.refresh_from_db()
        assert case.stage == Stage.LEAD
        # Art. 36: a fire-safety violation (5 years) ended more than 5 years ago
        with pytest.raises(ValidationError) as error:
            penalties.propose_filing(
                case,
                actor=officer,
                data={"violation": w.violation.pk, "occurred_on": "2020-01-01",
                      "ended_on": "2021-03-04", "discovered_on": "2026-03-05",
                      "officers": [partner(w, officer).pk]},
            )  # fmt: skip
        assert "2026-03-04" in str(error.value.message_dict["discovered_on"])
        # another department's officer, a citizen, anonymous
        xf_officer = visit.people[XF]
        for outsider in (xf_officer, EnterpriseFactory()):
            with pytest.raises(PermissionDenied):
                penalties.drop_lead(case, actor=outsider, reason="无违法事实")
        with pytest.raises(ValidationError):
            penalties.open_from_finding(case.finding, actor=officer)
    assert PenaltyCase.objects.count() == 1


def test_a_not_heavier_decision_on_a_simple_case_and_no_hearing_allowed(case_world):
    w = case_world
    case, officer = filed(w)
    lighter = Band.objects.get(violation=w.violation, level=BandLevel.LIGHTER)
    with at("2026-03-20"):
        with pytest.raises(ValidationError) as error:
            penalties.notify(case, actor=officer, data={"band": lighter.pk, "fine": "8000"})
        assert {"evidence", "grounds"} <= set(error.value.message_dict)
        penalties.add_evidence(case, actor=officer, title="询问笔录")
        with pytest.raises(ValidationError) as error:
            penalties.notify(
                case, actor=officer,
                data={"band": lighter.pk, "fine": "20000", "measures": ["suspension"],
                      "grounds": "首次"},
            )  # fmt: skip
        assert {"fine", "measures"} <= set(error.value.message_dict)
        penalties.notify(
            case, actor=officer, data={"band": lighter.pk, "fine": "8000", "grounds": "首次"}
        )
    case.refresh_from_db()
    assert not penalties.hearing_allowed(case)
    with at("2026-03-23"), pytest.raises(ValidationError) as error:
        penalties.respond(case, actor=officer, hearing=True)
    assert "hearing" in error.value.message_dict
    with at("2026-03-30"):  # the five working days have passed without a word
        penalties.proceed(case, actor=officer)
        penalties.decide(case, actor=w.head, data={"fine": "6000"})
        penalties.deliver(case, actor=officer, delivered_on="2026-03-30")
        publication = penalties.publish(case, actor=w.head)
    # a fine below the province's "lower" amount alone: three months
    assert publication.ends_on == date(2026, 6, 30)
    with at("2026-04-10"):
        penalties.record_payment(case, actor=officer, paid_on="2026-04-10")
    case.refresh_from_db()
    assert (case.stage, case.late_charge) == (Stage.CLOSED, Decimal("0.00"))


@settings(deadline=None)
@given(
    fine=st.decimals(min_value=1, max_value=10_000_000, places=2),
    late=st.integers(min_value=-30, max_value=400),
)
def test_the_late_charge_is_three_percent_a_day_and_never_more_than_the_fine(fine, late):
    due = date(2026, 5, 6)
    charge = penalty_rules.late_charge(fine, due, date.fromordinal(due.toordinal() + late))
    assert Decimal(0) <= charge <= fine
    days = max(late, 0)
    if fine * Decimal("0.03") * days <= fine:
        assert abs(charge - fine * Decimal("0.03") * days) <= Decimal("0.005")
    else:
        assert charge == fine


def test_a_lead_recorded_just_after_midnight_on_new_years_day_is_numbered_in_the_new_year(
    case_world,
):
    w = case_world
    officer = w.inspectors[TH][0].user
    half_past_midnight = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 00:30 on 1 January 2027
    with time_machine.travel(half_past_midnight, tick=False):
        case = penalties.open_lead(
            actor=officer,
            department=w.th,
            entity=w.restaurants[0],
            facts="市民反映无证经营",
            source=LeadSource.HOTLINE,
            reference="12345-0101-0001",
        )
    assert case.number == f"{w.th.code}-CF2027-0001"
