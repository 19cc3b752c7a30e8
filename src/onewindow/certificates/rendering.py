"""Electronic certificates (电子证照) rendered as one-page A4 landscape PDFs in Chinese.

``render`` lays out a ``Printable`` the way a paper licence looks: a double border, the
number and verification code, the certificate type as heading, a label/value table, the QR
code for online verification at the bottom left and the issuing authority with its red seal
(公章) at the bottom right. Fonts come from ``onewindow.core.pdf``; the same ``Printable``
always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import qrcode
from fpdf import FPDF
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from onewindow.certificates.seal_drawing import IDEOGRAPH_MIDDLE, MM_PER_PT, SEAL_RGB, draw_seal
from onewindow.core.pdf import (
    CHINA_TZ,
    FAMILY,
    NO_LINE_END,
    NO_LINE_START,
    TOKEN,
    add_cjk_fonts,
    finish,
    format_date,
)

# Page and frame (mm, A4 landscape).
PAGE_W, PAGE_H = 297.0, 210.0
OUTER_INSET, OUTER_LINE = 6.0, 1.6
INNER_INSET, INNER_LINE = 9.5, 0.35
FRAME_RGB = (128, 24, 32)
TEXT_RGB = (20, 20, 20)
GREY_RGB = (110, 110, 110)
LABEL_FILL_RGB = (250, 241, 236)

# Heading.
NUMBER_Y, NUMBER_SIZE = 14.0, 11.0
TITLE_Y, TITLE_SIZE, TITLE_MAX_W, TITLE_SPACING = 19.0, 28.0, 200.0, 4.0
SUBTITLE_Y, SUBTITLE_SIZE = 32.0, 13.0

# Table: it shrinks its font until it fits between TABLE_TOP and TABLE_BOTTOM.
TABLE_LEFT, TABLE_RIGHT = 22.0, 275.0
TABLE_TOP, TABLE_BOTTOM = 42.0, 146.0
LABEL_W = 48.0
CELL_PAD_X, CELL_PAD_Y = 3.0, 1.6
TABLE_SIZES = (14.0, 13.0, 12.0, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
LINE_FACTOR = 1.45  # line height in em
ROW_MIN_EM = 2.2  # a one-line row is this many em high
ROW_MAX_GROWTH = 4.0  # short tables grow each row by up to this much (mm) to fill the space
TABLE_RULE = 0.3

# Bottom band.
QR_X, QR_Y, QR_SIZE = 26.0, 152.0, 30.0
QR_CAPTION = "扫码核验真伪"
SIGN_RIGHT, SIGN_MID_Y, SIGN_SIZE, SIGN_LEAD = 268.0, 170.0, 13.0, 8.0
SEAL_RADIUS = 21.0
FOOTER_Y, FOOTER_SIZE, FOOTER_W = 193.0, 7.0, 250.0

# Watermark for revoked or expired certificates.
WATERMARK_ANGLE, WATERMARK_MAX_PT, WATERMARK_W, WATERMARK_OPACITY = 28.0, 130.0, 190.0, 0.3


@dataclass(frozen=True)
class Printable:
    """Everything a certificate shows; masking personal data is the caller's job."""

    number: str
    verification_code: str  # printed next to the number; public verification needs both
    type_name: str
    holder_label: str
    holder_name: str
    holder_id_label: str
    holder_id: str
    fields: tuple[tuple[str, str], ...]
    issuer_name: str
    issued_on: date
    valid_from: date
    valid_until: date | None  # None: valid indefinitely (长期)
    verify_url: str
    digest: str
    key_id: str
    status_note: str = ""


@dataclass(frozen=True)
class _TableLayout:
    """Wrapped rows at the font size that makes the table fit."""

    size: float
    line_h: float
    rows: tuple[tuple[tuple[str, ...], tuple[str, ...], float], ...]  # label, value, height


