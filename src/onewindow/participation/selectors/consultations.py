"""Reads of consultations: what is published for everyone, a comment's author's own comments,
the moderators' queue and the department's workbench, each with its permissions.

The article view and the moderation queue page by keyset ``(created_at, id)`` on the partial
indexes of ``Comment``: the cost of a page does not grow with the number of comments.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from onewindow.participation import consultations_text
from onewindow.participation.consultations_authority import departments_of, is_moderator
from onewindow.participation.models import (
    VISIBLE,
    Article,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Disposition,
    FeedbackReport,
    Outcome,
    Stance,
)

PAGE = 20
WORD_SAMPLE = 5000  # the newest published comments the word-frequency view reads
WORDS_SECONDS = 3600


def public_consultations():
    return (
        Consultation.objects.exclude(status=ConsultationStatus.DRAFT)
        .select_related("department")
        .order_by("-published_at", "-pk")
    )


def public_consultation(number: str) -> Consultation:
    found = public_consultations().filter(number=number).first()
    if found is None:
        raise Http404
    return found


@dataclass
class Heat:
    comments: int = 0
    support: int = 0
    oppose: int = 0

    @property
    def total(self) -> int:
        return self.comments + self.support + self.oppose


def counted_heat(consultation: Consultation) -> dict[int | None, Heat]:
    """Published comments, supports and oppositions per article (None: the whole draft),
    counted from the comments in one grouped query: what the counters must agree with."""
    heat: dict[int | None, Heat] = {}
    rows = (
        Comment.objects.filter(consultation=consultation, status=CommentStatus.PUBLISHED)
        .values_list("article_id", "stance")
        .annotate(n=Count("id"))
        .order_by()
    )
    for article_id, stance, n in rows:
        h = heat.setdefault(article_id, Heat())
        if stance == Stance.SUPPORT:
            h.support += n
        elif stance == Stance.OPPOSE:
            h.oppose += n
        else:
            h.comments += n
    return heat


def article_heat(article: Article) -> Heat:
    return Heat(article.comment_count, article.support_count, article.oppose_count)


def heat_of(consultation: Consultation) -> dict[int | None, Heat]:
    """The heat per article (None: the whole draft) from the counters the moderation
    services keep: one small read whatever the number of comments."""
    heat: dict[int | None, Heat] = {
        pk: Heat(c, s, o)
        for pk, c, s, o in consultation.articles.values_list(
            "pk", "comment_count", "support_count", "oppose_count"
        )
    }
    whole = (
        Consultation.objects.filter(pk=consultation.pk)
        .values_list("whole_comment_count", flat=True)
        .first()
    )
    heat[None] = Heat(whole or 0)
    return heat


@dataclass
class ChapterView:
    number: str
    heading: str
    articles: list = field(default_factory=list)


def draft_view(consultation: Consultation) -> tuple[list[ChapterView], dict]:
    """The draft by chapter, each article with its ``heat``; and the heat table itself."""
    articles = list(consultation.articles.select_related("chapter").order_by("position"))
    heat: dict[int | None, Heat] = {
        a.pk: Heat(a.comment_count, a.support_count, a.oppose_count) for a in articles
    }
    heat[None] = Heat(consultation.whole_comment_count)
    hottest = max((h.total for k, h in heat.items() if k is not None), default=0)
    chapters: list[ChapterView] = []
    current = None
    for article in articles:
        article.heat = heat[article.pk]
        article.heat_step = round(10 * article.heat.total / hottest) if hottest else 0
        key = article.chapter_id
        if current is None or current[0] != key:
            chapter = article.chapter
            current = (
                key,
                ChapterView(chapter.number if chapter else "", chapter.heading if chapter else ""),
            )
            chapters.append(current[1])
        current[1].articles.append(article)
    return chapters, heat


MAX_ID = 2**31 - 1  # beyond any integer column: not found, never an overflow


def article_of(consultation: Consultation, position: int) -> Article:
    if not 0 < position <= MAX_ID:
        raise Http404
    found = consultation.articles.filter(position=position).first()
    if found is None:
        raise Http404
    return found


def _cursor(value: str) -> tuple[datetime, int] | None:
    try:
        stamp, pk = (value or "").rsplit("_", 1)
        when, pk = parse_datetime(stamp), int(pk)
    except (ValueError, TypeError):
        return None
    if when is None or not 0 < pk <= MAX_ID or not 1900 <= when.year <= 9000:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when, pk


def cursor_of(comment: Comment) -> str:
    return f"{comment.created_at.isoformat()}_{comment.pk}"


def _page(rows, after: str, *, newest_first: bool, size: int = PAGE):
    cursor = _cursor(after)
    if cursor is not None:
        when, pk = cursor
        if newest_first:
            rows = rows.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))
        else:
            rows = rows.filter(Q(created_at__gt=when) | Q(created_at=when, id__gt=pk))
    order = ("-created_at", "-id") if newest_first else ("created_at", "id")
    found = list(rows.order_by(*order)[: size + 1])
    more = len(found) > size
    found = found[:size]
    return found, (cursor_of(found[-1]) if more else "")


def article_comments(article: Article, after: str = "", size: int = PAGE):
    """An article's public comments (hidden ones with their reason), newest first; returns
    the page and the cursor of the next one ("" at the end)."""
    rows = Comment.objects.filter(article=article, status__in=VISIBLE).select_related("district")
    return _page(rows, after, newest_first=True, size=size)


def draft_comments(consultation: Consultation, after: str = "", size: int = PAGE):
    """Comments on the whole draft (no article), newest first."""
    rows = Comment.objects.filter(
        consultation=consultation, article__isnull=True, status__in=VISIBLE
    ).select_related("district")
    return _page(rows, after, newest_first=True, size=size)


def words(consultation: Consultation, top: int = 50) -> list[tuple[str, int]]:
    """The most frequent words of the newest published comments, cached until the published
    comments change (their count and the last one decided are in the key)."""
    published = Comment.objects.filter(consultation=consultation, status=CommentStatus.PUBLISHED)
    last = published.order_by("-decided_at", "-id").values("pk", "decided_at", "public_body")[:1]
    last = next(iter(last), None)
    stamp = (
        f"{last['pk']}-{zlib.crc32(last['public_body'].encode())}-"
        f"{last['decided_at'].timestamp() if last['decided_at'] else 0:.0f}"
        if last
        else "none"
    )
    key = f"participation-words-{consultation.pk}-{published.count()}-{stamp}-{top}"
    found = cache.get(key)
    if found is None:
        texts = published.order_by("-created_at", "-id").values_list("public_body", flat=True)
        found = consultations_text.word_frequencies(texts[:WORD_SAMPLE], top=top)
        cache.set(key, found, WORDS_SECONDS)
    return found


def my_comments(user):
    """The signed-in author's own comments, newest first, with rejection reasons."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    return (
        Comment.objects.filter(author=user)
        .select_related("consultation", "article")
        .order_by("-created_at", "-id")
    )


