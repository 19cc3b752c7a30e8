"""Read-only views of cases for administrators; every change goes through the services."""

from django.contrib import admin

from onewindow.cases.models import Case, CaseEvent, ReviewTask


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReviewTaskInline(admin.TabularInline):
    model = ReviewTask
    fields = ("department", "stage", "status", "due_on", "opinion", "completed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(_ReadOnly):
    list_display = ("number", "item", "lead_department", "status", "promised_due", "red_at")
    list_filter = ("status", "lead_department")
    search_fields = ("number",)
    exclude = ("workflow_state",)
    inlines = [ReviewTaskInline]


@admin.register(CaseEvent)
class CaseEventAdmin(_ReadOnly):
    list_display = ("case", "kind", "at", "department")
    list_filter = ("kind",)
