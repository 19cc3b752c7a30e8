"""The serious-dishonesty list and credit repair, through the services.

A restaurant fined 20,000 yuan in the ordinary band (food: a year before repair) pays, waits,
applies with its commitment and evidence, and the department grants: the penalty leaves the
public record early (市场监督管理行政处罚信息公示规定 Art. 14). Another, given a heavier-band
fine, is put on the serious-dishonesty list (严重违法失信名单管理办法 Art. 2) for three years;
after one year, with the fine paid, it applies to leave early and is refused, then granted.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from onewindow.accounts.models import Department
from onewindow.core.models import AuditEntry
from onewindow.market import credit_record, credit_repair, penalties, serious_list
from onewindow.market.credit_models import (
    ListEntry,
    ListingProposal,
    ListKind,
    Removal,
    RepairApplication,
    RepairStatus,
)
from onewindow.market.penalty_models import Band, BandLevel, PenaltyCase, Stage
from onewindow.notifications.models import Notification
from onewindow.supervision.models import Matter
from tests.cases.conftest import pdf_bytes
from tests.factories import EnterpriseFactory
from tests.market.test_penalties import at, filed


def decided(w, level: str, fine: str, measures=(), *, day="2026-04-20"):
    """A case decided in band ``level``, delivered and published on ``day``; the party has an
    account in the hall."""
    case, officer = filed(w)
    party = EnterpriseFactory(uscc=case.entity.uscc, name=case.entity.name)
    band = Band.objects.get(violation=w.violation, level=level)
    with at("2026-03-20"):
        penalties.add_evidence(case, actor=officer, title="询问笔录")
        penalties.notify(
            case,
            actor=officer,
            data={"band": band.pk, "fine": fine, "measures": list(measures), "grounds": "查实"},
        )
    with at("2026-04-08"):
        penalties.proceed(case, actor=officer)
        case.refresh_from_db()
        if case.stage == Stage.REVIEW:
            penalties.review(case, actor=w.reviewer, opinion="事实清楚，证据确凿。")
    with at(day):
        penalties.decide(
            case, actor=w.head,
            data={"fine": fine, "measures": list(measures), "minutes": "局长办公会集体讨论决定"},
        )  # fmt: skip
        penalties.deliver(case, actor=officer, delivered_on=day)
        publication = penalties.publish(case, actor=w.head)
    case.refresh_from_db()
    return case, publication, party, officer


def listed(w, case, grounds: str):
    """The district head's listing, consented to by the city's head (the level above)."""
    proposal = serious_list.list_serious(case, actor=w.head, grounds=grounds)
    serious_list.consent(proposal, actor=w.city_head, agree=True)
    proposal.refresh_from_db()
    return proposal.entry


def evidence():
    return ("缴款凭证.pdf", pdf_bytes("缴款凭证"))


def test_a_paid_penalty_leaves_the_public_record_early_on_repair(case_world):
    w = case_world
    case, publication, party, officer = decided(w, BandLevel.ORDINARY, "20000")
    entity = case.entity
    with at("2026-10-21"):  # six months, but food waits a year; and the fine is unpaid
        (option,) = credit_repair.options(entity)
        assert option.key == f"p{publication.pk}"
        assert not option.never
        assert option.from_day == date(2027, 4, 20)
        assert len(option.unmet) == 2
        with pytest.raises(ValidationError) as error:
            credit_repair.apply(
                entity, actor=party, record=option.key, committed=True,
                correction="已整改", evidence=evidence(),
            )  # fmt: skip
        assert set(error.value.message_dict) == {"record"}
        penalties.record_payment(case, actor=officer, paid_on="2026-10-21")
    assert not RepairApplication.objects.exists()

    with at("2027-04-20"):
        (option,) = credit_repair.options(entity)
        assert option.eligible
        with pytest.raises(ValidationError) as error:  # bad input names its fields
            credit_repair.apply(
                entity, actor=party, record=option.key, committed=False, correction=" ",
                evidence=("凭证.pdf", b"not a pdf"),
            )  # fmt: skip
        assert set(error.value.message_dict) == {"commitment", "correction", "evidence"}
        other = EnterpriseFactory()
        with pytest.raises(PermissionDenied):
            credit_repair.apply(
                entity, actor=other, record=option.key, committed=True,
                correction="已整改", evidence=evidence(),
            )  # fmt: skip
        application = credit_repair.apply(
            entity, actor=party, record=option.key, committed=True,
            correction="已缴清罚款，更换消毒设备并培训员工。", evidence=evidence(),
        )  # fmt: skip
        assert not credit_repair.options(entity)[0].eligible  # one application at a time
    # 15 working days; 2027's holidays are not published in the calendar yet: weekends only
    assert application.due_on == date(2027, 5, 11)
    assert application.commitment == credit_repair.COMMITMENT
    matter = Matter.objects.get(kind=credit_repair.KIND, key=application.reference)
    assert matter.department_id == case.department_id
    assert Notification.objects.filter(recipient=party, kind="market.repair_received").exists()

    with at("2027-04-22"):
        with pytest.raises(PermissionDenied):
            credit_repair.decide(application, actor=officer, grant=True)
        with pytest.raises(ValidationError) as error:
            credit_repair.decide(application, actor=w.head, grant=False)
        assert set(error.value.message_dict) == {"reason"}
        credit_repair.decide(application, actor=w.head, grant=True)
        record = credit_record.record(entity, date(2027, 4, 22))
    publication.refresh_from_db()
    application.refresh_from_db()
    assert (publication.withdrawn_on, publication.withdrawal_reason) == (
        date(2027, 4, 22),
        penalties.WITHDRAWN_REPAIRED,
    )
    assert application.status == RepairStatus.GRANTED
    assert application.decided_by == w.head
    assert record.penalties == []
    matter.refresh_from_db()
    assert matter.closed_at is not None
    assert not matter.late
    assert AuditEntry.objects.filter(action="market.repair_granted").count() == 1
    with at("2027-04-23"), pytest.raises(PermissionDenied):
        credit_repair.decide(application, actor=w.head, grant=False, reason="再议")


def test_a_suspension_is_never_repaired_and_a_lower_fine_ends_by_itself(case_world):
    w = case_world
    case, _publication, _party, _officer = decided(
        w, BandLevel.HEAVIER, "40000", ["warning", "suspension"]
    )
    with at("2027-06-01"):
        (option,) = credit_repair.options(case.entity)
    assert option.never
    assert not option.eligible


def test_the_serious_list_after_a_heavier_penalty_and_its_early_repair(case_world):
    w = case_world
    case, _publication, party, officer = decided(w, BandLevel.HEAVIER, "40000", ["warning"])
    entity = case.entity
    assert serious_list.heavier(case)
    with at("2026-04-21"):
        with pytest.raises(PermissionDenied):
            serious_list.list_serious(case, actor=officer, grounds="多次违法")
        with pytest.raises(ValidationError) as error:
            serious_list.list_serious(case, actor=w.head, grounds="  ")
        assert set(error.value.message_dict) == {"grounds"}
        entry = listed(w, case, "一年内再次违法，造成食源性疾病，主观故意明显。")
        with pytest.raises(ValidationError) as error:
            serious_list.list_serious(case, actor=w.head, grounds="再次")
        assert set(error.value.message_dict) == {"case"}
    assert (entry.kind, entry.penalty, entry.ends_on) == (
        ListKind.SERIOUS,
        case,
        date(2029, 4, 21),
    )
    assert "第二条" in entry.basis
    told = Notification.objects.get(recipient=party, kind="market.serious_listed")
    assert "2029年4月21日" in told.body  # the date in the reader's language
    with at("2026-05-01"):
        assert credit_record.record(entity, date(2026, 5, 1)).seriously_dishonest

    with at("2027-04-21"):
        options = {o.target: o for o in credit_repair.options(entity)}
        serious = options["serious"]
        assert serious.from_day == date(2027, 4, 21)
        assert serious.unmet == [gettext("The fine of the decision is not paid yet.")]
        # the publication waits for the list: Art. 14 (四)
        assert gettext("It is on a credit list: repair that first.") in options["publication"].unmet
        penalties.record_payment(case, actor=officer, paid_on="2027-04-21")
        application = credit_repair.apply(
            entity, actor=party, record=serious.key, committed=True,
            correction="罚款已缴清，已停业整改并通过复查。", evidence=evidence(),
        )  # fmt: skip
        credit_repair.decide(
            application, actor=w.head, grant=False, reason="整改材料未附复查记录。"
        )
        refused = Notification.objects.filter(recipient=party, kind="market.repair_decided")
        assert "整改材料未附复查记录" in refused.get().body
        again = credit_repair.apply(
            entity, actor=party, record=serious.key, committed=True,
            correction="补充复查记录。", evidence=evidence(),
        )  # fmt: skip
        credit_repair.decide(again, actor=w.head, grant=True)
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal) == (date(2027, 4, 21), Removal.REPAIRED)
    assert Notification.objects.filter(recipient=party, kind="market.serious_removed").exists()
    assert not credit_record.record(entity, date(2027, 4, 22)).seriously_dishonest


def test_the_list_ends_by_itself_after_three_years(case_world):
    w = case_world
    case, *_rest = decided(w, BandLevel.HEAVIER, "40000", ["warning"])
    with at("2026-04-21"):
        entry = listed(w, case, "情节严重")
    with at("2029-04-20"):
        assert serious_list.end_expired() == 0
    with at("2029-04-21"):
        assert serious_list.end_expired() == 1
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal) == (date(2029, 4, 21), Removal.EXPIRED)


def test_only_a_heavier_penalty_lists(case_world):
    w = case_world
    case, *_rest = decided(w, BandLevel.ORDINARY, "20000")
    assert not serious_list.heavier(case)
    with at("2026-04-21"), pytest.raises(ValidationError) as error:
        serious_list.list_serious(case, actor=w.head, grounds="情节严重")
    assert set(error.value.message_dict) == {"case"}
    assert not ListEntry.objects.filter(kind=ListKind.SERIOUS).exists()
    assert PenaltyCase.objects.get(pk=case.pk).decided_on == date(2026, 4, 20)


def test_a_district_listing_waits_for_the_city_and_a_refusal_lists_nobody(case_world):
    w = case_world
    case, _publication, party, _officer = decided(w, BandLevel.HEAVIER, "40000", ["warning"])
    with at("2026-04-21"):
        proposal = serious_list.list_serious(case, actor=w.head, grounds="多次违法，情节严重。")
    assert isinstance(proposal, ListingProposal)
    assert proposal.consenting.code == "440100-SCJG"
    assert not ListEntry.objects.filter(kind=ListKind.SERIOUS).exists()
    assert not credit_record.record(case.entity, date(2026, 4, 22)).seriously_dishonest
    asked = Notification.objects.get(recipient=w.city_head, kind="market.listing_proposed")
    assert case.number in asked.body
    # A second proposal for the same decision is refused while this one waits.
    assert not serious_list.may_list(w.head, case)
    with at("2026-04-21"), pytest.raises(ValidationError) as twice:
        serious_list.list_serious(case, actor=w.head, grounds="再次")
    assert set(twice.value.message_dict) == {"case"}
    # Only a head of the level above decides; the proposer and another district may not.
    for actor in (w.head, w.yx_head, w.xf_head):
        with at("2026-04-22"), pytest.raises(PermissionDenied):
            serious_list.consent(proposal, actor=actor, agree=True)
    with at("2026-04-22"), pytest.raises(ValidationError) as bare:
        serious_list.consent(proposal, actor=w.city_head, agree=False, reason=" ")
    assert set(bare.value.message_dict) == {"reason"}
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    with at("2026-04-22"):
        serious_list.consent(
            proposal, actor=w.city_head, agree=False, reason="情节尚不属于严重，不予同意。"
        )
    told = Notification.objects.get(recipient=w.head, kind="market.listing_decided")
    assert "情节尚不属于严重" in told.body
    assert not ListEntry.objects.filter(kind=ListKind.SERIOUS).exists()
    assert not Notification.objects.filter(recipient=party, kind="market.serious_listed").exists()
    # Refused, the district may send it again with better grounds.
    assert serious_list.may_list(w.head, case)


def test_the_level_above_each_department(case_world):
    city = Department.objects.get(code="440100-SCJG")
    province = Department.objects.get(code="440000-SCJG")
    assert serious_list.consenting_department(case_world.th) == city
    assert serious_list.consenting_department(city) == province
    assert serious_list.consenting_department(province) is None


def test_the_level_above_consents_through_the_api(case_world):
    from rest_framework.test import APIClient

    w = case_world
    case, *_rest = decided(w, BandLevel.HEAVIER, "40000", ["warning"])
    with at("2026-04-21"):
        proposal = serious_list.list_serious(case, actor=w.head, grounds="情节严重")
    api = APIClient()
    api.force_authenticate(w.yx_head)  # another district's head: nothing sent to it
    assert api.get("/api/v1/market/listings/").json()["results"] == []
    consent = f"/api/v1/market/listings/{proposal.pk}/consent/"
    assert api.post(consent, {"agree": True}, format="json").status_code == 404
    api.force_authenticate(w.city_head)
    (shown,) = api.get("/api/v1/market/listings/").json()["results"]
    assert (shown["penalty_case"], shown["status"], shown["consenting"]) == (
        case.number,
        "pending",
        "440100-SCJG",
    )
    bare = api.post(consent, {"agree": False, "reason": ""}, format="json")
    assert bare.status_code == 400
    assert "reason" in bare.json()
    with at("2026-04-22"):
        agreed = api.post(consent, {"agree": True}, format="json")
    assert agreed.status_code == 200, agreed.content
    assert (agreed.json()["status"], agreed.json()["listed_on"]) == ("agreed", "2026-04-22")
    assert ListEntry.objects.get(kind=ListKind.SERIOUS).penalty == case
