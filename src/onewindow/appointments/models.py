"""Appointments (预约) at a service centre's windows, for the steps that need a visit.

Each centre keeps a weekly template (weekday, start, end, capacity); slots are generated from
it for the coming working days; a booking takes one place of a slot. The slot row carries the
count of its active bookings, and every booking, change or cancellation locks the slot row
first, so two people booking the last place get one place between them. Only
``appointments.services`` writes these rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class SlotTemplate(models.Model):
    """One period of a centre's week, e.g. Monday 09:00–10:00 for 6 people."""

    centre = models.ForeignKey(
        Department,
        verbose_name=_("service centre"),
        on_delete=models.CASCADE,
        related_name="slot_templates",
        limit_choices_to={"kind": Department.Kind.SERVICE_CENTRE},
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("slot template")
        verbose_name_plural = _("slot templates")
        ordering = ["centre", "weekday", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "weekday", "start"], name="appointments_template_once"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appointments_tpl_end"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="appointments_tpl_capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.get_weekday_display()} {self.start:%H:%M}"


class Slot(models.Model):
    """A period of one day at one centre, with its capacity and the places booked."""

    centre = models.ForeignKey(
        Department, verbose_name=_("service centre"), on_delete=models.CASCADE, related_name="slots"
    )
    day = models.DateField(_("day"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["day", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "day", "start"], name="appointments_slot_once"
            ),
            models.CheckConstraint(
                condition=Q(booked__lte=F("capacity")), name="appointments_slot_not_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.day} {self.start:%H:%M}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    """One person's place in a slot, for one service (and, if given, their case)."""

    reference = models.CharField(_("reference"), max_length=24, unique=True)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    item = models.ForeignKey(
        "catalog.ServiceItem", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    sequence = models.PositiveIntegerField(_("iCalendar sequence"), default=0)
    queue_number = models.PositiveSmallIntegerField(_("queue number"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked at"))
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["slot__day", "slot__start", "pk"]
        indexes = [models.Index(fields=["applicant", "status"], name="appointments_mine")]

    def __str__(self) -> str:
        return self.reference

    @property
    def active(self) -> bool:
        return self.status == BookingStatus.BOOKED


class QueueSequence(models.Model):
    """The last queue number given at a centre on a day (``core.services.take_next``)."""

    centre = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "day"], name="appointments_queue_once")
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.day}: {self.last}"
