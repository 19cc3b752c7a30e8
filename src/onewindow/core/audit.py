"""The hash-chained audit log: append inside the caller's transaction, verify the chain.

Each entry stores SM3(previous hash || canonical content). Editing, deleting or reordering
any entry breaks every hash after it, and ``onewindow check-audit`` names the first break.
Entry data holds strings, integers, booleans, lists and dicts (no floats), so its canonical
JSON survives both databases' JSON types unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

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


def record(
    action: str,
    *,
    object_type: str,
    object_id: str | int,
    actor: Any = None,
    data: dict | None = None,
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
        )
        entry = AuditEntry(
            seq=head.seq + 1,
            created_at=timezone.now(),
            actor=_actor_label(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            data=data or {},
            prev_hash=head.hash,
        )
        entry.hash = chain_hash(head.hash, entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


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
