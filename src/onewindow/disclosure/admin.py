"""Administrators keep the disclosure guides; documents change through the publishing workflow
(``services.publishing``), so here they are shown with their history, and only the English
translation of a document can be completed, audited. Nothing published is deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.catalog.admin import AuditedAdmin
from onewindow.disclosure.models import Document, DocumentEvent, Guide


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
