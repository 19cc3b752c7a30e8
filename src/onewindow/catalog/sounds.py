"""Typing mistakes that sound right: the catalogue's words by their pinyin reading.

Chinese is typed by its sound, so the commonest mistakes are a character of the same reading
(护找 for 护照, 身分证 for 身份证, 户口签移 for 户口迁移) and a slip in the pinyin itself (jiehn,
huzao). Both are found here by reading, without tones: ``SoundIndex`` is built once with the
search vocabulary (``ranking.make_vocabulary``, cached), so a query only reads its own pinyin.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_ALL_HAN = re.compile(r"[\u3400-\u9fff]{2,}")
MIN_LETTERS = 4  # a shorter Latin query is initials or a word, not a slip of the pinyin


@dataclass(frozen=True)
class SoundIndex:
    by_reading: dict[str, tuple[str, ...]]  # "hu zhao" → the terms read so: ("护照",)
    by_spelled: dict[str, tuple[str, ...]]  # "jiehun" → terms whose pinyin is or starts so
    spelled_by_length: dict[int, list[str]]  # the keys of by_spelled by their length
    whole: frozenset[str]  # the keys of by_spelled that are a term's whole pinyin


def index(texts: Iterable[str]) -> SoundIndex:
    """The readings of the Han terms among ``texts`` (normalised names, keywords, synonyms):
    each term's syllables, and its pinyin whole and cut after each syllable from the second."""
    by_reading: dict[str, list[str]] = {}
    by_spelled: dict[str, list[str]] = {}
    whole: set[str] = set()
    for text in dict.fromkeys(texts):
        if not _ALL_HAN.fullmatch(text):
            continue
        syllables = reading(text)
        by_reading.setdefault(" ".join(syllables), []).append(text)
        for n in range(2, len(syllables) + 1):
            by_spelled.setdefault("".join(syllables[:n]), []).append(text)
        whole.add("".join(syllables))
    by_length: dict[int, list[str]] = {}
    for key in by_spelled:
        by_length.setdefault(len(key), []).append(key)
    return SoundIndex(
        {key: tuple(found) for key, found in by_reading.items()},
        {  # a term read exactly so before the longer ones that start so
            key: tuple(sorted(found, key=lambda t: "".join(reading(t)) != key))
            for key, found in by_spelled.items()
        },
        by_length,
        frozenset(whole),
    )


@functools.lru_cache(maxsize=8192)
def reading(han: str) -> tuple[str, ...]:
    """The toneless pinyin of each character of ``han`` (all Han characters)."""
    return tuple(lazy_pinyin(han))


def same_sound(q: str, sounds: SoundIndex, known: frozenset[str] | set[str]) -> str:
    """``q`` with each run of characters that reads like a catalogue term, but is not one,
    written as that term (the longest first): 社报卡丢了 → 社保卡丢了. Returns "" when nothing
    was rewritten; a term typed correctly (in ``known``) is never rewritten."""
    fixed, changed = q, False
    for match in _HAN_RUN.finditer(q):
        run, start = match.group(), match.start()
        syllables = reading(run)
        i = 0
        while i < len(run) - 1:
            for j in range(len(run), i + 1, -1):  # the longest stretch from i first
                part = run[i:j]
                if part in known:
                    break
                found = sounds.by_reading.get(" ".join(syllables[i:j]))
                if found:
                    fixed = fixed[: start + i] + found[0] + fixed[start + j :]
                    changed = True
                    break
            else:
                i += 1
                continue
            i = j
    return fixed if changed else ""


def misspelled_pinyin(letters: str, sounds: SoundIndex) -> tuple[str, int, bool]:
    """The term whose pinyin (whole, or its first syllables) ``letters`` is a slip of: at most
    one letter off, two from eight letters on (jiehn → jiehun, huzao → huzhao). Returns (term,
    letters off, whether its whole pinyin was meant), or ("", 0, False)."""
    n = len(letters)
    if n < MIN_LETTERS:
        return "", 0, False
    most = 1 if n < 8 else 2
    keys = [
        key
        for size in range(n - most, n + most + 1)
        for key in sounds.spelled_by_length.get(size, ())
    ]
    found = process.extract(letters, keys, scorer=Levenshtein.distance, score_cutoff=most, limit=20)
    if not found or min(distance for _, distance, _ in found) == 0:
        return "", 0, False
    # The fewest letters off; then a whole term's pinyin over the start of a longer one.
    key, distance, _ = min(found, key=lambda f: (f[1], f[0] not in sounds.whole, len(f[0]), f[0]))
    return sounds.by_spelled[key][0], int(distance), key in sounds.whole
