"""Read-only views of cases for administrators; every change goes through the services."""

from django.contrib import admin

from onewindow.cases.models import (
    Case,
    CaseEvent,
    DeferredMaterial,
    JointMeasure,
    Rating,
    Rectification,
    ReviewTask,
    WindowIntake,
)
from onewindow.catalog.admin import AuditedAdmin
from onewindow.core.admin import ReadOnlyAdmin


class ReviewTaskInline(admin.TabularInline):
    model = ReviewTask
    fields = ("department", "stage", "status", "due_on", "opinion", "completed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "item", "lead_department", "status", "promised_due", "red_at")
    list_filter = ("status", "lead_department")
    search_fields = ("number",)
    exclude = ("workflow_state",)
    inlines = [ReviewTaskInline]


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "at", "department")
    list_filter = ("kind",)


@admin.register(WindowIntake)
class WindowIntakeAdmin(ReadOnlyAdmin):
    """Applications filed at a central window, with the person's consent as it was given."""

    list_display = ("case", "centre", "clerk", "person", "consented_at", "account_created")
    list_filter = ("centre",)


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    """好差评 as the applicants gave them."""

    list_display = ("case", "department", "score", "rated_at")
    list_filter = ("score", "department")
    search_fields = ("case__number",)
    date_hierarchy = "rated_at"


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    """Rectifications of poor ratings; the department answers them in the workbench."""

    list_display = ("rating", "department", "assignee", "due", "answered_at")
    list_filter = ("department", ("answered_at", admin.EmptyFieldListFilter))
    search_fields = ("rating__case__number",)


@admin.register(JointMeasure)
class JointMeasureAdmin(AuditedAdmin):
    """联合奖惩措施: loaded from cases/data/joint_measures.yaml, editable here, audited."""

    audit_action = "cases.joint_measure"
    list_display = ("code", "name", "flag", "effect", "active")
    list_filter = ("effect", "flag", "active")
    search_fields = ("code", "name", "name_en")


@admin.register(DeferredMaterial)
class DeferredMaterialAdmin(ReadOnlyAdmin):
    list_display = ("case", "key", "measure", "due_on", "supplied_at")
    list_filter = ("measure",)
