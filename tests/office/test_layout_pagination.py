"""Any body text, Chinese and Latin mixed, breaks into lines no wider than 28 characters and
pages of at most 22 lines, and the PDF and the OFD carry the same pages (Hypothesis)."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from onewindow.office.layout import render_ofd, render_pdf
from onewindow.office.layout.typeset import is_wide, typeset, wrap
from tests.office import (
    BOTTOM,
    CHAR_PITCH,
    LEFT,
    RIGHT,
    TOP,
    lines,
    ofd_glyphs,
    pdf_glyphs,
    sample_layout,
    text_of,
)

# No database: CI runs it once, on the PostgreSQL stage.
pytestmark = [
    pytest.mark.once,
    pytest.mark.filterwarnings("ignore::FutureWarning"),  # easyofd imports fitz
]

HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
PUNCTUATION = "，。、；：？！（）《》“”〔〕—…"
LATIN = "abcXYZ0123456789 -./%"
paragraphs = st.lists(
    st.text(alphabet=HANZI + HANZI + PUNCTUATION + LATIN, min_size=0, max_size=400),
    min_size=1,
    max_size=6,
)


def cells(glyph) -> float:
    return CHAR_PITCH if is_wide(glyph.char) else CHAR_PITCH / 2


def assert_on_the_grid(page) -> None:
    body = [line for line in lines(page) if TOP < line[0].baseline < BOTTOM]
    assert len(body) <= 22
    for line in body:
        assert line[0].x >= LEFT - 0.01
        assert line[-1].x + cells(line[-1]) <= RIGHT + 0.01, text_of(line)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=HANZI + PUNCTUATION + LATIN, max_size=300), first=st.sampled_from([0, 4])
)
def test_wrapped_lines_keep_within_the_line_and_lose_nothing(text, first):
    broken = wrap(text, 56, first=first, rest=0)
    assert "".join(text[start:end] for _, start, end in broken) == text
    for indent, start, end in broken:
        piece = text[start:end]
        assert indent + sum(2 if is_wide(char) else 1 for char in piece) <= 56
    for _, start, _ in broken[1:]:  # 避头尾: no line but a forced one starts with a closing mark
        assert (
            text[start] not in "，。、；：？！）》”〕" or text[start - 1] in "，。、；：？！）》”〕"
        )


@settings(max_examples=150, deadline=None)
@given(body=paragraphs)
@example(body=[""] * 6)  # blank paragraphs do not leave the signature alone on a page
def test_typeset_pages_hold_at_most_22_lines_of_28_characters(body):
    pages = typeset(sample_layout(body=body, attachments=[]))
    for page in pages:
        baselines = {round(run.baseline, 3) for run in page.texts if TOP < run.baseline < BOTTOM}
        assert len(baselines) <= 22
        for run in page.texts:
            last = run.xs[-1] + (CHAR_PITCH if is_wide(run.text[-1]) else CHAR_PITCH / 2)
            assert run.xs[0] >= LEFT - 1e-6
            assert last <= RIGHT + 1e-6
    # §7.3.5.4: the name and date never stand alone on a page; text comes before them
    (signed,) = [page for page in pages if any(run.text == "2026年12月6日" for run in page.texts)]
    name = next(run for run in signed.texts if run.text == "广州市人民政府办公厅")
    assert any(TOP < run.baseline < name.baseline for run in signed.texts if run is not name)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=paragraphs)
@example(body=["一、iii.lll 一二", "（一）ABC%", "——……"])  # narrow Latin in a proportional face
@example(body=[" 成以来Y《", "是的", " c "])  # spaces at the ends of runs
def test_pdf_and_ofd_paginate_any_body_alike_on_the_grid(body):
    layout = sample_layout(body=body)
    from_pdf = pdf_glyphs(render_pdf(layout))
    from_ofd = ofd_glyphs(render_ofd(layout))
    assert len(from_pdf) == len(from_ofd)
    for pdf_page, ofd_page in zip(from_pdf, from_ofd, strict=True):
        assert_on_the_grid(pdf_page)
        assert_on_the_grid(ofd_page)
        # spaces are drawn in the PDF (for its text) but left off the OFD's text run ends
        pdf_page = [glyph for glyph in pdf_page if not glyph.char.isspace()]
        ofd_page = [glyph for glyph in ofd_page if not glyph.char.isspace()]
        assert len(pdf_page) == len(ofd_page)
        in_order = sorted(pdf_page, key=reading_order), sorted(ofd_page, key=reading_order)
        for a, b in zip(*in_order, strict=True):
            assert a.char == b.char
            assert (a.x, a.baseline) == pytest.approx((b.x, b.baseline), abs=0.02)


def reading_order(glyph):
    return glyph.baseline, glyph.x
