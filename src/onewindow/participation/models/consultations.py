"""Consultations on drafts (征求意见): the draft in chapters and articles, the comments on it,
their moderation, and the feedback report (意见采纳情况) with the revised text.

A comment is never deleted: a moderator rejects a pending one or hides a published one, each
with a reason category the author (and, for a hidden comment, the public) is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.core.localized import localized
from onewindow.participation import abuse

__all__ = [
    "VISIBLE",
    "Article",
    "AuthorKind",
    "Chapter",
    "Comment",
    "CommentStatus",
    "Consultation",
    "ConsultationKind",
    "ConsultationStatus",
    "Disposition",
    "FeedbackReport",
    "ModerationAction",
    "ModerationDecision",
    "Outcome",
    "ReasonCategory",
    "RevisedArticle",
    "Stance",
]


class ConsultationKind(models.TextChoices):
    REGULATION = "regulation", _("Draft regulation or rule")
    POLICY = "policy", _("Draft policy document")
    PLAN = "plan", _("Draft plan")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation status", "Being prepared")
    OPEN = "open", pgettext_lazy("consultation status", "Open for comments")
    CLOSED = "closed", pgettext_lazy("consultation status", "Closed, report pending")
    REPORTED = "reported", pgettext_lazy("consultation status", "Feedback report published")


class Consultation(models.Model):
    number = models.CharField(_("number"), max_length=32, unique=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ConsultationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    note = models.TextField(_("explanatory note"), blank=True)  # 起草说明
    note_en = models.TextField(_("explanatory note (English)"), blank=True)
    draft_text = models.TextField(_("draft text"), blank=True)  # as pasted, before splitting
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    whole_comment_count = models.PositiveIntegerField(default=0)  # published, on no article

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_note(self) -> str:
        return localized(self, "note")

    @property
    def is_public(self) -> bool:
        return self.status != ConsultationStatus.DRAFT


class Chapter(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="chapters"
    )
    position = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=16)  # 第一章
    heading = models.CharField(_("heading"), max_length=200, blank=True)

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="participation_chapter_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip()


class Article(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="articles"
    )
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="articles", null=True, blank=True
    )
    position = models.PositiveIntegerField()  # 1, 2, … across the whole draft
    number = models.CharField(_("number"), max_length=16)  # 第一条
    text = models.TextField(_("text"))
    # The heat: published comments, supports and oppositions, kept by the moderation services
    # (selectors.consultations.counted_heat is the same from the comments themselves).
    comment_count = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)
    oppose_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="participation_article_position"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def anchor(self) -> str:
        return f"article-{self.position}"


class AuthorKind(models.TextChoices):
    CITIZEN = "citizen", pgettext_lazy("kind of commenter", "Citizen")
    ENTERPRISE = "enterprise", pgettext_lazy("kind of commenter", "Enterprise")
    ORGANIZATION = "organization", pgettext_lazy("kind of commenter", "Social organization")


class Stance(models.TextChoices):
    COMMENT = "comment", pgettext_lazy("stance of a comment", "Comment")
    SUPPORT = "support", pgettext_lazy("stance of a comment", "Support")
    OPPOSE = "oppose", pgettext_lazy("stance of a comment", "Oppose")


class CommentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("comment status", "Awaiting moderation")
    PUBLISHED = "published", pgettext_lazy("comment status", "Published")
    REJECTED = "rejected", pgettext_lazy("comment status", "Not published")
    HIDDEN = "hidden", pgettext_lazy("comment status", "Hidden")


VISIBLE = (CommentStatus.PUBLISHED, CommentStatus.HIDDEN)  # listed on the public pages


class ReasonCategory(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    ABUSE = "abuse", _("Abusive or insulting")
    ADVERTISING = "advertising", _("Advertising or spam")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", null=True, blank=True
    )  # none: a comment on the whole draft
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_comments"
    )
    author_kind = models.CharField(_("commenter"), max_length=16, choices=AuthorKind.choices)
    display_name = models.CharField(_("name shown"), max_length=64)  # masked
    # The author's district from the base registry, kept only when the author agreed to show it.
    district = models.ForeignKey(
        "core.Division", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stance = models.CharField(_("stance"), max_length=16, choices=Stance.choices)
    body = models.TextField(_("comment"), blank=True)  # as written; seen by moderators only
    public_body = models.TextField(blank=True)  # personal data masked (participation.privacy)
    personal_data_found = models.BooleanField(default=False)
    # Abuse controls (participation.abuse): the client address as a keyed hash, and why a
    # support or opposition looks coordinated, shown to the moderator before it is published.
    address_hash = models.CharField(max_length=64, blank=True)
    flag_reason = models.CharField(_("flag reason"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    reason = models.CharField(
        _("reason"), max_length=16, choices=ReasonCategory.choices, blank=True
    )
    reason_note = models.CharField(_("explanation"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # an article's public comments, newest first, paged by (created_at, id)
            models.Index(
                fields=["article", "-created_at", "-id"],
                condition=Q(status__in=["published", "hidden"]),
                name="participation_cmt_article",
            ),
            # comments on the whole draft (no article), same order
            models.Index(
                fields=["consultation", "-created_at", "-id"],
                condition=Q(status__in=["published", "hidden"], article__isnull=True),
                name="participation_cmt_whole",
            ),
            # the moderation queue: pending comments, oldest first
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="pending"),
                name="participation_cmt_pending",
            ),
            # the heat of each article: counted per (article, stance) among published ones
            models.Index(
                fields=["consultation", "status", "article", "stance"],
                name="participation_cmt_heat",
            ),
            models.Index(fields=["author", "-created_at"], name="participation_cmt_author"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation.number} #{self.pk}"

    @property
    def flag_label(self) -> str:
        return abuse.reason_label(self.flag_reason) if self.flag_reason else ""


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    HIDE = "hide", _("Hidden")


class ModerationDecision(models.Model):
    """Who decided what about a comment, when and why (also in the audit log)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("action"), max_length=16, choices=ModerationAction.choices)
    reason = models.CharField(
        _("reason"), max_length=16, choices=ReasonCategory.choices, blank=True
    )
    note = models.CharField(_("explanation"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.comment_id} {self.action}"


class FeedbackReport(models.Model):
    """意见采纳情况: opened when the consultation closes, due in the supervision ledger."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="report"
    )
    due_on = models.DateField(_("due on"))
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")

    def __str__(self) -> str:
        return f"{self.consultation_id} report"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class Disposition(models.Model):
    report = models.ForeignKey(
        FeedbackReport, on_delete=models.CASCADE, related_name="dispositions"
    )
    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="disposition")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self) -> str:
        return f"{self.comment_id} {self.outcome}"


class RevisedArticle(models.Model):
    report = models.ForeignKey(FeedbackReport, on_delete=models.CASCADE, related_name="revisions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("revised text"))  # empty: the article is deleted

    class Meta:
        verbose_name = _("revised article")
        verbose_name_plural = _("revised articles")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "article"], name="participation_revision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.article_id}"
