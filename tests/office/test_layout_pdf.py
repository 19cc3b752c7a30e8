"""The 公文 PDF measured with PyMuPDF against GB/T 9704-2012: paper, type area, the 22 × 28
grid, the red mark and separator, page numbers, the 版记, the seal and the signature."""

import itertools

import pytest

from onewindow.office.layout import render_pdf
from tests.office import (
    BOTTOM,
    CHAR_PITCH,
    LEFT,
    LINE_PITCH,
    RIGHT,
    TOP,
    WIDTH,
    lines,
    pdf_glyphs,
    pdf_pages,
    sample_layout,
    seal_png,
    text_of,
)

# No database: CI runs it once, on the PostgreSQL stage.
pytestmark = pytest.mark.once

MM_PER_PT = 25.4 / 72
TOLERANCE = 0.02  # mm: fpdf2 writes positions to 1/100 pt


@pytest.fixture(scope="module")
def sealed():
    return render_pdf(sample_layout(), seal_png=seal_png())


@pytest.fixture(scope="module")
def glyphs(sealed):
    return pdf_glyphs(sealed)


def body_lines(page):
    """The lines set on the grid: inside the type area, in the body's 3号 size."""
    return [
        line
        for line in lines(page)
        if TOP < line[0].baseline < BOTTOM and abs(line[0].size - 16 * MM_PER_PT) < 0.01
    ]


def test_pages_are_a4(sealed):
    for page in pdf_pages(sealed):
        assert page.rect.width * MM_PER_PT == pytest.approx(210, abs=0.01)
        assert page.rect.height * MM_PER_PT == pytest.approx(297, abs=0.01)


def test_body_text_starts_at_the_binding_margin_below_the_top_margin(sealed, glyphs):
    page = pdf_pages(sealed)[1]
    first = body_lines(glyphs[1])[0]
    assert min(line[0].x for line in body_lines(glyphs[1])) == pytest.approx(LEFT, abs=TOLERANCE)
    top_of_text = min(
        char["bbox"][1] * MM_PER_PT
        for block in page.get_text("rawdict")["blocks"]
        for line in block.get("lines", ())
        for span in line["spans"]
        for char in span["chars"]
        if abs(char["origin"][1] * MM_PER_PT - first[0].baseline) < 0.01
    )
    assert TOP <= top_of_text < TOP + LINE_PITCH


def test_a_full_page_has_22_lines_at_the_standard_pitch(glyphs):
    baselines = [line[0].baseline for line in body_lines(glyphs[1])]
    assert len(baselines) == 22
    for upper, lower in itertools.pairwise(baselines):
        assert lower - upper == pytest.approx(225 / 22, abs=TOLERANCE)
    assert baselines[-1] < BOTTOM


def test_a_full_line_holds_28_characters_at_the_standard_pitch(glyphs):
    full = [line for line in body_lines(glyphs[1]) if line[0].x == pytest.approx(LEFT, abs=0.01)]
    assert full
    for line in full:
        assert len(line) <= 28
    widest = max(full, key=len)
    assert len(widest) == 28
    for left, right in itertools.pairwise(widest):
        assert right.x - left.x == pytest.approx(156 / 28, abs=TOLERANCE)
    assert widest[-1].x + CHAR_PITCH == pytest.approx(RIGHT, abs=TOLERANCE)


def test_paragraphs_indent_two_characters(glyphs):
    starts = [line for page in glyphs for line in lines(page) if text_of(line).startswith("为深入")]
    assert len(starts) == 3
    for first_line in starts:
        assert first_line[0].x == pytest.approx(LEFT + 2 * CHAR_PITCH, abs=TOLERANCE)
        assert len(first_line) == 26


def test_the_agency_mark_is_red_centred_35mm_below_the_type_areas_top(sealed, glyphs):
    mark = next(line for line in lines(glyphs[0]) if text_of(line) == "广州市人民政府办公厅文件")
    assert {glyph.color for glyph in mark} == {(255, 0, 0)}
    assert "NotoSerifCJKSCBold" in mark[0].font  # the stand-in for 方正小标宋
    em = mark[0].size
    assert mark[0].baseline - 0.88 * em == pytest.approx(TOP + 35, abs=0.05)
    centre = (mark[0].x + mark[-1].x + em) / 2
    assert centre == pytest.approx(LEFT + WIDTH / 2, abs=0.05)


