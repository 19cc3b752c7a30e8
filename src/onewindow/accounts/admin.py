from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from onewindow.accounts import services
from onewindow.accounts.models import Department, RoleAssignment, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "kind", "display_name", "masked_id_number", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "real_name", "enterprise_name", "uscc"]
    readonly_fields = ["masked_id_number", "masked_phone", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password", "kind"]}),
        (
            _("Identity"),
            {
                "fields": [
                    "real_name",
                    "enterprise_name",
                    "masked_id_number",
                    "uscc",
                    "masked_phone",
                ]
            },
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return obj.id_number_masked

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return obj.phone_masked


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division", "parent"]
    search_fields = ["code", "name"]
    list_select_related = ["division", "parent"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["division"]

    def save_model(self, request, obj, form, change):
        saved = services.upsert_department(
            code=obj.code,
            name=obj.name,
            division_code=obj.division_id,
            parent_code=obj.parent.code if obj.parent else None,
            actor=request.user,
        )
        obj.pk = saved.pk


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "department", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__real_name", "department__name"]
    autocomplete_fields = ["user", "department"]

    def has_change_permission(self, request, obj=None):
        return False  # a role is granted or revoked, never edited in place

    def save_model(self, request, obj, form, change):
        saved = services.assign_role(
            user=obj.user, department=obj.department, role=obj.role, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.revoke_role(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.revoke_role(assignment=assignment, actor=request.user)


from onewindow.accounts.identity import admin as identity_admin  # noqa: E402, F401 - registers
