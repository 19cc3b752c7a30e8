"""Crash safety (PostgreSQL): officials in five processes take 170 parallel-review cases
through about 1,000 transitions at once; one process is killed with SIGKILL while it is inside
a transaction and a new one takes over. Afterwards no case has a lost or doubled step or
decision, every task projection matches the case's workflow, each notification is sent
exactly once, every document is rendered once, and the audit chain verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from onewindow.accounts import departments_data
from onewindow.cases import documents, services, workflow
from onewindow.cases.models import Case, CaseDocument, CaseEvent, ReviewTask, Status, TaskStatus
from onewindow.catalog.models import ServiceItem
from onewindow.certificates.models import Certificate
from onewindow.core import keys
from onewindow.core.audit import verify_chain
from onewindow.core.models import AuditEntry
from onewindow.notifications import services as notifications
from onewindow.notifications.models import Notification, OutboxMessage
from tests import catalogue_snapshot
from tests.cases.conftest import PARALLEL, Staff, valid_form, valid_uploads
from tests.conftest import restore_migration_data
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CASES = 170  # × 6 transitions (accept, three approvals, decide, deliver) = 1,020
SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"
ROLES = ("clerk", "head", SCJG, XF, CG)
PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def submitted(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("killing a process mid-transaction is proven on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
    restore_migration_data()
    departments_data.load()
    catalogue_snapshot.load()
    staff = Staff()
    officials = {
        "clerk": staff.clerk(SCJG),
        "head": staff.head(SCJG),
        **{code: staff.reviewer(code) for code in (SCJG, XF, CG)},
    }
    item = ServiceItem.objects.get(code=PARALLEL)
    uploads = valid_uploads(item)
    for _ in range(CASES):
        services.submit(
            applicant=EnterpriseFactory(),
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=uploads,
        )
    return officials


def start(role: str, officials: dict, tmp_path: Path) -> subprocess.Popen:
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "onewindow.settings",
        "ONEWINDOW_ENV": "test",
        "ONEWINDOW_VAR_DIR": str(tmp_path / "var"),
        "ONEWINDOW_DATA_KEY": keys.master_key().hex(),
        "ONEWINDOW_NOTIFICATION_CHANNELS": "log",
        "ONEWINDOW_LOG_LEVEL": "WARNING",
        "PGAPPNAME": f"crash-{role}",
        "DATABASE_URL": (
            f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
            f"{connection.settings_dict['PORT'] or 5432}/{connection.settings_dict['NAME']}"
        ),
        **{f"CRASH_{r.replace('-', '_').upper()}": u.username for r, u in officials.items()},
    }
    return subprocess.Popen(
        [sys.executable, "-m", "tests.cases.crash_worker", role, "240"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_inside_a_transaction(process: subprocess.Popen, role: str) -> None:
    """SIGKILL ``process`` the moment its connection is in the middle of a transaction."""
    deadline = time.monotonic() + 60
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = %s"
                " AND xact_start IS NOT NULL",
                [f"crash-{role}"],
            )
            if cursor.fetchone():
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
                return
            time.sleep(0.001)
    pytest.fail(f"the {role} worker was never seen inside a transaction")


def test_a_killed_worker_loses_and_doubles_nothing(submitted, tmp_path):
    processes = {role: start(role, submitted, tmp_path) for role in ROLES}
    # Once the work is under way, kill the fire department's reviewer mid-transaction.
    deadline = time.monotonic() + 120
    while CaseEvent.objects.filter(kind="approved").count() < 100:
        failed = {role: p.returncode for role, p in processes.items() if p.poll() is not None}
        assert not failed, f"workers ended before the kill: {failed}"
        assert time.monotonic() < deadline, "the workers made no progress"
        time.sleep(0.05)
    kill_inside_a_transaction(processes[XF], XF)
    assert processes[XF].returncode == -signal.SIGKILL
    processes[XF] = start(XF, submitted, tmp_path)  # a new process takes over its work
    for role, process in processes.items():
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, f"{role}: {err[-2000:]}"

    cases = list(Case.objects.all())
    assert len(cases) == CASES
    assert {case.status for case in cases} == {Status.CONCLUDED}
    # Every step once per case (three approvals), none lost, none doubled.
    steps = CaseEvent.objects.values("case_id", "kind").annotate(n=Count("id"))
    expected = {
        "submitted": 1,
        "accepted": 1,
        "task_opened": 3,
        "approved": 3,
        "all_reviewed": 1,
        "decided_granted": 1,
        "certificate_issued": 1,
        "delivered_online": 1,
        "concluded": 1,
    }
    for row in steps:
        if row["kind"] in expected:
            assert row["n"] == expected[row["kind"]], row
    assert steps.filter(kind="decided_granted").count() == CASES
    assert Certificate.objects.count() == CASES
    # Every task projection matches its serialized workflow: finished, nothing ready.
    for case in cases:
        flow = workflow.load(case.workflow_state)
        assert workflow.finished(flow), case.number
        assert workflow.ready_tasks(flow) == []
    tasks = ReviewTask.objects.values("case_id").annotate(n=Count("id"))
    assert {row["n"] for row in tasks} == {3}
    assert not ReviewTask.objects.exclude(status=TaskStatus.APPROVED).exists()
    # Each notification once, its outbox message once; sending them sends each exactly once.
    per_notice = Notification.objects.values("recipient_id", "kind", "case_number").annotate(
        n=Count("id")
    )
    assert {row["n"] for row in per_notice} == {1}
    outbox = OutboxMessage.objects.values("notification_id", "channel").annotate(n=Count("id"))
    assert {row["n"] for row in outbox} == {1}
    sent = notifications.deliver_pending(limit=100_000)
    assert sent.sent == OutboxMessage.objects.count()
    assert notifications.deliver_pending(limit=100_000).sent == 0
    # Documents committed by a killed process before its after-commit hook are rendered by
    # the sweep, each once.
    documents.render_pending(limit=10_000)
    assert not CaseDocument.objects.filter(rendered_at=None).exists()
    rendered = AuditEntry.objects.filter(action="case.document_rendered").count()
    assert rendered == CaseDocument.objects.count() == 2 * CASES
    assert verify_chain().ok
    call_command("check_audit")
