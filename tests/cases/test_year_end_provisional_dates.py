"""Year end (DESIGN.md §3): a case accepted in December 2026 whose deadlines fall in an
unpublished 2027 gets provisional dates, shown as such on both case pages, in the API and on
the acceptance notice; when the 2027 arrangement is imported the dates move, the flag goes and
the applicant is told the old and the new dates."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from onewindow.cases import services
from onewindow.cases.models import Case, CaseEvent, DocumentKind
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry, CalendarYear
from onewindow.notifications.models import Notification
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_parallel_review_api import client_for
from tests.cases.test_single_department_lifecycle import WJ, at, pdf_text

BADGE = 'class="badge badge-provisional"'
ACCEPTED = date(2026, 12, 28)  # a Monday; 5 promised and 20 statutory working days

SCHEDULE_2027 = """\
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知（测试用）
holidays:
  - name: 元旦
    from: 2027-01-01
    to: 2027-01-03
    workdays: []
  - name: 春节
    from: 2027-02-06
    to: 2027-02-13
    workdays: [2027-02-14, 2027-02-20]
"""


@pytest.fixture
def year_end_case(staff, citizen, unpublished_year):
    unpublished_year(2027)
    item = ServiceItem.objects.get(code=SINGLE)
    with at(ACCEPTED):
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
        services.accept(number=case.number, actor=staff.clerk(WJ))
    case.refresh_from_db()
    return case


def test_a_december_acceptance_gets_provisional_2027_dates_everywhere(
    year_end_case, staff, citizen, client, settings
):
    settings.ONEWINDOW_REQUIRE_OTP = False  # the officials' second factor is tested elsewhere
    case = year_end_case
    # Monday to Friday in 2027: 29-31 Dec, then Fri 1 and Mon 4 Jan; statutory on 25 Jan.
    assert (case.promised_due, case.statutory_due) == (date(2027, 1, 4), date(2027, 1, 25))
    assert case.due_provisional is True

    client.force_login(citizen)
    with at(ACCEPTED):
        portal = client.get(f"/my/cases/{case.number}/").content.decode()
        listed = client.get("/my/cases/").content.decode()
    assert portal.count(BADGE) == 2  # the promised date and the legal time limit
    assert 'id="provisional-note"' in portal
    assert BADGE in listed

    clerk = staff.clerk(WJ)
    client.force_login(clerk)
    with at(ACCEPTED):
        workbench = client.get(reverse("workbench:case", args=[case.number])).content.decode()
    assert workbench.count(BADGE) == 2
    assert 'id="provisional-note"' in workbench

    with at(ACCEPTED):
        detail = client_for(citizen).get(f"/api/v1/cases/{case.number}/").json()
    assert detail["due_provisional"] is True
    assert detail["promised_due"] == "2027-01-04"

    notice = case.documents.get(kind=DocumentKind.ACCEPTANCE)
    assert notice.content["provisional"] == ["promised", "statutory"]
    text = pdf_text(notice)
    assert "2027年1月4日（暂定）" in text
    assert "尚未公布节假日安排" in text


def test_a_final_promised_date_is_not_marked_when_only_the_legal_limit_crosses(
    staff, citizen, client, unpublished_year
):
    unpublished_year(2027)
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 12, 14)):
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
        services.accept(number=case.number, actor=staff.clerk(WJ))
    case.refresh_from_db()
    assert case.promised_due == date(2026, 12, 21)  # final: within 2026
    assert case.statutory_due.year == 2027
    assert case.due_provisional
    client.force_login(citizen)
    with at(date(2026, 12, 14)):
        portal = client.get(f"/my/cases/{case.number}/").content.decode()
    assert portal.count(BADGE) == 1


def test_importing_the_2027_arrangement_moves_the_dates_and_tells_the_applicant(
    year_end_case, citizen, tmp_path
):
    case = year_end_case
    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    with at(date(2026, 12, 29)):
        call_command("import_holidays", str(schedule))

    case.refresh_from_db()
    # 1-3 January are holidays now: promised on Tue 5 Jan, statutory on Tue 26 Jan.
    assert (case.promised_due, case.statutory_due) == (date(2027, 1, 5), date(2027, 1, 26))
    assert case.due_provisional is False
    assert CalendarYear.objects.get(year=2027).published

    notice = Notification.objects.get(
        recipient=citizen, case_number=case.number, kind="case.due_dates_changed"
    )
    assert "2027年1月4日" in notice.body  # one date format per language
    assert "2027年1月5日" in notice.body
    assert "2027年1月25日" in notice.body
    assert "2027年1月26日" in notice.body
    event = CaseEvent.objects.get(case=case, kind="due_dates_changed")
    assert event.params["old_promised_due"] == "2027-01-04"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"calendar.imported", "case.due_dates_recomputed"} <= actions


def test_a_bad_schedule_file_changes_nothing_and_names_line_and_field(year_end_case, tmp_path):
    from django.core.management.base import CommandError

    case = year_end_case
    schedule = tmp_path / "2027.yaml"
    schedule.write_text(SCHEDULE_2027.replace("to: 2027-02-13", "to: 2027-02-31"), "utf-8")
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import_holidays", str(schedule))
    assert "line 10" in str(error.value)
    assert "holidays[2].to" in str(error.value)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert Case.objects.get(pk=case.pk).version == case.version
