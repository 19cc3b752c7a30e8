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


def in_threads(write, count: int = 4) -> list[Exception]:
    """Run ``write(n)`` in ``count`` threads, each on its own connection; their errors."""
    import threading

    from django.db import connections

    if connections["default"].vendor == "sqlite" and connections["default"].is_in_memory_db():
        pytest.skip("an in-memory SQLite database is not shared between threads")
    errors = []

    def run(n):
        try:
            write(n)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_form_one_unbroken_chain():
    def writer(n):
        for i in range(10):
            audit.record("test.concurrent", object_type="writer", object_id=f"{n}-{i}")

    assert in_threads(writer) == []
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 40
    assert audit.verify_chain().ok


def test_entries_appended_in_bulk_chain_like_single_ones():
    first = audit.record("calendar.day_set", object_type="calendar_day", object_id="2026-11-05")
    count = audit.record_many(
        "case.due_dates_recomputed",
        object_type="case",
        entries=[(f"C-{i}", {"before": ["2026-11-09"], "after": ["2026-11-10"]}) for i in range(3)],
    )
    audit.record("calendar.day_set", object_type="calendar_day", object_id="2026-11-06")
    assert count == 3
    seqs = list(AuditEntry.objects.filter(seq__gte=first.seq).values_list("seq", flat=True))
    assert seqs == [first.seq + i for i in range(5)]
    assert audit.verify_chain().ok
    AuditEntry.objects.filter(object_id="C-1").update(data={"before": [], "after": []})
    assert audit.verify_chain().broken_seq == first.seq + 2


def test_a_deferred_block_chains_its_entries_at_its_end_in_the_order_recorded():
    _append(1)
    with transaction.atomic(), audit.deferred():
        first = audit.record("test.deferred", object_type="thing", object_id="a")
        with audit.deferred():  # nested: appended with the outer block
            audit.record("test.deferred", object_type="thing", object_id="b")
        assert not AuditEntry.objects.filter(action="test.deferred").exists()
        audit.record("test.deferred", object_type="thing", object_id="c")
    chained = list(AuditEntry.objects.filter(action="test.deferred").order_by("seq"))
    assert [(e.seq, e.object_id) for e in chained] == [(2, "a"), (3, "b"), (4, "c")]
    assert (first.seq, first.hash) == (2, chained[0].hash)
    assert audit.verify_chain().ok


def test_a_failed_deferred_block_chains_nothing_and_the_next_one_starts_clean():
    _append(1)

    def failing_change():
        with transaction.atomic(), audit.deferred():
            audit.record("test.deferred", object_type="thing", object_id="lost")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    with transaction.atomic(), audit.deferred():
        audit.record("test.deferred", object_type="thing", object_id="kept")
    assert list(AuditEntry.objects.values_list("object_id", flat=True)) == ["0", "kept"]
    assert audit.verify_chain().ok


def test_a_nested_block_that_fails_and_is_caught_drops_only_its_own_entries():
    with transaction.atomic(), audit.deferred():
        audit.record("test.deferred", object_type="thing", object_id="kept")
        try:
            with transaction.atomic(), audit.deferred():
                audit.record("test.deferred", object_type="thing", object_id="rolled back")
                raise RuntimeError("the inner step failed")
        except RuntimeError:
            pass
        audit.record("test.deferred", object_type="thing", object_id="also kept")
    order = list(AuditEntry.objects.order_by("seq").values_list("object_id", flat=True))
    assert order == ["kept", "also kept"]
    assert audit.verify_chain().ok


def test_bulk_entries_inside_a_deferred_block_come_after_what_it_recorded_before():
    with transaction.atomic(), audit.deferred():
        audit.record("test.deferred", object_type="thing", object_id="before")
        audit.record_many("test.bulk", object_type="thing", entries=[("x", {}), ("y", {})])
        audit.record("test.deferred", object_type="thing", object_id="after")
    order = list(AuditEntry.objects.order_by("seq").values_list("object_id", flat=True))
    assert order == ["before", "x", "y", "after"]
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_deferred_changes_form_one_unbroken_chain():
    def writer(n):
        for i in range(10):
            with transaction.atomic(), audit.deferred():
                for part in range(3):
                    audit.record("test.concurrent", object_type="w", object_id=f"{n}-{i}-{part}")

    assert in_threads(writer) == []
    ids = list(AuditEntry.objects.order_by("seq").values_list("object_id", flat=True))
    assert len(ids) == 120
    # Each change's three entries are chained together, in the order it recorded them.
    for start in range(0, 120, 3):
        assert [i.rsplit("-", 1)[1] for i in ids[start : start + 3]] == ["0", "1", "2"]
    assert audit.verify_chain().ok
