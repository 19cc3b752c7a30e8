"""GB/T 9704-2012 typesetting, done once: a layout becomes pages of positioned glyphs and lines.

Both renderers draw these pages as they are (``gbt9704`` to PDF, ``ofd`` to OFD), so the two
formats break lines and pages alike. Positions are millimetres from the page's top-left corner.
Body text sits on the standard's grid: 22 lines of 28 characters in a 156 × 225 mm type area
(§5.2.2), so each line is 225/22 mm high and each character 156/28 mm wide; a half-width
character (Latin, digits) takes half a cell.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from PIL import Image

from onewindow.core.pdf import NO_LINE_END, NO_LINE_START, TOKEN, format_date
from onewindow.office.layout.document import OfficialDocumentLayout
from onewindow.office.layout.fonts import Face, face_for

# §5.2.1 A4 paper; §5.2.2 the type area (版心) and its margins; §6.2 22 lines of 28 characters.
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
TOP_MARGIN, LEFT_MARGIN = 37.0, 28.0
AREA_WIDTH, AREA_HEIGHT = 156.0, 225.0
AREA_BOTTOM = TOP_MARGIN + AREA_HEIGHT
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = AREA_HEIGHT / LINES_PER_PAGE
CHAR_PITCH = AREA_WIDTH / CHARS_PER_LINE
HALVES = 2 * CHARS_PER_LINE  # a line's width in half-width cells

MM_PER_PT = 25.4 / 72
SIZE_2, SIZE_3, SIZE_4 = 22.0, 16.0, 14.0  # 2号, 3号, 4号 in points (§3.6 字号)
EM_ASCENT = 0.88  # the ideographic em box spans 0.88 em above the baseline, 0.12 below

RED: tuple[int, int, int] = (255, 0, 0)
BLACK: tuple[int, int, int] = (0, 0, 0)
MARK_TOP = TOP_MARGIN + 35  # §7.2.4: the mark's top edge 35 mm below the type area's
MARK_MAX_EM = 15.0  # the mark's size is the agency's choice (§7.2.4); at most 15 mm a character
SEPARATOR_GAP = 4.0  # §7.2.7: the red separator 4 mm below the document number
THICK_RULE, THIN_RULE = 0.35, 0.25  # §7.4.1: 版记 rules; the red separator is drawn thick too
PAGE_NUMBER_GAP = 7.0  # §7.5: the number's dashes 7 mm below the type area
SEAL_DIAMETER = 42.0  # the usual 4.2 cm of an agency seal; the PNG's height keeps its aspect

_LEVEL_1 = re.compile(r"[一二三四五六七八九十]+、")
_LEVEL_2 = re.compile(r"（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class TextRun:
    """Glyphs of one face, size and colour on one baseline; ``xs`` is each glyph's origin."""

    text: str
    xs: tuple[float, ...]
    baseline: float
    face: Face
    size: float  # points
    color: tuple[int, int, int] = BLACK


@dataclass(frozen=True)
class Rule:
    """A horizontal line ``thickness`` mm thick, centred on ``y``."""

    x: float
    y: float
    length: float
    thickness: float
    color: tuple[int, int, int] = BLACK


@dataclass(frozen=True)
class Picture:
    """A PNG placed with its top-left corner at (x, y)."""

    x: float
    y: float
    width: float
    height: float
    png: bytes


@dataclass
class Page:
    number: int
    texts: list[TextRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)


@dataclass(frozen=True)
class _Glyph:
    char: str
    face: Face
    x: float


@dataclass(frozen=True)
class _Row:
    """What one grid line holds; no glyphs is a blank line."""

    glyphs: tuple[_Glyph, ...] = ()
    size: float = SIZE_3
    anchor: str = ""  # "date": the seal is placed over this row


