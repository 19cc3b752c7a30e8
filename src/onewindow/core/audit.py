"""The hash-chained audit log: append inside the caller's transaction, verify the chain.

Each entry stores SM3(previous hash || canonical content). Editing, deleting or reordering
any entry breaks every hash after it, and ``onewindow check-audit`` names the first break.
Entry data holds strings, integers, booleans, lists and dicts (no floats), so its canonical
JSON survives both databases' JSON types unchanged.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from onewindow.core import bulk
from onewindow.core.crypto import sm3_hex
from onewindow.core.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return ""
    return f"{actor.pk}:{actor.get_username()}"


def canonical_content(entry: AuditEntry) -> bytes:
    content = {
        "seq": entry.seq,
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    return sm3_hex(prev_hash.encode("ascii") + canonical_content(entry))


_pending = threading.local()  # the entries of the current ``deferred`` block, per thread


@contextmanager
def deferred() -> Iterator[None]:
    """Chain the entries recorded inside the block at its end, under one lock of the head.

    The head row is the one lock every audited change shares. Taken at the end of a change,
    it is held for the append and the commit alone, not for the whole change. Open it inside
    the change's transaction. A nested block appends with the outermost; an exception out
    of a block drops the entries recorded inside it, as leaving its savepoint drops its rows.
    """
    pending = getattr(_pending, "entries", None)
    if pending is not None:
        mark = len(pending)
        try:
            yield
        except BaseException:
            del pending[mark:]
            raise
        return
    _pending.entries = []
    try:
        yield
        entries = _pending.entries
    finally:
        _pending.entries = None
    if entries:
        _append(entries)


def record(
    action: str,
    *,
    object_type: str,
    object_id: str | int,
    actor: Any = None,
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records.

    Inside ``deferred`` the entry is chained at the end of the block; its ``seq`` and
    ``hash`` are set then.
    """
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=_actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=data or {},
    )
    pending = getattr(_pending, "entries", None)
    if pending is not None:
        pending.append(entry)
    else:
        _append([entry])
    return entry


def _append(entries: list[AuditEntry]) -> None:
    """Chain ``entries`` in order after the head, in one statement.

    No savepoint: an entry that fails to append fails the whole change, never only itself.
    """
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql" and _append_pg(entries):
            return
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        seq, prev_hash = head.seq, head.hash
        for entry in entries:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev_hash
            entry.hash = prev_hash = chain_hash(prev_hash, entry)
        AuditEntry.objects.bulk_create(entries)
        head.seq, head.hash = seq, prev_hash
        head.save(update_fields=["seq", "hash"])


_ENTRY_COLUMNS = ("seq", "created_at", "actor", "action", "object_type", "object_id", "data",
                  "prev_hash", "hash")  # fmt: skip


def _append_pg(entries: list[AuditEntry]) -> bool:
    """``_append`` in two statements on PostgreSQL: lock and read the head, then insert the
    entries and move the head in one (a data-modifying WITH). The head is the one lock every
    audited change shares, held to the commit: each round trip saved while holding it is
    throughput (issue 21). False when there is no head yet (the ORM path creates it)."""
    table, head_table = AuditEntry._meta.db_table, AuditHead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {head_table} WHERE id = 1 FOR UPDATE")  # noqa: S608
        row = cursor.fetchone()
        if row is None:
            return False
        seq, prev_hash = row
        params: list = []
        for entry in entries:
            seq += 1
            entry.seq, entry.prev_hash = seq, prev_hash
            entry.hash = prev_hash = chain_hash(prev_hash, entry)
            params += [entry.seq, entry.created_at, entry.actor, entry.action, entry.object_type,
                       entry.object_id, json.dumps(entry.data, ensure_ascii=False),
                       entry.prev_hash, entry.hash]  # fmt: skip
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s)"] * len(entries))
        # our table names and placeholders only: no input in the SQL
        sql = (
            f"WITH new AS (INSERT INTO {table} ({', '.join(_ENTRY_COLUMNS)}) VALUES {values} "  # noqa: S608
            f"RETURNING id, seq) UPDATE {head_table} SET seq = %s, hash = %s WHERE id = 1 "
            "RETURNING (SELECT array_agg(id ORDER BY seq) FROM new)"
        )
        cursor.execute(sql, [*params, seq, prev_hash])
        for entry, pk in zip(entries, cursor.fetchone()[0], strict=True):
            entry.pk = pk
            entry._state.adding, entry._state.db = False, connection.alias
    return True


def record_many(
    action: str,
    *,
    object_type: str,
    entries: Iterable[tuple[str | int, dict]],
    actor: Any = None,
) -> int:
    """Append one entry per ``(object_id, data)`` pair, chained in order, in bulk.

    The same entries ``record`` would write one by one, with one lock of the head and one bulk
    INSERT. Call inside the transaction of the change they record. Returns how many.
    """
    pending = getattr(_pending, "entries", None)
    if pending:  # what the enclosing change recorded so far comes first
        _append(pending)
        pending.clear()
    created_at, label = timezone.now(), _actor_label(actor)
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        seq, prev_hash, rows = head.seq, head.hash, []
        entry = AuditEntry(created_at=created_at, actor=label, action=action)
        entry.object_type = object_type
        for object_id, data in entries:
            seq += 1
            entry.seq, entry.object_id, entry.data = seq, str(object_id), data
            digest = chain_hash(prev_hash, entry)
            rows.append((seq, created_at, label, action, object_type, entry.object_id, data,
                         prev_hash, digest))  # fmt: skip
            prev_hash = digest
        bulk.insert(
            AuditEntry,
            ("seq", "created_at", "actor", "action", "object_type", "object_id", "data",
             "prev_hash", "hash"),
            rows,
        )  # fmt: skip
        if rows:
            head.seq, head.hash = seq, prev_hash
            head.save(update_fields=["seq", "hash"])
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    ok: bool
    broken_seq: int | None = None
    reason: str = ""


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def verify_chain() -> ChainReport:
    """Walk the whole chain; report the first entry whose link or content does not hold."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    for entry in _entries():
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(count, False, expected_seq, f"entry #{expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return ChainReport(
                count, False, entry.seq, "its previous-hash does not match the entry before it"
            )
        if chain_hash(prev_hash, entry) != entry.hash:
            return ChainReport(count, False, entry.seq, "its content does not match its hash")
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (expected_seq - 1, prev_hash):
        return ChainReport(
            count,
            False,
            head.seq,
            f"the chain ends at #{expected_seq - 1} but its head is at "
            f"#{head.seq}: entries were removed from the end",
        )
    return ChainReport(count, True)
