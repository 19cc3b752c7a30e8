"""The hash-chained audit log detects any edit, deletion or truncation."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from onewindow.core import audit
from onewindow.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _append(n):
    for i in range(n):
        audit.record("test.event", object_type="thing", object_id=i, data={"i": i, "名": "值"})


def test_entries_link_to_the_previous_hash():
    _append(3)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == audit.GENESIS_HASH
    assert entries[1].prev_hash == entries[0].hash
    assert audit.verify_chain().ok


def test_check_audit_reports_an_intact_chain(capsys):
    _append(4)
    call_command("check_audit")
    assert "4 entries verified" in capsys.readouterr().out


def test_an_edit_made_with_raw_sql_is_detected_and_named():
    _append(5)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET object_id = %s WHERE seq = %s", ["99", 3]
        )
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == 3
    with pytest.raises(CommandError, match="broken at entry #3"):
        call_command("check_audit")


def test_recomputing_a_tampered_entrys_own_hash_still_breaks_the_next_link():
    _append(4)
    entry = AuditEntry.objects.get(seq=2)
    entry.data = {"i": 1000}
    entry.hash = audit.chain_hash(entry.prev_hash, entry)
    AuditEntry.objects.filter(pk=entry.pk).update(data=entry.data, hash=entry.hash)
    assert audit.verify_chain().broken_seq == 3


def test_a_deleted_entry_in_the_middle_is_detected():
    _append(4)
    AuditEntry.objects.filter(seq=2).delete()
    report = audit.verify_chain()
    assert (report.ok, report.broken_seq) == (False, 2)


def test_entries_removed_from_the_end_are_detected():
    _append(4)
    AuditEntry.objects.filter(seq=4).delete()
    report = audit.verify_chain()
    assert not report.ok
    assert "removed from the end" in report.reason


def test_an_entry_is_rolled_back_with_the_change_it_records():
    _append(1)

    def failing_change():
        with transaction.atomic():
            audit.record("test.event", object_type="thing", object_id="x")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert AuditEntry.objects.count() == 1
    _append(1)
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_form_one_unbroken_chain():
    import threading

    from django.db import connections

    if connections["default"].vendor == "sqlite" and connections["default"].is_in_memory_db():
        pytest.skip("an in-memory SQLite database is not shared between threads")
    errors = []

    def writer(n):
        try:
            for i in range(10):
                audit.record("test.concurrent", object_type="writer", object_id=f"{n}-{i}")
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 40
    assert audit.verify_chain().ok
