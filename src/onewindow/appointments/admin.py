from django.contrib import admin

from onewindow.appointments.models import Booking, Slot, SlotTemplate


@admin.register(SlotTemplate)
class SlotTemplateAdmin(admin.ModelAdmin):
    """A centre's weekly periods; slots are generated from them (generate-appointment-slots)."""

    list_display = ("centre", "weekday", "start", "end", "capacity", "active")
    list_filter = ("weekday", "active")
    search_fields = ("centre__code", "centre__name")


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("centre", "day", "start", "end", "capacity", "booked")
    list_filter = ("day",)
    search_fields = ("centre__code", "centre__name")
    readonly_fields = ("booked",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: bookings change through the applicant's and the window's actions only."""

    list_display = ("reference", "slot", "item", "status", "queue_number", "sequence")
    list_filter = ("status",)
    search_fields = ("reference",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
