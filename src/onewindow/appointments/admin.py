"""Administrators keep each centre's weekly template; slots and bookings are read-only (they
change through the applicants' and the window's actions only)."""

from django.contrib import admin

from onewindow.appointments.models import Booking, Slot, SlotTemplate
from onewindow.core.admin import ReadOnlyAdmin


@admin.register(SlotTemplate)
class SlotTemplateAdmin(admin.ModelAdmin):
    """A centre's weekly periods; `onewindow generate-appointment-slots` makes the slots."""

    list_display = ("centre", "weekday", "start", "end", "capacity", "active")
    list_filter = ("weekday", "active")
    search_fields = ("centre__code", "centre__name")


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ("centre", "day", "start", "end", "capacity", "booked")
    list_filter = ("day",)
    search_fields = ("centre__code", "centre__name")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("reference", "slot", "item", "status", "queue_number", "sequence")
    list_filter = ("status",)
    search_fields = ("reference",)
