"""Annual reports and the abnormal-operation list: filing and correcting in the period, the
listing of non-filers on 1 July 2027, a late filing that takes the enterprise off, and an
enterprise an inspection could not reach, listed at publication and taken off when reached."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.core.models import AuditEntry
from onewindow.market import inspections, lists, reports
from onewindow.market.credit_models import AnnualReport, ListEntry, ListReason, Removal
from onewindow.market.models import Result
from onewindow.notifications.models import Notification
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.market.world import TH, XF, drawn_plan, team

REPORT = {
    "address": "广州市天河区体育西路1号首层",
    "postal_code": "510620",
    "phone": "020-38880000",
    "email": "boss@example.com",
    "operating_status": "operating",
    "employees": 12,
    "employees_public": True,
    "total_assets": "85.20",
    "total_liabilities": "20.00",
    "revenue": "310.75",
    "net_profit": "-3.50",
    "tax_paid": "9.10",
    "assets_public": False,
    "websites": [{"name": "外卖店铺", "url": "https://shop.example.com/th01"}],
    "shareholders": [{"name": "王志国", "subscribed": "5", "paid": "5"}],
}


@pytest.fixture
def owner(world):
    entity = world.restaurants[0]
    return EnterpriseFactory(uscc=entity.uscc, name=entity.name)


def test_a_report_is_filed_and_corrected_in_the_period(world, owner):
    with time_machine.travel(date(2027, 3, 2)):
        report = reports.file(actor=owner, data=REPORT)
    assert (report.year, report.late, report.employees) == (2026, False, 12)
    with time_machine.travel(date(2027, 6, 30)):
        report = reports.file(actor=owner, data={**REPORT, "employees": 15})
    assert (report.corrections, report.employees) == (1, 15)
    entry = AuditEntry.objects.filter(action="market.report_corrected").get()
    assert entry.data["fields"] == ["employees"]
    with time_machine.travel(date(2027, 7, 1)), pytest.raises(ValidationError) as error:
        reports.file(actor=owner, data={**REPORT, "employees": 16})
    assert "year" in error.value.message_dict
    assert AnnualReport.objects.get().employees == 15


def test_bad_fields_are_named_and_nothing_is_filed(world, owner):
    bad = {
        **REPORT, "postal_code": "51062", "phone": "x", "employees": -1, "revenue": "abc",
        "total_assets": "-1", "websites": [{"name": "店", "url": "ftp://x"}],
        "shareholders": [{"name": "王", "subscribed": "1", "paid": "2"}],
    }  # fmt: skip
    with time_machine.travel(date(2027, 3, 2)), pytest.raises(ValidationError) as error:
        reports.file(actor=owner, data=bad)
    assert set(error.value.message_dict) == {
        "postal_code", "phone", "employees", "revenue", "total_assets", "websites",
        "shareholders",
    }  # fmt: skip
    assert not AnnualReport.objects.exists()


def test_only_the_enterprise_files_its_report(world):
    for stranger in (CitizenFactory(), world.head, EnterpriseFactory()):  # not on the registry
        with time_machine.travel(date(2027, 3, 2)), pytest.raises(PermissionDenied):
            reports.file(actor=stranger, data=REPORT)


def test_non_filers_are_listed_on_1_july_and_a_late_filing_takes_one_off(world, owner):
    filer = world.restaurants[1]
    with time_machine.travel(date(2027, 5, 20)):
        reports.file(actor=EnterpriseFactory(uscc=filer.uscc, name=filer.name), data=REPORT)
        with pytest.raises(ValidationError):
            lists.list_non_filers(2026)
    with time_machine.travel(date(2027, 7, 1)):
        listed = lists.list_non_filers(2026)
        assert lists.list_non_filers(2026) == 0  # once
    in_business = len(world.restaurants) + len(world.shops)
    assert listed == in_business - 1
    open_ = ListEntry.objects.filter(reason=ListReason.NO_REPORT, removed_on=None)
    assert not open_.filter(entity=filer).exists()
    assert not open_.filter(entity=world.closed).exists()
    entry = open_.get(entity=world.restaurants[0])
    assert (entry.listed_on, entry.year, entry.department.code) == (date(2027, 7, 1), 2026, TH)
    assert "第十七条" in entry.basis
    told = Notification.objects.get(recipient=owner, kind="market.listed")
    assert told.params["entity"] == world.restaurants[0].name

    with time_machine.travel(date(2027, 7, 15)):
        report = reports.file(actor=owner, data=REPORT)
    assert report.late
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal) == (date(2027, 7, 15), Removal.FILED)
    assert Notification.objects.filter(recipient=owner, kind="market.removed").exists()


def test_an_enterprise_not_found_at_its_address_is_listed_and_taken_off(world):
    plan = drawn_plan(world)
    visit = plan.inspections.order_by("rank").first()
    people = team(visit)
    with time_machine.travel(date(2027, 3, 10)):
        inspections.record_finding(
            visit, actor=people[TH],
            data={"result": Result.UNREACHABLE, "description": "登记住所已另作他用"},
        )  # fmt: skip
        inspections.record_finding(
            visit, actor=people[XF], data={"result": Result.NOT_OPERATING, "description": "无人"}
        )
        inspections.close_record(
            visit, actor=people[TH], data={"refused": True, "refusal_note": "无人在场，两人见证"}
        )
        inspections.publish([visit], actor=world.head)
    entry = ListEntry.objects.get(reason=ListReason.UNREACHABLE)
    assert (entry.entity, entry.inspection, entry.listed_by) == (
        visit.target.entity, visit, world.head,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        lists.take_off_reached(entry, actor=world.yx_head, note="已联系")
    with pytest.raises(ValidationError):
        lists.take_off_reached(entry, actor=world.head, note="")
    lists.take_off_reached(entry, actor=world.head, note="复核时在登记住所联系到经营者")
    entry.refresh_from_db()
    assert entry.removal == Removal.REACHED
    assert list(lists.entries_for(world.head)) == [entry]
    assert not lists.entries_for(world.yx_head).exists()
