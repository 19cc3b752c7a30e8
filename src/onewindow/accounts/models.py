"""People and organisations: users of three kinds, the department tree, scoped roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.core.fields import EncryptedCharField
from onewindow.core.identifiers import mask_id_number, mask_phone
from onewindow.core.localized import localized
from onewindow.core.models import Division


class User(AbstractUser):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        ENTERPRISE = "enterprise", _("Enterprise")
        OFFICIAL = "official", _("Official")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CITIZEN)
    real_name = models.CharField(_("real name"), max_length=64, blank=True)
    enterprise_name = models.CharField(_("enterprise name"), max_length=128, blank=True)
    # Personal data: SM4-encrypted, found through keyed blind indexes, shown masked.
    id_number = EncryptedCharField(_("ID number"), blank=True, default="")
    id_number_index = models.CharField(max_length=64, blank=True, default="", editable=False)
    phone = EncryptedCharField(_("mobile phone"), blank=True, default="")
    phone_index = models.CharField(
        max_length=64, blank=True, default="", editable=False, db_index=True
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=~Q(id_number_index=""),
                name="accounts_user_unique_id_number",
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=~Q(uscc=""), name="accounts_user_unique_uscc"
            ),
        ]

    @property
    def display_name(self) -> str:
        return self.enterprise_name or self.real_name or self.username

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL


class Department(models.Model):
    """A government department, attached to the division it serves.

    A service centre (政务服务中心 of a city or district, 党群服务中心/便民服务中心 of a street or
    town) is a department too: its windows take applications on behalf of the departments whose
    item instances name it (综合受理), and its address and hours are what the guides show.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("People's government")
        DEPARTMENT = "department", _("Department")
        SERVICE_CENTRE = "service_centre", _("Service centre")
        STREET_OFFICE = "street_office", _("Street office or town government")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.DEPARTMENT, db_index=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_en = models.CharField(_("English address"), max_length=300, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    hours_en = models.CharField(_("English opening hours"), max_length=300, blank=True)
    phone = models.CharField(_("enquiry phone"), max_length=40, blank=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="departments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_address(self) -> str:
        return localized(self, "address")

    @property
    def display_hours(self) -> str:
        return localized(self, "hours")


class Role(models.TextChoices):
    WINDOW_CLERK = "window_clerk", _("Window clerk")
    REVIEWER = "reviewer", _("Reviewer")
    HEAD = "head", _("Department head")
    SUPERVISOR = "supervisor", _("Supervisor")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")  # 12345 话务员
    DISPATCHER = "dispatcher", _("Hotline dispatcher")  # 12345 派单员
    # 政府信息公开 (政府信息公开条例 Art. 4: each agency's disclosure office)
    DISCLOSURE_OFFICER = "disclosure_officer", _("Disclosure officer")
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", _("Confidentiality reviewer")  # 保密审查
    DISCLOSURE_HEAD = "disclosure_head", _("Head of the disclosure office")
    # 网上民意征集: a department's participation officer publishes drafts and surveys and
    # answers proposals; the platform's moderators keep comments and proposals clean.
    PARTICIPATION_OFFICER = "participation_officer", _("Public participation officer")
    PARTICIPATION_MODERATOR = "participation_moderator", _("Participation moderator")
    # 公文 (党政机关公文处理工作条例 Art. 19-24): the drafter (拟稿人), the office's reviewer
    # (核稿人), the leader authorised to sign off (签发人), and the document clerk (文书) who
    # numbers, seals, sends and signs for documents.
    DOCUMENT_DRAFTER = "document_drafter", _("Document drafter")
    DOCUMENT_REVIEWER = "document_reviewer", _("Document reviewer")
    DOCUMENT_SIGNER = "document_signer", _("Document signer")
    DOCUMENT_CLERK = "document_clerk", _("Document clerk")
    # 行政执法人员: inspects (双随机一公开) and investigates, holding an enforcement certificate
    ENFORCEMENT_OFFICER = "enforcement_officer", _("Enforcement officer")
    # 法制审核 (行政处罚法 Art. 58): reviews major penalty decisions before they are made
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")
    # 应急值班: the duty officer (值班员) issues warnings and records incidents; the commander
    # (指挥长) approves orange and red warnings and commands the response.
    DUTY_OFFICER = "duty_officer", _("Emergency duty officer")
    COMMANDER = "commander", _("Emergency commander")
    # The three administrator duties kept apart (三权分立), see accounts/duties.py.
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")
    SECURITY_ADMINISTRATOR = "security_administrator", _("Security administrator")
    AUDIT_ADMINISTRATOR = "audit_administrator", _("Audit administrator")


class RoleAssignment(models.Model):
    """A role an official holds in one department."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department", "role"], name="accounts_unique_role_assignment"
            ),
            # GB/T 22239-2019 8.1.4.2 d: nobody holds two administrator duties (nor one twice).
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(
                    role__in=[
                        "system_administrator",
                        "security_administrator",
                        "audit_administrator",
                    ]
                ),
                name="accounts_one_administrator_duty_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.department} · {self.get_role_display()}"


from onewindow.accounts.credential_requests import CredentialChangeRequest  # noqa: E402
from onewindow.accounts.identity.models import (  # noqa: E402 - part of this app's models
    AgentAuthorization,
    IdentityReclaim,
    RateCounter,
    RealNameVerification,
)

__all__ = [
    "AgentAuthorization",
    "CredentialChangeRequest",
    "Department",
    "IdentityReclaim",
    "RateCounter",
    "RealNameVerification",
    "Role",
    "RoleAssignment",
    "User",
]


class SavedFilter(models.Model):
    """A search an official saved on the workbench: a name and the query string it runs."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("query string"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="accounts_saved_filter_name_once")
        ]

    def __str__(self) -> str:
        return self.name
