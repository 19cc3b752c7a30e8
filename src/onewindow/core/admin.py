from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onewindow.core import services
from onewindow.core.audit_labels import action_label
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
    list_display = ["year", "published", "source", "days"]
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

    def changelist_view(self, request, extra_context=None):
        """Opens at the current year: this year and the next ones, earliest first."""
        # Only someone who may see the list is sent to a year of it; anyone else gets the
        # admin's own refusal (403) from the list itself.
        if not request.GET and self.has_view_or_change_permission(request):
            return redirect(f"{request.path}?year__gte={timezone.localdate().year}")
        return super().changelist_view(request, extra_context)

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "year__gte" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("holidays and make-up days"))
    def days(self, year) -> str:
        url = reverse("admin:core_calendarday_changelist")
        return format_html('<a href="{}?date__year={}">{}</a>', url, year.year, gettext("Days"))

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

    def changelist_view(self, request, extra_context=None):
        """Opens at the current year's days; any filter, search or year chosen is kept."""
        if not request.GET and self.has_view_or_change_permission(request):
            return redirect(f"{request.path}?date__year={timezone.localdate().year}")
        return super().changelist_view(request, extra_context)

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


class AuditActionFilter(admin.SimpleListFilter):
    """The actions the log holds, by their readable names."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class ActorKindFilter(admin.SimpleListFilter):
    """Who acted: the platform itself, an official, a citizen or an enterprise. The log names
    its actor "<id>:<username>" (``core.audit``), matched here against the accounts."""

    title = _("actor")
    parameter_name = "actor_kind"
    SYSTEM = "system"

    def lookups(self, request, model_admin):
        return [(self.SYSTEM, _("The platform (no person)")), *get_user_model().Kind.choices]

    def queryset(self, request, queryset):
        User = get_user_model()
        if self.value() == self.SYSTEM:
            return queryset.filter(actor="")
        if self.value() in User.Kind.values:
            labels = (
                User.objects.filter(kind=self.value())
                .annotate(label=Concat(Cast("pk", CharField()), Value(":"), "username"))
                .values("label")
            )
            return queryset.filter(actor__in=labels)
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The hash-chained log, newest first, with readable action names."""

    list_display = ["seq", "created_at", "actor", "action_name", "object_type", "object_id"]
    list_filter = [AuditActionFilter, ActorKindFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["action", "object_type", "object_id", "actor"]
    ordering = ["-seq"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, entry) -> str:
        return action_label(entry.action)


admin.site.site_header = _("OneWindow administration")
admin.site.site_title = _("OneWindow administration")
