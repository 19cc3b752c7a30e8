"""Public participation in the admin: shown read-only, since its services own every change."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin
from onewindow.participation.models import Survey, SurveyQuestion


# --- surveys (问卷): the builder is the workbench; responses hold no identity ---------------
class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    fields = ("position", "kind", "text", "required")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "department", "status", "response_count", "closes_on")
    list_filter = ("status", "audience")
    search_fields = ("number", "title")
    inlines = [SurveyQuestionInline]
