"""What a citizen means: ranks the catalogue for a query and says why each item matched.

Signals, strongest first: the item's exact name, a name that starts with the query, a keyword
or colloquial synonym (``data/synonyms.yaml``), a name or keyword containing the query or
contained in it, pinyin or initials (``jhdj`` → 结婚登记) and, when nothing matches well, a
typing mistake ("did you mean"): a character of the same sound (护找 → 护照, ``sounds``), a slip
in the pinyin (jiehn → 结婚) or else the closest name or keyword by edit distance (rapidfuzz:
结昏登记 → 结婚登记).
The database's full-text engine (BM25 with names above keywords above body text, most query
words required) orders the rest and breaks ties.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection
from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

from onewindow.catalog import search, sounds
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.synonyms import synonyms

SURE = 800  # below this, a query with Han characters is also checked for a typing mistake
BEST = 550  # a hit scoring this or more is a best match; below, a related service
RELATED = 10  # related services shown after the best matches
RECHECK_SECONDS = 5.0
_state: tuple[int, str] | None = None  # (count, latest change) of the published items
_checked = 0.0
_HAN = re.compile(r"[\u3400-\u9fff]")
_LETTERS = re.compile(r"[a-z ]+")


@dataclass(frozen=True)
class Reason:
    """Why an item matched: ``kind`` is exact, prefix, name, keyword, synonym, pinyin, sound
    (a character of the same reading), spelling (a typo, in characters or pinyin) or text;
    ``said`` is what was typed and ``means`` what it matched."""

    kind: str
    said: str = ""
    means: str = ""


@dataclass
class Hit:
    item_id: int
    score: float
    reasons: list[Reason] = field(default_factory=list)
    weights: dict[Reason, float] = field(default_factory=dict, repr=False)

    @property
    def best(self) -> bool:
        return self.score >= BEST


@dataclass
class Outcome:
    query: str
    hits: list[Hit]
    correction: str = ""  # the spelling searched instead (您是不是要找)


@dataclass(frozen=True)
class Term:
    text: str  # normalised
    kind: str  # name, keyword or synonym
    items: tuple[int, ...]
    means: str  # for a synonym: the service meant
    label: str  # as written in the catalogue


def rank(query: str) -> Outcome:
    """The hits for ``query``, best first: best matches, then at most ten related services."""
    return rank_in(query, _vocabulary(), search.ranked_ids)


def rank_in(query: str, vocabulary: Vocabulary, text: Callable[[str], list[int]]) -> Outcome:
    """The same ranking over any collection: ``vocabulary`` (``make_vocabulary``) holds its
    names, keywords and synonyms by id, and ``text(query)`` returns the ids whose full text
    matches, best first. The hotline's knowledge base ranks its articles with it."""
    q = search.normalise(query)
    if not q:
        return Outcome(q, [])
    terms = vocabulary.terms
    scores: dict[int, Hit] = {}
    _lexical(q, vocabulary, scores)
    chunks = q.split(" ")
    if len(chunks) > 1:  # 结婚 流程, 人才 near: each Han part on its own, a little lower
        for chunk in chunks:
            if len(chunk) >= 2 and _HAN.search(chunk):
                _lexical(chunk, vocabulary, scores, penalty=60)
    correction = ""
    if not _strong(scores) and _LETTERS.fullmatch(q):
        _pinyin(q.replace(" ", ""), terms, scores)
        if not _strong(scores):
            correction = _pinyin_slip(q.replace(" ", ""), vocabulary, scores)
    found = text(q)
    top = max((hit.score for hit in scores.values()), default=0)
    if top < SURE and _HAN.search(q):
        correction = _same_sound(q, vocabulary, scores) or _spelling(
            q, vocabulary, scores, close_only=top >= BEST
        )
        if correction and not found:
            found = text(correction)
    for position, item_id in enumerate(found):
        bonus = 40 * (1 - position / len(found))
        hit = scores.get(item_id)
        if hit is None:
            _add(scores, item_id, 300 + bonus, Reason("text"))
        else:
            hit.score += bonus
    ordered = sorted(scores.values(), key=lambda hit: (-hit.score, hit.item_id))
    best = [hit for hit in ordered if hit.best]
    related = [hit for hit in ordered if not hit.best][:RELATED]
    return Outcome(q, best + related, correction)


def _strong(scores: dict[int, Hit]) -> bool:
    return any(hit.best for hit in scores.values())


def _add(scores: dict[int, Hit], item_id: int, score: float, reason: Reason) -> None:
    """Record ``reason`` for the item; its score is its strongest reason's. Reasons are kept
    strongest first (then alphabetically, so the order never depends on hashing)."""
    hit = scores.setdefault(item_id, Hit(item_id, 0))
    weights = dict(hit.weights)
    weights[reason] = max(score, weights.get(reason, score))
    hit.weights = weights
    hit.reasons = sorted(weights, key=lambda r: (-weights[r], r.kind, r.said, r.means))
    hit.score = max(hit.score, score)


