"""Every write of a consultation on a draft (征求意见): one transaction each, audited,
authorized by ``consultations_authority``.

规章制定程序条例 Art. 16 (and 行政法规制定程序条例 Art. 13): a draft is published for comments for
generally no less than 30 days: ``ONEWINDOW_PARTICIPATION_MIN_DAYS`` calendar days (default 30),
counted by ``core.clock`` (民法典 Art. 201 and 203). Comments need a real-name verified account;
they are moderated before publication, personal data masked (participation.privacy). The
feedback report is due in the supervision ledger (consultations_ledger) and publishing it is
what closes the consultation as done ("reported").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.identity.selectors import is_real_name_verified
from onewindow.accounts.models import Department, User
from onewindow.core import audit
from onewindow.core.clock import WorkingCalendar
from onewindow.core.models import Division
from onewindow.core.services import take_next
from onewindow.participation import abuse, privacy
from onewindow.participation import consultations_ledger as ledger
from onewindow.participation.consultations_authority import departments_of, may, may_moderate
from onewindow.participation.consultations_text import split_draft
from onewindow.participation.models import (
    Article,
    AuthorKind,
    Chapter,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Disposition,
    FeedbackReport,
    ModerationAction,
    ModerationDecision,
    NumberSequence,
    Outcome,
    ReasonCategory,
    RevisedArticle,
    Stance,
)
from onewindow.registry.models import LegalEntity, Person

BODY_LIMIT = 2000  # characters of a comment
COMMENTS_PER_DAY = 20  # per person and consultation: a rate limit against flooding
MAX_ARTICLES = 500
DOUBLE_SUBMIT = timedelta(minutes=10)  # the same comment again this soon is the same one


def min_days() -> int:
    """规章制定程序条例 Art. 16: 一般不少于30日 (calendar days)."""
    return int(getattr(settings, "ONEWINDOW_PARTICIPATION_MIN_DAYS", 30))


def _audit(action: str, obj, actor, **data) -> None:
    audit.record(
        f"participation.{action}",
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        actor=actor,
        data=data,
    )


def _require(action: str, actor, consultation: Consultation) -> None:
    if actor is None:  # the platform itself (the demo, the closing sweep)
        return
    if not may(action, actor, consultation):
        raise PermissionDenied(_("You may not do this to this consultation."))


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update()
        .select_related("department__division")
        .get(pk=consultation.pk)
    )


# --- the draft -----------------------------------------------------------------------------


def _draft_fields(data: dict) -> dict:
    errors = {}
    kind = data.get("kind", "")
    if kind not in ConsultationKind.values:
        errors["kind"] = _("Choose the kind of draft.")
    title = (data.get("title") or "").strip()
    if not title or len(title) > 200:
        errors["title"] = _("Enter the title (at most 200 characters).")
    text = (data.get("text") or "").strip()
    _chapters, articles = split_draft(text)
    if not articles:
        errors["text"] = _(
            "Paste the draft with its articles, each starting on its own line with 第…条."
        )
    elif len(articles) > MAX_ARTICLES:
        errors["text"] = _("A draft has at most %(n)d articles.") % {"n": MAX_ARTICLES}
    elif any(not a.text for a in articles):
        empty = next(a for a in articles if not a.text)
        errors["text"] = _("Article %(number)s has no text.") % {"number": empty.number}
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "title_en": (data.get("title_en") or "").strip()[:200],
        "note": (data.get("note") or "").strip(),
        "note_en": (data.get("note_en") or "").strip(),
        "draft_text": text,
    }


def _write_articles(consultation: Consultation) -> int:
    consultation.articles.all().delete()
    consultation.chapters.all().delete()
    chapters, articles = split_draft(consultation.draft_text)
    chapter_of = {}
    for position, chapter in enumerate(chapters, start=1):
        row = Chapter.objects.create(
            consultation=consultation,
            position=position,
            number=chapter.number,
            heading=chapter.heading[:200],
        )
        for article in chapter.articles:
            chapter_of[id(article)] = row
    Article.objects.bulk_create(
        Article(
            consultation=consultation,
            chapter=chapter_of.get(id(article)),
            position=position,
            number=article.number,
            text=article.text,
        )
        for position, article in enumerate(articles, start=1)
    )
    return len(articles)


def _number(department: Department, year: int) -> str:
    """440100-ZJ-ZQ2026-001: the department's code, 征求 and the year, then the next number
    of its series (a locked counter: never repeated, never skipped)."""
    series = f"{department.code}-ZQ"
    return f"{series}{year}-{take_next(NumberSequence, series=series, year=year):03d}"


@transaction.atomic
def create_draft(department: Department, data: dict, *, actor) -> Consultation:
    """A draft consultation of ``department`` from a pasted text, split into its articles."""
    if actor is not None and department.pk not in departments_of(actor):
        raise PermissionDenied(_("You may not prepare consultations for this department."))
    fields = _draft_fields(data)
    consultation = Consultation.objects.create(
        department=department,
        number=_number(department, timezone.localdate().year),
        created_by=actor,
        **fields,
    )
    count = _write_articles(consultation)
    _audit("consultation_drafted", consultation, actor, number=consultation.number, articles=count)
    return consultation


@transaction.atomic
def update_draft(consultation: Consultation, data: dict, *, actor) -> Consultation:
    consultation = _locked(consultation)
    _require("edit", actor, consultation)
    fields = _draft_fields(data)
    for name, value in fields.items():
        setattr(consultation, name, value)
    consultation.save()
    count = _write_articles(consultation)
    _audit("consultation_edited", consultation, actor, articles=count)
    return consultation


@transaction.atomic
def publish(consultation: Consultation, *, actor, opens_on: date, closes_on: date) -> Consultation:
    """Open the draft for comments from ``opens_on`` to ``closes_on`` (both days included);
    the period is at least ``min_days()`` calendar days (规章制定程序条例 Art. 16)."""
    consultation = _locked(consultation)
    _require("publish", actor, consultation)
    today = timezone.localdate()
    if not isinstance(opens_on, date) or opens_on < today:
        raise ValidationError({"opens_on": _("The consultation opens today or later.")})
    if not isinstance(closes_on, date):
        raise ValidationError({"closes_on": _("Enter the closing day.")})
    earliest = WorkingCalendar().add_calendar_days(opens_on, min_days()).date
    if closes_on < earliest:
        raise ValidationError(
            {
                "closes_on": _(
                    "The draft is open for at least %(days)d days: close it on %(day)s or later."
                )
                % {"days": min_days(), "day": earliest.isoformat()}
            }
        )
    if not consultation.articles.exists():
        raise ValidationError({"text": _("The draft has no articles.")})
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    consultation.status = ConsultationStatus.OPEN
    consultation.published_at = timezone.now()
    consultation.save()
    _audit(
        "consultation_published",
        consultation,
        actor,
        opens_on=opens_on.isoformat(),
        closes_on=closes_on.isoformat(),
    )
    return consultation


def is_accepting(consultation: Consultation, today: date | None = None) -> bool:
    """Whether comments are taken today: open, and between its opening and closing days."""
    today = today or timezone.localdate()
    return (
        consultation.status == ConsultationStatus.OPEN
        and consultation.opens_on is not None
        and consultation.opens_on <= today <= consultation.closes_on
    )


# --- comments ------------------------------------------------------------------------------


is_verified = is_real_name_verified


def author_kind(user: User) -> str:
    """市民, 企业, or 社会组织: an enterprise account whose USCC starts with 5 is registered by the
    civil-affairs authorities (GB 32100-2015 registration-authority code 5)."""
    if user.kind == User.Kind.ENTERPRISE:
        return AuthorKind.ORGANIZATION if user.uscc[:1] == "5" else AuthorKind.ENTERPRISE
    return AuthorKind.CITIZEN


def registered_district(user: User) -> Division | None:
    """The author's district (county level) from the base registries, or None."""
    code = ""
    if user.kind == User.Kind.ENTERPRISE and user.uscc:
        code = LegalEntity.objects.filter(uscc=user.uscc).values_list("division", flat=True).first()
    elif user.id_number_index:
        code = (
            Person.objects.filter(id_number_index=user.id_number_index)
            .values_list("household_division", flat=True)
            .first()
        )
    if not code:
        return None
    return Division.objects.filter(code=code[:6]).first()


