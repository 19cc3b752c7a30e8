"""Public participation in the admin: shown read-only, since every change goes through the
services (moderation, supports, answers are audited there) and nothing published is deleted."""

from django.contrib import admin

from onewindow.core.admin import ReadOnlyAdmin
from onewindow.participation.models import (
    OfficialAnswer,
    Proposal,
    ProposalModeration,
    Support,
)

# --- citizens' proposals (participation.services.proposals) ------------------------------------


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "category", "status", "supports_count", "answer_due_on")
    list_filter = ("status", "category")
    search_fields = ("number", "title")


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    """Who supported what; the address is a keyed hash and is not shown."""

    list_display = ("proposal", "user", "at", "flag", "flag_reason")
    list_filter = ("flag", "flag_reason")
    exclude = ("address_hash",)


@admin.register(OfficialAnswer)
class OfficialAnswerAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "department", "kind", "answered_on")
    list_filter = ("kind",)


@admin.register(ProposalModeration)
class ProposalModerationAdmin(ReadOnlyAdmin):
    list_display = ("proposal", "action", "reason", "by", "at")
    list_filter = ("action", "reason")