def _lexical(q: str, vocabulary: Vocabulary, scores: dict[int, Hit], penalty: float = 0) -> None:
    """Names, keywords and synonyms equal to, starting with, containing or inside the query."""
    by_text = vocabulary.by_text  # only the terms that can match: inside q, or holding q
    inside = {q[i:j] for i in range(len(q)) for j in range(i + 2, len(q) + 1)}
    texts = (inside & by_text.keys()) | {t for t in by_text if q in t}
    for term in (term for text in texts for term in by_text[text]):
        t = term.text
        score, kind = _compare(q, t, term.kind)
        if not score:
            continue
        if term.kind == "synonym" and t != search.normalise(term.means):
            reason = Reason("synonym", t, term.means)
        elif term.kind == "synonym":  # the service's own common name: 结婚登记
            reason = Reason("keyword", q, term.means)
        else:
            reason = Reason(kind, q, term.label)
        for position, item_id in enumerate(term.items):  # a synonym lists the likeliest first
            _add(scores, item_id, score - penalty - 25 * position, reason)


def _compare(q: str, t: str, kind: str) -> tuple[float, str]:
    if kind == "name":
        if t == q:
            return 1000, "exact"
        if len(q) >= 2 and t.startswith(q):
            return 900 + 50 * len(q) / len(t), "prefix"
        if len(q) >= 2 and q in t:
            return 780 + 50 * len(q) / len(t), "name"
        if len(t) >= 2 and t in q:
            return 700 + 100 * len(t) / len(q), "name"
        return 0, ""
    exact = 880 if kind == "synonym" else 850
    if t == q:
        return exact, kind
    if len(t) >= 2 and t in q:
        return 600 + 200 * len(t) / len(q), kind
    if len(q) >= 2 and q in t:
        return 560 + 100 * len(q) / len(t), kind
    return 0, ""


def _pinyin(letters: str, terms: list[Term], scores: dict[int, Hit]) -> None:
    """Full pinyin or initials (jiehundengji, jiehun, jhdj) of a name, keyword or synonym."""
    if len(letters) < 2:
        return
    for term in terms:
        full, initials = _spell(term.text)
        if not full:
            continue
        if letters in (full, initials):
            score = 870 if term.kind == "name" else 840
        elif (len(letters) >= 3 and full.startswith(letters)) or initials.startswith(letters):
            score = 700 + 100 * len(letters) / len(full if full.startswith(letters) else initials)
        elif len(letters) >= 4 and (letters in full or letters in initials):
            score = 560 + 50 * len(letters) / len(full)
        else:
            continue
        shown = term.means if term.kind == "synonym" else term.label
        for item_id in term.items:
            _add(scores, item_id, score, Reason("pinyin", letters, shown))


