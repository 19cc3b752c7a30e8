"""Random inspections in the admin: the system administrator keeps the departments' item lists
and the inspector list (enforcement certificates); targets, plans and visits are looked up
only, since every change to them goes through the services (a draw must stay re-runnable)."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin as ReadOnly
from onewindow.market.credit_models import ListEntry, RepairApplication
from onewindow.market.models import Inspection, InspectionItem, Inspector, Plan, Target


@admin.register(InspectionItem)
class InspectionItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "method", "active"]
    list_filter = ["department", "method", "active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ["certificate_number", "user", "department", "district", "active"]
    list_filter = ["department", "active"]
    search_fields = ["certificate_number", "user__username", "user__real_name"]
    raw_id_fields = ["user"]


@admin.register(Target)
class TargetAdmin(ReadOnly):
    list_display = ["entity", "industry", "district", "street", "risk_grade", "active"]
    list_filter = ["district", "industry", "risk_grade", "active"]
    search_fields = ["entity__name", "entity__uscc"]


@admin.register(Plan)
class PlanAdmin(ReadOnly):
    list_display = ["number", "title", "department", "status", "target_count", "drawn_at"]
    list_filter = ["status", "department"]
    search_fields = ["number", "title"]
    exclude = ["seed"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnly):
    list_display = ["plan", "rank", "target", "status", "recorded_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["plan__number", "target__entity__name", "target__entity__uscc"]


@admin.register(RepairApplication)
class RepairApplicationAdmin(ReadOnly):
    """Credit repair is decided on the workbench (``market.credit_repair``): looked up here."""

    list_display = ("entity", "target", "department", "status", "applied_at", "due_on")
    list_filter = ("status", "target")
    search_fields = ("entity__name", "entity__uscc")


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnly):
    list_display = ("entity", "kind", "reason", "department", "listed_on", "removed_on")
    list_filter = ("kind", "reason")
    search_fields = ("entity__name", "entity__uscc")