def _display_name(user: User) -> str:
    if user.kind == User.Kind.ENTERPRISE:
        return privacy.mask_organization_name(user.enterprise_name or user.username)
    return privacy.mask_person_name(user.real_name or user.username)


@transaction.atomic
def comment(
    consultation: Consultation,
    author: User,
    *,
    stance: str,
    body: str,
    article: Article | None = None,
    show_district: bool = False,
    address: str = "",
    now: datetime | None = None,
) -> Comment:
    """A verified citizen's or enterprise's comment, support or opposition, pending
    moderation. Support and opposition are on one article, once per person; opposing needs
    a reason. Comments are rate-limited per person and per client ``address``; a support or
    opposition that looks coordinated (participation.abuse) reaches the moderator flagged."""
    now = now or timezone.now()
    if not is_verified(author):
        raise PermissionDenied(_("Commenting needs a real-name verified account."))
    # one author's comments one at a time (the once-per-article rule and the daily limit);
    # different authors never wait for each other
    User.objects.select_for_update().filter(pk=author.pk).first()
    consultation = Consultation.objects.get(pk=consultation.pk)
    if not is_accepting(consultation, timezone.localdate(now)):
        raise ValidationError(_("This consultation is not taking comments."))
    if article is not None and article.consultation_id != consultation.pk:
        raise ValidationError({"article": _("This article is not part of the draft.")})
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Choose comment, support or oppose.")})
    body = (body or "").strip()
    if len(body) > BODY_LIMIT:
        raise ValidationError({"body": _("At most %(n)d characters.") % {"n": BODY_LIMIT}})
    if stance != Stance.SUPPORT and not body:
        raise ValidationError(
            {
                "body": _("Write your comment.")
                if stance == Stance.COMMENT
                else _("Give your reason.")
            }
        )
    twin = Comment.objects.filter(
        consultation=consultation,
        author=author,
        article=article,
        stance=stance,
        body=body,
        created_at__gte=now - DOUBLE_SUBMIT,
    ).first()
    if twin is not None:  # a double-clicked submit: the comment already made, once
        return twin
    if stance != Stance.COMMENT:
        if article is None:
            raise ValidationError({"article": _("Support or oppose one article.")})
        already = Comment.objects.filter(
            article=article, author=author, stance__in=(Stance.SUPPORT, Stance.OPPOSE)
        ).exclude(status=CommentStatus.REJECTED)
        if already.exists():
            raise ValidationError(
                {"stance": _("You have already supported or opposed this article.")}
            )
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if (
        Comment.objects.filter(
            consultation=consultation, author=author, created_at__gte=start
        ).count()
        >= COMMENTS_PER_DAY
    ):
        raise ValidationError(
            _("You have sent %(n)d comments on this draft today; please come back tomorrow.")
            % {"n": COMMENTS_PER_DAY}
        )
    abuse.limit("comment", author, address)
    hashed = abuse.address_hash(address)
    flags = {}
    if stance != Stance.COMMENT:
        peers = (
            Comment.objects.filter(article=article, stance=stance)
            .exclude(author=author)
            .exclude(status=CommentStatus.REJECTED)
        )
        flags = abuse.suspicious(author, hashed, peers, user_field="author")
        for reason, alike in flags.items():  # the earlier ones of the burst or address, too
            Comment.objects.filter(
                pk__in=alike.filter(status=CommentStatus.PENDING, flag_reason="").values("pk")
            ).update(flag_reason=reason)
    public_body, findings = privacy.mask(body)
    made = Comment.objects.create(
        consultation=consultation,
        article=article,
        author=author,
        author_kind=author_kind(author),
        display_name=_display_name(author),
        district=registered_district(author) if show_district else None,
        stance=stance,
        body=body,
        public_body=public_body,
        personal_data_found=bool(findings),
        address_hash=hashed,
        flag_reason=next(iter(flags), ""),
        created_at=now,
    )
    _audit(
        "comment_sent",
        made,
        author,
        consultation=consultation.number,
        article=article.position if article else None,
        stance=stance,
        personal_data=len(findings),
        flag=made.flag_reason,
    )
    return made