def render(printable: Printable) -> bytes:
    """The certificate as a one-page PDF; identical input gives identical bytes."""
    pdf = _new_pdf(printable)
    _draw_frame(pdf)
    _draw_heading(pdf, printable)
    _draw_table(pdf, _rows(printable))
    _draw_qr(pdf, printable.verify_url)
    _draw_sign_off(pdf, printable)
    _draw_footer(pdf, printable)
    if printable.status_note:
        _draw_watermark(pdf, printable.status_note)
    return finish(pdf)


# --- document ---------------------------------------------------------------------------


def _new_pdf(printable: Printable) -> FPDF:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    add_cjk_fonts(pdf)
    pdf.set_title(f"{printable.type_name} {printable.number}")
    pdf.set_author(printable.issuer_name)
    pdf.set_creator("OneWindow")
    pdf.set_lang("zh-CN")
    day = printable.issued_on
    pdf.set_creation_date(datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(left=0, top=0, right=0)
    pdf.c_margin = 0
    pdf.add_page()
    return pdf


def _rows(printable: Printable) -> list[tuple[str, str]]:
    return [
        (printable.holder_label, printable.holder_name),
        (printable.holder_id_label, printable.holder_id),
        *printable.fields,
        ("有效期限", _validity(printable.valid_from, printable.valid_until)),
    ]


def _validity(start: date, end: date | None) -> str:
    if end is None:
        return f"{format_date(start)}起长期有效"
    return f"{format_date(start)}至{format_date(end)}"


def _draw_frame(pdf: FPDF) -> None:
    """Thick outer and thin inner border."""
    pdf.set_draw_color(*FRAME_RGB)
    for inset, width in ((OUTER_INSET, OUTER_LINE), (INNER_INSET, INNER_LINE)):
        pdf.set_line_width(width)
        pdf.rect(inset, inset, PAGE_W - 2 * inset, PAGE_H - 2 * inset)


def _draw_heading(pdf: FPDF, printable: Printable) -> None:
    """Number and verification code at the top right, the type name large and centred,
    "（电子证照）" below."""
    pdf.set_text_color(*TEXT_RGB)
    pdf.set_font(FAMILY, size=NUMBER_SIZE)
    pdf.set_xy(TABLE_LEFT, NUMBER_Y)
    heading = f"编号：{printable.number}　核验码：{printable.verification_code}"
    pdf.cell(TABLE_RIGHT - TABLE_LEFT, 5, heading, align="R")

    pdf.set_text_color(*FRAME_RGB)
    pdf.set_font(FAMILY, "B", TITLE_SIZE)
    spacing = TITLE_SPACING
    pdf.set_char_spacing(spacing)
    while spacing > 0 and pdf.get_string_width(printable.type_name) > TITLE_MAX_W:
        spacing = max(0.0, spacing - 1)
        pdf.set_char_spacing(spacing)
    _shrink_to_width(pdf, printable.type_name, TITLE_MAX_W, "B", TITLE_SIZE)
    title_w = pdf.get_string_width(printable.type_name)
    # Character spacing also follows the last character; shift by it to stay centred.
    pdf.set_xy((PAGE_W - title_w + spacing * MM_PER_PT) / 2, TITLE_Y)
    pdf.cell(title_w, 12, printable.type_name)
    pdf.set_char_spacing(0)

    pdf.set_font(FAMILY, size=SUBTITLE_SIZE)
    pdf.set_xy(0, SUBTITLE_Y)
    pdf.cell(PAGE_W, 6, "（电子证照）", align="C")
    pdf.set_text_color(*TEXT_RGB)


def _shrink_to_width(pdf: FPDF, text: str, width: float, style: str, size: float) -> None:
    """Select the largest font size, from ``size`` down in half points, at which ``text`` fits."""
    pdf.set_font(FAMILY, style, size)
    while size > 1 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)


# --- table ------------------------------------------------------------------------------


