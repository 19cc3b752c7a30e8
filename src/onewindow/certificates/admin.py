"""E-seals and e-certificates in the admin: read-only, with the key ceremony as an action.

Certificates change only through the services (issue on a grant, revoke by the issuer's
head); a private key is never shown.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from onewindow.certificates import seals
from onewindow.certificates.models import Certificate, Seal
from onewindow.core.admin import ReadOnlyAdmin


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "department", "valid_from", "valid_until", "retired_at"]
    list_filter = ["department"]
    fields = [
        "key_id",
        "department",
        "name",
        "public_key",
        "valid_from",
        "valid_until",
        "created_at",
        "retired_at",
    ]
    actions = ["rotate"]

    @admin.action(description=_("Rotate: make a new seal for these departments"))
    def rotate(self, request, queryset):
        departments = {seal.department for seal in queryset.select_related("department")}
        for department in departments:
            seals.rotate(department, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(n)d department has a new e-seal; the old one is retired.",
                "%(n)d departments have a new e-seal; the old ones are retired.",
                len(departments),
            )
            % {"n": len(departments)},
            messages.SUCCESS,
        )


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "type_name",
        "holder_name",
        "issuer_name",
        "valid_until",
        "revoked_at",
    ]
    list_filter = ["certificate_type", "issuer"]
    search_fields = ["number", "holder_name", "holder_uscc", "case_number"]
    fields = [
        "number",
        "type_name",
        "holder_kind",
        "holder_name",
        "holder_id_masked",
        "holder_uscc",
        "fields",
        "issuer_name",
        "issued_at",
        "valid_from",
        "valid_until",
        "case_number",
        "seal",
        "digest",
        "revoked_at",
        "revocation_reason",
        "revoked_by",
        "expired_at",
    ]
    readonly_fields = fields
