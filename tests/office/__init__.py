"""Shared by the office tests: sample 公文 layouts, and glyphs read back from the rendered PDF
(PyMuPDF) and OFD (easyofd), readers the project did not write, in millimetres from the
page's top-left corner."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw

from onewindow.office.layout import OfficialDocumentLayout

MM_PER_PT = 25.4 / 72
LEFT, TOP, WIDTH, HEIGHT = 28.0, 37.0, 156.0, 225.0
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
LINE_PITCH, CHAR_PITCH = HEIGHT / 22, WIDTH / 28

TEXT = (
    "为深入贯彻落实国务院关于进一步优化政务服务提升行政效能推动高效办成一件事的指导意见"
    "经市人民政府同意现就有关事项通知如下各区各部门要加强组织领导明确责任分工确保各项任务落到实处"
)


def sample_layout(**changes) -> OfficialDocumentLayout:
    """A downward notice of three pages whose body paragraphs are Chinese characters only."""
    fields = {
        "agency_mark": "广州市人民政府办公厅文件",
        "document_number": "穗府办〔2026〕12号",
        "title": "广州市人民政府办公厅关于进一步优化政务服务提升行政效能的通知",
        "main_recipients": "各区人民政府，市政府各部门、各直属机构",
        "body": [TEXT * 2, "一、总体要求", TEXT * 3, "（一）强化统筹。" + TEXT, TEXT * 2],
        "issuing_agency": "广州市人民政府办公厅",
        "date_written": date(2026, 12, 6),
        "printing_agency": "广州市人民政府办公厅",
        "printing_date": date(2026, 12, 7),
        "attachments": ["重点事项清单", "责任分工表"],
        "copy_to": ["市委各部委办局", "市人大常委会办公厅", "市政协办公厅", "市法院", "市检察院"],
    }
    fields.update(changes)
    return OfficialDocumentLayout(**fields)


def seal_png() -> bytes:
    """A red ring on a transparent square, as an e-seal image is."""
    image = Image.new("RGBA", (420, 420), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((6, 6, 414, 414), outline=(230, 0, 0, 255), width=16)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float  # the glyph's origin
    baseline: float
    size: float  # the font size, in mm
    color: tuple[int, int, int]
    font: str


def pdf_pages(pdf: bytes):
    import pymupdf

    return pymupdf.open(stream=pdf, filetype="pdf")


def pdf_glyphs(pdf: bytes) -> list[list[Glyph]]:
    """Every glyph of every page, as PyMuPDF reads it (the glyphs drawn: MuPDF would otherwise
    add a space wherever a narrow Latin letter leaves a gap in its half-width cell)."""
    import pymupdf

    flags = pymupdf.TEXTFLAGS_RAWDICT | pymupdf.TEXT_INHIBIT_SPACES
    pages = []
    for page in pdf_pages(pdf):
        glyphs = []
        for block in page.get_text("rawdict", flags=flags)["blocks"]:
            for line in block.get("lines", ()):
                for span in line["spans"]:
                    rgb = span["color"]
                    color = (rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255)
                    for char in span["chars"]:
                        x, y = char["origin"]
                        glyphs.append(
                            Glyph(
                                char["c"],
                                x * MM_PER_PT,
                                y * MM_PER_PT,
                                span["size"] * MM_PER_PT,
                                color,
                                span["font"],
                            )
                        )
        pages.append(glyphs)
    return pages


def ofd_document(ofd: bytes) -> dict:
    """easyofd's reading of the package: its first document."""
    from easyofd.ofd import OFD

    reader = OFD()
    reader.read(ofd, fmt="binary")
    return reader.data[0]


def ofd_glyphs(ofd: bytes) -> list[list[Glyph]]:
    """Every glyph of every page, from easyofd's text objects: boundary + X/Y + DeltaX."""
    document = ofd_document(ofd)
    pages = []
    for number in sorted(document["page_info"]):
        glyphs = []
        for text in document["page_info"][number]["text_list"]:
            left, top = text["pos"][0], text["pos"][1]
            x = left + float(text["X"] or 0)
            baseline = top + float(text["Y"] or 0)
            advances = _delta_x(text["DeltaX"])
            color = tuple(int(v) for v in text["color"]) if text["color"][0] else (0, 0, 0)
            for index, char in enumerate(text["text"]):
                glyphs.append(Glyph(char, x, baseline, text["size"], color, text["font"]))
                x += advances[index] if index < len(advances) else 0
        pages.append(glyphs)
    return pages


def _delta_x(value: str) -> list[float]:
    """GB/T 33190 §11.3 DeltaX, with "g count value" for a repeated advance."""
    parts, advances = value.split(), []
    index = 0
    while index < len(parts):
        if parts[index] == "g":
            advances += [float(parts[index + 2])] * int(parts[index + 1])
            index += 3
        else:
            advances.append(float(parts[index]))
            index += 1
    return advances


def lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline, top down, each line left to right."""
    rows: dict[float, list[Glyph]] = {}
    for glyph in glyphs:
        rows.setdefault(round(glyph.baseline, 1), []).append(glyph)
    return [sorted(rows[key], key=lambda glyph: glyph.x) for key in sorted(rows)]


def text_of(glyphs: list[Glyph]) -> str:
    return "".join(glyph.char for glyph in glyphs)
