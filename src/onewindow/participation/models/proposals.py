"""Citizens' proposals (市民建议): a proposal, its supports, the department's official answer
and every moderation decision. Nothing published is ever deleted: a moderator hides it with a
published reason, and a duplicate is merged into another (its supporters carried over)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.core.localized import localized

__all__ = [
    "CITY",
    "COUNTED_FLAGS",
    "AnswerKind",
    "FlagState",
    "ModerationReason",
    "OfficialAnswer",
    "Proposal",
    "ProposalCategory",
    "ProposalModeration",
    "ProposalModerationAction",
    "ProposalPhoto",
    "ProposalStatus",
    "Support",
]


class ProposalCategory(models.TextChoices):
    TRANSPORT = "transport", pgettext_lazy("proposal category", "Transport")
    ENVIRONMENT = "environment", pgettext_lazy("proposal category", "Environment")
    EDUCATION = "education", pgettext_lazy("proposal category", "Education")
    HEALTH = "health", pgettext_lazy("proposal category", "Health")
    HOUSING = "housing", pgettext_lazy("proposal category", "Housing")
    CITY_MANAGEMENT = "city_management", pgettext_lazy("proposal category", "City management")
    OTHER = "other", pgettext_lazy("proposal category", "Other")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("proposal status", "Awaiting moderation")
    PUBLISHED = "published", pgettext_lazy("proposal status", "Published")
    MERGED = "merged", pgettext_lazy("proposal status", "Merged into another proposal")
    ANSWERED = "answered", pgettext_lazy("proposal status", "Answered")
    CLOSED = "closed", pgettext_lazy("proposal status", "Closed")


class ModerationReason(models.TextChoices):
    """Why a moderator refused or hid a proposal: the category is published with it."""

    NOT_A_PROPOSAL = "not_a_proposal", _("Not a proposal (a complaint or request: use 12345)")
    PERSONAL_DATA = "personal_data", _("Contains other people's personal data")
    ABUSIVE = "abusive", _("Abusive or discriminatory language")
    ADVERTISING = "advertising", _("Advertising or spam")
    UNLAWFUL = "unlawful", _("Unlawful content")
    DUPLICATE = "duplicate", _("Duplicate of another proposal")


class ProposalModerationAction(models.TextChoices):
    PUBLISH = "publish", _("Published")
    REJECT = "reject", _("Publication refused")
    HIDE = "hide", _("Hidden")
    MERGE = "merge", _("Merged")
    ASSIGN = "assign", _("Department assigned")
    CLEAR_SUPPORT = "clear_support", _("Flagged support cleared")
    CONFIRM_SUPPORT = "confirm_support", _("Flagged support discounted")


class AnswerKind(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PLANNED = "planned", _("Planned")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class FlagState(models.TextChoices):
    """A support's standing: flagged ones do not count until a moderator clears them."""

    NONE = "", _("Counted")
    FLAGGED = "flagged", _("Flagged for review")
    CLEARED = "cleared", _("Cleared by a moderator")
    DISCOUNTED = "discounted", _("Discounted by a moderator")


COUNTED_FLAGS = (FlagState.NONE, FlagState.CLEARED)
CITY = "440100"  # a proposal is about one of the city's districts


class Proposal(models.Model):
    number = models.CharField(_("number"), max_length=24, unique=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=120)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    body = models.TextField(_("proposal"))
    body_en = models.TextField(_("English text"), blank=True)
    category = models.CharField(_("category"), max_length=24, choices=ProposalCategory.choices)
    district = models.ForeignKey(
        "core.Division",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    support_ends_on = models.DateField(_("support period ends on"), null=True, blank=True)
    # the threshold in force when the proposal was published (ONEWINDOW_PROPOSAL_THRESHOLD)
    threshold = models.PositiveIntegerField(_("threshold"), default=0)
    supports_count = models.PositiveIntegerField(_("supports counted"), default=0)
    flagged_count = models.PositiveIntegerField(_("supports awaiting review"), default=0)
    reached_on = models.DateField(_("threshold reached on"), null=True, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_due_on = models.DateField(_("answer due on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    hidden_reason = models.CharField(
        _("reason published"), max_length=24, choices=ModerationReason.choices, blank=True
    )
    hidden_note = models.CharField(_("moderator's note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("citizen's proposal")
        verbose_name_plural = _("citizens' proposals")
        indexes = [
            models.Index(fields=["status", "-supports_count"], name="participation_prop_sup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="participation_merged_has_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_body(self) -> str:
        return localized(self, "body")

    @property
    def hidden(self) -> bool:
        return bool(self.hidden_reason) and self.status == ProposalStatus.CLOSED


class ProposalPhoto(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="photos"
    )
    name = models.CharField(_("file name"), max_length=100)
    file = models.FileField(_("file"), upload_to="participation/proposals/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=64)
    digest = models.CharField(_("SM3 digest"), max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposal photo")
        verbose_name_plural = _("proposal photos")

    def __str__(self) -> str:
        return self.name


class Support(models.Model):
    """One person's support of one proposal (a unique pair); the address is kept only as a
    keyed hash, for spotting many supports from one address."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supporter"),
        on_delete=models.PROTECT,
        related_name="proposal_supports",
    )
    at = models.DateTimeField(_("supported at"))
    address_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    flag = models.CharField(
        _("review"), max_length=12, choices=FlagState.choices, blank=True, default=""
    )
    flag_reason = models.CharField(_("flag reason"), max_length=16, blank=True)
    # a support carried over from a duplicate merged into this proposal
    carried_from = models.ForeignKey(
        Proposal,
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="participation_one_support_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.user_id}"

    @property
    def counted(self) -> bool:
        return self.flag in COUNTED_FLAGS


class OfficialAnswer(models.Model):
    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="answer"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("answer"), max_length=16, choices=AnswerKind.choices)
    text = models.TextField(_("answer text"))
    text_en = models.TextField(_("English answer text"), blank=True)
    action = models.CharField(_("planned action"), max_length=300, blank=True)
    link = models.URLField(_("link"), blank=True)
    reason = models.TextField(_("reason for not adopting"), blank=True)
    answered_on = models.DateField(_("answered on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("official answer")
        verbose_name_plural = _("official answers")

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.kind}"

    @property
    def display_text(self) -> str:
        return localized(self, "text")


class ProposalModeration(models.Model):
    """One moderation decision, kept for good (and audited)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="moderations"
    )
    support = models.ForeignKey(
        Support,
        verbose_name=_("support"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(
        _("decision"), max_length=16, choices=ProposalModerationAction.choices
    )
    reason = models.CharField(
        _("reason"), max_length=24, choices=ModerationReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.proposal_id} · {self.action}"
