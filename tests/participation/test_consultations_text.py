"""The draft's text: any draft written as 第N章/第N条 lines splits back into its chapters and
articles; the diff of a revision holds both texts (Hypothesis)."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from onewindow.participation.consultations_text import diff_html, diff_plain, split_draft

_HAN = st.text(alphabet="的物业业主管理费用公开维修资金应当规定本市，。；", min_size=1, max_size=40)
_NUMERALS = ["一", "二", "三", "十", "十一", "二十", "一百零五", "7", "12"]


@given(chapters=st.lists(st.lists(_HAN, min_size=1, max_size=4), min_size=0, max_size=4))
def test_a_draft_splits_back_into_its_chapters_and_articles(chapters):
    lines, expected, n = ["某某条例（征求意见稿）"], [], 0
    if not chapters:
        chapters = [["唯一一条的内容。"]]
        with_headings = False
    else:
        with_headings = True
    for c, articles in enumerate(chapters):
        if with_headings:
            lines.append(f"第{_NUMERALS[c % len(_NUMERALS)]}章　第{c}章标题")
        for text in articles:
            n += 1
            lines.append(f"第{_NUMERALS[n % len(_NUMERALS)]}条　{text}")
            expected.append(text)
    found_chapters, found = split_draft("\n".join(lines))
    assert [a.text for a in found] == expected
    assert len(found_chapters) == (len(chapters) if with_headings else 0)
    assert sum(len(c.articles) for c in found_chapters) == (n if with_headings else 0)


def test_continuation_lines_belong_to_their_article():
    _chapters, articles = split_draft("第一条 第一款。\n  第二款。\n\n第二条 另一条。")
    assert [a.text for a in articles] == ["第一款。\n第二款。", "另一条。"]


@given(before=_HAN, after=_HAN)
def test_the_diff_holds_both_texts(before, after):
    marked = str(diff_html(before, after))
    old = html.unescape(re.sub(r"<ins>.*?</ins>|<del>|</del>", "", marked))
    new = html.unescape(re.sub(r"<del>.*?</del>|<ins>|</ins>", "", marked))
    assert (old, new) == (before, after)
    plain = diff_plain(before, after)
    assert re.sub(r"〔增：.*?〕", "", plain).replace("〔删：", "").replace("〕", "") == before


def test_the_diff_escapes_html():
    assert "<script>" not in str(diff_html("a", "<script>"))