def test_a_red_separator_as_wide_as_the_type_area_lies_4mm_below_the_number(sealed, glyphs):
    number = next(line for line in lines(glyphs[0]) if text_of(line) == "穗府办〔2026〕12号")
    red = [
        drawing
        for drawing in pdf_pages(sealed)[0].get_drawings()
        if drawing.get("color") and tuple(round(c, 2) for c in drawing["color"]) == (1.0, 0, 0)
    ]
    assert len(red) == 1
    rect = red[0]["rect"]
    assert rect.x0 * MM_PER_PT == pytest.approx(LEFT, abs=0.05)
    assert rect.x1 * MM_PER_PT == pytest.approx(RIGHT, abs=0.05)
    bottom_of_number = number[0].baseline + 0.12 * number[0].size
    assert rect.y0 * MM_PER_PT - bottom_of_number == pytest.approx(4, abs=0.05)
    # the number is centred between the margins (a downward document, no signer)
    centre = (number[0].x + number[-1].x + CHAR_PITCH) / 2  # 号 is full-width
    assert centre == pytest.approx(LEFT + WIDTH / 2, abs=0.05)


def test_the_title_is_2hao_centred_below_the_separator(glyphs):
    title = [line for line in lines(glyphs[0]) if line[0].size == pytest.approx(22 * MM_PER_PT)]
    assert "".join(text_of(line) for line in title) == sample_layout().title
    for line in title:
        centre = (line[0].x + line[-1].x + line[-1].size) / 2
        assert centre == pytest.approx(LEFT + WIDTH / 2, abs=0.05)


def test_page_numbers_sit_below_the_type_area_right_on_odd_left_on_even(glyphs):
    assert len(glyphs) >= 3
    em = 14 * MM_PER_PT
    for number, page in enumerate(glyphs, start=1):
        (folio,) = [line for line in lines(page) if line[0].baseline > BOTTOM]
        assert text_of(folio) == f"— {number} —"
        assert folio[0].size == pytest.approx(em, abs=0.01)  # 4号
        dash_middle = folio[0].baseline - (0.88 - 0.5) * em
        assert dash_middle - BOTTOM == pytest.approx(7, abs=0.05)
        if number % 2:
            assert folio[-1].x + em == pytest.approx(RIGHT - em, abs=TOLERANCE)
        else:
            assert folio[0].x == pytest.approx(LEFT + em, abs=TOLERANCE)


def test_the_imprint_closes_the_last_page_between_its_rules(sealed, glyphs):
    last = lines(glyphs[-1])
    printed, copies = last[-2], last[-4]
    assert text_of(printed) == "广州市人民政府办公厅2026年12月7日印发"
    assert text_of(copies).startswith("抄送：市委各部委办局，")
    assert text_of(last[-3]) == "法院，市检察院。"  # continuation lines align after the colon
    assert last[-3][0].x == pytest.approx(copies[3].x, abs=TOLERANCE)
    assert printed[0].size == pytest.approx(14 * MM_PER_PT, abs=0.01)
    assert BOTTOM - LINE_PITCH < printed[0].baseline < BOTTOM
    rules = sorted(
        (drawing["rect"].y0 + drawing["rect"].y1) / 2 * MM_PER_PT
        for drawing in pdf_pages(sealed)[-1].get_drawings()
        if drawing.get("color") and drawing["color"][0] == 0
    )
    widths = {
        round(d["width"] * MM_PER_PT, 2)
        for d in pdf_pages(sealed)[-1].get_drawings()
        if d.get("color")
    }
    assert rules[-1] == pytest.approx(BOTTOM, abs=0.05)  # §7.4.1: on the type area's edge
    assert rules[0] < copies[0].baseline - copies[0].size
    assert len(rules) == 3
    assert widths == {0.35, 0.25}
    assert not any("抄送" in text_of(line) for page in glyphs[:-1] for line in lines(page))


def test_the_seal_overlaps_the_name_and_date_four_characters_from_the_right(sealed, glyphs):
    page = pdf_pages(sealed)[-1]
    (image,) = page.get_image_info()
    x0, y0, x1, y1 = (value * MM_PER_PT for value in image["bbox"])
    assert x1 - x0 == pytest.approx(42, abs=0.05)
    rows = lines(glyphs[-1])
    index = next(n for n, line in enumerate(rows) if text_of(line) == "2026年12月6日")
    day, name = rows[index], rows[index - 1]
    assert text_of(name) == "广州市人民政府办公厅"
    day_right = day[-1].x + CHAR_PITCH
    assert day_right == pytest.approx(RIGHT - 4 * CHAR_PITCH, abs=TOLERANCE)
    name_centre = (name[0].x + name[-1].x + CHAR_PITCH) / 2
    assert name_centre == pytest.approx((day[0].x + day_right) / 2, abs=TOLERANCE)
    # the seal is centred on both and presses on both (§7.3.5.1)
    assert (x0 + x1) / 2 == pytest.approx(name_centre, abs=TOLERANCE)
    centre_y = (y0 + y1) / 2
    for glyph in (day[0], day[-1], name[0], name[-1]):
        assert y0 < glyph.baseline - glyph.size < glyph.baseline < y1
    assert x0 < day[0].x < day[-1].x < x1
    assert (name[0].baseline + day[0].baseline) / 2 > centre_y  # a little below the centre
    text_above = rows[index - 2]
    assert 0 <= y0 - (text_above[0].baseline + 0.12 * text_above[0].size) <= LINE_PITCH


