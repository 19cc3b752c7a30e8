"""The knowledge base operators answer questions from (知识库): one article per service guide of
the catalogue (conditions, materials, fees, time limits, where to apply), plus the hotline's own
good replies published as answers.

``search`` ranks articles the way the catalogue search ranks services (``catalog.ranking``:
exact and prefix names, keywords, the colloquial synonyms of ``catalog/data/synonyms.yaml``,
pinyin and initials, a typo's closest term), with an in-memory jieba full-text index of the
articles for the rest. Guide articles keep their item's code, so a synonym that means a service
finds its article too.
"""

from __future__ import annotations

import functools
import math
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.catalog import ranking
from onewindow.catalog import search as catalog_search
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit
from onewindow.core.localized import english_active
from onewindow.hotline import authority
from onewindow.hotline.models import ArticleSource, KnowledgeArticle, Status, Ticket, TicketEvent

GUIDE_PREFIX = "G-"
ANSWER_PREFIX = "A-"
EXCERPT = 160
RECHECK_SECONDS = 2.0
# weights of an article's parts in the full-text score: title, keywords, body
WEIGHTS = (10.0, 4.0, 1.0)


# ---------------------------------------------------------------------------------------------
# Building articles from the catalogue


def _money(amount) -> str:
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def _guide_text(item: ServiceItem, english: bool) -> tuple[str, str]:
    """(title, body) of the article for ``item`` in Chinese or English (``_en`` fields, falling
    back to the Chinese text where the catalogue has no translation)."""

    def pick(obj, name: str) -> str:
        if english:
            return (getattr(obj, f"{name}_en", "") or getattr(obj, name, "") or "").strip()
        return (getattr(obj, name, "") or "").strip()

    def entry(place: dict, key: str) -> str:
        if english:
            return (place.get(f"{key}_en") or place.get(key) or "").strip()
        return (place.get(key) or "").strip()

    with override("en" if english else "zh-hans"):
        title = pick(item, "name")
        parts = []
        summary = pick(item, "summary")
        if summary:
            parts.append(summary)
        conditions = pick(item, "acceptance_conditions")
        if conditions:
            parts.append(_("Conditions: %(text)s") % {"text": conditions})
        materials = []
        for material in item.materials.all():
            name = pick(material, "name")
            condition = pick(material, "condition")
            materials.append(f"{name} ({condition})" if condition else name)
        if materials:
            parts.append(_("Materials: %(list)s") % {"list": "; ".join(materials)})
        if item.is_free:
            parts.append(_("Fee: free of charge."))
        else:
            fee = _("Fee: %(amount)s yuan.") % {"amount": _money(item.fee_amount)}
            basis = pick(item, "fee_basis")
            parts.append(f"{fee} {basis}".strip())
        if item.instant:
            parts.append(_("Time limit: decided on the spot."))
        else:
            parts.append(
                _("Time limit: %(promised)s working days promised (%(statutory)s by law).")
                % {"promised": item.promised_limit, "statutory": item.statutory_limit}
            )
        places = [
            " ".join(x for x in (entry(p, "name"), entry(p, "address"), entry(p, "hours")) if x)
            for p in item.service_locations
        ]
        department = item.lead_department
        where = "; ".join(p for p in places if p) or (
            (department.name_en or department.name) if english else department.name
        )
        parts.append(_("Where to apply: %(where)s") % {"where": where})
        if item.consultation_phone:
            parts.append(_("Enquiries: %(phone)s") % {"phone": item.consultation_phone})
    return title, "\n".join(parts)