def typeset(layout: OfficialDocumentLayout, *, seal_png: bytes | None = None) -> list[Page]:
    """The document's pages; with ``seal_png`` the signature is laid out for a seal (§7.3.5.1)."""
    pages = [Page(1)]
    first_line = _masthead(layout, pages[0])
    groups = _body_groups(layout, sealed=seal_png is not None)
    line = first_line
    placed: list[tuple[int, int, _Row]] = []
    for group in groups:
        if line + len(group) > LINES_PER_PAGE:
            pages.append(Page(len(pages) + 1))
            line = 0
            group = _drop_leading_blanks(group)
        for row in group:
            placed.append((len(pages) - 1, line, row))
            line += 1
    for page_index, row_line, row in placed:
        _draw_row(pages[page_index], row, row_line)
        if row.anchor == "date" and seal_png is not None:
            pages[page_index].pictures.append(_seal(seal_png, row, row_line))
    imprint = _imprint_rows(layout)
    if line + len(imprint) > LINES_PER_PAGE:
        pages.append(Page(len(pages) + 1))
    _draw_imprint(pages[-1], imprint)
    for page in pages:
        _draw_page_number(page)
    return pages


def line_top(line: int) -> float:
    """The top of grid line ``line`` (0-based) of the type area."""
    return TOP_MARGIN + line * LINE_PITCH


def _baseline(top: float, height: float, size: float) -> float:
    """The baseline that centres a ``size``-point em box in a band ``height`` mm high."""
    em = size * MM_PER_PT
    return top + (height - em) / 2 + EM_ASCENT * em


def is_wide(char: str) -> bool:
    """Full-width (one cell) or half-width (half a cell): Chinese text treats ambiguous as wide."""
    return unicodedata.east_asian_width(char) in ("F", "W", "A")


def _halves(text: str) -> int:
    return sum(2 if is_wide(char) else 1 for char in text)


def _set(text: str, faces: Sequence[Face], x: float, pitch: float) -> tuple[_Glyph, ...]:
    """Glyphs from ``x`` on, a full-width character ``pitch`` mm wide, a half-width one half."""
    glyphs = []
    for char, face in zip(text, faces, strict=True):
        glyphs.append(_Glyph(char, face_for(face, char), x))
        x += pitch if is_wide(char) else pitch / 2
    return tuple(glyphs)


def wrap(text: str, width: int, *, first: int = 0, rest: int = 0) -> list[tuple[int, int, int]]:
    """Break ``text`` into lines ``width`` half-cells wide: (indent, start, end) per line.

    ``first`` and ``rest`` indent the first and the following lines (in half-cells). Chinese
    line-breaking rules (避头尾): a closing mark never starts a line (the character before it
    comes down with it) and an opening mark never ends one; nothing hangs in the margin, so no
    line is wider than the type area.
    """
    lines: list[tuple[int, int, int]] = []
    tokens: list[tuple[int, int]] = []  # (start, end) of the current line's tokens
    start_of, indent = 0, first
    for token in _tokens(text, width - max(first, rest)):
        while tokens and indent + _halves(text[start_of : token[1]]) > width:
            split = len(tokens)
            floor = max(1, split - 3)  # a long run of marks breaks anyway
            if text[token[0] : token[1]] in NO_LINE_START:
                while split > floor and text[tokens[split - 1][0]] in NO_LINE_START:
                    split -= 1
                split = max(floor, split - 1)
            while split > floor and text[tokens[split - 1][0]] in NO_LINE_END:
                split -= 1
            lines.append((indent, start_of, tokens[split - 1][1]))
            tokens = tokens[split:]
            start_of = tokens[0][0] if tokens else token[0]
            indent = rest
        tokens.append(token)
    lines.append((indent, start_of, len(text)))
    return lines


def _tokens(text: str, room: int) -> Iterator[tuple[int, int]]:
    """Latin words stay whole (up to 20 letters, like core.pdf), unless wider than ``room``."""
    for match in TOKEN.finditer(text):
        if match.end() - match.start() > 1 and _halves(match.group()) > room:
            yield from ((n, n + 1) for n in range(match.start(), match.end()))
        else:
            yield match.span()