def _draw_table(pdf: FPDF, rows: Sequence[tuple[str, str]]) -> None:
    layout = _layout_table(pdf, rows)
    value_w = TABLE_RIGHT - TABLE_LEFT - LABEL_W
    pdf.set_draw_color(*FRAME_RGB)
    pdf.set_fill_color(*LABEL_FILL_RGB)
    pdf.set_line_width(TABLE_RULE)
    y = TABLE_TOP
    for label, value, height in layout.rows:
        pdf.rect(TABLE_LEFT, y, LABEL_W, height, style="DF")
        pdf.rect(TABLE_LEFT + LABEL_W, y, value_w, height, style="D")
        pdf.set_font(FAMILY, "B", layout.size)
        _draw_lines(pdf, label, TABLE_LEFT, y, LABEL_W, height, layout.line_h, "C")
        pdf.set_font(FAMILY, "", layout.size)
        _draw_lines(pdf, value, TABLE_LEFT + LABEL_W, y, value_w, height, layout.line_h, "L")
        y += height
    pdf.set_line_width(TABLE_RULE * 2)  # a slightly heavier outline around the table
    pdf.rect(TABLE_LEFT, TABLE_TOP, TABLE_RIGHT - TABLE_LEFT, y - TABLE_TOP)


def _layout_table(pdf: FPDF, rows: Sequence[tuple[str, str]]) -> _TableLayout:
    """The largest font size at which every row fits; short tables get taller rows."""
    available = TABLE_BOTTOM - TABLE_TOP
    for size in TABLE_SIZES:
        layout = _layout_at(pdf, rows, size)
        natural = sum(height for _, _, height in layout.rows)
        if natural <= available or size == TABLE_SIZES[-1]:
            break
    growth = min(ROW_MAX_GROWTH, max(0.0, available - natural) / max(1, len(rows)))
    grown = tuple((label, value, height + growth) for label, value, height in layout.rows)
    return _TableLayout(layout.size, layout.line_h, grown)


def _layout_at(pdf: FPDF, rows: Sequence[tuple[str, str]], size: float) -> _TableLayout:
    em = size * MM_PER_PT
    line_h = em * LINE_FACTOR
    text_w = TABLE_RIGHT - TABLE_LEFT - LABEL_W - 2 * CELL_PAD_X
    laid = []
    for label, value in rows:
        pdf.set_font(FAMILY, "B", size)
        label_lines = _wrap(pdf, label, LABEL_W - 2 * CELL_PAD_X)
        pdf.set_font(FAMILY, "", size)
        value_lines = _wrap(pdf, value, text_w)
        lines = max(len(label_lines), len(value_lines))
        height = max(ROW_MIN_EM * em, lines * line_h + 2 * CELL_PAD_Y)
        laid.append((tuple(label_lines), tuple(value_lines), height))
    return _TableLayout(size, line_h, tuple(laid))


def _draw_lines(
    pdf: FPDF,
    lines: Sequence[str],
    x: float,
    y: float,
    width: float,
    height: float,
    line_h: float,
    align: str,
) -> None:
    """Lines of text vertically centred in the cell at (x, y)."""
    top = y + (height - len(lines) * line_h) / 2
    for n, line in enumerate(lines):
        pdf.set_xy(x + CELL_PAD_X, top + n * line_h)
        pdf.cell(width - 2 * CELL_PAD_X, line_h, line, align=align)


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Break Chinese text by character with the current font; Latin and digit runs stay whole.

    No line starts with a closing mark or ends with an opening one (避头尾).
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line: list[str] = []
        used = 0.0
        for token in _tokens(pdf, paragraph, width):
            advance = pdf.get_string_width(token)
            if line and used + advance > width:
                keep = len(line) - _carried(line, token)
                lines.append("".join(line[:keep]).rstrip())
                line = line[keep:]
                used = pdf.get_string_width("".join(line))
            if not line and token.isspace():
                continue
            line.append(token)
            used += advance
        lines.append("".join(line))
    return lines


def _tokens(pdf: FPDF, text: str, width: float) -> Iterator[str]:
    """Characters, and runs of Latin letters or digits unless a run is wider than a line."""
    for token in TOKEN.findall(text):
        if len(token) > 1 and pdf.get_string_width(token) > width:
            yield from token
        else:
            yield token


def _carried(line: Sequence[str], token: str) -> int:
    """How many tokens at the end of ``line`` move down with ``token`` to the next line."""
    carried = 1 if token in NO_LINE_START and len(line) > 1 else 0
    while carried < len(line) - 1 and line[len(line) - carried - 1] in NO_LINE_END:
        carried += 1
    return carried


