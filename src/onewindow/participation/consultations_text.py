"""The text of a draft: split into chapters (第X章) and articles (第X条), compared with its
revision (difflib, character by character, as Chinese has no spaces), and the words of the
comments counted (jieba) for the word-frequency view."""

from __future__ import annotations

import difflib
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import jieba
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

jieba.setLogLevel(logging.WARNING)

_NUMERAL = r"[一二三四五六七八九十百千零〇两\d]+"
_CHAPTER = re.compile(rf"^\s*(第{_NUMERAL}章)[\s　]*(.*)$")
_ARTICLE = re.compile(rf"^\s*(第{_NUMERAL}条)[\s　]*(.*)$")


@dataclass
class DraftArticle:
    number: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line).strip()


@dataclass
class DraftChapter:
    number: str
    heading: str
    articles: list[DraftArticle] = field(default_factory=list)


def split_draft(text: str) -> tuple[list[DraftChapter], list[DraftArticle]]:
    """The chapters of a pasted draft and its articles in order. Articles before any chapter
    heading belong to no chapter (a draft without chapters has none). Lines before the first
    article (a preamble) are not part of any article and are returned by nobody."""
    chapters: list[DraftChapter] = []
    articles: list[DraftArticle] = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        if m := _CHAPTER.match(line):
            chapters.append(DraftChapter(m.group(1), m.group(2).strip()))
        elif m := _ARTICLE.match(line):
            article = DraftArticle(m.group(1), [m.group(2).strip()])
            articles.append(article)
            if chapters:
                chapters[-1].articles.append(article)
        elif articles:
            articles[-1].lines.append(line)
    return chapters, articles


def diff_html(before: str, after: str) -> SafeString:
    """``after`` against ``before``: removed text in <del>, added text in <ins>, escaped."""
    matcher = difflib.SequenceMatcher(a=before or "", b=after or "", autojunk=False)
    parts = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(before[a0:a1]))
            continue
        if a1 > a0:
            parts.append(f"<del>{escape(before[a0:a1])}</del>")
        if b1 > b0:
            parts.append(f"<ins>{escape(after[b0:b1])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def diff_plain(before: str, after: str) -> str:
    """The same comparison for the PDF: 〔删：…〕 and 〔增：…〕 around the changes."""
    matcher = difflib.SequenceMatcher(a=before or "", b=after or "", autojunk=False)
    parts = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            parts.append(before[a0:a1])
            continue
        if a1 > a0:
            parts.append(f"〔删：{before[a0:a1]}〕")
        if b1 > b0:
            parts.append(f"〔增：{after[b0:b1]}〕")
    return "".join(parts)


# Words that carry no opinion about a draft: function words and the vocabulary of commenting.
_STOP_TEXT = """
的 了 和 与 及 或 在 是 有 为 对 等 中 由 向 将 被 把 于 以 其 之 也 都 并 可 我 我们 你 他 她 它
这 那 这个 那个 一个 一些 就 还 要 会 能 应 应该 应当 建议 意见 认为 希望 觉得 感觉 非常 比较 很
更 最 不 没有 如果 因为 所以 但是 但 而 并且 以及 进行 通过 关于 对于 可以 需要 规定 本条 条例
草案 问题 情况 相关 有关 方面 目前 现在 the and of to
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z0-9]*$")


def word_frequencies(texts, top: int = 50) -> list[tuple[str, int]]:
    """The ``top`` most frequent words of ``texts`` (two characters or more), stop words out."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            w
            for w in jieba.lcut(text or "")
            if len(w) >= 2 and _WORD.match(w) and w.lower() not in STOP_WORDS
        )
    return counts.most_common(top)