def _decide(comment_: Comment, action: str, actor, *, reason: str = "", note: str = "") -> Comment:
    comment_ = (
        Comment.objects.select_for_update().select_related("consultation").get(pk=comment_.pk)
    )
    if actor is not None and not may_moderate(action, actor, comment_):
        raise PermissionDenied(_("You may not do this to this comment."))
    if actor is None and comment_.status not in (
        (CommentStatus.PENDING,) if action != "hide" else (CommentStatus.PUBLISHED,)
    ):
        raise ValidationError(_("This comment has already been decided."))
    if action != "approve":
        if reason not in ReasonCategory.values:
            raise ValidationError({"reason": _("Choose the reason.")})
        note = (note or "").strip()
        if len(note) > 300:
            raise ValidationError({"note": _("At most %(n)d characters.") % {"n": 300}})
    now = timezone.now()
    comment_.status = {
        "approve": CommentStatus.PUBLISHED,
        "reject": CommentStatus.REJECTED,
        "hide": CommentStatus.HIDDEN,
    }[action]
    comment_.reason, comment_.reason_note, comment_.decided_at = reason, note, now
    comment_.save(update_fields=["status", "reason", "reason_note", "decided_at"])
    if action in ("approve", "hide"):  # in or out of the published heat
        _count(comment_, 1 if action == "approve" else -1)
    ModerationDecision.objects.create(
        comment=comment_,
        action={"approve": ModerationAction.APPROVE, "reject": ModerationAction.REJECT,
                "hide": ModerationAction.HIDE}[action],
        reason=reason,
        note=note,
        decided_by=actor,
        decided_at=now,
    )  # fmt: skip
    done = {"approve": "comment_approved", "reject": "comment_rejected", "hide": "comment_hidden"}
    _audit(done[action], comment_, actor, reason=reason)
    return comment_


