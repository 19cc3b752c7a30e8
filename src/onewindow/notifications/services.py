"""Writes: notify a user (inbox row, outbox sent after commit), deliver the outbox, mark read."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onewindow.core import bulk
from onewindow.notifications import messages
from onewindow.notifications.channels import registry
from onewindow.notifications.channels.base import ChannelError
from onewindow.notifications.models import Notification, OutboxMessage

logger = logging.getLogger("onewindow.notifications")

MAX_ATTEMPTS = 5
ENQUEUE_CHUNK = 500  # outbox messages per delivery task of a bulk notification
RANGE_CHUNK = 5000  # outbox ids per delivery task of ``notify_selected``
Status = OutboxMessage.Status


class Delivery(NamedTuple):
    sent: int
    failed: int


class Notice(NamedTuple):
    """One notification of a bulk ``notify_many``: what ``notify`` takes, by recipient id."""

    recipient_id: int
    kind: str
    params: dict
    link: str = ""
    case_number: str = ""


def notify(
    recipient, *, kind: str, params: dict | None = None, link: str = "", case_number: str = ""
) -> Notification:
    """Put a notification in the recipient's inbox and queue it on every channel that reaches them.

    Call it inside the transaction that makes the news true: if that rolls back, nothing is sent.
    """
    messages.get(kind)
    params = _checked_params(params)
    channels = [channel for channel in registry.enabled() if channel.applies_to(recipient)]
    with transaction.atomic(savepoint=False):  # part of the caller's change, never alone
        notification = Notification.objects.create(
            recipient=recipient, kind=kind, params=params, link=link, case_number=case_number
        )
        ids = [
            OutboxMessage.objects.create(notification=notification, channel=channel.name).pk
            for channel in channels
        ]
        if ids:
            transaction.on_commit(partial(_enqueue, ids), robust=True)
    return notification


def _checked_params(params: dict | None) -> dict:
    params = dict(params or {})
    for key, value in params.items():
        if not isinstance(key, str) or not isinstance(value, str | int):
            raise TypeError(f"Notification parameter {key!r} must be a string or an integer.")
    return params


def notify_many(notices: Iterable[Notice]) -> int:
    """``notify`` for many notifications at once: the same inbox rows and outbox, in bulk.

    Call it inside the transaction that makes the news true. Returns how many were written.
    """
    notices = list(notices)
    if not notices:
        return 0
    for kind in {n.kind for n in notices}:
        messages.get(kind)
    users = get_user_model().objects.in_bulk({n.recipient_id for n in notices})
    enabled = registry.enabled()
    reaches = {pk: [c.name for c in enabled if c.applies_to(user)] for pk, user in users.items()}
    now = timezone.now()
    with transaction.atomic():
        pks = bulk.insert(
            Notification,
            ("recipient_id", "kind", "params", "link", "case_number", "created_at"),
            [
                (n.recipient_id, n.kind, _checked_params(n.params), n.link, n.case_number, now)
                for n in notices
            ],
        )
        outbox = bulk.insert(
            OutboxMessage,
            ("notification_id", "channel", "status", "attempts", "last_error", "created_at"),
            [
                (pk, channel, Status.PENDING, 0, "", now)
                for pk, notice in zip(pks, notices, strict=True)
                for channel in reaches[notice.recipient_id]
            ],
        )
        for first in range(0, len(outbox), ENQUEUE_CHUNK):
            ids = outbox[first : first + ENQUEUE_CHUNK]
            transaction.on_commit(partial(_enqueue, ids), robust=True)
    return len(notices)


def notify_selected(users, *, kind: str, params: dict, link: str) -> dict[str, int]:
    """``notify`` for every user of the queryset ``users``, written by two INSERT … SELECT
    statements per channel, so that a million recipients never pass through Python.

    ``link`` must be unique to this sending (it marks the rows written). Call it inside the
    transaction that makes the news true. Returns how many were queued: ``{"inbox": n}`` and
    one count per channel that reached anyone.
    """
    messages.get(kind)
    params = _checked_params(params)
    notification, outbox = Notification._meta, OutboxMessage._meta
    user = get_user_model()._meta
    quote = connection.ops.quote_name
    now = timezone.now()
    moment = connection.ops.adapt_datetimefield_value(now)
    as_json = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    try:
        chosen, chosen_params = users.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nobody (``pk__in=[]``)
        return {"inbox": 0}
    counts: dict[str, int] = {}
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        highest = "SELECT COALESCE(MAX(id), 0) FROM {}"
        cursor.execute(highest.format(quote(notification.db_table)))
        (before,) = cursor.fetchone()
        cursor.execute(highest.format(quote(outbox.db_table)))
        (outbox_before,) = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO {quote(notification.db_table)} (recipient_id, kind, params, link, "  # noqa: S608
            f"case_number, created_at) SELECT u.id, %s, {as_json}, %s, '', %s "
            f"FROM {quote(user.db_table)} u WHERE u.id IN ({chosen})",
            [kind, json.dumps(params, ensure_ascii=False), link, moment, *chosen_params],
        )
        counts["inbox"] = cursor.rowcount
        batch = "n.id > %s AND n.kind = %s AND n.link = %s AND n.created_at = %s"
        for channel in registry.enabled():
            where, where_params = "", []
            audience = channel.audience()
            if audience:  # a channel that reaches everyone needs no filter
                reached = get_user_model().objects.filter(audience).order_by().values("pk")
                sql, where_params = reached.query.sql_with_params()
                where = f" AND n.recipient_id IN ({sql})"
            cursor.execute(
                f"INSERT INTO {quote(outbox.db_table)} (notification_id, channel, status, "  # noqa: S608
                f"attempts, last_error, created_at) SELECT n.id, %s, %s, 0, '', %s "
                f"FROM {quote(notification.db_table)} n WHERE {batch}{where}",
                [channel.name, Status.PENDING, moment, before, kind, link, moment, *where_params],
            )
            if cursor.rowcount:
                counts[channel.name] = cursor.rowcount
        # the ids this call gave its outbox rows (in a range other writers may share: delivering
        # theirs too is harmless)
        cursor.execute(
            f"SELECT MIN(id), MAX(id) FROM {quote(outbox.db_table)} WHERE id > %s",  # noqa: S608
            [outbox_before],
        )
        first, last = cursor.fetchone()
    if first is not None:
        for start in range(first, last + 1, RANGE_CHUNK):
            transaction.on_commit(
                partial(_enqueue_range, start, min(start + RANGE_CHUNK - 1, last)), robust=True
            )
    return counts


def _enqueue_range(first: int, last: int) -> None:
    from onewindow.notifications.tasks import deliver_outbox_range  # tasks imports this module

    deliver_outbox_range.enqueue(first, last)


def deliver_range(first: int, last: int) -> Delivery:
    """Send the pending outbox messages whose ids lie from ``first`` to ``last``."""
    pending = OutboxMessage.objects.filter(status=Status.PENDING, pk__range=(first, last))
    return deliver(list(pending.order_by("pk").values_list("pk", flat=True)))


def _enqueue(message_ids: list[int]) -> None:
    from onewindow.notifications.tasks import deliver_outbox  # tasks imports this module

    deliver_outbox.enqueue(message_ids)


def deliver_pending(limit: int = 500) -> Delivery:
    """Send up to ``limit`` pending outbox messages, oldest first (the cron sweep and retries)."""
    pending = OutboxMessage.objects.filter(status=Status.PENDING).order_by("created_at", "pk")
    return deliver(list(pending.values_list("pk", flat=True)[:limit]))


def deliver(message_ids: Iterable[int]) -> Delivery:
    """Send each named message still pending; ``failed`` counts this run's failed attempts."""
    outcomes = [_deliver_one(pk) for pk in message_ids]
    return Delivery(outcomes.count(Status.SENT), outcomes.count(Status.FAILED))


