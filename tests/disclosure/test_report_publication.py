"""An agency drafts its annual report, due in the ledger on 31 January of the next year
(政府信息公开条例 Art. 49–50), and publishes it: the tables freeze."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.disclosure import report_ledger
from onewindow.disclosure.report_models import AnnualReport, ReportStatus
from onewindow.disclosure.selectors import reports as selectors
from onewindow.disclosure.services import reports
from onewindow.disclosure.vocab import Outcome, RequesterKind
from onewindow.supervision.models import Matter, State, Unit
from tests.disclosure.report_helpers import agency, request
from tests.factories import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return time_machine.travel(datetime(*args, 10, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def office():
    a = agency("440100-TP")
    officer = OfficialFactory(role=Role.DISCLOSURE_OFFICER, department=a)
    head = OfficialFactory(role=Role.DISCLOSURE_HEAD, department=a)
    return a, officer, head


def test_the_draft_is_due_on_31_january_of_the_next_year_even_on_a_sunday(office):
    a, officer, _head = office
    with at(2026, 12, 1):
        report = reports.open_report(a, 2026, actor=officer)
        again = reports.open_report(a, 2026, actor=officer)
    assert again.pk == report.pk
    matter = Matter.objects.get(kind=report_ledger.KIND, key="440100-TP:2026")
    assert matter.unit == Unit.FIXED_DATE
    assert matter.due_on == date(2027, 1, 31)  # a Sunday: fixed by Art. 49, not rolled
    assert matter.department_id == a.pk
    assert AuditEntry.objects.filter(action="disclosure.report_opened").count() == 1


def test_publication_freezes_the_tables_and_closes_the_ledger_matter(office):
    a, officer, head = office
    request(a, RequesterKind.PERSON, date(2026, 3, 2), replied_on=date(2026, 3, 9),
            outcome=Outcome.DISCLOSED)  # fmt: skip
    with at(2026, 12, 1):
        report = reports.open_report(a, 2026, actor=officer)
        reports.save_sections(report, {"overview": " 本年度概述 ", "overview_en": "Summary"},
                              actor=officer)  # fmt: skip
    with at(2027, 1, 20):
        report = reports.publish(report, actor=head)
    request(a, RequesterKind.PERSON, date(2026, 5, 2), replied_on=date(2026, 5, 9),
            outcome=Outcome.DISCLOSED)  # fmt: skip  # recorded late: the report does not move
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.overview == "本年度概述"
    assert selectors.tables(report)["requests"]["received"]["total"] == 1
    matter = Matter.objects.get(kind=report_ledger.KIND, key="440100-TP:2026")
    assert matter.state == State.CLOSED
    assert matter.late is False
    with pytest.raises(ValidationError):
        reports.save_sections(report, {"overview": "改"}, actor=head)
    with pytest.raises(ValidationError):
        reports.publish(report, actor=head)


def test_a_report_is_published_after_its_year_with_an_overview(office):
    a, officer, head = office
    with at(2026, 12, 1):
        report = reports.open_report(a, 2026, actor=officer)
        with pytest.raises(ValidationError) as early:
            reports.publish(report, actor=head)
    assert "year" in early.value.message_dict
    with at(2027, 1, 5), pytest.raises(ValidationError) as empty:
        reports.publish(report, actor=head)
    assert "overview" in empty.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_bad_sections_change_nothing(office):
    a, officer, _head = office
    with at(2026, 12, 1):
        report = reports.open_report(a, 2026, actor=officer)
    with pytest.raises(ValidationError) as bad:
        reports.save_sections(report, {"overview": "x" * 20001}, actor=officer)
    assert "overview" in bad.value.message_dict
    with pytest.raises(ValidationError):
        reports.save_sections(report, {"salary": "x"}, actor=officer)
    report.refresh_from_db()
    assert (report.overview, report.version) == ("", 1)


def test_only_the_agencys_office_edits_and_only_its_head_publishes(office):
    a, officer, head = office
    stranger = OfficialFactory(role=Role.DISCLOSURE_HEAD, department=agency("440100-TQ"))
    citizen = CitizenFactory()
    with at(2026, 12, 1):
        report = reports.open_report(a, 2026, actor=officer)
        for user in (stranger, citizen):
            with pytest.raises(PermissionDenied):
                reports.open_report(a, 2026, actor=user)
            with pytest.raises(PermissionDenied):
                reports.save_sections(report, {"overview": "x"}, actor=user)
            with pytest.raises(PermissionDenied):
                selectors.report_for(user, report.pk)
        reports.save_sections(report, {"overview": "概述"}, actor=officer)
    with at(2027, 1, 5):
        with pytest.raises(PermissionDenied):
            reports.publish(report, actor=officer)
        with pytest.raises(PermissionDenied):
            reports.publish(report, actor=stranger)
        reports.publish(report, actor=head)


def test_remedies_are_recorded_by_the_office_with_a_result_once_concluded(office):
    a, officer, _head = office
    with at(2026, 6, 1):
        with pytest.raises(ValidationError) as bad:
            reports.record_remedy(a, {"kind": "review", "reference": "",
                                      "filed_on": date(2026, 7, 1)}, actor=officer)  # fmt: skip
        assert set(bad.value.message_dict) == {"reference", "filed_on"}
        remedy = reports.record_remedy(
            a, {"kind": "review", "reference": "穗复〔2026〕8号", "filed_on": date(2026, 5, 1)},
            actor=officer,
        )  # fmt: skip
        with pytest.raises(PermissionDenied):
            reports.conclude_remedy(remedy, {"concluded_on": date(2026, 5, 30),
                                             "result": "upheld"}, actor=CitizenFactory())  # fmt: skip
        remedy = reports.conclude_remedy(
            remedy, {"concluded_on": date(2026, 5, 30), "result": "upheld"}, actor=officer
        )
    assert (remedy.result, remedy.concluded_on) == ("upheld", date(2026, 5, 30))


def test_the_command_opens_a_draft_for_every_agency_with_a_guide_once(office):
    a, _officer, head = office
    other = agency("440100-TR")
    with at(2026, 12, 20):
        call_command("open_disclosure_reports", year=2026, stdout=StringIO())
        call_command("open_disclosure_reports", year=2026, stdout=StringIO())
    keys = set(Matter.objects.filter(kind=report_ledger.KIND).values_list("key", flat=True))
    assert keys == {f"{a.code}:2026", f"{other.code}:2026"}
    report = AnnualReport.objects.get(agency=a, year=2026)
    reports.save_sections(report, {"overview": "概述"}, actor=head)
    with at(2027, 2, 3):  # after 31 January: published late
        reports.publish(report, actor=head)
    assert Matter.objects.get(key=f"{a.code}:2026").late is True
