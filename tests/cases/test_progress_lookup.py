"""办件进度查询: case number plus the code from the acceptance notice, without signing in; a
wrong number and a wrong code get the same answer, and failed attempts are rate-limited."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from onewindow.accounts.identity.throttle import RateLimited
from onewindow.cases import progress, services
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from onewindow.certificates import codes
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import WJ, at

pytestmark = pytest.mark.django_db
CLIENT = "203.0.113.7"


@pytest.fixture
def case(staff, citizen):
    item = ServiceItem.objects.get(code=SINGLE)
    with at(date(2026, 9, 21)):
        case = services.submit(
            applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
        )
        services.accept(number=case.number, actor=staff.clerk(WJ))
        task = case.tasks.get()
        services.approve(task_id=task.pk, actor=staff.reviewer(WJ), opinion="执业地点核实无误")
    return Case.objects.get(pk=case.pk)


def test_every_case_gets_its_own_random_code(case, citizen):
    other = services.submit(
        applicant=citizen,
        item_code=SINGLE,
        form=valid_form(case.item),
        uploads=valid_uploads(case.item),
    )
    for code in (case.progress_code, other.progress_code):
        assert len(code) == codes.LENGTH
        assert set(code) <= set(codes.ALPHABET)
    assert case.progress_code != other.progress_code


def test_the_right_code_shows_the_public_steps_as_typed_with_dashes_and_lower_case(case):
    typed = progress.code_of(case).lower()
    found = progress.lookup(f" {case.number} ", typed, CLIENT)
    assert found.number == case.number
    assert found.item == case.item.display_name
    assert found.current.key == "decision"
    assert [s.key for s in found.steps][:3] == ["submitted", "accepted", "review"]
    # No opinions, no actions, no names of people.
    assert all(s.opinion == "" and s.conditions == "" for s in found.steps)
    assert found.actions == []
    text = repr(found)
    assert "执业地点核实无误" not in text
    assert case.applicant.real_name not in text


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer(case):
    with pytest.raises(progress.ProgressNotFound) as wrong_code:
        progress.lookup(case.number, "ABCDEFGHJK", CLIENT)
    with pytest.raises(progress.ProgressNotFound) as wrong_number:
        progress.lookup("440100-20260921-999999", case.progress_code, CLIENT)
    with pytest.raises(progress.ProgressNotFound) as empty:
        progress.lookup("", "", CLIENT)
    assert str(wrong_code.value) == str(wrong_number.value) == str(empty.value)


def test_failed_lookups_are_limited_per_case_number_then_even_the_right_code_waits(case, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "progress_try_number": (3, 3600),
        "progress_try_address": (100, 3600),
    }
    for n in range(3):
        with pytest.raises(progress.ProgressNotFound):
            progress.lookup(case.number, "ABCDEFGHJK", f"198.51.100.{n}")
    with pytest.raises(RateLimited) as refused:
        progress.lookup(case.number, case.progress_code, "198.51.100.9")
    assert refused.value.retry_after > 0
    # Another number is not affected.
    with pytest.raises(progress.ProgressNotFound):
        progress.lookup("440100-20260921-999999", "ABCDEFGHJK", "198.51.100.9")


def test_failed_lookups_are_limited_per_client_address(case, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "progress_try_number": (100, 3600),
        "progress_try_address": (2, 3600),
    }
    for n in range(2):
        with pytest.raises(progress.ProgressNotFound):
            progress.lookup(f"440100-20260921-99999{n}", "ABCDEFGHJK", CLIENT)
    with pytest.raises(RateLimited):
        progress.lookup(case.number, case.progress_code, CLIENT)
    assert progress.lookup(case.number, case.progress_code, "192.0.2.1").number == case.number


def test_successful_lookups_are_not_counted(case, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "progress_try_number": (1, 3600),
        "progress_try_address": (1, 3600),
    }
    for _ in range(5):
        assert progress.lookup(case.number, case.progress_code, CLIENT).number == case.number


def test_the_migration_gives_existing_cases_distinct_codes(case, citizen):
    other = services.submit(
        applicant=citizen,
        item_code=SINGLE,
        form=valid_form(case.item),
        uploads=valid_uploads(case.item),
    )
    Case.objects.update(progress_code="")
    migration = importlib.import_module("onewindow.cases.migrations.0016_case_progress_code")
    migration.fill_codes(apps, None)
    filled = set(Case.objects.values_list("progress_code", flat=True))
    assert len(filled) == 2
    assert all(len(code) == codes.LENGTH for code in filled)
    assert other.pk != case.pk