@transaction.atomic
def build_from_catalogue(*, actor=None) -> dict[str, int]:
    """Create or update one guide article per published service item, and unpublish the guide
    articles whose item is gone or unpublished. Idempotent; audited as one entry."""
    items = (
        ServiceItem.objects.filter(published=True)
        .select_related("lead_department")
        .prefetch_related("materials")
        .order_by("code")
    )
    existing = {
        article.code: article
        for article in KnowledgeArticle.objects.filter(source=ArticleSource.GUIDE)
    }
    created = updated = 0
    seen = set()
    for item in items:
        code = f"{GUIDE_PREFIX}{item.code}"[:40]
        seen.add(code)
        title, body = _guide_text(item, english=False)
        title_en, body_en = _guide_text(item, english=True)
        values = {
            "title": title[:200],
            "title_en": title_en[:200],
            "body": body,
            "body_en": body_en,
            "keywords": " ".join(item.keywords)[:200],
            "source": ArticleSource.GUIDE,
            "item_code": item.code,
            "department": item.lead_department,
            "published": True,
        }
        article = existing.get(code)
        if article is None:
            KnowledgeArticle.objects.create(code=code, **values)
            created += 1
        elif any(getattr(article, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(article, key, value)
            article.save()
            updated += 1
    retired = KnowledgeArticle.objects.filter(source=ArticleSource.GUIDE, published=True).exclude(
        code__in=seen
    )
    withdrawn = retired.update(published=False)
    counts = {"created": created, "updated": updated, "withdrawn": withdrawn}
    audit.record(
        "hotline.knowledge_built",
        object_type="hotline.knowledgearticle",
        object_id="catalogue",
        actor=actor,
        data=counts,
    )
    invalidate()
    return counts


# ---------------------------------------------------------------------------------------------
# Publishing a hotline answer

PUBLISHABLE = (Status.REPLIED, Status.CALLBACK, Status.CLOSED, Status.ANSWERED)


def can_publish(user) -> bool:
    """An operator or a dispatcher of the 12345 centre."""
    return authority.is_centre(user)


@transaction.atomic
def publish_answer(
    ticket: Ticket | str,
    actor,
    *,
    title: str = "",
    body: str = "",
    title_en: str = "",
    body_en: str = "",
    keywords: str = "",
) -> KnowledgeArticle:
    """Turn a ticket's good reply into a knowledge article (a dispatcher or operator does it).

    ``title`` defaults to the ticket's title and ``body`` to its reply; the caller's identity is
    never copied. Publishing the same ticket again updates its article."""
    if not can_publish(actor):
        raise PermissionDenied(_("Only the hotline's operators and dispatchers publish answers."))
    number = ticket if isinstance(ticket, str) else ticket.number
    ticket = Ticket.objects.select_for_update().filter(number=number).first()
    if ticket is None:
        raise ValidationError({"ticket": _("There is no ticket with this number.")})
    if ticket.status not in PUBLISHABLE:
        raise ValidationError({"ticket": _("Only a replied or answered ticket can be published.")})
    title = (title or ticket.title).strip()
    body = (body or ticket.reply).strip()
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("The title is at most 200 characters.")})
    if not body:
        raise ValidationError({"body": _("Enter the answer.")})
    article, created = KnowledgeArticle.objects.update_or_create(
        code=f"{ANSWER_PREFIX}{ticket.number}"[:40],
        defaults={
            "title": title,
            "title_en": (title_en or "").strip()[:200],
            "body": body,
            "body_en": (body_en or ticket.reply_en or "").strip(),
            "keywords": (keywords or (ticket.category.name if ticket.category else ""))[:200],
            "source": ArticleSource.ANSWER,
            "category": ticket.category,
            "department": ticket.lead_department,
            "published": True,
        },
    )
    now = timezone.now()
    TicketEvent.objects.create(
        ticket=ticket,
        at=now,
        actor=actor,
        action="published_answer",
        note=article.code,
        public=False,
    )
    audit.record(
        "hotline.answer_published",
        object_type="hotline.knowledgearticle",
        object_id=article.code,
        actor=actor,
        data={"ticket": ticket.number, "created": created},
    )
    invalidate()
    return article


# ---------------------------------------------------------------------------------------------
# Search


