"""The knowledge base operators answer questions from (知识库): one article per service guide of
the catalogue (conditions, materials, fees, time limits, where to apply), plus the hotline's own
good replies published as answers.

``search`` ranks articles the way the catalogue search ranks services (``catalog.ranking``:
exact and prefix names, keywords, the colloquial synonyms of ``catalog/data/synonyms.yaml``,
pinyin and initials, a typo's closest term), with an in-memory jieba full-text index of the
articles for the rest. Guide articles keep their item's code, so a synonym that means a service
finds its article too.

This module writes the guides' text and searches; the writes (``build_knowledge``,
``publish_answer``) are in ``hotline.services``.
"""

from __future__ import annotations

import functools
import math
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from onewindow.catalog import ranking
from onewindow.catalog import search as catalog_search
from onewindow.catalog.models import ServiceItem
from onewindow.core.localized import english_active
from onewindow.hotline import authority
from onewindow.hotline.models import KnowledgeArticle, Status

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


def guide_text(item: ServiceItem, english: bool) -> tuple[str, str]:
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


# ---------------------------------------------------------------------------------------------
# Publishing a hotline answer

PUBLISHABLE = (Status.REPLIED, Status.CALLBACK, Status.CLOSED, Status.ANSWERED)


def can_publish(user) -> bool:
    """An operator or a dispatcher of the 12345 centre."""
    return authority.is_centre(user)


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
