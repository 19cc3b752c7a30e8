"""Chinese full-text search over the catalogue: jieba segmentation feeding the database's engine.

Text is cut with jieba (search mode, plus a user dictionary of department and service terms)
and stored as space-separated words: in an FTS5 table on SQLite, in a ``tsvector`` with the
``simple`` configuration on PostgreSQL. Names weigh most, then keywords, then materials and
summary, then the FAQ.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
import unicodedata
from pathlib import Path

import jieba
from django.db import connection

DICTIONARY = Path(__file__).resolve().parent / "data" / "dictionary.txt"
# Function words that carry no meaning for matching a service.
_ENGLISH_STOPWORDS = "a an and are as at be by for from in is it of on or the to with"
STOPWORDS = frozenset("的了和与及或在是有为对等中由向将被把于以其之也都并可") | frozenset(
    _ENGLISH_STOPWORDS.split(" ")
)
_WORD = re.compile(r"\w", re.UNICODE)
_UNSAFE = re.compile(r"[^\w]", re.UNICODE)

jieba.setLogLevel(logging.WARNING)


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    if DICTIONARY.exists():
        tokenizer.load_userdict(str(DICTIONARY))
    return tokenizer


_SYNTAX = re.compile(r"[^\w\u3400-\u9fff]+", re.UNICODE)
_BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])")
MAX_QUERY = 100


def normalise(text: object) -> str:
    """A query as search compares it: full-width folded (NFKC), lower-cased, every character
    that is not a letter, digit or Han character (quotes, ``*``, ``:``, ``-``, brackets) made a
    space, spaces between Han characters dropped, at most 100 characters. Never raises."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFKC", text[: MAX_QUERY * 4]).lower().replace("_", " ")
    text = " ".join(_SYNTAX.sub(" ", text).split())
    return _BETWEEN_HAN.sub("", text)[:MAX_QUERY].strip()


def segment(text: str) -> list[str]:
    """The words of ``text`` for indexing and querying, lower-cased, without stopwords."""
    words = []
    for word in _tokenizer().cut_for_search(text or ""):
        word = _UNSAFE.sub("", word.strip().lower())
        if word and _WORD.search(word) and word not in STOPWORDS:
            words.append(word)
    return words


def _document(*texts: str) -> str:
    return _segmented(" ".join(texts))


@functools.lru_cache(maxsize=4096)
def _segmented(text: str) -> str:
    """The indexed words of ``text``; an item re-indexed unchanged (a catalogue reloaded, an
    edit elsewhere in the item) is not cut again."""
    return " ".join(segment(text))


def documents_for(item) -> tuple[str, str, str, str]:
    """The four weighted parts of an item's search document."""
    departments = [item.lead_department.name, *(d.name for d in item.co_departments.all())]
    return (
        _document(item.name, item.name_en),
        _document(" ".join(item.keywords), item.output_description, " ".join(departments)),
        _document(
            item.summary,
            " ".join(m.name for m in item.materials.all()),
            " ".join(b.get("law", "") for b in item.legal_basis),
        ),
        _document(" ".join(f"{q.get('q', '')} {q.get('a', '')}" for q in item.faq)),
    )


def index_items(items) -> None:
    """(Re)write the search rows of ``items``, in the caller's transaction."""
    rows = [(item.pk, *documents_for(item)) for item in items]
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM catalog_search WHERE item_id = %s", [[row[0]] for row in rows]
        )
        if connection.vendor == "postgresql":
            cursor.executemany(
                "INSERT INTO catalog_search (item_id, document) VALUES (%s, "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'C') || "
                "setweight(to_tsvector('simple', %s), 'D'))",
                rows,
            )
        else:
            cursor.executemany(
                "INSERT INTO catalog_search (item_id, name, keywords, body, faq) "
                "VALUES (%s, %s, %s, %s, %s)",
                rows,
            )


def remove(item_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_search WHERE item_id = %s", [item_id])


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_search")


def query_words(query: str, most: int = 8) -> list[str]:
    """The distinct words of ``query`` as jieba cuts it precisely (not the overlapping search
    fragments), lower-cased, without stopwords or syntax: what a matching item must contain."""
    words = []
    for word in _tokenizer().cut(normalise(query)):
        word = _UNSAFE.sub("", word.strip().lower())
        if word and word not in STOPWORDS and word not in words:
            words.append(word)
    return words[:most]


def required_matches(count: int) -> int:
    """How many of ``count`` query words an item must contain: all of one or two, else about
    two thirds (so one stray or mistyped word does not empty the result)."""
    return count if count <= 2 else math.ceil(count * 2 / 3)


def ranked_ids(query: str, limit: int = 200) -> list[int]:
    """Item ids containing all of the query's words, best first (BM25 with names weighing most,
    then keywords, body and FAQ); when none contains all of them, those containing most."""
    words = query_words(query)
    if not words:
        return []
    for required in range(len(words), required_matches(len(words)) - 1, -1):
        ids = _match(words, required, limit)
        if ids:
            return ids
    return []


def _match(words: list[str], required: int, limit: int) -> list[int]:
    groups = list(itertools.combinations(words, required))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery = " | ".join(
                "(" + " & ".join(f"'{word}'" for word in group) + ")" for group in groups
            )
            cursor.execute(
                "SELECT item_id FROM catalog_search, to_tsquery('simple', %s) AS q "
                "WHERE document @@ q "
                "ORDER BY ts_rank('{0.05, 0.2, 0.5, 1.0}', document, q) DESC, item_id "
                "LIMIT %s",
                [tsquery, limit],
            )
        else:
            match = " OR ".join(
                "(" + " AND ".join(f'"{word}"' for word in group) + ")" for group in groups
            )
            cursor.execute(
                "SELECT item_id FROM catalog_search WHERE catalog_search MATCH %s "
                "ORDER BY bm25(catalog_search, 0, 10.0, 4.0, 1.0, 0.5), item_id LIMIT %s",
                [match, limit],
            )
        return list(dict.fromkeys(row[0] for row in cursor.fetchall()))


def bare_ids(query: str, limit: int = 200) -> list[int]:
    """The plain full-text query (any word, BM25 order) without expansion: the baseline the
    search benchmark compares with."""
    words = list(dict.fromkeys(segment(query)))
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT item_id FROM catalog_search, to_tsquery('simple', %s) AS q "
                "WHERE document @@ q ORDER BY ts_rank(document, q) DESC LIMIT %s",
                [" | ".join(f"'{word}'" for word in words), limit],
            )
        else:
            cursor.execute(
                "SELECT item_id FROM catalog_search WHERE catalog_search MATCH %s "
                "ORDER BY bm25(catalog_search) LIMIT %s",
                [" OR ".join(f'"{word}"' for word in words), limit],
            )
        return [row[0] for row in cursor.fetchall()]
