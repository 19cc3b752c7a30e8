"""Divorce registration (离婚登记): 30 calendar days of cooling-off from the registry's receipt,
then 30 days to appear in person together (民法典 Art. 1077), counted under Art. 201 (start day
not counted) and Art. 203 (a last day on a holiday moves to the next working day)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from onewindow.cases import cooling_off, services
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import Status
from onewindow.catalog.models import ServiceItem
from onewindow.notifications.models import Notification
from tests.cases.conftest import valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at

DIVORCE = "440100-MZ-QR-108"  # 内地居民离婚登记, 民政局
pytestmark = pytest.mark.django_db


def received(staff, citizen, day: date):
    item = ServiceItem.objects.get(code=DIVORCE)
    clerk = staff.clerk("440106-MZ")  # marriage registration is the district's (天河区民政局)
    with at(day):
        case = services.submit(
            applicant=citizen,
            item_code=DIVORCE,
            form=valid_form(item),
            uploads=valid_uploads(item),
            place="440106",
        )
        services.accept(number=case.number, actor=clerk)  # both parties at the registry
    case.refresh_from_db()
    return case, clerk


def test_the_divorce_item_is_honest_about_appearing_in_person(catalogue):
    item = ServiceItem.objects.get(code=DIVORCE)
    assert item.online_depth == 2
    assert cooling_off.applies(item)
    assert not cooling_off.applies(ServiceItem.objects.get(code="440100-MZ-QR-107"))


def test_day_30_is_still_cooling_off_and_day_31_opens_the_appearance_window(staff, citizen):
    case, clerk = received(staff, citizen, date(2026, 10, 12))  # a Monday
    record = case.cooling_off
    # Art. 201: the day of receipt is not counted, so day 30 is Wed 11 November.
    assert record.cooling_off_ends == date(2026, 11, 11)
    assert record.appearance_ends == date(2026, 12, 11)
    assert (case.status, case.promised_due) == (Status.AWAITING_DECISION, date(2026, 12, 11))
    assert record.provisional is False

    with at(date(2026, 11, 11)), pytest.raises(TransitionNotAllowed, match="2026年11月11日"):
        services.decide(number=case.number, actor=clerk)
    with at(date(2026, 11, 12)):
        services.decide(number=case.number, actor=clerk)  # both parties appeared together
        services.deliver(number=case.number, actor=clerk, method="online")
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.CONCLUDED, "granted")
    assert case.cooling_off.appeared_on == date(2026, 11, 12)
    assert case.events.filter(kind="appeared_together").exists()


def test_a_last_day_on_a_holiday_moves_to_the_next_working_day(staff, citizen):
    case, _clerk = received(staff, citizen, date(2026, 9, 1))
    record = case.cooling_off
    # Day 30 is 1 October, National Day (1-7 October 2026 off): the period ends on 8 October.
    assert record.cooling_off_ends == date(2026, 10, 8)
    # 30 days later is Saturday 7 November: the window stays open until Monday 9 November.
    assert record.appearance_ends == date(2026, 11, 9)


def test_either_party_may_withdraw_during_the_cooling_off_period_only(staff, citizen):
    case, clerk = received(staff, citizen, date(2026, 10, 12))
    late, _ = received(staff, citizen, date(2026, 10, 12))
    with at(date(2026, 11, 11)):
        with pytest.raises(ValidationError) as error:
            cooling_off.withdraw_during_cooling_off(number=case.number, actor=clerk, party=" ")
        assert "party" in error.value.message_dict
        cooling_off.withdraw_during_cooling_off(number=case.number, actor=clerk, party="女方")
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert case.cooling_off.withdrawn_by == "女方"
    assert Notification.objects.filter(
        case_number=case.number, kind="case.withdrawn_in_cooling_off", recipient=citizen
    ).exists()
    with at(date(2026, 11, 12)), pytest.raises(TransitionNotAllowed):
        cooling_off.withdraw_during_cooling_off(number=late.number, actor=clerk, party="男方")
    # The applicant withdraws online (services.withdraw); this records it at the registry.
    with at(date(2026, 11, 2)), pytest.raises(PermissionDenied):
        cooling_off.withdraw_during_cooling_off(number=late.number, actor=citizen, party="男方")


def test_without_a_joint_appearance_the_application_lapses_once(staff, citizen):
    case, clerk = received(staff, citizen, date(2026, 9, 1))  # window open until 9 November
    with at(date(2026, 11, 9)):
        call_command("sweep_cases")
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DECISION
    with at(date(2026, 11, 10)):
        call_command("sweep_cases")
        call_command("sweep_cases")  # idempotent
        with pytest.raises(TransitionNotAllowed):
            services.decide(number=case.number, actor=clerk)
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert case.cooling_off.lapsed_on == date(2026, 11, 10)
    assert case.events.filter(kind="deemed_withdrawn").count() == 1
    assert (
        Notification.objects.filter(case_number=case.number, kind="case.deemed_withdrawn").count()
        == 1
    )


def test_the_case_page_shows_both_periods_as_dates(staff, citizen, client):
    case, _clerk = received(staff, citizen, date(2026, 9, 1))
    client.force_login(citizen)
    with at(date(2026, 9, 2)):
        page = client.get(f"/my/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="cooling-off-title"' in page
    assert '<time datetime="2026-10-08">' in page
    assert '<time datetime="2026-11-09">' in page
    assert "either party may withdraw" in page


def test_periods_into_an_unpublished_year_are_provisional_and_move_when_it_is_entered(
    staff, citizen, unpublished_year, client
):
    unpublished_year(2027)
    case, _clerk = received(staff, citizen, date(2026, 12, 10))
    record = case.cooling_off
    # Day 30 is Saturday 9 January 2027: Monday 11 January under the weekday rule.
    assert (record.cooling_off_ends, record.provisional) == (date(2027, 1, 11), True)
    client.force_login(citizen)
    with at(date(2026, 12, 11)):
        page = client.get(f"/my/cases/{case.number}/").content.decode()
    assert 'class="badge badge-provisional"' in page

    from onewindow.core import services as core_services

    with at(date(2026, 12, 20)):
        core_services.import_holidays(
            text="year: 2027\nsource: test\nholidays:\n"
            "  - {name: 测试假日, from: 2027-01-11, to: 2027-01-12, workdays: []}\n"
        )
    record.refresh_from_db()
    assert (record.cooling_off_ends, record.provisional) == (date(2027, 1, 13), False)
    notice = Notification.objects.get(
        case_number=case.number, kind="case.cooling_off_dates_changed"
    )
    assert "2027年1月11日" in notice.body  # one date format per language
    assert "2027年1月13日" in notice.body


def test_the_workbench_offers_withdrawal_then_registration_by_phase(staff, citizen, settings):
    from django.test import Client
    from django.urls import reverse

    settings.ONEWINDOW_REQUIRE_OTP = False  # the officials' second factor is tested elsewhere
    case, clerk = received(staff, citizen, date(2026, 10, 12))
    browser = Client()
    browser.force_login(clerk)
    page_url = reverse("workbench:case", args=[case.number])
    withdrawal = reverse("workbench:cooling-off-withdrawal", args=[case.number])
    decision = reverse("workbench:decide", args=[case.number])
    with at(date(2026, 11, 11)):  # day 30: still cooling off
        page = browser.get(page_url).content.decode()
        assert withdrawal in page
        assert decision not in page
    with at(date(2026, 11, 12)):  # day 31: the appearance window
        page = browser.get(page_url).content.decode()
        assert withdrawal not in page
        assert decision in page
        refused = browser.post(withdrawal, {"version": case.version, "party": "女方"})
        assert refused.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DECISION
    with at(date(2026, 11, 11)):
        empty = browser.post(withdrawal, {"version": case.version, "party": ""})
        assert empty.status_code == 200  # the form again, naming the field
        done = browser.post(withdrawal, {"version": case.version, "party": "女方 王丽"})
        assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.cooling_off.withdrawn_by) == (Status.WITHDRAWN, "女方 王丽")


def test_the_guide_explains_the_cooling_off_period(catalogue, client):
    page = client.get(f"/services/{DIVORCE}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "30-day cooling-off period" in page
    assert "Decided on the spot" not in page


def test_the_periods_of_article_1077_are_neither_paused_nor_extended(staff, citizen):
    case, _clerk = received(staff, citizen, date(2026, 10, 12))
    reviewer = staff.reviewer(case.lead_department.code)
    with at(date(2026, 10, 20)):
        with pytest.raises(TransitionNotAllowed):
            services.pause_clock(number=case.number, actor=reviewer, kind="hearing", reason="听证")
        with pytest.raises(TransitionNotAllowed):
            services.request_extension(number=case.number, actor=reviewer, days=5, reason="x")