HEAT_FIELD = {Stance.COMMENT: "comment_count", Stance.SUPPORT: "support_count",
              Stance.OPPOSE: "oppose_count"}  # fmt: skip


def _count(comment_: Comment, delta: int) -> None:
    """Move the published heat of the comment's article (or of the whole draft) by ``delta``."""
    if comment_.article_id is None:
        Consultation.objects.filter(pk=comment_.consultation_id).update(
            whole_comment_count=F("whole_comment_count") + delta
        )
    else:
        field = HEAT_FIELD[comment_.stance]
        Article.objects.filter(pk=comment_.article_id).update(**{field: F(field) + delta})


@transaction.atomic
def recount_heat(consultation: Consultation) -> None:
    """Set the heat counters from the comments themselves (after a bulk load; a repair)."""
    from onewindow.participation.selectors.consultations import counted_heat

    heat = counted_heat(consultation)
    for article in consultation.articles.all():
        h = heat.get(article.pk)
        article.comment_count = h.comments if h else 0
        article.support_count = h.support if h else 0
        article.oppose_count = h.oppose if h else 0
        article.save(update_fields=["comment_count", "support_count", "oppose_count"])
    whole = heat.get(None)
    consultation.whole_comment_count = whole.comments if whole else 0
    consultation.save(update_fields=["whole_comment_count"])


@transaction.atomic
def approve(comment_: Comment, *, actor) -> Comment:
    """Publish a pending comment (its personal data already masked)."""
    return _decide(comment_, "approve", actor)


@transaction.atomic
def reject(comment_: Comment, *, actor, reason: str, note: str = "") -> Comment:
    """Refuse a pending comment; its author sees the reason category in their account."""
    return _decide(comment_, "reject", actor, reason=reason, note=note)


@transaction.atomic
def hide(comment_: Comment, *, actor, reason: str, note: str = "") -> Comment:
    """Hide a published comment: it stays, listed with the published reason, never deleted."""
    return _decide(comment_, "hide", actor, reason=reason, note=note)


# --- closing and the feedback report -------------------------------------------------------


@transaction.atomic
def close(consultation: Consultation, *, actor, now: datetime | None = None) -> FeedbackReport:
    """Close the consultation after its last day; the feedback report is opened and its
    deadline registered in the supervision ledger."""
    now = now or timezone.now()
    consultation = _locked(consultation)
    _require("close", actor, consultation)
    if consultation.status != ConsultationStatus.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    if timezone.localdate(now) <= consultation.closes_on:
        raise ValidationError(
            {"closes_on": _("The consultation runs until %(day)s; close it after that day.")
             % {"day": consultation.closes_on.isoformat()}}
        )  # fmt: skip
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = now
    consultation.save(update_fields=["status", "closed_at"])
    when = ledger.track(consultation, closed_at=now)
    report = FeedbackReport.objects.create(consultation=consultation, due_on=when.due_on)
    _audit("consultation_closed", consultation, actor, report_due_on=when.due_on.isoformat())
    return report


