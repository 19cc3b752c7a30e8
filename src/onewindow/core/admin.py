from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.core import services
from onewindow.core.models import AuditEntry, CalendarDay, CalendarYear, Division


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request):
        return False  # the division tree is loaded from GB/T 2260 data by migration

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published", "source"]

    def save_model(self, request, obj, form, change):
        services.set_calendar_year(
            year=obj.year,
            published=obj.published,
            source=obj.source,
            actor=request.user,
        )

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]
    exclude = ["source"]

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            services.remove_calendar_day(day=form.initial["date"], actor=request.user)
        saved = services.set_calendar_day(
            day=obj.date, kind=obj.kind, name=obj.name, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.remove_calendar_day(day=obj.date, actor=request.user)

    def delete_queryset(self, request, queryset):
        for day in queryset:
            services.remove_calendar_day(day=day.date, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only by the platform itself: shown, never added, edited or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["action", "object_type", "object_id", "actor"]


admin.site.site_header = _("OneWindow administration")
admin.site.site_title = _("OneWindow administration")
