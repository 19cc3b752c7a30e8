"""A year's holiday arrangement imported from the administrator's YAML file: strict, all or
nothing, audited, and from the admin as from the command line."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from onewindow.core import holiday_schedule, services
from onewindow.core.clock import add_working_days
from onewindow.core.models import AuditEntry, CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def documented_example() -> str:
    """The complete 2027 example in docs/operations.md."""
    return re.search(r"```yaml\n(# 2027\.yaml.*?)```", DOCS.read_text(), re.S).group(1)


@pytest.fixture(autouse=True)
def _no_2027(unpublished_year):
    unpublished_year(2027)


@pytest.fixture(autouse=True)
def _english():
    """The problems are asserted in English (zh-Hans is the default language)."""
    with translation.override("en"):
        yield


def test_the_documented_example_imports_and_publishes_2027():
    result = services.import_holidays(text=documented_example())
    assert (result["year"], result["holidays"], result["workdays"]) == (2027, 28, 6)
    assert CalendarYear.objects.get(year=2027).published
    assert CalendarDay.objects.get(date=date(2027, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=date(2027, 9, 26)).kind == "workday"
    due = add_working_days(date(2027, 9, 30), 1)  # National Day: back on Fri 8 October
    assert (due.date, due.provisional) == (date(2027, 10, 8), False)
    entry = AuditEntry.objects.filter(action="calendar.imported").latest("seq")
    assert entry.data["days"]["2027-02-14"] == "workday"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("year: 2027", "year: twenty"), "line 2, year"),
        (("    to: 2027-01-03", "    to: 2026-12-31"), "line 7, holidays[1].to"),
        (
            ("    workdays: [2027-02-14, 2027-02-20]", "    workdays: [2027-02-15]"),
            "line 12, holidays[2].workdays[1]",
        ),
        (("  - name: 清明节", "  - nme: 清明节"), "line 13, holidays[3].nme"),
        (
            (
                "    from: 2027-06-09\n    to: 2027-06-09",
                "    from: 2027-05-05\n    to: 2027-05-05",
            ),
            "2027-05-05 is already given by 劳动节",
        ),
        (("    to: 2027-09-15", "    to: 2027-09-01"), "holidays[6].to: ends before it starts"),
        (("source: ", "sauce: "), "line 3, sauce"),
    ],
)
def test_a_wrong_file_names_the_line_and_field_and_changes_nothing(change, where):
    text = documented_example().replace(*change)
    with pytest.raises(ValidationError) as error:
        services.import_holidays(text=text)
    assert any(where in problem for problem in error.value.message_dict["file"]), error.value
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_not_yaml_at_all_is_refused_with_its_line():
    with pytest.raises(ValidationError) as error:
        holiday_schedule.parse("year: 2027\nholidays: [\n")
    assert "line" in error.value.message_dict["file"][0]


def test_the_system_administrator_uploads_it_in_the_admin(duty_client):
    client = duty_client("system_administrator")
    # The calendar opens at the current year (a redirect to its filter).
    listing = client.get("/admin/core/calendaryear/", follow=True).content.decode()
    assert "/admin/core/calendaryear/import/" in listing
    bad = SimpleUploadedFile("2027.yaml", b"year: 2027\n")
    page = client.post("/admin/core/calendaryear/import/", {"file": bad})
    assert page.status_code == 200
    assert "holidays" in page.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    good = SimpleUploadedFile("2027.yaml", documented_example().encode())
    done = client.post("/admin/core/calendaryear/import/", {"file": good})
    assert done.status_code == 302
    assert CalendarYear.objects.get(year=2027).published


def test_other_duties_cannot_import(duty_client):
    client = duty_client("audit_administrator")
    good = SimpleUploadedFile("2027.yaml", documented_example().encode())
    response = client.post("/admin/core/calendaryear/import/", {"file": good})
    assert response.status_code in (302, 403)
    assert not CalendarYear.objects.filter(year=2027).exists()