@functools.lru_cache(maxsize=8192)
def _spell(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of the Han characters of ``text``; empty without any."""
    han = "".join(_HAN.findall(text))
    if not han:
        return "", ""
    return "".join(lazy_pinyin(han)), "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))


def _corrected(
    q: str,
    fixed: str,
    vocabulary: Vocabulary,
    scores: dict[int, Hit],
    reason: Reason,
    penalty: float,
) -> bool:
    """Match ``fixed`` (what ``q`` was meant to be) and say so first on every item it found or
    raised ("did you mean"). False when it matched nothing."""
    before = {item_id: hit.score for item_id, hit in scores.items()}
    _lexical(fixed, vocabulary, scores, penalty=penalty)
    raised = [i for i, hit in scores.items() if hit.score > before.get(i, -1)]
    for item_id in raised:
        hit = scores[item_id]
        hit.reasons = [reason, *(r for r in hit.reasons if r != reason)]
    return bool(raised)


def _same_sound(q: str, vocabulary: Vocabulary, scores: dict[int, Hit]) -> str:
    """A Han query with characters of the right sound but the wrong writing (护找 → 护照,
    社报卡丢了 → 社保卡丢了): the rewritten query, matched a little lower; "" if none."""
    fixed = sounds.same_sound(q, vocabulary.sounds, vocabulary.by_text)
    if fixed and _corrected(q, fixed, vocabulary, scores, Reason("sound", q, fixed), 50):
        return fixed
    return ""


def _pinyin_slip(letters: str, vocabulary: Vocabulary, scores: dict[int, Hit]) -> str:
    """A pinyin query a letter or two off a term's pinyin (jiehn → 结婚, huzao → 护照): that
    term, matched lower by each letter off and when only its first syllables were typed."""
    term, off, whole = sounds.misspelled_pinyin(letters, vocabulary.sounds)
    if not term:
        return ""
    label = vocabulary.by_text[term][0].label
    penalty = 60 + 40 * off + (0 if whole else 40)
    if _corrected(letters, term, vocabulary, scores, Reason("spelling", letters, label), penalty):
        return label
    return ""


def _spelling(q: str, vocabulary: Vocabulary, scores: dict[int, Hit], close_only: bool) -> str:
    """The closest name, keyword or synonym to a query that matched nothing for sure (a wrong
    or missing character); its items are added as "did you mean", scored by how close it is.
    With ``close_only`` (something already matched well), only a term of about the query's
    length is considered: a whole-query typo (社保咔 → 社保卡). Returns the term, or ""."""
    if len(q) < 3:
        return ""
    by_length = vocabulary.by_length
    close = [t for n in (len(q) - 1, len(q), len(q) + 1) for t in by_length.get(n, ())]
    candidates = []
    found = process.extractOne(q, close, scorer=fuzz.ratio, score_cutoff=66)
    if found:
        candidates.append((found[1], found[0]))
    if not close_only:  # a term typed inside a longer query: 我想开个奶茶店 → 开奶茶店
        shorter = [t for n in range(3, len(q) - 1) for t in by_length.get(n, ())]
        found = process.extractOne(q, shorter, scorer=fuzz.partial_ratio, score_cutoff=71)
        if found:
            candidates.append((found[1] - 5, found[0]))
    if not candidates:
        return ""
    similarity, corrected = max(candidates)
    if corrected == q:
        return ""
    before = set(scores)
    _lexical(corrected, vocabulary, scores, penalty=40 + 100 - similarity)
    for item_id in set(scores) - before:
        hit = scores[item_id]
        hit.reasons = [Reason("spelling", q, corrected), *hit.reasons]  # said first: did you mean
    return vocabulary.by_text[corrected][0].label


@dataclass(frozen=True)
class Vocabulary:
    terms: list[Term]
    by_length: dict[int, list[str]]  # distinct Han terms of 3+ characters: typo candidates
    by_text: dict[str, list[Term]]
    sounds: sounds.SoundIndex  # the readings of its Han terms: same-sound and pinyin typos


def _vocabulary() -> Vocabulary:
    """Names, keywords and synonyms of the published catalogue. Rebuilt at once when this
    process changes the catalogue (``invalidate``), and when another process did: the count and
    latest change of the published items are compared at most every few seconds."""
    global _checked, _state
    now = time.monotonic()
    if _state is None or now - _checked > RECHECK_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), MAX(updated_at) FROM catalog_serviceitem WHERE published = %s",
                [True],
            )
            count, changed = cursor.fetchone()
        _state, _checked = (count, str(changed)), now
    return _terms(*_state)


def invalidate() -> None:
    """The catalogue changed (loaded, or an item edited): rebuild the vocabulary next time."""
    global _state
    _state = None
    _terms.cache_clear()


@functools.lru_cache(maxsize=2)
def _terms(count, changed) -> Vocabulary:
    rows = ServiceItem.objects.filter(published=True).values_list(
        "id", "code", "name", "name_en", "keywords"
    )
    entries, codes = [], {}
    for pk, code, name, name_en, keywords in rows:
        codes[code] = pk
        bare = re.sub(r"（[^）]*）|“[^”]*”", "", name)  # without its qualifier: 开办餐饮店
        entries.append((pk, (name, name_en, bare), keywords))
    return make_vocabulary(
        entries, lambda item_codes: tuple(codes[c] for c in item_codes if c in codes)
    )


def make_vocabulary(
    entries: Iterable[tuple[int, Iterable[str], Iterable[str]]],
    synonym_ids: Callable[[tuple[str, ...]], tuple[int, ...]],
) -> Vocabulary:
    """The vocabulary ``rank_in`` matches against: ``entries`` are (id, names, keywords), and
    ``synonym_ids`` turns the catalogue item codes a synonym names into ids of the collection
    (likeliest first), so the colloquial words of ``data/synonyms.yaml`` reach it too."""
    by_text: dict[tuple[str, str], list[int]] = {}
    labels: dict[tuple[str, str], str] = {}
    for pk, names, keywords in entries:
        pairs = [(name, "name") for name in names]
        for text, kind in [*pairs, *((keyword, "keyword") for keyword in keywords)]:
            key = search.normalise(text)
            if key:
                by_text.setdefault((key, kind), []).append(pk)
                labels.setdefault((key, kind), text.strip())
    terms = [
        Term(text, kind, tuple(dict.fromkeys(ids)), "", labels[text, kind])
        for (text, kind), ids in by_text.items()
    ]
    for synonym in synonyms():
        ids = tuple(dict.fromkeys(synonym_ids(synonym.items)))
        if not ids:
            continue
        for phrase in (*synonym.say, search.normalise(synonym.means)):
            terms.append(Term(phrase, "synonym", ids, synonym.means, synonym.means))
    by_length: dict[int, list[str]] = {}
    for text in dict.fromkeys(term.text for term in terms):
        if len(text) >= 3 and _HAN.search(text):
            by_length.setdefault(len(text), []).append(text)
    by_term: dict[str, list[Term]] = {}
    for term in terms:
        by_term.setdefault(term.text, []).append(term)
    return Vocabulary(terms, by_length, by_term, sounds.index(by_term))