def _deliver_one(pk: int) -> str | None:
    """One message in its own transaction, its row locked so concurrent workers skip it."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(pk=pk, status=Status.PENDING)
            .first()
        )
        if message is None:
            return None  # already sent, given up, or in another worker's hands
        notification = message.notification
        message.attempts += 1
        try:
            with translation.override(settings.LANGUAGE_CODE):
                title, body = messages.render(notification.kind, notification.params)
                registry.get(message.channel).send(notification.recipient, title, body)
        except Exception as error:
            log = logger.warning if isinstance(error, ChannelError) else logger.exception
            log("Outbox message %s via %s failed: %s", pk, message.channel, error)
            message.last_error = str(error) or type(error).__name__
            message.status = Status.FAILED if message.attempts >= MAX_ATTEMPTS else Status.PENDING
            message.save(update_fields=["attempts", "last_error", "status"])
            return Status.FAILED
        message.status = Status.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "status", "sent_at"])
        return Status.SENT


def mark_read(user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; anyone else's is ``PermissionDenied``."""
    notification = Notification.objects.get(pk=notification_id)
    if user.pk is None or notification.recipient_id != user.pk:
        raise PermissionDenied(_("This notification is addressed to someone else."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    if user.pk is None:
        return 0
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return unread.update(read_at=timezone.now())
