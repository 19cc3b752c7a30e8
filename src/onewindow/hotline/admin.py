"""Admin pages of the hotline."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from onewindow.core.admin import ReadOnlyAdmin
from onewindow.hotline import open311_intake
from onewindow.hotline.models import Open311Client


@admin.register(Open311Client)
class Open311ClientAdmin(ReadOnlyAdmin):
    """Keys are issued by `onewindow open311-key NAME`, which prints the key once; here they
    are listed and revoked."""

    list_display = ("name", "key_prefix", "active", "created")
    list_filter = ("active",)
    search_fields = ("name", "key_prefix")
    actions = ["revoke"]

    def has_revoke_permission(self, request):
        return request.user.has_perm("hotline.change_open311client")

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        count = 0
        for client in queryset.filter(active=True):
            open311_intake.revoke_key(client=client, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