# --- bottom band ------------------------------------------------------------------------


def _draw_qr(pdf: FPDF, url: str) -> None:
    """The verification QR code with its caption underneath."""
    pdf.image(_qr_image(url), x=QR_X, y=QR_Y, w=QR_SIZE, h=QR_SIZE)
    pdf.set_font(FAMILY, size=10)
    pdf.set_text_color(*TEXT_RGB)
    pdf.set_xy(QR_X - 10, QR_Y + QR_SIZE + 1)
    pdf.cell(QR_SIZE + 20, 5, QR_CAPTION, align="C")


def _qr_image(url: str) -> Image.Image:
    """A black-and-white QR code, 10 pixels a module, with a two-module quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=2)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("L")


def _draw_sign_off(pdf: FPDF, printable: Printable) -> None:
    """发证机关 and 发证日期 at the bottom right, with the seal stamped across them."""
    lines = (
        ("发证机关：", printable.issuer_name),
        ("发证日期：", format_date(printable.issued_on)),
    )
    pdf.set_font(FAMILY, size=SIGN_SIZE)
    pdf.set_text_color(*TEXT_RGB)
    label_w = max(pdf.get_string_width(label) for label, _ in lines)
    value_w = max(pdf.get_string_width(value) for _, value in lines)
    left = SIGN_RIGHT - label_w - value_w
    top = SIGN_MID_Y - SIGN_LEAD
    for n, (label, value) in enumerate(lines):
        pdf.set_xy(left, top + n * SIGN_LEAD)
        pdf.cell(label_w, SIGN_LEAD, label)
        pdf.cell(value_w, SIGN_LEAD, value)
    # Like a 公章, the seal covers the end of the issuer's name and the date.
    cx = left + label_w + value_w / 2
    with pdf.local_context(blend_mode="Multiply"):  # ink over text, as on paper
        draw_seal(pdf, cx=cx, cy=SIGN_MID_Y, radius=SEAL_RADIUS, department=printable.issuer_name)


def _draw_footer(pdf: FPDF, printable: Printable) -> None:
    """Signature algorithm, seal key and digest in small grey type along the bottom edge."""
    text = f"数字签名：SM2-SM3　印章密钥：{printable.key_id}　摘要：{printable.digest}"
    pdf.set_font(FAMILY, size=FOOTER_SIZE)
    pdf.set_text_color(*GREY_RGB)
    line_h = FOOTER_SIZE * MM_PER_PT * 1.3
    lines = _wrap(pdf, text, FOOTER_W)
    top = FOOTER_Y + (2 - len(lines)) * line_h / 2 if len(lines) <= 2 else FOOTER_Y
    for n, line in enumerate(lines):
        pdf.set_xy((PAGE_W - FOOTER_W) / 2, top + n * line_h)
        pdf.cell(FOOTER_W, line_h, line, align="C")
    pdf.set_text_color(*TEXT_RGB)


def _draw_watermark(pdf: FPDF, note: str) -> None:
    """The status (已撤销, 已过期…) in large, translucent red, diagonally across the page."""
    size = WATERMARK_MAX_PT
    pdf.set_font(FAMILY, "B", size)
    spacing = size * 0.25
    pdf.set_char_spacing(spacing)
    while size > 20 and pdf.get_string_width(note) > WATERMARK_W:
        size -= 2
        spacing = size * 0.25
        pdf.set_font(FAMILY, "B", size)
        pdf.set_char_spacing(spacing)
    width = pdf.get_string_width(note) - spacing * MM_PER_PT
    em = size * MM_PER_PT
    cx, cy = PAGE_W / 2, PAGE_H / 2
    with (
        pdf.local_context(text_color=SEAL_RGB, fill_opacity=WATERMARK_OPACITY),
        pdf.rotation(WATERMARK_ANGLE, cx, cy),
    ):
        pdf.text(cx - width / 2, cy + IDEOGRAPH_MIDDLE * em, note)
    pdf.set_char_spacing(0)
