"""The instructions (督办) in the e-supervision ledger (kind "office-instruction", key = the
instruction's id).

条例 Art. 24 (六) asks the office to chase the handling department until it finishes on time
(催办) without fixing a period; the platform gives an instruction ``DEFAULT_INSTRUCTION_DAYS``
(10) working days from its assignment unless the leader sets another limit. The ledger draws
the yellow card at 80 % and the red one when it runs out; ``escalate`` then tells the leader
who gave the instruction, once.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from onewindow.core.clock import WorkingCalendar
from onewindow.office import incoming_messages as messages
from onewindow.office.incoming_models import Instruction
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Card, Matter, Unit

KIND = "office-instruction"
STAGE = "handling"


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Leader's instruction (督办)"),
        stages={STAGE: pgettext_lazy("stage of a supervised instruction", "Handling")},
    )


def link(instruction: Instruction) -> str:
    try:
        return reverse("workbench:office-instruction", args=[instruction.pk])
    except NoReverseMatch:
        return ""


def track(instruction: Instruction):
    """Register the instruction's clock from its start; returns the ledger's instants."""
    title = instruction.text.splitlines()[0] if instruction.text.strip() else str(instruction)
    return supervision.track(
        kind=KIND,
        key=str(instruction.pk),
        title=f"督办：{title}"[:200],
        title_en=f"Instruction {instruction.pk}"[:200],
        department=instruction.department,
        division_code=instruction.department.division_id,
        started_at=instruction.started_at,
        unit=Unit.WORKING_DAYS,
        limit=instruction.limit,
        stage=STAGE,
        link=link(instruction),
        calendar=WorkingCalendar(),
    )


def close(instruction: Instruction, at: datetime) -> None:
    supervision.close(kind=KIND, key=str(instruction.pk), at=at)


def matters(instructions) -> dict[int, Matter]:
    """The ledger rows of these instructions, by instruction id (for the colours of a list)."""
    keys = [str(i.pk) for i in instructions if i is not None]
    rows = Matter.objects.filter(kind=KIND, key__in=keys)
    return {int(row.key): row for row in rows}


def escalate(now: datetime | None = None) -> int:
    """After the ledger's sweep (``supervision.services.raise_cards``): tell the leader who gave
    each instruction now carrying a red card, once; the count told."""
    now = now or timezone.now()
    red = Matter.objects.filter(kind=KIND, card=Card.RED).values_list("key", flat=True)
    late = list(
        Instruction.objects.filter(
            pk__in=[int(key) for key in red], completed_at=None, escalated_at=None
        ).select_related("department")
    )
    for instruction in late:
        messages.tell(
            [instruction.assigned_by_id],
            messages.INSTRUCTION_OVERDUE,
            {
                "department": instruction.department.display_name,
                "due_on": instruction.due_on.isoformat() if instruction.due_on else "",
                "text": instruction.text[:100],
            },
            instruction=instruction.pk,
        )
    Instruction.objects.filter(pk__in=[i.pk for i in late]).update(escalated_at=now)
    return len(late)


def on_cards_raised(sender, *, now, red, **kwargs) -> None:
    """After each card sweep: escalate the instructions that just turned red."""
    if any(kind == KIND for kind, _key in red):
        escalate(now)
