"""The three administrator duties kept apart (三权分立), and the rule that no one is a superuser.

GB/T 22239-2019 level 3, 8.1.4.2 (access control) c–d and 8.1.10.1–8.1.10.3 (centralized
management: system, audit and security administration): system administration, security
administration and audit administration are held by different people, each with only the
rights their duty needs. Each duty is a role (``Role``) whose permission group carries exactly
the model permissions listed here; a partial unique constraint on ``RoleAssignment`` keeps
anyone from holding two of them, even when two grants race.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role, RoleAssignment

SYSTEM = Role.SYSTEM_ADMINISTRATOR
SECURITY = Role.SECURITY_ADMINISTRATOR
AUDIT = Role.AUDIT_ADMINISTRATOR
DUTIES = (SYSTEM, SECURITY, AUDIT)


def _crud(*models: str, actions=("add", "change", "delete", "view")) -> list[str]:
    perms = []
    for label in models:
        app_label, model = label.split(".")
        perms += [f"{app_label}.{action}_{model}" for action in actions]
    return perms


# Model permissions per duty, as "app_label.codename": exactly what each duty's admin pages need.
DUTY_PERMISSIONS: dict[str, list[str]] = {
    # Catalogue, departments, the working calendar, divisions, indicators, notification delivery.
    SYSTEM: [
        *_crud("core.calendarday", "core.calendaryear", "accounts.department"),
        *_crud("catalog.serviceitem", "catalog.material", "catalog.lifeeventtag"),
        *_crud("catalog.iteminstance"),
        *_crud("catalog.hallnotice"),  # the service hall's notices (大厅公告)
        *_crud("cases.jointmeasure"),  # 联合奖惩措施 (cases/data/joint_measures.yaml)
        "cases.view_deferredmaterial",
        *_crud("catalog.certificatetype", "registry.indicator"),
        *_crud("appointments.slottemplate"),
        "appointments.view_slot",
        "appointments.view_booking",
        "catalog.view_processtemplate",
        "catalog.change_processtemplate",
        "core.view_division",
        "notifications.view_notification",
        "notifications.view_outboxmessage",
        # 12345 hotline: categories and the knowledge base; tickets read-only
        *_crud("hotline.category", "hotline.knowledgearticle"),
        # 双随机一公开: the item lists and the inspector list are kept here; plans, draws and
        # records only through the services
        *_crud("market.inspectionitem", "market.inspector"),
        "market.view_target",
        "market.view_plan",
        "market.view_inspection",
        "hotline.view_ticket",
        "hotline.view_assignment",
        "hotline.view_ticketextension",
        "hotline.view_ticketevent",
        # 应急管理: warnings and incidents, read-only (their changes are signed or clocked)
        "emergency.view_warning",
        "emergency.view_warningmessage",
        "emergency.view_incident",
        "emergency.view_incidentreport",
        # 应急预案: the plans, edited here; their responses and tasks read-only (clocked)
        *_crud("emergency.plan"),
        *_crud("emergency.planlevel"),
        *_crud("emergency.plangroup"),
        *_crud("emergency.plantask"),
        "emergency.view_activation",
        "emergency.view_assignment",
        "emergency.view_dutyshift",
        "emergency.view_handover",
        # 应急资源: resources added and corrected here (through the service); their dispatches
        # and requests read-only (clocked)
        *_crud("emergency.resource", actions=("add", "change", "view")),
        "emergency.view_dispatch",
        "emergency.view_resourcerequest",
        # 政府信息公开: the disclosure guides; documents read-only but for their English
        *_crud("disclosure.guide"),
        *_crud("disclosure.document", actions=("change", "view")),
        "disclosure.view_documentevent",
        "disclosure.view_request",
        "disclosure.view_annualreport",
        "disclosure.view_remedy",
    ],
    # Accounts, roles, authenticator devices, credential changes, identity reclaims and agents'
    # authorizations (read), keys, data-sharing grants.
    SECURITY: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        *_crud("accounts.roleassignment", actions=("add", "delete", "view")),
        "accounts.view_department",
        "auth.view_group",
        "otp_totp.view_totpdevice",
        *_crud("accounts.credentialchangerequest", actions=("add", "change", "view")),
        "accounts.view_identityreclaim",
        "accounts.view_agentauthorization",
        "certificates.view_seal",
        "registry.view_exchangekey",
        *_crud("registry.grant", actions=("add", "change", "view")),
        # Open311 clients: listed and revoked (keys are issued by `onewindow open311-key`)
        *_crud("hotline.open311client", actions=("change", "view")),
    ],
    # The audit log and the registry read log, read-only.
    AUDIT: ["core.view_auditentry", "registry.view_registryread"],
}


def is_duty(role: str) -> bool:
    return role in DUTIES


def duties_of(user) -> list[str]:
    """The administrator duties ``user`` holds (at most one while the rule holds)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        RoleAssignment.objects.filter(user=user, role__in=DUTIES)
        .values_list("role", flat=True)
        .distinct()
    )


def holds(user, duty: str) -> bool:
    return duty in duties_of(user)


def check_assignment(user, role: str, department) -> None:
    """Refuse a duty for someone who already holds another one (or the same one elsewhere)."""
    if not is_duty(role):
        return
    held = (
        RoleAssignment.objects.filter(user=user, role__in=DUTIES)
        .exclude(role=role, department=department)
        .first()
    )
    if held is not None:
        current = held.get_role_display()
        raise ValidationError(
            {
                "role": [
                    _(
                        "%(name)s already holds the duty of %(duty)s. The system, security "
                        "and audit administrator duties are held by different people, one "
                        "duty each."
                    )
                    % {"name": user.display_name, "duty": current}
                ]
            },
            code="separation_of_duties",
        )


def check_not_oneself(user, actor) -> None:
    """Nobody grants or withdraws a role of their own (a security administrator neither)."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(
            {"user": [_("Nobody grants or withdraws their own roles.")]}, code="oneself"
        )


def refuse_superuser(sender, instance, **kwargs) -> None:
    """``pre_save`` of User: the platform has no superusers, whatever path tries to make one."""
    if instance.is_superuser:
        raise PermissionDenied(
            _(
                "OneWindow has no superusers: administration is split between the system, "
                "security and audit administrators. Use `onewindow bootstrap-security-admin` "
                "for the first security administrator."
            )
        )
