"""English variants of catalogue text that follows a fixed Chinese pattern.

Legal-basis citations are written as the law publishes them (第七条, 第一千零四十九条, 第101项,
第九条、第十一条); the English guide shows them as "Art. 7", "Art. 1049", "Item 101",
"Arts. 9 and 11". A citation of another shape (a section heading such as 二、保障内容) states its
English in the catalogue as ``article_en``; ``article_en()`` returns "" when it cannot derive one.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = r"[0-9零〇一二两三四五六七八九十百千]+"
_ONE = re.compile(rf"^第({_NUMBER})(条|项|章|款|节)$")
_KIND = {"条": ("Art.", "Arts."), "项": ("Item", "Items"), "章": ("Chapter", "Chapters")}
_KIND |= {"款": ("Para.", "Paras."), "节": ("Section", "Sections")}


def chinese_number(text: str) -> int:
    """一千零四十九 → 1049; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            raise ValueError(text)
    return total + digit


def article_en(article: str) -> str:
    """The English of a citation such as 第七条 or 第九条、第十一条; "" if it has another shape."""
    parts = [part.strip() for part in (article or "").split("、") if part.strip()]
    matches = [_ONE.match(part) for part in parts]
    if not parts or not all(matches) or len({m.group(2) for m in matches}) != 1:
        return ""
    one, many = _KIND[matches[0].group(2)]
    numbers = [str(chinese_number(m.group(1))) for m in matches]
    if len(numbers) == 1:
        return f"{one} {numbers[0]}"
    return f"{many} {', '.join(numbers[:-1])} and {numbers[-1]}"
