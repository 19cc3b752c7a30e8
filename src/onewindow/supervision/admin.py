"""The ledger, read-only for administrators: every change goes through ``services``."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin
from onewindow.supervision.models import Matter


@admin.register(Matter)
class MatterAdmin(ReadOnlyAdmin):
    list_display = ("kind", "key", "stage", "department", "due_on", "state", "card")
    list_filter = ("kind", "state", "card", "unit")
    search_fields = ("key", "title")
    list_select_related = ("department",)
    date_hierarchy = "due_on"