def _masthead(layout: OfficialDocumentLayout, page: Page) -> int:
    """§7.2 版头 on page 1; returns the grid line the title starts on."""
    marks = [
        (layout.copy_number, Face.FANGSONG),  # §7.2.1 份号, top left, first line
        (layout.secrecy, Face.HEI),  # §7.2.2 密级和保密期限, 3号黑体
        (layout.urgency, Face.HEI),  # §7.2.3 紧急程度, 3号黑体; in this order, top down
    ]
    for line, (text, face) in enumerate((text, face) for text, face in marks if text):
        row = _Row(_set(text, [face] * len(text), LEFT_MARGIN, CHAR_PITCH))
        _draw_row(page, row, line)

    # §7.2.4 发文机关标志: centred, red, 小标宋, its top 35 mm below the type area's top.
    mark = layout.agency_mark
    em = min(MARK_MAX_EM, AREA_WIDTH / (_halves(mark) / 2))
    width = _halves(mark) / 2 * em
    glyphs = _set(mark, [Face.XIAOBIAOSONG] * len(mark), LEFT_MARGIN + (AREA_WIDTH - width) / 2, em)
    _draw_glyphs(page, glyphs, MARK_TOP + EM_ASCENT * em, em / MM_PER_PT, RED)

    # §7.2.5 发文字号 two lines below the mark: centred, or (上行文, §7.2.6) one character in
    # from the left on the line of the signer, who stands one character in from the right.
    top = MARK_TOP + em + 2 * LINE_PITCH
    number = layout.document_number
    number_width = _halves(number) / 2 * CHAR_PITCH
    if layout.signer:
        x = LEFT_MARGIN + CHAR_PITCH
        label, name = "签发人：", layout.signer
        faces = [Face.FANGSONG] * len(label) + [Face.KAI] * len(name)
        signer_x = LEFT_MARGIN + AREA_WIDTH - CHAR_PITCH - _halves(label + name) / 2 * CHAR_PITCH
        signer = _set(label + name, faces, signer_x, CHAR_PITCH)
        _draw_glyphs(page, signer, _baseline(top, LINE_PITCH, SIZE_3), SIZE_3)
    else:
        x = LEFT_MARGIN + (AREA_WIDTH - number_width) / 2
    glyphs = _set(number, [Face.FANGSONG] * len(number), x, CHAR_PITCH)
    baseline = _baseline(top, LINE_PITCH, SIZE_3)
    _draw_glyphs(page, glyphs, baseline, SIZE_3)

    # §7.2.7: the red separator, as wide as the type area, 4 mm below the number.
    separator = baseline + (1 - EM_ASCENT) * SIZE_3 * MM_PER_PT + SEPARATOR_GAP
    page.rules.append(Rule(LEFT_MARGIN, separator, AREA_WIDTH, THICK_RULE, RED))
    # §7.3.1: the title two lines below the separator.
    return math.ceil((separator - TOP_MARGIN) / LINE_PITCH) + 2


def _paragraph(
    text: str, faces: Sequence[Face], *, first: int, rest: int, width: int = HALVES
) -> list[_Row]:
    rows = []
    for indent, start, end in wrap(text, width, first=first, rest=rest):
        x = LEFT_MARGIN + indent * CHAR_PITCH / 2
        rows.append(_Row(_set(text[start:end], faces[start:end], x, CHAR_PITCH)))
    return rows


def _body_faces(paragraph: str) -> list[Face]:
    """§7.3.3: a first-level heading (一、) in 黑体, a second-level one (（一）) in 楷体.

    A heading runs to its first full stop, or is the whole paragraph; the rest is 仿宋.
    """
    for pattern, face in ((_LEVEL_1, Face.HEI), (_LEVEL_2, Face.KAI)):
        if pattern.match(paragraph):
            stop = paragraph.find("。")
            end = len(paragraph) if stop < 0 else stop + 1
            return [face] * end + [Face.FANGSONG] * (len(paragraph) - end)
    return [Face.FANGSONG] * len(paragraph)


def _title_rows(title: str) -> list[_Row]:
    """§7.3.1: 2号小标宋, centred, its lines of even length (a trapezoid or diamond)."""
    em = SIZE_2 * MM_PER_PT
    capacity = int(AREA_WIDTH / em) * 2
    count = math.ceil(_halves(title) / capacity) or 1
    width = min(capacity, math.ceil(_halves(title) / count))
    while len(lines := wrap(title, width)) > count and width < capacity:
        width += 1
    rows = []
    for _, start, end in lines:
        text = title[start:end]
        x = LEFT_MARGIN + (AREA_WIDTH - _halves(text) / 2 * em) / 2
        rows.append(_Row(_set(text, [Face.XIAOBIAOSONG] * len(text), x, em), SIZE_2))
    return rows