@dataclass
class ArticleHit:
    """One search result: what the operator console shows."""

    article: KnowledgeArticle
    score: float
    reasons: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.article.code

    @property
    def title(self) -> str:
        if english_active() and self.article.title_en:
            return self.article.title_en
        return self.article.title

    @property
    def body(self) -> str:
        if english_active() and self.article.body_en:
            return self.article.body_en
        return self.article.body

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"

    @property
    def source(self) -> str:
        return self.article.source

    @property
    def source_label(self) -> str:
        return self.article.get_source_display()

    @property
    def item_code(self) -> str:
        return self.article.item_code

    @property
    def url(self) -> str:
        """The public service guide of a guide article; "" for a hotline answer."""
        if self.article.item_code:
            return reverse("portal:guide", args=[self.article.item_code])
        return ""

    @property
    def best(self) -> bool:
        return self.score >= ranking.BEST


@dataclass(frozen=True)
class _Index:
    vocabulary: ranking.Vocabulary
    postings: dict[str, dict[int, float]]  # word -> article id -> weighted count
    documents: int


_state: tuple | None = None
_checked = 0.0


def invalidate() -> None:
    global _state
    _state = None
    _index.cache_clear()


def _current() -> _Index:
    global _state, _checked
    now = time.monotonic()
    if _state is None or now - _checked > RECHECK_SECONDS:
        row = KnowledgeArticle.objects.filter(published=True).aggregate(
            count=Count("id"), changed=Max("updated_at"), last=Max("id")
        )
        _state, _checked = (row["count"], str(row["changed"]), row["last"]), now
    return _index(*_state)


@functools.lru_cache(maxsize=2)
def _index(count, changed, last) -> _Index:
    rows = list(
        KnowledgeArticle.objects.filter(published=True).values_list(
            "id", "title", "title_en", "keywords", "body", "body_en", "item_code"
        )
    )
    entries, by_item = [], {}
    postings: dict[str, dict[int, float]] = {}
    for pk, title, title_en, keywords, body, body_en, item_code in rows:
        words = [word for word in (keywords or "").split() if word]
        entries.append((pk, (title, title_en), words))
        if item_code:
            by_item.setdefault(item_code, []).append(pk)
        parts = (f"{title} {title_en}", keywords or "", f"{body} {body_en}")
        for weight, text in zip(WEIGHTS, parts, strict=True):
            for word, times in Counter(catalog_search.segment(text)).items():
                slot = postings.setdefault(word, {})
                slot[pk] = slot.get(pk, 0.0) + weight * (1 + math.log(times))
    vocabulary = ranking.make_vocabulary(
        entries, lambda codes: tuple(pk for code in codes for pk in by_item.get(code, ()))
    )
    return _Index(vocabulary, postings, len(rows))


def _text_ids(index: _Index, query: str, limit: int = 200) -> list[int]:
    """Articles holding all the query's words (else most of them, as the catalogue does),
    ordered by a tf-idf score with titles above keywords above bodies."""
    words = catalog_search.query_words(query)
    if not words:
        return []
    scores: dict[int, float] = {}
    matched: Counter = Counter()
    for word in words:
        posting = index.postings.get(word, {})
        idf = math.log(1 + index.documents / max(1, len(posting)))
        for pk, weight in posting.items():
            scores[pk] = scores.get(pk, 0.0) + weight * idf
            matched[pk] += 1
    for required in range(len(words), catalog_search.required_matches(len(words)) - 1, -1):
        ids = [pk for pk in scores if matched[pk] >= required]
        if ids:
            ids.sort(key=lambda pk: (-scores[pk], pk))
            return ids[:limit]
    return []


def search(query: str, limit: int = 10) -> list[ArticleHit]:
    """Published articles for ``query``, best first, at most ``limit``."""
    index = _current()
    outcome = ranking.rank_in(query, index.vocabulary, lambda q: _text_ids(index, q))
    hits = outcome.hits[: max(0, int(limit))]
    articles = KnowledgeArticle.objects.in_bulk([hit.item_id for hit in hits])
    return [
        ArticleHit(articles[hit.item_id], hit.score, hit.reasons)
        for hit in hits
        if hit.item_id in articles and articles[hit.item_id].published
    ]


def article(code: str) -> KnowledgeArticle | None:
    return KnowledgeArticle.objects.filter(code=code, published=True).first()
