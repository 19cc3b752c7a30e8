"""`onewindow demo` brings the central window alive: the clerk's inbox holds applications
awaiting the city centre's intake (one filed at the counter), and appointments are booked."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from onewindow.accounts.models import User
from onewindow.appointments import selectors as appointments
from onewindow.cases import inbox
from onewindow.cases.models import WindowIntake
from onewindow.core.audit import verify_chain
from tests.cases.test_single_department_lifecycle import at

# CI runs it once, on PostgreSQL: the demo is built on SQLite by the CI's make-demo step.
pytestmark = [pytest.mark.django_db, pytest.mark.once]


def test_the_demo_clerk_has_a_queue_and_the_citizen_an_appointment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with at(date(2026, 11, 2), 8):
        call_command("demo", json=True, stdout=io.StringIO())
        call_command("demo", json=True, stdout=io.StringIO())  # safe to run twice
        clerk = User.objects.get(username="clerk")
        citizen = User.objects.get(username="citizen")
        rows = inbox.inbox(clerk).rows
        kinds = sorted(row.key.kind for row in rows)
        # three applications to take in (综合受理) and the exit permit waiting at the output
        # window for its fee (统一出件)
        assert kinds == ["delivery", "intake", "intake", "intake"]
        assert WindowIntake.objects.get().person == citizen
        assert appointments.upcoming_of(citizen).count() == 2  # tomorrow and this afternoon
        assert [b.applicant for b in appointments.day_queue(clerk)] == [citizen]
    assert verify_chain().ok
