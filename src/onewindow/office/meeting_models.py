"""Meetings of the paperless office (会议): scheduled by a department's office with an agenda,
attendees from the department tree, a room (physical, with its seats) and a video room on the
conferencing server; invitations go out as iCalendar (RFC 5545) and come back as attendance
confirmations (参会回执); the minutes are a 公文 of the kind 纪要 (党政机关公文处理工作条例
Art. 8 (十五)) whose decisions become instructions (督办) once it is issued.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.office.incoming_models import Instruction
from onewindow.office.models import OutgoingDocument

__all__ = [
    "AgendaItem",
    "AttendanceEvent",
    "Attendee",
    "Decision",
    "Meeting",
    "MeetingRoom",
    "MeetingStatus",
    "Response",
]


class MeetingRoom(models.Model):
    """A physical meeting room of a department, its seats in rows facing the chair's table."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("English address"), max_length=300, blank=True)
    rows = models.PositiveSmallIntegerField(_("rows of seats"), default=4)
    columns = models.PositiveSmallIntegerField(_("seats a row"), default=6)

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["department", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_address(self) -> str:
        return localized(self, "address")

    @property
    def seats(self) -> int:
        return self.rows * self.columns


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    ENDED = "ended", _("Ended")


class Meeting(models.Model):
    """A meeting, from its invitation to its minutes. ``sequence`` counts the invitation's
    revisions (RFC 5545 §3.8.7.4): every change and the cancellation raise it, so calendar
    programs replace the one event whose UID never changes."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    department = models.ForeignKey(
        Department, verbose_name=_("convening department"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        MeetingRoom,
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    video = models.BooleanField(_("video conference"), default=False)
    # the video room's PIN: only invited people see it on the meeting page
    pin = models.CharField(max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    sequence = models.PositiveIntegerField(default=0)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    minutes = models.OneToOneField(
        OutgoingDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_of",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["room", "starts_at"], name="office_meeting_room_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="office_meeting_ends_later"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class AgendaItem(models.Model):
    """一项议题: what is discussed, who presents it, how long, and the office's document it
    concerns (an attachment from the office app)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=200)
    presenter = models.CharField(_("presented by"), max_length=100, blank=True)
    minutes_planned = models.PositiveSmallIntegerField(_("minutes"), default=15)
    document = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="office_agenda_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Response(models.TextChoices):
    """参会回执, in the words of RFC 5545's PARTSTAT (§3.2.12)."""

    PENDING = "NEEDS-ACTION", _("No answer yet")
    ACCEPTED = "ACCEPTED", _("Will attend")
    DECLINED = "DECLINED", _("Will not attend")
    DELEGATED = "DELEGATED", _("Sends someone else")


class Attendee(models.Model):
    """An invited official, their answer (参会回执) and their seat."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    response = models.CharField(
        _("answer"), max_length=12, choices=Response.choices, default=Response.PENDING
    )
    delegate = models.CharField(_("attending instead"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    seat_row = models.PositiveSmallIntegerField(null=True, blank=True)
    seat_column = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="office_attendee_once"),
            models.UniqueConstraint(
                fields=["meeting", "seat_row", "seat_column"],
                condition=Q(seat_row__isnull=False),
                name="office_seat_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.user_id}"

    @property
    def seat(self) -> str:
        """The seat's label: row letter and number (A3), or empty."""
        if self.seat_row is None:
            return ""
        return f"{chr(ord('A') + self.seat_row - 1)}{self.seat_column}"


class AttendanceEvent(models.Model):
    """A join or leave of the video room, as the meeting page reports it (for attendance)."""

    class Event(models.TextChoices):
        JOINED = "joined", _("Joined")
        LEFT = "left", _("Left")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=8, choices=Event.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.user_id} {self.event}"


class Decision(models.Model):
    """会议议定事项: what the meeting decided, who acts on it and in how many working days. The
    minutes print them; when the minutes are issued each becomes an instruction (督办)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("decision"), max_length=500)
    department = models.ForeignKey(
        Department, verbose_name=_("acting department"), on_delete=models.PROTECT, related_name="+"
    )
    limit = models.PositiveIntegerField(_("working days"))
    instruction = models.OneToOneField(
        Instruction, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="office_decision_position")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}.{self.position}"
