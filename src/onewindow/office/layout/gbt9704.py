"""A 公文 as PDF, laid out to GB/T 9704-2012 (党政机关公文格式).

``typeset`` positions every glyph once; this module draws the pages with fpdf2, each glyph at
its own origin so the grid of 22 lines × 28 characters is exact, and embeds font subsets
through ``core.pdf.finish``. Nothing is downloaded: fonts come from Debian packages (fonts.py).
"""

from __future__ import annotations

import io
from datetime import datetime

from fpdf import FPDF

from onewindow.core.pdf import CHINA_TZ, FAMILY, add_cjk_fonts, add_shared_face, finish
from onewindow.office.layout.document import OfficialDocumentLayout
from onewindow.office.layout.fonts import Face, face_file
from onewindow.office.layout.typeset import PAGE_HEIGHT, PAGE_WIDTH, Page, typeset

# The Song and 小标宋 faces are core.pdf's CJK family (regular and bold), shared with it.
_SHARED = {Face.SONG: (FAMILY, ""), Face.XIAOBIAOSONG: (FAMILY, "B")}


def render_pdf(layout: OfficialDocumentLayout, *, seal_png: bytes | None = None) -> bytes:
    """The document as PDF bytes; with ``seal_png`` the seal overlaps the name and date."""
    pages = typeset(layout, seal_png=seal_png)
    pdf = FPDF(orientation="portrait", unit="mm", format=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(layout.title)
    pdf.set_author(layout.issuing_agency)
    pdf.set_subject(layout.document_number)
    pdf.set_creator("OneWindow")
    pdf.set_lang("zh-CN")
    day = layout.date_written
    pdf.set_creation_date(datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ))
    families = _add_fonts(pdf, {run.face for page in pages for run in page.texts})
    for page in pages:
        pdf.add_page()
        _draw(pdf, page, families)
    return finish(pdf)


def _add_fonts(pdf: FPDF, faces: set[Face]) -> dict[Face, tuple[str, str]]:
    """Register the faces the pages use; the standard's 仿宋 and 楷体 share one font."""
    add_cjk_fonts(pdf)
    families = dict(_SHARED)
    for face in sorted(faces - _SHARED.keys(), key=lambda face: face.value):
        font = face_file(face)
        name = f"{font.path.stem}-{font.index}".lower()
        if name not in pdf.fonts:
            add_shared_face(pdf, name, "", font)
        families[face] = (name, "")
    return families


def _draw(pdf: FPDF, page: Page, families: dict[Face, tuple[str, str]]) -> None:
    for rule in page.rules:
        pdf.set_draw_color(*rule.color)
        pdf.set_line_width(rule.thickness)
        pdf.line(rule.x, rule.y, rule.x + rule.length, rule.y)
    for run in page.texts:
        family, style = families[run.face]
        pdf.set_font(family, style, run.size)
        pdf.set_text_color(*run.color)
        for char, x in zip(run.text, run.xs, strict=True):
            pdf.text(x, run.baseline, char)
    for picture in page.pictures:  # over the text, as a seal is stamped on the print
        pdf.image(io.BytesIO(picture.png), picture.x, picture.y, picture.width, picture.height)
