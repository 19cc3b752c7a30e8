"""Administrators keep the disclosure guides; documents change through the publishing workflow
(``services.publishing``), so here they are shown with their history, and only the English
translation of a document can be completed, audited. Nothing published is deleted. Requests,
annual reports and reviews or lawsuits are shown read-only: their services own every change."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.admin import AuditedAdmin
from onewindow.core.admin import ReadOnlyAdmin
from onewindow.disclosure.models import (
    AnnualReport,
    Document,
    DocumentEvent,
    Guide,
    Remedy,
    Request,
)


@admin.register(Guide)
class GuideAdmin(AuditedAdmin):
    audit_action = "disclosure.guide"
    list_display = ("agency", "office", "phone", "updated_on")
    search_fields = ("agency__code", "agency__name", "office", "office_en")
    autocomplete_fields = ("agency",)


class DocumentEventInline(admin.TabularInline):
    model = DocumentEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "actor", "note", "masked")
    readonly_fields = fields
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    audit_action = "disclosure.document"
    list_display = ("title", "agency", "index_number", "category", "status", "validity")
    list_filter = ("status", "validity", "category", "form")
    search_fields = ("title", "title_en", "index_number", "number", "agency__code")
    inlines = [DocumentEventInline]
    EDITABLE = ("title_en", "body_en")  # the English translation; everything else is the workflow's

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Document._meta.fields if f.name not in self.EDITABLE]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    """Requests change only through their services (``services.requests``), on the clock; the
    requester's ID number and phone are not shown here."""

    list_display = ("number", "agency", "requester_kind", "channel", "status", "due_on")
    list_filter = ("status", "requester_kind", "channel", "reply_type")
    search_fields = ("number", "agency__code")
    exclude = ("id_number", "phone")


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "status", "published_at")
    list_filter = ("status", "year")
    search_fields = ("agency__code", "agency__name")


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    list_display = ("agency", "kind", "filed_on", "result", "concluded_on")
    list_filter = ("kind", "result")
    search_fields = ("agency__code",)
