"""Administrators keep the categories (limits, departments, privacy) and the knowledge base;
tickets, dispatches, extensions and the timeline are read-only here: they change only through
the hotline's services, each step audited."""

from django.contrib import admin

from onewindow.catalog.admin import AuditedAdmin
from onewindow.core.admin import ReadOnlyAdmin
from onewindow.hotline import knowledge
from onewindow.hotline.models import (
    Assignment,
    Category,
    KnowledgeArticle,
    Ticket,
    TicketEvent,
    TicketExtension,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """Loaded from hotline/data/categories.yaml by `onewindow load-hotline`; editable here."""

    list_display = (
        "code", "name", "group", "department", "limit", "limit_unit", "urgent_hours",
        "needs_identity", "active",
    )  # fmt: skip
    list_filter = ("group", "limit_unit", "needs_identity", "active")
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("department",)


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(AuditedAdmin):
    """Edits are audited, and the search index is rebuilt at once (hotline: kbmap)."""

    audit_action = "hotline.knowledge_article"
    list_display = ("code", "title", "source", "item_code", "category", "published", "uses")
    list_filter = ("source", "published")
    search_fields = ("code", "title", "title_en", "keywords", "item_code")
    readonly_fields = ("uses", "updated_at")
    raw_id_fields = ("category", "department")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        knowledge.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        knowledge.invalidate()


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    can_delete = False
    fields = ("department", "role", "status", "handler", "dispatched_at", "return_reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = TicketEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "department", "note", "public")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    """No caller's name or phone here: those are shown only through reveal_caller, logged."""

    list_display = ("number", "title", "kind", "category", "status", "lead_department", "due_at")
    list_filter = ("status", "kind", "channel", "urgent", "escalated")
    search_fields = ("number", "title")
    exclude = ("caller_name", "caller_phone", "caller_phone_index", "caller")
    inlines = (AssignmentInline, EventInline)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "department", "role", "status", "dispatched_at")
    list_filter = ("role", "status")
    search_fields = ("ticket__number", "department__code")


@admin.register(TicketExtension)
class TicketExtensionAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "amount", "status", "requested_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("ticket__number",)


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "at", "action", "department", "public")
    list_filter = ("action", "public")
    search_fields = ("ticket__number",)
