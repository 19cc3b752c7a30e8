"""`onewindow demo`: every kind of account printed, the modules alive, safe to run twice.

Building the demo is most of the time, so one build (and its rerun) serves every check here:
the accounts and their password, the central window's queue and appointments, the fee cases.
"""

import json
from datetime import date

import pytest
from django.core.management import call_command

from onewindow.accounts.models import RoleAssignment, User
from onewindow.appointments import selectors as appointments
from onewindow.cases import inbox
from onewindow.cases.delivery import is_s10
from onewindow.cases.models import Case, Status, WindowIntake
from onewindow.core.audit import verify_chain
from onewindow.core.identifiers import validate_uscc
from onewindow.payments.models import FeeNotice, FeeStatus, Payment
from tests.cases.test_single_department_lifecycle import at

# CI runs it once, on PostgreSQL: the demo is built on SQLite by the CI's make-demo step.
pytestmark = [pytest.mark.django_db, pytest.mark.once]


def test_the_demo_brings_every_module_alive_and_is_safe_to_run_twice(
    capsys, monkeypatch, settings, tmp_path
):
    monkeypatch.setenv("ONEWINDOW_DEMO_PASSWORD", "Demo-Password-42")
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo cases' uploads
    with at(date(2026, 11, 2), 8):  # a Monday morning: the window's day ahead
        call_command("demo")
        table = capsys.readouterr().out
        call_command("demo", "--json")  # safe to run twice
        rows = json.loads(capsys.readouterr().out)
        _every_account_is_printed(table, rows)
        _the_central_window_has_a_queue_and_appointments()
    _fees_are_unpaid_and_paid_and_posted()
    assert verify_chain().ok


def _every_account_is_printed(table: str, rows: list[dict]) -> None:
    assert "Demo-Password-42" in table
    kinds = {row["kind"] for row in rows}
    roles = {row["role"] for row in rows}
    assert kinds == {"citizen", "enterprise", "official"}
    assert {"window_clerk", "reviewer", "head", "supervisor"} <= roles
    assert {
        "system_administrator",
        "security_administrator",
        "audit_administrator",
    } <= roles
    for duty in ("sysadmin", "secadmin", "secadmin2", "auditadmin"):
        assert f"  {duty}: " in table
    assert len({row["department"] for row in rows if row["role"] == "reviewer"}) >= 3
    # Every account a person signs in with is printed; the crowds that answered the survey and
    # supported the proposals (synthetic residents, all citizens) are not.
    crowd = User.objects.filter(username__regex=r"^(survey_resident_\d+|supporter\d+|burst\d+)$")
    assert crowd.count() >= 60
    assert set(crowd.values_list("kind", flat=True)) == {"citizen"}
    # The restaurants' own accounts that applied for credit repair have no password: the demo
    # never signs in with them.
    owners = User.objects.filter(username__regex=r"^ent-[0-9a-z]{18}$")
    assert owners.exists()
    assert not any(owner.has_usable_password() for owner in owners)
    assert User.objects.exclude(pk__in=crowd).exclude(pk__in=owners).count() == len(rows)
    assert RoleAssignment.objects.count() == sum(1 for row in rows if row["role"])
    assert User.objects.get(username="citizen").check_password("Demo-Password-42")
    # A divorce application in its cooling-off period, made once however often demo runs.
    divorce = Case.objects.get(applicant__username="citizen", item__code="440100-MZ-QR-108")
    assert divorce.cooling_off.cooling_off_ends > divorce.accepted_on
    validate_uscc(User.objects.get(username="enterprise").uscc)  # both check characters hold


def _the_central_window_has_a_queue_and_appointments() -> None:
    clerk = User.objects.get(username="clerk")
    citizen = User.objects.get(username="citizen")
    kinds = sorted(row.key.kind for row in inbox.inbox(clerk).rows)
    # three applications to take in (综合受理) and the exit permit waiting at the output window
    # for its fee (统一出件)
    assert kinds == ["delivery", "intake", "intake", "intake"]
    assert WindowIntake.objects.get().person == citizen
    assert appointments.upcoming_of(citizen).count() == 2  # tomorrow and this afternoon
    assert [b.applicant for b in appointments.day_queue(clerk)] == [citizen]


def _fees_are_unpaid_and_paid_and_posted() -> None:
    """One granted case with its fee unpaid, one paid at the city service centre's counter and
    posted by EMS with a tracking number; the rerun made no more."""
    unpaid = Case.objects.get(idempotency_key="demo-fee-unpaid")
    posted = Case.objects.get(idempotency_key="demo-fee-posted")
    assert unpaid.status == Status.AWAITING_DELIVERY
    assert FeeNotice.objects.get(case_number=unpaid.number).status == FeeStatus.DUE
    assert posted.status == Status.CONCLUDED
    assert posted.delivery_carrier == "ems"
    assert is_s10(posted.tracking_number)
    payment = Payment.objects.get(notice__case_number=posted.number)
    assert payment.department.code == "440100-ZWFW-ZX"  # the city's service centre
    assert payment.recorded_by.username == "clerk"
    assert Case.objects.filter(idempotency_key__startswith="demo-fee").count() == 2
