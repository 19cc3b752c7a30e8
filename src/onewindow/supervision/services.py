"""Writes to the ledger. Called by the module that owns a matter, inside its own transaction
(every public function here joins the caller's transaction and never opens its own commit).

``track`` is on every transition of every clocked matter, so it costs one UPDATE: no read of
the row before writing it. Only when its new instants withdraw a card (a later due date) does
a second, filtered UPDATE find the row, and then an audit entry records it; the first time,
the INSERT follows the UPDATEs that found nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Role, RoleAssignment
from onewindow.core import audit
from onewindow.core.clock import WorkingCalendar
from onewindow.notifications import messages as notification_messages
from onewindow.notifications import services as notifications
from onewindow.supervision import clocks
from onewindow.supervision.divisions import watches
from onewindow.supervision.models import Card, Matter, State
from onewindow.supervision.signals import cards_raised

logger = logging.getLogger("onewindow.supervision")

KEEP = object()  # ``handler=KEEP``: leave the handler already recorded as it is

YELLOW_NOTICE = "supervision.yellow_card"
RED_NOTICE = "supervision.red_card"
CARD_WITHDRAWN = "supervision.card_withdrawn"  # audit: new instants no longer justify a card
NOTIFICATIONS = {
    YELLOW_NOTICE: (
        _("Yellow card: %(key)s is due soon"),
        _(
            "%(title)s (%(key)s) has used 80 %% of its time limit and is due on %(due_on)s. "
            "Please finish it in time."
        ),
    ),
    RED_NOTICE: (
        _("Red card: %(key)s is overdue"),
        _(
            "%(title)s (%(key)s), handled by %(department)s, was due on %(due_on)s and is "
            "overdue (e-supervision red card)."
        ),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def _matter_values(
    *,
    title,
    title_en,
    link,
    department,
    division_code,
    started_at,
    unit,
    limit,
    extended,
    paused,
    clock_paused,
    stage,
    group,
    group_name,
    group_name_en,
    when: clocks.Instants,
) -> dict:
    return {
        "stage": stage,
        "title": title[:200],
        "title_en": title_en[:200],
        "link": link,
        "group": group[:64],
        "group_name": group_name[:200],
        "group_name_en": group_name_en[:200],
        "department_id": getattr(department, "pk", department),
        "division_code": division_code,
        "unit": unit,
        "limit": limit,
        "extended": extended,
        "paused": paused,
        "started_at": started_at,
        "yellow_from": when.yellow_from,
        "due_at": when.due_at,
        "due_on": when.due_on,
        "provisional": when.provisional,
        "state": State.PAUSED if clock_paused else State.OPEN,
        "closed_at": None,
        "late": None,
    }


def track(
    *,
    kind: str,
    key: str,
    title: str,
    department,
    division_code: str,
    started_at: datetime,
    unit: str,
    limit: int,
    extended: int = 0,
    paused: int = 0,
    clock_paused: bool = False,
    stage: str = "",
    title_en: str = "",
    link: str = "",
    handler=KEEP,
    group: str = "",
    group_name: str = "",
    group_name_en: str = "",
    calendar: WorkingCalendar | None = None,
) -> clocks.Instants:
    """Register a clocked matter, or bring its row up to date (same ``kind`` and ``key``).

    A new stage (say, from the decision clock to the delivery clock) or a new start is a new
    clock: its cards start afresh. The same clock keeps its card unless the new instants are
    ahead of now (an approved extension, a calendar edit): then the card is withdrawn, audited
    as ``supervision.card_withdrawn``, and the sweep raises it again in time. ``clock_paused``
    keeps the row but takes it off the red/yellow sweep. ``department`` is a Department or its
    id; ``handler`` a user, None, or ``KEEP`` (the default) to leave the one recorded. Returns
    the instants computed (``yellow_from``, ``due_at``, ``due_on``, ``provisional``).
    """
    when = clocks.instants(
        started_at=started_at,
        unit=unit,
        limit=limit,
        extended=extended,
        paused=paused,
        calendar=calendar,
    )
    values = _matter_values(
        title=title,
        title_en=title_en,
        link=link,
        department=department,
        division_code=division_code,
        started_at=started_at,
        unit=unit,
        limit=limit,
        extended=extended,
        paused=paused,
        clock_paused=clock_paused,
        stage=stage,
        group=group,
        group_name=group_name,
        group_name_en=group_name_en,
        when=when,
    )
    if handler is not KEEP:
        values["handler_id"] = getattr(handler, "pk", handler)
    now = timezone.now()
    same_clock = Q(stage=stage, started_at=started_at)
    withdrawn = _withdrawn_cards(when, now)
    changes = {
        **values,
        **_card_changes(same_clock, when, now),
        "updated_at": now,
    }
    rows = Matter.objects.filter(kind=kind, key=key)
    if withdrawn is None:
        updated = rows.update(**changes)
    else:
        # a filtered UPDATE count tells a withdrawn card apart: the usual transition (no card,
        # or a card the new instants still justify) is the first UPDATE and the only one
        withdrawing = same_clock & withdrawn
        updated = rows.exclude(withdrawing).update(**changes)
        if not updated and rows.filter(withdrawing).update(**changes):
            audit.record(
                CARD_WITHDRAWN,
                object_type="matter",
                object_id=f"{kind}:{key}",
                data={
                    "kind": kind,
                    "key": key,
                    "due_on": str(when.due_on),
                    "due_at": when.due_at.isoformat(),
                    "card_now": Card.YELLOW if when.yellow_from <= now else Card.NONE,
                },
            )
            return when
    if not updated:
        values.setdefault("handler_id", None)
        with transaction.atomic(savepoint=False):
            Matter.objects.create(kind=kind, key=key, **values)
    return when


def _withdrawn_cards(when: clocks.Instants, now: datetime) -> Q | None:
    """The cards of the same clock that its new instants no longer justify (an approved
    extension, a calendar edit adding working days): a red card once the new ``due_at`` is
    ahead, a yellow one once the new ``yellow_from`` is; None when the instants keep every card.
    """
    if when.yellow_from > now:
        return Q(card__in=(Card.RED, Card.YELLOW))  # yellow_from never comes after due_at
    if when.due_at > now:
        return Q(card=Card.RED)
    return None


def _card_changes(same_clock: Q, when: clocks.Instants, now: datetime) -> dict:
    """``card``, ``yellow_at`` and ``red_at`` as the UPDATE of ``track`` sets them, read off the
    row's card before the UPDATE: a new clock (stage or start) starts without a card; the same
    clock keeps its card unless the new instants withdraw it (a red card turns yellow when the
    new ``yellow_from`` has passed). The sweep (``raise_cards``) raises it again in time."""
    new_clock = ~same_clock
    card = [When(new_clock, then=Value(Card.NONE))]
    yellow_at = [When(new_clock, then=Value(None))]
    red_at = [When(new_clock, then=Value(None))]
    yellow_passed = when.yellow_from <= now
    if when.due_at > now:
        card.append(When(card=Card.RED, then=Value(Card.YELLOW if yellow_passed else Card.NONE)))
        red_at.append(When(card=Card.RED, then=Value(None)))
    if not yellow_passed:
        card.append(When(card=Card.YELLOW, then=Value(Card.NONE)))
        yellow_at.append(When(card__in=(Card.RED, Card.YELLOW), then=Value(None)))
    return {
        "card": Case(*card, default=F("card")),
        "yellow_at": Case(*yellow_at, default=F("yellow_at")),
        "red_at": Case(*red_at, default=F("red_at")),
    }


def hand_over(*, kind: str, key: str, handler) -> int:
    """Record who handles the matter now (its clock unchanged): one UPDATE."""
    return Matter.objects.filter(kind=kind, key=key).update(
        handler_id=getattr(handler, "pk", handler), updated_at=timezone.now()
    )


def close(*, kind: str, key: str, at: datetime | None = None) -> bool:
    """The matter is done: off the lists, on time or late for good. One UPDATE; False if
    the matter was not tracked or was already closed."""
    at = at or timezone.now()
    return bool(
        Matter.objects.filter(kind=kind, key=key)
        .exclude(state=State.CLOSED)
        .update(
            state=State.CLOSED,
            closed_at=at,
            late=Case(When(due_at__lte=at, then=Value(True)), default=Value(False)),
            updated_at=at,
        )
    )


_ESCALATION_FIELDS = (
    "pk",
    "kind",
    "key",
    "title",
    "title_en",
    "link",
    "department_id",
    "department__name",
    "handler_id",
    "division_code",
    "due_on",
)


@transaction.atomic
def raise_cards(now: datetime | None = None) -> dict[str, int]:
    """The card sweep: stamp a yellow card on every running matter whose ``yellow_from`` has
    passed and a red one on every one whose ``due_at`` has; one UPDATE per colour, one audit
    entry per card, then the escalation: a yellow card notifies the handler (the department's
    heads when nobody handles it), a red card the department's heads and the supervisors
    watching its division. Idempotent: a card is raised once per clock."""
    now = now or timezone.now()
    running = Matter.objects.filter(state=State.OPEN)
    red = list(
        running.filter(due_at__lte=now)
        .exclude(card=Card.RED)
        .select_for_update(skip_locked=True, of=("self",))
        .values(*_ESCALATION_FIELDS)
    )
    yellow = list(
        running.filter(yellow_from__lte=now, card=Card.NONE)
        .exclude(due_at__lte=now)
        .select_for_update(skip_locked=True, of=("self",))
        .values(*_ESCALATION_FIELDS)
    )
    if red:
        Matter.objects.filter(pk__in=[row["pk"] for row in red]).update(
            card=Card.RED,
            red_at=now,
            yellow_at=Case(When(yellow_at=None, then=Value(now)), default=F("yellow_at")),
            updated_at=now,
        )
    if yellow:
        Matter.objects.filter(pk__in=[row["pk"] for row in yellow]).update(
            card=Card.YELLOW, yellow_at=now, updated_at=now
        )
    for colour, rows in (("yellow", yellow), ("red", red)):
        if rows:
            audit.record_many(
                f"supervision.{colour}_card",
                object_type="matter",
                entries=[
                    (
                        f"{row['kind']}:{row['key']}",
                        {"kind": row["kind"], "key": row["key"], "due_on": str(row["due_on"])},
                    )
                    for row in rows
                ],
            )
    _escalate(yellow, red)
    if yellow or red:
        cards_raised.send(
            sender=Matter,
            now=now,
            yellow=[(row["kind"], row["key"]) for row in yellow],
            red=[(row["kind"], row["key"]) for row in red],
        )
    return {"yellow": len(yellow), "red": len(red)}


def _escalate(yellow: list[dict], red: list[dict]) -> int:
    if not (yellow or red):
        return 0
    departments = {row["department_id"] for row in [*yellow, *red]}
    heads: dict[int, set[int]] = {}
    for user_id, department_id in RoleAssignment.objects.filter(
        role=Role.HEAD, department_id__in=departments, user__is_active=True
    ).values_list("user_id", "department_id"):
        heads.setdefault(department_id, set()).add(user_id)
    supervisors: list[tuple[int, str]] = []
    if red:
        supervisors = list(
            RoleAssignment.objects.filter(role=Role.SUPERVISOR, user__is_active=True).values_list(
                "user_id", "department__division__code"
            )
        )
    notices = []

    def notice(user_id: int, kind: str, row: dict) -> notifications.Notice:
        params = {
            "kind": row["kind"],
            "key": row["key"],
            "title": row["title"],
            "department": row["department__name"],
            "due_on": row["due_on"].isoformat() if row["due_on"] else "",
        }
        return notifications.Notice(user_id, kind, params, row["link"])

    for row in yellow:
        recipients = {row["handler_id"]} if row["handler_id"] else heads.get(row["department_id"])
        for user_id in sorted(recipients or ()):
            notices.append(notice(user_id, YELLOW_NOTICE, row))
    for row in red:
        recipients = set(heads.get(row["department_id"], ()))
        recipients |= {
            user_id for user_id, code in supervisors if watches(code, row["division_code"])
        }
        for user_id in sorted(recipients):
            notices.append(notice(user_id, RED_NOTICE, row))
    return notifications.notify_many(notices)