def _body_groups(layout: OfficialDocumentLayout, *, sealed: bool) -> list[list[_Row]]:
    """§7.3 主体 as groups of grid lines; a group is never split across pages."""
    rows = [*_title_rows(layout.title), _Row()]
    if layout.main_recipients:  # §7.3.2: flush left, a full-width colon (公告 have none)
        recipients = layout.main_recipients + "："
        rows += _paragraph(recipients, [Face.FANGSONG] * len(recipients), first=0, rest=0)
    groups = [[row] for row in rows]
    heading = False
    for paragraph in layout.body:  # §7.3.3: two characters in, continuation lines flush
        faces = _body_faces(paragraph)
        paragraph_rows = _paragraph(paragraph, faces, first=4, rest=0)
        if heading:  # a heading on a line of its own stays with the text it heads
            groups[-1].append(paragraph_rows.pop(0))
        groups += [[row] for row in paragraph_rows]
        heading = len(paragraph_rows) == 1 and bool(faces) and faces[-1] is not Face.FANGSONG
    if layout.attachments:  # §7.3.4: a blank line, two characters in; names align
        groups.append([_Row()])
        groups += [[row] for row in _attachment_rows(layout.attachments)]
    # §7.3.5.4: the signature and date never stand alone on a page: the last two lines of the
    # text go with them.
    while len(groups) > 2 and not any(row.glyphs for row in groups[-1]):
        groups.pop()  # the signature's place is counted from the text's last line
    groups[-2:] = [[*groups[-2], *groups[-1], *_signature_rows(layout, sealed=sealed)]]
    if layout.note:  # §7.3.6 附注: two characters in, in parentheses, below the date
        note = f"（{layout.note}）"
        groups += [[row] for row in _paragraph(note, [Face.FANGSONG] * len(note), first=4, rest=0)]
    return groups


def _attachment_rows(names: Sequence[str]) -> list[_Row]:
    label = "附件："
    rows = []
    for position, name in enumerate(names, start=1):
        prefix = f"{position}." if len(names) > 1 else ""
        text = (label if position == 1 else "") + prefix + name
        first = 4 if position == 1 else 4 + _halves(label)
        rest = 4 + _halves(label) + _halves(prefix)
        rows += _paragraph(text, [Face.FANGSONG] * len(text), first=first, rest=rest)
    return rows


def _signature_rows(layout: OfficialDocumentLayout, *, sealed: bool) -> list[_Row]:
    """§7.3.5: the issuing agency's name and the date written, for a seal or without one."""
    agency, day = layout.issuing_agency, format_date(layout.date_written)
    agency_width, day_width = _halves(agency), _halves(day)
    if sealed:
        # §7.3.5.1: the date four characters from the right, the name centred over it; two
        # blank lines leave room for the seal's top within one line of the text.
        day_at = HALVES - 8 - day_width
        agency_at = day_at + (day_width - agency_width) / 2
        blanks = [_Row(), _Row()]
    else:
        # §7.3.5.2: one blank line; the name two characters from the right, the date two
        # characters further in than the name, or two from the right if it is the longer.
        agency_at = HALVES - 4 - agency_width
        day_at = agency_at + 4
        if day_at + day_width > HALVES - 4:
            day_at = HALVES - 4 - day_width
            agency_at = day_at - 4
        blanks = [_Row()]
    agency_x = LEFT_MARGIN + agency_at * CHAR_PITCH / 2
    day_x = LEFT_MARGIN + day_at * CHAR_PITCH / 2
    return [
        *blanks,
        _Row(_set(agency, [Face.FANGSONG] * len(agency), agency_x, CHAR_PITCH)),
        _Row(_set(day, [Face.FANGSONG] * len(day), day_x, CHAR_PITCH), anchor="date"),
    ]


def _seal(png: bytes, date_row: _Row, line: int) -> Picture:
    """§7.3.5.1: the seal centred on the date, the name and date a little below its centre."""
    with Image.open(io.BytesIO(png)) as image:
        pixels_wide, pixels_high = image.size
    width = SEAL_DIAMETER
    height = width * pixels_high / pixels_wide
    first, last = date_row.glyphs[0], date_row.glyphs[-1]
    centre_x = (first.x + last.x + (CHAR_PITCH if is_wide(last.char) else CHAR_PITCH / 2)) / 2
    centre_y = line_top(line) - LINE_PITCH / 3
    return Picture(centre_x - width / 2, centre_y - height / 2, width, height, png)


