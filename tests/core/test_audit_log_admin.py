"""The audit log in the admin: newest first, readable action names, filters by action, kind of
actor and date; every action code the services record has a name."""

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.core import audit
from onewindow.core.audit_labels import ACTIONS, action_label
from onewindow.core.models import AuditEntry
from tests.conftest import zh
from tests.factories import CitizenFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "onewindow"
CHANGELIST = "/admin/core/auditentry/"


def rows(page: str) -> list[str]:
    return re.findall(r'<th class="field-seq"><a href="[^"]+">(\d+)</a>', page)


def test_every_recorded_action_code_has_a_readable_name():
    pattern = re.compile(r'(?:record|record_many|commit)\(\s*(?:step,\s*)?f?"([a-z_]+\.[a-z_.]+)"')
    codes = set()
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts:
            codes.update(pattern.findall(path.read_text()))
    missing = sorted(code for code in codes if code not in ACTIONS)
    assert not missing, f"audit actions without a name in core/audit_labels.py: {missing}"
    assert action_label("case.accepted") == zh("Application accepted") == "受理申请"
    assert action_label("brand.new_thing") == "brand.new_thing"


def test_the_log_is_newest_first_with_names_and_filters(duty_client, db):
    citizen = CitizenFactory()
    audit.record("case.rated", object_type="case", object_id="A", actor=citizen)
    audit.record("calendar.day_set", object_type="calendar", object_id="B")
    auditor = duty_client(Role.AUDIT_ADMINISTRATOR)
    page = auditor.get(CHANGELIST).content.decode()
    seqs = [int(s) for s in rows(page)]
    assert seqs == sorted(seqs, reverse=True)
    assert len(seqs) >= 2
    assert zh("Service rated") in page
    assert zh("Calendar day set") in page

    by_action = auditor.get(CHANGELIST, {"action": "case.rated"}).content.decode()
    assert len(rows(by_action)) == 1
    by_citizen = auditor.get(CHANGELIST, {"actor_kind": "citizen"}).content.decode()
    citizens = AuditEntry.objects.filter(actor=f"{citizen.pk}:{citizen.username}")
    assert set(rows(by_citizen)) == {str(seq) for seq in citizens.values_list("seq", flat=True)}
    by_platform = auditor.get(CHANGELIST, {"actor_kind": "system"}).content.decode()
    platform = AuditEntry.objects.filter(actor="").order_by("-seq")[:100]
    assert rows(by_platform) == [str(seq) for seq in platform.values_list("seq", flat=True)]
    tomorrow = timezone.localdate() + timedelta(days=1)
    by_date = auditor.get(CHANGELIST, {"created_at__gte": tomorrow.isoformat()}).content.decode()
    assert rows(by_date) == []
