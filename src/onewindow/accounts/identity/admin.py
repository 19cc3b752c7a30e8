"""Read-only admin pages for officials following up reclaims and agent authorizations.

Nothing here is editable: every change goes through ``accounts.identity.services``.
"""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.identity.models import AgentAuthorization, IdentityReclaim
from onewindow.core.admin import ReadOnlyAdmin


@admin.register(IdentityReclaim)
class IdentityReclaimAdmin(ReadOnlyAdmin):
    list_display = [
        "reclaimed_at",
        "frozen_user",
        "new_user",
        "provider",
        "verified_by",
        "action_count",
    ]
    fields = [
        "reclaimed_at",
        "frozen_user",
        "new_user",
        "provider",
        "verified_by",
        "activity_table",
    ]
    readonly_fields = fields

    @admin.display(description=_("actions"))
    def action_count(self, reclaim):
        return len(reclaim.activity)

    @admin.display(description=_("activity of the frozen account"))
    def activity_table(self, reclaim):
        return format_html_join(
            "",
            "<div>{} · {} · {} {}</div>",
            (
                (e["at"][:16], e["action"], e["object_type"], e["object_id"])
                for e in reclaim.activity
            ),
        )


@admin.register(AgentAuthorization)
class AgentAuthorizationAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "agent", "enterprise", "status", "decided_at"]
    list_filter = ["status"]
    fields = ["agent", "enterprise", "letter_name", "status", "requested_at", "decided_at"]
    readonly_fields = fields
