"""Full-text search over the published disclosure catalogue (政府信息公开目录检索).

Text is cut with the catalogue's jieba tokenizer (``catalog.search.segment``) and stored as
space-separated words: in an FTS5 table on SQLite, in a weighted ``tsvector`` on PostgreSQL
(migration ``disclosure/0003``). The title and the document number (文号, with the index number)
weigh most, the text least. A title or number equal to the query comes first, then one that
starts with it, then the engine's rank. Publishing calls ``index_document`` when a document is
published or changes; ``onewindow disclosure-reindex`` rebuilds the whole table.
"""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from onewindow.catalog.search import normalise, query_words, required_matches, segment
from onewindow.disclosure.models import Document, DocumentStatus

SNIPPET = 90  # characters of text around the first match


def _words(*texts: str) -> str:
    return " ".join(segment(" ".join(t for t in texts if t)))


def documents_for(doc: Document) -> tuple[str, str, str]:
    """The three weighted parts of a document's search row: title, number, text."""
    return (
        _words(doc.title, doc.title_en),
        _words(normalise(doc.number), normalise(doc.index_number or "")),
        _words(doc.body, doc.body_en),
    )


def index_documents(documents) -> int:
    """(Re)write the search rows of ``documents`` in the caller's transaction; a document that
    is not published loses its row. Returns how many rows were written."""
    documents = list(documents)
    rows = [(d.pk, *documents_for(d)) for d in documents if d.status == DocumentStatus.PUBLISHED]
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM disclosure_search WHERE document_id = %s", [[d.pk] for d in documents]
        )
        if connection.vendor == "postgresql":
            published = {d.pk: d for d in documents}
            cursor.executemany(
                "INSERT INTO disclosure_search (document_id, document, head, title, number, "
                "index_number, agency_id, category, validity, published_at) VALUES (%s, "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'C'), "
                "to_tsvector('simple', %s || ' ' || %s), %s, %s, %s, %s, %s, %s, %s)",
                [(*row, row[1], row[2], *_columns(published[row[0]])) for row in rows],
            )
        else:
            cursor.executemany(
                "INSERT INTO disclosure_search (document_id, title, number, body) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )
    return len(rows)


def _columns(doc: Document) -> tuple:
    """What PostgreSQL's search row copies from the document to filter and order by alone."""
    return (
        doc.title,
        doc.number,
        doc.index_number or "",
        doc.agency_id,
        doc.category,
        doc.validity,
        doc.published_at or timezone.now(),
    )


def index_document(doc: Document) -> None:
    """Index one document as it now is (publishing calls this at publication, amendment and
    repeal); an unpublished document is taken out of the index."""
    index_documents([doc])


def rebuild(batch: int = 500) -> int:
    """Empty the index and index every published document again; returns the count."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM disclosure_search")
    done = 0
    published = Document.objects.filter(status=DocumentStatus.PUBLISHED).order_by("pk")
    last = 0
    while True:
        chunk = list(published.filter(pk__gt=last)[:batch])
        if not chunk:
            return done
        done += index_documents(chunk)
        last = chunk[-1].pk


@dataclass(frozen=True)
class Filters:
    """What a search may be narrowed to; ``None`` is no filter."""

    agency_id: int | None = None
    category: str | None = None
    year: int | None = None  # of publication
    validity: str | None = None


def _filter_sql(filters: Filters, table: str = "d") -> tuple[str, list]:
    """The filters as SQL over ``table`` (the document table ``d``, or PostgreSQL's search
    row ``s``, which holds published documents only)."""
    sql, params = ["TRUE"], []
    if table == "d":
        sql, params = ["d.status = %s"], [DocumentStatus.PUBLISHED.value]
    if filters.agency_id is not None:
        sql.append(f"{table}.agency_id = %s")
        params.append(filters.agency_id)
    if filters.category:
        sql.append(f"{table}.category = %s")
        params.append(filters.category)
    if filters.validity:
        sql.append(f"{table}.validity = %s")
        params.append(filters.validity)
    if filters.year is not None:
        start = timezone.make_aware(datetime(filters.year, 1, 1))
        end = timezone.make_aware(datetime(filters.year + 1, 1, 1))
        sql.append(f"{table}.published_at >= %s AND {table}.published_at < %s")
        params += [start, end]
    return " AND ".join(sql), params


def _like(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text) + "%"


@dataclass
class Found:
    total: int
    ids: list[int]  # of the requested page, best first
    words: list[str]  # the query's words, for marking snippets


def search(query: str, filters: Filters = Filters(), *, offset: int = 0, limit: int = 20) -> Found:
    """Published documents matching ``query`` (all its words; when none has them all, most of
    them) within ``filters``, best first: exact title, number or index number, then a title
    starting with the query, then rank. An empty query lists the newest."""
    words = query_words(query)
    if not words:
        return _newest(filters, offset, limit)
    for required in range(len(words), required_matches(len(words)) - 1, -1):
        found = _match(query, words, required, filters, offset, limit)
        if found.total:
            return found
    return Found(0, [], words)


def _newest(filters: Filters, offset: int, limit: int) -> Found:
    where, params = _filter_sql(filters)
    with connection.cursor() as cursor:
        count = f"SELECT count(*) FROM disclosure_document d WHERE {where}"  # noqa: S608
        cursor.execute(count, params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT d.id FROM disclosure_document d WHERE {where} "  # noqa: S608 - ours
            "ORDER BY d.published_at DESC, d.id DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return Found(total, [row[0] for row in cursor.fetchall()], [])


def _exactness(table: str) -> str:
    """1. a title, document number or index number equal to the query, 2. a title starting
    with it, 3. the rest."""
    return (
        f"CASE WHEN {table}.title = %s OR {table}.number = %s OR {table}.index_number = %s "
        f"THEN 0 WHEN {table}.title LIKE %s ESCAPE '\\' THEN 1 ELSE 2 END"
    )


@contextmanager
def _through_the_index(cursor):
    """Match through the GIN index, never by reading every row. The planner prices a
    sequential scan by the table's main pages, which are small because each document's vector
    lies in TOAST; it cannot see that the scan then detoasts every vector to test it, which
    costs 4–5× the bitmap scan of the index (20,000 documents: 55 ms against 12 ms). Local to
    the caller's transaction, and set back at once."""
    cursor.execute("SET LOCAL enable_seqscan = off")
    try:
        yield
    finally:
        cursor.execute("SET LOCAL enable_seqscan = on")


def _match(query, words, required, filters, offset, limit) -> Found:
    groups = list(itertools.combinations(words, required))
    exact = " ".join("".join(c for c in (query or "")[:200] if c.isprintable()).split())
    order_params = [exact, exact, exact, _like(exact)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One table: the search row carries the filtered columns. Then the words in the
            # title or number (ranked on their small vector), then the newest: ranking the
            # text's large vectors of every match costs more than it tells.
            where, params = _filter_sql(filters, "s")
            tsquery = " | ".join(
                "(" + " & ".join(f"'{word}'" for word in group) + ")" for group in groups
            )
            base = (
                "FROM disclosure_search s, to_tsquery('simple', %s) AS q "
                f"WHERE s.document @@ q AND {where}"
            )
            count = [tsquery, *params]
            with transaction.atomic(), _through_the_index(cursor):
                cursor.execute(
                    f"SELECT s.document_id, count(*) OVER () {base} ORDER BY {_exactness('s')}, "
                    "ts_rank(s.head, q) DESC, s.published_at DESC, s.document_id "
                    "LIMIT %s OFFSET %s",
                    [tsquery, *params, *order_params, limit, offset],
                )
                rows = cursor.fetchall()
        else:
            where, params = _filter_sql(filters)
            order = _exactness("d")
            match = " OR ".join(
                "(" + " AND ".join(f'"{word}"' for word in group) + ")" for group in groups
            )
            base = (
                "FROM disclosure_search s JOIN disclosure_document d ON d.id = s.document_id "
                f"WHERE disclosure_search MATCH %s AND {where}"
            )
            count = [match, *params]
            cursor.execute(f"SELECT count(*) {base}", count)  # FTS5's bm25 takes no window
            total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT d.id, %s {base} ORDER BY {order}, "
                "bm25(disclosure_search, 0, 10.0, 10.0, 1.0), d.published_at DESC, d.id "
                "LIMIT %s OFFSET %s",
                [total, match, *params, *order_params, limit, offset],
            )
            rows = cursor.fetchall()
        if rows:  # every row carries the count of all matches (one scan, not two)
            return Found(rows[0][1], [row[0] for row in rows], words)
        if not offset:
            return Found(0, [], words)
        cursor.execute(f"SELECT count(*) {base}", count)  # a page past the last
        return Found(cursor.fetchone()[0], [], words)


def bare_ids(query: str, limit: int = 20) -> list[int]:
    """The plain full-text query (any word, the engine's rank, no filters, no join): the
    baseline the search benchmark compares with."""
    words = list(dict.fromkeys(segment(normalise(query))))
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT document_id FROM disclosure_search, to_tsquery('simple', %s) AS q "
                "WHERE document @@ q ORDER BY ts_rank(document, q) DESC LIMIT %s",
                [" | ".join(f"'{word}'" for word in words), limit],
            )
        else:
            cursor.execute(
                "SELECT document_id FROM disclosure_search WHERE disclosure_search MATCH %s "
                "ORDER BY bm25(disclosure_search) LIMIT %s",
                [" OR ".join(f'"{word}"' for word in words), limit],
            )
        return [row[0] for row in cursor.fetchall()]


def mark(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of the query's words in ``<mark>``."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, last = [], 0
    for hit in pattern.finditer(text):
        out += [escape(text[last : hit.start()]), f"<mark>{escape(hit.group())}</mark>"]
        last = hit.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def snippet(text: str, words: list[str], width: int = SNIPPET) -> SafeString:
    """About ``width`` characters of ``text`` around the first of the query's words, marked."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    hits = [i for i in (lowered.find(w) for w in words) if i >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    piece = text[start : start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(f"{prefix}{mark(piece, words)}{suffix}")  # noqa: S308 - marked escapes
