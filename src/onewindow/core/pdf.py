"""PDF rendering for official documents in Chinese: CJK font discovery and an A4 fpdf2 helper.

Fonts come from the system (Debian's fonts-noto-cjk); nothing is downloaded at run time.
Layout follows GB/T 9704-2012 (党政机关公文格式) loosely: A4, 37/26/35/28 mm margins.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import cmap_format_4, cmap_format_12
from fpdf import FPDF, FontFace
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import SubsetMap, TTFFont

FONT_ENV = "ONEWINDOW_PDF_FONT"
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
NOTO_FILES = (
    ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
)
FC_MATCH = "fc-match"
FONT_EXTENSIONS = (".ttf", ".ttc", ".otf", ".otc")
CHINA_TZ = timezone(timedelta(hours=8), "CST")
FAMILY = "cjk"

_SC_FAMILY = re.compile(r"\b(SC|CN|GB|Hans)\b")
_PROBE = "中华人民共和国行政许可法"
# Chinese line-breaking rules (避头尾): these never start / never end a line.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·％,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_MAX_CARRY = 3
TOKEN = re.compile(r"[A-Za-z0-9]{1,20}|.", re.DOTALL)


class FontUnavailable(RuntimeError):
    """No usable font with Chinese glyphs: an installation problem, not a user error."""


@dataclass(frozen=True)
class FontFile:
    """One face of a font file; ``index`` selects the face inside a .ttc/.otc collection."""

    path: Path
    index: int = 0


@dataclass(frozen=True)
class CJKFont:
    """The regular and bold faces documents are set in."""

    regular: FontFile
    bold: FontFile


@functools.cache
def find_cjk_font() -> CJKFont:
    """Locate a Simplified Chinese font: ``ONEWINDOW_PDF_FONT``, Noto CJK, then fc-match."""
    override = os.environ.get(FONT_ENV, "").strip()
    if override:
        return _font_from_override(Path(override))
    for regular_name, bold_name in NOTO_FILES:
        regular, bold = NOTO_DIR / regular_name, NOTO_DIR / bold_name
        if regular.is_file():
            face = FontFile(regular, _simplified_chinese_index(regular))
            bold_face = FontFile(bold, _simplified_chinese_index(bold)) if bold.is_file() else face
            return CJKFont(face, bold_face)
    regular_face = _fc_match(":lang=zh-cn")
    if regular_face is not None:
        return CJKFont(regular_face, _fc_match(":lang=zh-cn:weight=bold") or regular_face)
    raise FontUnavailable(
        "No font with Chinese glyphs was found, so official documents cannot be rendered. "
        "Install the Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk), "
        f"or set {FONT_ENV} to a .ttf/.otf/.ttc font file with Simplified Chinese glyphs."
    )


def _font_from_override(path: Path) -> CJKFont:
    if not path.is_file() or path.suffix.lower() not in FONT_EXTENSIONS:
        raise FontUnavailable(
            f"{FONT_ENV} is set to {path}, which is not an existing .ttf/.otf/.ttc font file. "
            "Fix the path, or unset it to use the system font from the Debian package "
            "fonts-noto-cjk."
        )
    face = FontFile(path, _simplified_chinese_index(path))
    if not _covers_chinese(face):
        raise FontUnavailable(f"{FONT_ENV} is set to {path}, which has no Chinese glyphs.")
    # A sibling bold file (Foo-Regular.ttf -> Foo-Bold.ttf) is used when present.
    bold = path.with_name(path.name.replace("Regular", "Bold"))
    if bold != path and bold.is_file():
        return CJKFont(face, FontFile(bold, _simplified_chinese_index(bold)))
    return CJKFont(face, face)


def _simplified_chinese_index(path: Path) -> int:
    """The index of the Simplified Chinese ("… SC") face in a collection; 0 otherwise."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    collection = TTCollection(path, lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1) or ""
            if _SC_FAMILY.search(family):
                return index
    finally:
        collection.close()
    return 0


def _covers_chinese(face: FontFile) -> bool:
    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    try:
        cmap = font.getBestCmap() or {}
    finally:
        font.close()
    return all(ord(char) in cmap for char in _PROBE)


