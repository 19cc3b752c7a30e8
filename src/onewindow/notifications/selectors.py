"""Reads of a user's own inbox."""

from __future__ import annotations

from django.db.models import QuerySet

from onewindow.notifications.models import Notification


def inbox(user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first; nobody sees another user's inbox."""
    if not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return inbox(user, unread_only=True).count()