# --- moderators ------------------------------------------------------------------------------


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied


def moderation_queue(user, after: str = "", size: int = PAGE):
    """Pending comments, oldest first, for the platform's moderators."""
    require_moderator(user)
    rows = Comment.objects.filter(status=CommentStatus.PENDING).select_related(
        "consultation", "article"
    )
    return _page(rows, after, newest_first=False, size=size)


def pending_count(user) -> int:
    require_moderator(user)
    return Comment.objects.filter(status=CommentStatus.PENDING).count()


def comment_for(user, pk: int) -> Comment:
    """A comment a moderator, or an officer of its department, may act on."""
    found = Comment.objects.select_related("consultation", "article").filter(pk=pk).first()
    if found is None:
        raise Http404
    if not (is_moderator(user) or found.consultation.department_id in departments_of(user)):
        raise PermissionDenied
    return found


# --- the department's workbench ----------------------------------------------------------------


def require_officer(user) -> set[int]:
    departments = departments_of(user)
    if not departments:
        raise PermissionDenied
    return departments


def consultations_for(user):
    return (
        Consultation.objects.filter(department_id__in=require_officer(user))
        .select_related("department")
        .order_by("-created_at", "-pk")
    )


def consultation_for(user, number: str) -> Consultation:
    found = Consultation.objects.select_related("department").filter(number=number).first()
    if found is None:
        raise Http404
    if found.department_id not in require_officer(user):
        raise PermissionDenied
    return found


def comments_to_dispose(consultation: Consultation):
    """The published comments of a closed consultation with their disposition, by article."""
    return (
        Comment.objects.filter(consultation=consultation, status=CommentStatus.PUBLISHED)
        .exclude(stance=Stance.SUPPORT, body="")
        .select_related("article", "disposition", "district")
        .order_by("article__position", "created_at", "id")
    )


# --- the feedback report ---------------------------------------------------------------------


def published_report(number: str) -> FeedbackReport:
    found = (
        FeedbackReport.objects.select_related("consultation__department")
        .filter(consultation__number=number, published_at__isnull=False)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class ReportArticle:
    article: Article
    heat: object
    revised: str | None  # None: unchanged; "": struck out
    diff: str = ""
    dispositions: list = field(default_factory=list)


def report_view(report: FeedbackReport) -> dict:
    """Counts per article, the dispositions of the comments on it, its revision with the diff;
    and the totals per outcome."""
    consultation = report.consultation
    heat = heat_of(consultation)
    revisions = {r.article_id: r.text for r in report.revisions.all()}
    by_article: dict[int | None, list[Disposition]] = {}
    for d in (
        Disposition.objects.filter(report=report)
        .select_related("comment")
        .order_by("comment__created_at", "comment__id")
    ):
        by_article.setdefault(d.comment.article_id, []).append(d)
    rows = []
    for article in consultation.articles.order_by("position"):
        revised = revisions.get(article.pk)
        rows.append(
            ReportArticle(
                article=article,
                heat=heat.get(article.pk, Heat()),
                revised=revised,
                diff=consultations_text.diff_html(article.text, revised)
                if revised is not None
                else "",
                dispositions=by_article.get(article.pk, []),
            )
        )
    outcomes = {o: 0 for o in Outcome.values}
    for ds in by_article.values():
        for d in ds:
            outcomes[d.outcome] += 1
    return {
        "rows": rows,
        "whole": by_article.get(None, []),
        "whole_heat": heat.get(None, Heat()),
        "outcomes": [(Outcome(o).label, n) for o, n in outcomes.items()],
        "total": sum(h.total for h in heat.values()),
    }