def test_without_a_seal_the_name_stands_two_characters_from_the_right():
    glyphs = pdf_glyphs(render_pdf(sample_layout(attachments=[], note="此件公开发布")))
    rows = lines(glyphs[-1])
    index = next(n for n, line in enumerate(rows) if text_of(line) == "2026年12月6日")
    name, day, note = rows[index - 1], rows[index], rows[index + 1]
    assert name[-1].x + CHAR_PITCH == pytest.approx(RIGHT - 2 * CHAR_PITCH, abs=TOLERANCE)
    assert day[0].x == pytest.approx(name[0].x + 2 * CHAR_PITCH, abs=TOLERANCE)
    assert day[0].baseline - name[0].baseline == pytest.approx(LINE_PITCH, abs=TOLERANCE)
    assert text_of(note) == "（此件公开发布）"
    assert note[0].x == pytest.approx(LEFT + 2 * CHAR_PITCH, abs=TOLERANCE)


def test_an_upward_document_puts_the_signer_on_the_number_line():
    layout = sample_layout(signer="张三", body=["请予审批。"], attachments=[], copy_to=[])
    first = lines(pdf_glyphs(render_pdf(layout))[0])
    number = next(line for line in first if text_of(line).startswith("穗府办"))
    assert number[0].x == pytest.approx(LEFT + CHAR_PITCH, abs=TOLERANCE)
    signer = [glyph for glyph in number if glyph.x > LEFT + WIDTH / 2]
    assert text_of(signer) == "签发人：张三"
    assert signer[-1].x + CHAR_PITCH == pytest.approx(RIGHT - CHAR_PITCH, abs=TOLERANCE)
    assert "UKai" in signer[-1].font  # the name in 楷体


def test_classification_marks_stack_at_the_top_left():
    layout = sample_layout(copy_number="000123", secrecy="秘密★1年", urgency="特急")
    first = lines(pdf_glyphs(render_pdf(layout))[0])
    assert [text_of(line) for line in first[:3]] == ["000123", "秘密★1年", "特急"]
    for row, line in enumerate(first[:3]):
        assert line[0].x == pytest.approx(LEFT, abs=TOLERANCE)
        assert TOP + row * LINE_PITCH < line[0].baseline < TOP + (row + 1) * LINE_PITCH
    assert "NotoSansCJKSC" in first[1][0].font  # 黑体


def test_the_text_reads_back_with_title_number_and_date(sealed):
    text = "".join(page.get_text() for page in pdf_pages(sealed)).replace("\n", "")
    assert "穗府办〔2026〕12号" in text
    assert sample_layout().title in text
    assert "2026年12月6日" in text  # §7.3.5: Arabic numerals, no leading zeros


def test_headings_use_hei_and_kai_and_the_body_the_fangsong_stand_in(glyphs):
    rows = [line for page in glyphs for line in lines(page)]
    heading = next(line for line in rows if text_of(line) == "一、总体要求")
    assert "NotoSansCJKSC" in heading[0].font
    second = next(line for line in rows if text_of(line).startswith("（一）强化统筹。"))
    assert "UKai" in second[0].font
    assert all("UKai" in glyph.font for glyph in body_lines(glyphs[1])[1])


def test_a_heading_never_ends_a_page(glyphs):
    for page in glyphs:
        assert text_of(body_lines(page)[-1]) != "一、总体要求"


def test_one_layout_gives_one_byte_string(sealed):
    assert render_pdf(sample_layout(), seal_png=seal_png()) == sealed


def test_a_document_without_main_recipients_prints_no_stray_colon():
    glyphs = pdf_glyphs(render_pdf(sample_layout(main_recipients="", body=["特此公告。"])))
    rows = [text_of(line) for page in glyphs for line in lines(page)]
    assert "：" not in rows
    assert "特此公告。" in rows
