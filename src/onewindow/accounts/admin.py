"""Accounts in the admin, for the security administrator (see duties.py).

Nobody edits ``is_superuser``, ``is_staff``, the account kind, groups or permissions here: roles
are granted through ``services.assign_role``, which keeps the three administrator duties apart.
Another official's password or authenticator device changes only through a request that a
second security administrator approves (``admin_changes.py``).
"""

import contextlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from onewindow.accounts import admin_changes, duties, services
from onewindow.accounts.models import CredentialChangeRequest, Department, RoleAssignment, User
from onewindow.core import audit
from onewindow.core.admin import ReadOnlyAdmin


class OfficialCreationForm(UserCreationForm):
    """A new official account: username, real name and a first password."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "real_name")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["real_name"].required = True


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = OfficialCreationForm
    add_fieldsets = [(None, {"fields": ["username", "real_name", "password1", "password2"]})]
    list_display = ["username", "kind", "shown_name", "masked_id_number", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["username", "real_name", "enterprise_name", "uscc"]

    @admin.display(description=_("name"))
    def shown_name(self, user) -> str:
        return user.display_name

    filter_horizontal = []
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
                    "email",
                ]
            },
        ),
        (_("Permissions"), {"fields": ["is_active", "roles"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    # Everything but these is shown read-only; is_superuser, is_staff, groups and
    # user_permissions are not in the form at all.
    editable = {"is_active"}
    # An official's work email is where notices about their account reach them.
    editable_for_officials = {"is_active", "real_name", "email"}

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        keep = self.editable_for_officials if obj.is_official else self.editable
        names = [name for _title, options in self.fieldsets for name in options["fields"]]
        return [name for name in names if name not in keep and name != "password"]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return obj.id_number_masked

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj):
        return obj.phone_masked

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return "; ".join(
            f"{a.get_role_display()} ({a.department})"
            for a in obj.role_assignments.select_related("department")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            user = services.create_official(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                real_name=form.cleaned_data["real_name"],
                actor=request.user,
            )
            obj.pk, obj._state.adding = user.pk, False
            return
        super().save_model(request, obj, form, change)
        audit.record(
            "account.updated",
            object_type="user",
            object_id=obj.pk,
            actor=request.user,
            data={"fields": sorted(form.changed_data)},
        )

    def user_change_password(self, request, id, form_url=""):
        """Another official's password is reset only through a two-person request."""
        user = self.get_object(request, id)
        if user is None or not self.has_change_permission(request, user):
            raise PermissionDenied
        if user.pk == request.user.pk:
            return redirect("admin:password_change")
        query = urlencode({"target": user.pk, "kind": CredentialChangeRequest.Kind.PASSWORD_RESET})
        messages.info(
            request,
            _(
                "A password reset for another official needs a second security administrator's "
                "approval: ask for it here."
            ),
        )
        return redirect(f"{reverse('admin:accounts_credentialchangerequest_add')}?{query}")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "division", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["division", "parent"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["division"]
    fields = ["code", "name", "name_en", "kind", "division", "parent", "address", "address_en"]
    fields += ["hours", "hours_en", "phone"]

    def save_model(self, request, obj, form, change):
        saved = services.upsert_department(
            code=obj.code,
            name=obj.name,
            division_code=obj.division_id,
            parent_code=obj.parent.code if obj.parent else None,
            actor=request.user,
            **{key: getattr(obj, key) for key in services.DEPARTMENT_DETAILS},
        )
        obj.pk = saved.pk


class RoleAssignmentForm(forms.ModelForm):
    requester = None  # set per request by the admin

    class Meta:
        model = RoleAssignment
        fields = ["user", "department", "role"]

    def clean(self):
        data = super().clean()
        user, department, role = data.get("user"), data.get("department"), data.get("role")
        if user is not None and not user.is_official:
            self.add_error("user", _("Only officials can hold a department role."))
        elif user is not None and department is not None and role:
            try:
                duties.check_not_oneself(user, self.requester)
                duties.check_assignment(user, role, department)
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def validate_constraints(self):
        """The duty check above says it in words; the database constraint backs it."""


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "department", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__real_name", "department__name"]
    autocomplete_fields = ["user", "department"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.requester = request.user
        return form

    def has_change_permission(self, request, obj=None):
        return False  # a role is granted or revoked, never edited in place

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.user_id != request.user.pk)

    def save_model(self, request, obj, form, change):
        saved = services.assign_role(
            user=obj.user, department=obj.department, role=obj.role, actor=request.user
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.revoke_role(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.exclude(user=request.user):
            services.revoke_role(assignment=assignment, actor=request.user)


class CredentialChangeRequestForm(forms.ModelForm):
    requester = None  # set per request by the admin

    class Meta:
        model = CredentialChangeRequest
        fields = ["target", "kind", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "target" in self.fields:
            self.fields["target"].queryset = User.objects.filter(kind=User.Kind.OFFICIAL)

    def clean(self):
        data = super().clean()
        target, kind = data.get("target"), data.get("kind")
        if target is not None and self.requester is not None and target.pk == self.requester.pk:
            self.add_error(
                "target",
                _(
                    "Change your own password or device yourself; "
                    "nobody asks for it on your behalf."
                ),
            )
        elif (
            target is not None
            and CredentialChangeRequest.objects.filter(
                target=target, kind=kind, state=CredentialChangeRequest.State.PENDING
            ).exists()
        ):
            self.add_error(
                "target", _("A request of this kind for this official is already waiting.")
            )
        return data

    def validate_constraints(self):
        """Checked above in words; the database constraints back it."""


@admin.register(CredentialChangeRequest)
class CredentialChangeRequestAdmin(admin.ModelAdmin):
    form = CredentialChangeRequestForm
    list_display = ["requested_at", "target", "kind", "state", "requested_by", "decided_by"]
    list_filter = ["state", "kind"]
    search_fields = ["target__username", "target__real_name"]
    list_select_related = ["target", "requested_by", "decided_by"]
    autocomplete_fields = ["target"]
    actions = ["approve", "reject"]
    readonly = ["target", "kind", "reason", "state", "requested_by", "requested_at"]
    readonly += ["decided_by", "decided_at"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.requester = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        return self.readonly if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # a request is decided with the approve and reject actions, never edited
        saved = admin_changes.request_change(
            target=obj.target, kind=obj.kind, reason=obj.reason, requested_by=request.user
        )
        obj.pk, obj._state.adding = saved.pk, False

    @admin.action(description=_("Approve and apply (a second security administrator)"))
    def approve(self, request, queryset):
        applied = []
        for change in queryset.select_related("target"):
            try:
                applied.append(admin_changes.approve(change_request=change, approver=request.user))
            except (PermissionDenied, ValidationError) as error:
                self._refused(request, change, error)
        if not applied:
            return None
        # The secrets are shown once on this page, never put in a message cookie or the log.
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hand these to the officials in person"),
            "opts": self.opts,
            "applied": applied,
        }
        return TemplateResponse(request, "admin/accounts/credential_changes_applied.html", context)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        for change in queryset:
            try:
                admin_changes.reject(change_request=change, approver=request.user)
            except (PermissionDenied, ValidationError) as error:
                self._refused(request, change, error)
            else:
                messages.success(request, _("Rejected: %(request)s") % {"request": change})

    def _refused(self, request, change, error):
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, f"{change}: {text}")

    approve.allowed_permissions = ("change",)
    reject.allowed_permissions = ("change",)


class GroupAdmin(ReadOnlyAdmin):
    """Each role's group and its permissions are set by the platform (roles.py), not here."""

    list_display = ["name"]
    fields = ["name", "permissions"]
    readonly_fields = fields


def _translate_totp_devices() -> None:
    """django-otp ships no zh_Hans catalogue: name its TOTP device model, fields and app in ours."""
    from django.apps import apps

    apps.get_app_config("otp_totp").verbose_name = _("Authenticator devices")
    meta = TOTPDevice._meta
    meta.verbose_name = _("TOTP authenticator device")
    meta.verbose_name_plural = _("TOTP authenticator devices")
    labels = {
        "user": _("user"),
        "name": _("device name"),
        "confirmed": _("confirmed"),
        "key": _("secret key"),
        "step": _("time step (seconds)"),
        "t0": _("start time (Unix)"),
        "digits": _("number of digits"),
        "tolerance": _("tolerance (steps)"),
        "drift": _("clock drift (steps)"),
        "last_t": _("last step used"),
        "throttling_failure_timestamp": _("last failed attempt"),
        "throttling_failure_count": _("failed attempts"),
        "created_at": _("created at"),
        "last_used_at": _("last used at"),
    }
    for field in meta.get_fields():
        if field.name in labels:
            field.verbose_name = labels[field.name]


_translate_totp_devices()


class TOTPDeviceAdmin(ReadOnlyAdmin):
    """Authenticator devices, without their secret key; a new one needs a two-person request."""

    list_display = ["user", "name", "confirmed"]
    search_fields = ["user__username", "user__real_name"]
    fields = ["user", "name", "confirmed"]
    readonly_fields = fields


for model in (Group, TOTPDevice):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(model)
admin.site.register(Group, GroupAdmin)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
# API tokens are issued to their owner only (`onewindow token`), never shown here.
with contextlib.suppress(NotRegistered):
    admin.site.unregister(TokenProxy)
from onewindow.accounts.identity import admin as identity_admin  # noqa: E402, F401 - registers