def _drop_leading_blanks(group: list[_Row]) -> list[_Row]:
    while group and not group[0].glyphs:
        group = group[1:]
    return group


def _imprint_rows(layout: OfficialDocumentLayout) -> list[_Row]:
    """§7.4 版记 in 4号仿宋, one character in from either side: 抄送 rows, then 印发."""
    em = SIZE_4 * MM_PER_PT
    capacity = int((AREA_WIDTH - 2 * em) / em) * 2
    inset = LEFT_MARGIN + em
    rows = []
    if layout.copy_to:
        # §7.4.2: "抄送：" and the names, continuation lines under the first name, a full stop.
        text = "抄送：" + "，".join(layout.copy_to) + "。"
        for indent, start, end in wrap(text, capacity, first=0, rest=_halves("抄送：")):
            piece = text[start:end]
            glyphs = _set(piece, [Face.FANGSONG] * len(piece), inset + indent * em / 2, em)
            rows.append(_Row(glyphs, SIZE_4))
    # §7.4.3: the printing agency one character from the left, "<date>印发" one from the right.
    agency = layout.printing_agency
    printed = format_date(layout.printing_date) + "印发"
    printed_x = LEFT_MARGIN + AREA_WIDTH - em - _halves(printed) / 2 * em
    glyphs = _set(agency, [Face.FANGSONG] * len(agency), inset, em) + _set(
        printed, [Face.FANGSONG] * len(printed), printed_x, em
    )
    rows.append(_Row(glyphs, SIZE_4))
    return rows


def _draw_imprint(page: Page, rows: list[_Row]) -> None:
    """The 版记 on the last lines of the page; §7.4.1: thick rules first and last (the last on
    the type area's bottom edge), a thin one between the copies-to and the printing line."""
    first_line = LINES_PER_PAGE - len(rows)
    for offset, row in enumerate(rows):
        _draw_row(page, row, first_line + offset)
    page.rules.append(Rule(LEFT_MARGIN, line_top(first_line), AREA_WIDTH, THICK_RULE))
    if len(rows) > 1:
        page.rules.append(Rule(LEFT_MARGIN, line_top(LINES_PER_PAGE - 1), AREA_WIDTH, THIN_RULE))
    page.rules.append(Rule(LEFT_MARGIN, AREA_BOTTOM, AREA_WIDTH, THICK_RULE))


def _draw_page_number(page: Page) -> None:
    """§7.5: "— n —" in 4号 half-width Song numerals, the dashes 7 mm below the type area;
    odd pages one character in from the right, even pages one character in from the left."""
    em = SIZE_4 * MM_PER_PT
    text = f"— {page.number} —"
    width = _halves(text) / 2 * em
    x = LEFT_MARGIN + AREA_WIDTH - em - width if page.number % 2 else LEFT_MARGIN + em
    glyphs = _set(text, [Face.SONG] * len(text), x, em)
    _draw_glyphs(page, glyphs, AREA_BOTTOM + PAGE_NUMBER_GAP + (EM_ASCENT - 0.5) * em, SIZE_4)


def _draw_row(page: Page, row: _Row, line: int) -> None:
    _draw_glyphs(page, row.glyphs, _baseline(line_top(line), LINE_PITCH, row.size), row.size)


def _draw_glyphs(
    page: Page,
    glyphs: Sequence[_Glyph],
    baseline: float,
    size: float,
    color: tuple[int, int, int] = BLACK,
) -> None:
    """One text run per stretch of glyphs in the same face."""
    start = 0
    for end in range(1, len(glyphs) + 1):
        if end == len(glyphs) or glyphs[end].face is not glyphs[start].face:
            stretch = glyphs[start:end]
            text = "".join(glyph.char for glyph in stretch)
            xs = tuple(glyph.x for glyph in stretch)
            page.texts.append(TextRun(text, xs, baseline, stretch[0].face, size, color))
            start = end