def _fc_match(pattern: str) -> FontFile | None:
    """Ask fontconfig for its best match; it answers even without CJK fonts, so check glyphs."""
    executable = shutil.which(FC_MATCH)
    if executable is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [executable, "-f", "%{file}\n%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    file_name, _, index = result.stdout.partition("\n")
    path = Path(file_name.strip())
    if result.returncode != 0 or path.suffix.lower() not in FONT_EXTENSIONS or not path.is_file():
        return None
    face = FontFile(path, int(index) if index.strip().isdigit() else 0)
    return face if _covers_chinese(face) else None


_parsed = threading.local()  # per thread: fontTools loads tables lazily, not thread-safe


def _parsed_face(face: FontFile, style: str) -> TTFFont:
    """The face as fpdf2 parses it (65,535 glyphs of metrics and cmap), once per thread."""
    faces = _parsed.__dict__.setdefault("faces", {})
    key = (face.path, face.index, style)
    if key not in faces:
        scratch = FPDF()
        scratch.add_font(FAMILY, style, face.path, collection_font_number=face.index)
        (faces[key],) = scratch.fonts.values()
    return faces[key]


def add_cjk_fonts(pdf: FPDF) -> None:
    """Register the CJK regular and bold faces as ``FAMILY`` on a new document."""
    fonts = find_cjk_font()
    for style, face in (("", fonts.regular), ("B", fonts.bold)):
        add_shared_face(pdf, FAMILY, style, face)


def add_shared_face(pdf: FPDF, family: str, style: str, face: FontFile) -> None:
    """Register ``face`` as ``family``/``style`` on a new document without parsing it again.

    Parsing a CJK face costs 0.2-0.4 s and ~100 MB, so each face is parsed once a thread and
    each document gets a copy that shares the parsed tables and has its own glyph subset.
    ``finish`` then embeds a fresh TrueType subset built from the glyphs used, never the
    shared font (which fpdf2 would otherwise subset in place), so the next document starts
    from the same parsed face and gives the same bytes.
    """
    parsed = _parsed_face(face, style)
    font = copy.copy(parsed)
    font.fontkey = f"{family.lower()}{style}"  # as FPDF.add_font names it
    font.i = len(pdf.fonts) + 1
    font.missing_glyphs, font.biggest_size_pt, font._hbfont = [], 0, None
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font
    _shared_keys(pdf).add(font.fontkey)
    if font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")


def format_date(day: date) -> str:
    """2026年10月15日: GB/T 9704 writes dates in Arabic numerals without leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


class Document(FPDF):
    """An A4 official document in Chinese; build it with the methods below, then ``render()``."""

    BODY_SIZE = 14  # 四号
    TITLE_SIZE = 22  # 二号
    TABLE_SIZE = 12  # 小四
    SMALL_SIZE = 10.5  # 五号
    LINE_HEIGHT = 8.5

    def __init__(self, *, title: str, author: str, issued_on: date, number: str = ""):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        add_cjk_fonts(self)
        self.number = number
        self.set_margins(left=28, top=37, right=26)
        self.set_auto_page_break(auto=True, margin=35)
        self.set_title(title)
        self.set_author(author)
        self.set_creator("OneWindow")
        self.set_lang("zh-CN")
        self.set_creation_date(
            datetime(issued_on.year, issued_on.month, issued_on.day, tzinfo=CHINA_TZ)
        )
        self.alias_nb_pages(None)  # user text may contain "{nb}"; page numbers come last
        self.set_font(FAMILY, size=self.BODY_SIZE)
        self.add_page()

    def header(self) -> None:
        """From page 2 on, repeat the document number at the top right."""
        if self.page_no() > 1 and self.number:
            self.set_font(FAMILY, size=self.SMALL_SIZE)
            self.set_y(20)
            self.cell(0, 6, self.number, align="R")
            self.set_y(self.t_margin)
            self.set_font(FAMILY, size=self.BODY_SIZE)

    def heading(self) -> None:
        """The centred bold title, then the document number (文号) on the right."""
        self.set_font(FAMILY, "B", self.TITLE_SIZE)
        self.multi_cell(0, 12, self.title, align="C", wrapmode=WrapMode.CHAR)
        if self.number:
            self.set_font(FAMILY, size=self.BODY_SIZE)
            self.cell(0, 10, self.number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(4)
        self.set_font(FAMILY, size=self.BODY_SIZE)

    def paragraph(self, text: str, *, indent: bool = True, bold: bool = False) -> None:
        """Body text; the first line is indented two characters (首行缩进两字)."""
        for offset, line in self._lines(text, indent=indent, bold=bold):
            if self.will_page_break(self.LINE_HEIGHT):
                self.add_page()
            self.set_x(self.l_margin + offset)
            self.cell(
                self.epw - offset, self.LINE_HEIGHT, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.set_font(FAMILY, size=self.BODY_SIZE)

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """A two-column table of label/value rows."""
        self._table(rows, col_widths=(1, 2.6), label_column=True)

    def grid(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        col_widths: Sequence[float],
    ) -> None:
        """A table with a heading row that repeats after a page break."""
        self._table([tuple(headings), *rows], col_widths=col_widths, headings=True)

    def sign_off(self, department: str, day: date, *, last_paragraph: str = "") -> None:
        """The department and date at the bottom right (落款), never alone on a page (GB/T 9704)."""
        needed = (len(self._lines(last_paragraph)) + 3) * self.LINE_HEIGHT
        if self.will_page_break(needed) and needed < self.page_break_trigger - self.t_margin:
            self.add_page()
        if last_paragraph:
            self.paragraph(last_paragraph)
        self.ln(self.LINE_HEIGHT)
        right_indent = 2 * self.get_string_width("中")
        for line in (department, format_date(day)):
            self.cell(self.epw - right_indent, self.LINE_HEIGHT, line, align="R")
            self.ln(self.LINE_HEIGHT)

    def render(self) -> bytes:
        """The finished PDF; identical input gives identical bytes (fixed creation date)."""
        self._number_pages()
        return finish(self)

    def _number_pages(self) -> None:
        """Page numbers go in last, once the count is known, so every glyph is laid out."""
        last, total = self.page, self.pages_count
        self.set_auto_page_break(auto=False)
        for number in range(1, total + 1):
            self.page = number
            # fpdf2 only re-emits a font when it changes, and a page switch is not a change.
            self.set_font(FAMILY, "B", self.SMALL_SIZE)
            self.set_font(FAMILY, "", self.SMALL_SIZE)
            self.set_xy(self.l_margin, -25)
            self.cell(0, 6, f"第 {number} 页  共 {total} 页", align="C")
        self.page = last

    def _table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        col_widths: Sequence[float],
        headings: bool = False,
        label_column: bool = False,
    ) -> None:
        self.set_font(FAMILY, size=self.TABLE_SIZE)
        self.ln(2)
        with self.table(
            col_widths=col_widths,
            first_row_as_headings=headings,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            wrapmode=WrapMode.CHAR,
            text_align="LEFT",
            line_height=7,
            padding=(1.5, 2),
        ) as table:
            for values in rows:
                row = table.row()
                for column, value in enumerate(values):
                    bold = label_column and column == 0
                    row.cell(value, style=FontFace(emphasis="BOLD") if bold else None)
        self.ln(4)
        self.set_font(FAMILY, size=self.BODY_SIZE)

    def _lines(
        self, text: str, *, indent: bool = True, bold: bool = False
    ) -> list[tuple[float, str]]:
        """(x offset, text) per line; sets the body font as a side effect."""
        self.set_font(FAMILY, "B" if bold else "", self.BODY_SIZE)
        indent_width = 2 * self.get_string_width("中") if indent else 0
        lines: list[tuple[float, str]] = []
        for block in text.splitlines() if text else []:
            wrapped = self._wrap(block, self.epw - indent_width, self.epw)
            lines.extend((indent_width if n == 0 else 0, line) for n, line in enumerate(wrapped))
        return lines

    def _wrap(self, text: str, first_width: float, width: float) -> list[str]:
        """Break anywhere but before closing or after opening marks (避头尾); one mark may hang."""
        lines: list[str] = []
        line: list[str] = []
        used, limit = 0.0, first_width
        for token in TOKEN.findall(text):
            advance = self.get_string_width(token)
            if line and used + advance > limit:
                closing = token in NO_LINE_START
                if closing and used <= limit:  # hang one mark in the margin (标点悬挂)
                    line.append(token)
                    used += advance
                    continue
                split = len(line)
                floor = max(1, split - _MAX_CARRY)  # a long run of marks breaks anyway
                if closing:  # a mark already hangs: carry the last token and its marks down
                    while split > floor and line[split - 1] in NO_LINE_START:
                        split -= 1
                    split = split - 1 or len(line)
                while split > floor and line[split - 1] in NO_LINE_END:
                    split -= 1
                lines.append("".join(line[:split]))
                line = line[split:]
                used = self.get_string_width("".join(line))
                limit = width
            line.append(token)
            used += advance
        lines.append("".join(line))
        return lines


def finish(pdf: FPDF) -> bytes:
    """The finished PDF of any fpdf2 document, with every CFF font embedded as TrueType.

    Call it once, after the last page is drawn: the swap replaces each font's outlines.
    """
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont) and (font.is_cff or font.fontkey in _shared_keys(pdf)):
            _embed_as_truetype(font)
    return bytes(pdf.output())


def _shared_keys(pdf: FPDF) -> set[str]:
    """The keys of the fonts ``add_shared_face`` gave ``pdf`` (TTFFont has no room for a flag)."""
    return pdf.__dict__.setdefault("_onewindow_shared_fonts", set())


def _embed_as_truetype(font: TTFFont) -> None:
    """Swap a face for a TrueType-outline subset of the glyphs used, before embedding.

    fpdf2 embeds CID-keyed CFF with an embedded encoding CMap that pypdf decodes one byte
    at a time (garbled text past 255 glyphs); TrueType outlines get plain Identity-H. A
    shared TrueType face gets its own subset the same way, leaving the shared one intact.
    """
    source = font.ttfont
    used = set(font.subset.get_all_glyph_names())
    target = truetype_subset(source, used, key=(font.ttffile, font.collection_font_number))
    if all(source is not parsed.ttfont for parsed in _parsed.__dict__.get("faces", {}).values()):
        source.close()  # parsed for this document only
    font.ttfont, font.is_cff, font.is_cid_keyed = target, False, False


def parsed_ttfont(face: FontFile) -> TTFont:
    """The face's fontTools font, parsed once a thread (shared: read it, never change it)."""
    return _parsed_face(face, "").ttfont


def truetype_subset(source: TTFont, used: set[str], *, key) -> TTFont:
    """A new TrueType-outline font of the glyphs named ``used`` of ``source`` (CFF or
    TrueType), with their metrics and a cmap of the characters that map to them; ``source``
    is not changed. ``key`` names the source for the cache of converted outlines."""
    cmap = source.getBestCmap()
    used = set(used) | {".notdef"}
    order = [".notdef", *sorted(used - {".notdef"}, key=source.getGlyphID)]
    outlines = source.getGlyphSet()
    cff = "CFF " in source or "CFF2" in source
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    hmtx = newTable("hmtx")
    hmtx.metrics = {}
    converted = _parsed.__dict__.setdefault("glyphs", {})
    for name in order:
        glyph_key = (*key, name)
        if glyph_key not in converted:  # the same face's glyph converts to the same outline
            pen = TTGlyphPen(None)
            # cubic CFF contours run the other way round from TrueType's quadratic ones
            outlines[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=cff))
            converted[glyph_key] = pen.glyph()
        glyph = glyf.glyphs[name] = converted[glyph_key]
        glyph.recalcBounds(glyf)
        hmtx.metrics[name] = (source["hmtx"][name][0], getattr(glyph, "xMin", 0))
    kept = {code: name for code, name in cmap.items() if name in used}
    bmp = cmap_format_4(4)
    bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
    bmp.cmap = {code: name for code, name in kept.items() if code <= 0xFFFF}
    full = cmap_format_12(12)
    full.platformID, full.platEncID, full.language = 3, 10, 0
    full.cmap = kept
    cmap_table = newTable("cmap")
    cmap_table.tableVersion, cmap_table.tables = 0, [bmp, full]

    target = TTFont(recalcTimestamp=False)
    target.setGlyphOrder(order)
    for tag in ("head", "hhea", "OS/2", "name", "post", "maxp"):
        # A copy: compiling recalculates these from this document's glyphs, and the shared
        # parsed face must stay as it was for the next document to give the same bytes.
        target[tag] = copy.deepcopy(source[tag])
    target["glyf"], target["loca"], target["hmtx"], target["cmap"] = (
        glyf,
        newTable("loca"),
        hmtx,
        cmap_table,
    )
    target["head"].glyphDataFormat = 0
    maxp = target["maxp"]
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    post = target["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    return target
