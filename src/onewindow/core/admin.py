from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
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


MAX_SCHEDULE_BYTES = 64 * 1024


class HolidayScheduleForm(forms.Form):
    file = forms.FileField(
        label=_("Holiday arrangement (YAML)"),
        help_text=_(
            "Written from the State Council's notice; the format is in docs/operations.md."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCHEDULE_BYTES:
            raise ValidationError(_("The file is larger than 64 KB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is not UTF-8 text.")) from exc


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "published", "source"]
    change_list_template = "admin/core/calendaryear/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="core_calendaryear_import"), *super().get_urls()]

    def import_view(self, request):
        """Upload the file of ``onewindow import-holidays``: the same service, the same checks."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = HolidayScheduleForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.import_holidays(
                    text=form.cleaned_data["file"], actor=request.user
                )
            except ValidationError as error:
                for problem in error.message_dict.get("file", error.messages):
                    form.add_error("file", problem)
            else:
                messages.success(
                    request,
                    gettext(
                        "%(year)s is published: %(holidays)d holiday days, %(workdays)d make-up "
                        "working days; %(moved)d open cases' dates moved."
                    )
                    % {**result, "moved": len(result["moved"])},
                )
                return redirect("admin:core_calendaryear_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": gettext("Import a holiday arrangement"),
        }
        return TemplateResponse(request, "admin/core/calendaryear/import.html", context)

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