def close_expired(now: datetime | None = None) -> int:
    """Close every open consultation whose last day has passed (the platform's sweep)."""
    now = now or timezone.now()
    due = Consultation.objects.filter(
        status=ConsultationStatus.OPEN, closes_on__lt=timezone.localdate(now)
    )
    return sum(1 for c in due if close(c, actor=None, now=now))


def _report_of(consultation: Consultation, actor) -> FeedbackReport:
    consultation = _locked(consultation)
    _require("write_report", actor, consultation)
    return FeedbackReport.objects.select_for_update().get(consultation=consultation)


@transaction.atomic
def save_summary(consultation: Consultation, *, actor, summary: str, summary_en: str = ""):
    report = _report_of(consultation, actor)
    if len(summary or "") > 20000 or len(summary_en or "") > 20000:
        raise ValidationError({"summary": _("At most %(n)d characters.") % {"n": 20000}})
    report.summary, report.summary_en = (summary or "").strip(), (summary_en or "").strip()
    report.save(update_fields=["summary", "summary_en"])
    _audit("report_summary_saved", report, actor)
    return report


@transaction.atomic
def dispose(comment_: Comment, *, actor, outcome: str, reason: str) -> Disposition:
    """Record whether a published comment was adopted, partly adopted or not, and why."""
    report = _report_of(comment_.consultation, actor)
    comment_ = Comment.objects.get(pk=comment_.pk)
    if comment_.consultation_id != report.consultation_id or comment_.status != (
        CommentStatus.PUBLISHED
    ):
        raise ValidationError({"comment": _("Only a published comment on this draft.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose adopted, partly adopted or not adopted.")})
    reason = (reason or "").strip()
    if not reason or len(reason) > 2000:
        raise ValidationError({"reason": _("Give the reason (at most 2,000 characters).")})
    made, _created = Disposition.objects.update_or_create(
        comment=comment_, defaults={"report": report, "outcome": outcome, "reason": reason}
    )
    _audit("comment_disposed", made, actor, comment=comment_.pk, outcome=outcome)
    return made


@transaction.atomic
def revise(article: Article, *, actor, text: str) -> RevisedArticle | None:
    """The article's revised text (empty: the article is struck out); the draft's own text
    given back removes the revision. New articles are inserted after the article they follow,
    on lines of their own (第3条之一 …), the way an amendment says 在第三条后增加一条."""
    report = _report_of(article.consultation, actor)
    text = (text or "").strip()
    if len(text) > 20000:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": 20000}})
    if text == article.text:
        RevisedArticle.objects.filter(report=report, article=article).delete()
        _audit("article_revision_dropped", article, actor)
        return None
    made, _created = RevisedArticle.objects.update_or_create(
        report=report, article=article, defaults={"text": text}
    )
    _audit("article_revised", article, actor, deleted=not text)
    return made


def undisposed(consultation: Consultation):
    """Published comments (not mere supports) still without a disposition."""
    return Comment.objects.filter(
        consultation=consultation,
        status=CommentStatus.PUBLISHED,
        disposition__isnull=True,
    ).exclude(stance=Stance.SUPPORT, body="")


@transaction.atomic
def publish_report(consultation: Consultation, *, actor, now: datetime | None = None):
    """Publish the feedback report: every published comment with a text has its disposition
    and the summary is written; the ledger matter closes (late if past its due date) and the
    consultation is done ("reported")."""
    now = now or timezone.now()
    report = _report_of(consultation, actor)
    consultation = report.consultation
    if not report.summary:
        raise ValidationError({"summary": _("Write the summary before publishing.")})
    missing = undisposed(consultation).count()
    if missing:
        raise ValidationError(
            {"comment": _("%(n)d published comments still have no disposition.") % {"n": missing}}
        )
    if Comment.objects.filter(consultation=consultation, status=CommentStatus.PENDING).exists():
        raise ValidationError(
            {"comment": _("Comments are still awaiting moderation: decide them first.")}
        )
    report.published_at, report.published_by = now, actor
    report.save(update_fields=["published_at", "published_by"])
    consultation.status = ConsultationStatus.REPORTED
    consultation.save(update_fields=["status"])
    ledger.close(consultation, now)
    late = timezone.localdate(now) > report.due_on
    _audit("report_published", report, actor, consultation=consultation.number, late=late)
    return report
