"""Notifications and their outbox in the admin, read-only: they change only through services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from onewindow.notifications.models import Notification, OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OutboxInline(admin.TabularInline):
    model = OutboxMessage
    fields = ["channel", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "case_number", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["recipient__username", "kind", "case_number"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    fields = ["recipient", "kind", "title", "body", "params", "link", "case_number"]
    fields += ["created_at", "read_at"]
    readonly_fields = fields
    inlines = [OutboxInline]

    @admin.display(description=_("title"))
    def title(self, obj):
        return obj.title

    @admin.display(description=_("body"))
    def body(self, obj):
        return obj.body


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "notification", "channel", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["notification__recipient__username", "notification__case_number"]
    list_select_related = ["notification"]
    fields = ["notification", "channel", "status", "attempts", "last_error", "created_at"]
    fields += ["sent_at"]
    readonly_fields = fields
