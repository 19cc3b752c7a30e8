"""A 公文 as OFD (GB/T 33190-2016, 电子文件存储与交换格式 版式文档), for exchange and archives.

The same pages as the PDF (``typeset``): one TextObject per run of glyphs, positioned in
millimetres with each glyph's advance in DeltaX (§11.3 文字定位), rules as PathObjects, the
seal as an ImageObject over a MultiMedia resource. Fonts are embedded as subsets of the glyphs
used, so a reader without 仿宋 shows the document as printed.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from itertools import pairwise
from xml.etree import ElementTree as ET  # we write XML here, never parse it

from onewindow.core.pdf import FontFile, parsed_ttfont, truetype_subset
from onewindow.office.layout.document import OfficialDocumentLayout
from onewindow.office.layout.fonts import Face, face_file
from onewindow.office.layout.typeset import (
    MM_PER_PT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Page,
    Picture,
    Rule,
    TextRun,
    typeset,
)

NAMESPACE = "http://www.ofdspec.org/2016"
_OFD = f"{{{NAMESPACE}}}"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so one layout gives one byte string
ET.register_namespace("ofd", NAMESPACE)


def render_ofd(layout: OfficialDocumentLayout, *, seal_png: bytes | None = None) -> bytes:
    """The document as an OFD package (a ZIP), page for page the same as ``render_pdf``."""
    pages = typeset(layout, seal_png=seal_png)
    ids = _Ids()
    files: dict[str, bytes] = {}

    # One font resource a font file: the stand-ins for 仿宋 and 楷体 are one font.
    texts: dict[FontFile, str] = {}
    for run in (run for page in pages for run in page.texts):
        texts[face_file(run.face)] = texts.get(face_file(run.face), "") + run.text
    file_ids = {font_file: ids.next() for font_file in texts}
    font_ids = {face: file_ids[face_file(face)] for face in Face if face_file(face) in file_ids}
    public_res = _element("Res", BaseLoc="Res")
    fonts = _child(public_res, "Fonts")
    for font_file, text in texts.items():
        (name, family, bold), data, extension = _font_subset(font_file, text)
        font_id = file_ids[font_file]
        font = _child(fonts, "Font", ID=font_id, FontName=name, FamilyName=family)
        if bold:
            font.set("Bold", "true")
        _child(font, "FontFile", text=f"font_{font_id}.{extension}")
        files[f"Doc_0/Res/font_{font_id}.{extension}"] = data
    files["Doc_0/PublicRes.xml"] = _xml(public_res)

    pictures = {picture.png for page in pages for picture in page.pictures}
    media_ids = {png: ids.next() for png in sorted(pictures)}
    document_res = _element("Res", BaseLoc="Res")
    media = _child(document_res, "MultiMedias")
    for png, media_id in media_ids.items():
        item = _child(media, "MultiMedia", ID=media_id, Type="Image", Format="PNG")
        _child(item, "MediaFile", text=f"image_{media_id}.png")
        files[f"Doc_0/Res/image_{media_id}.png"] = png
    files["Doc_0/DocumentRes.xml"] = _xml(document_res)

    page_ids = []
    for index, page in enumerate(pages):
        page_ids.append(ids.next())
        content = _page_content(page, ids, font_ids, media_ids)
        files[f"Doc_0/Pages/Page_{index}/Content.xml"] = _xml(content)

    document = _element("Document")
    common = _child(document, "CommonData")
    _child(common, "MaxUnitID", text=str(ids.last))
    area = _child(common, "PageArea")
    _child(area, "PhysicalBox", text=f"0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}")
    _child(common, "PublicRes", text="PublicRes.xml")
    _child(common, "DocumentRes", text="DocumentRes.xml")
    page_list = _child(document, "Pages")
    for index, page_id in enumerate(page_ids):
        _child(page_list, "Page", ID=page_id, BaseLoc=f"Pages/Page_{index}/Content.xml")
    files["Doc_0/Document.xml"] = _xml(document)

    files["OFD.xml"] = _xml(_entry(layout))
    return _package(files)


class _Ids:
    """OFD object identifiers: unique in the document, counted up (MaxUnitID is the last)."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def _entry(layout: OfficialDocumentLayout) -> ET.Element:
    """OFD.xml, the package's entry (§7.4): document information and where the document is."""
    root = _element("OFD", Version="1.0", DocType="OFD")
    body = _child(root, "DocBody")
    info = _child(body, "DocInfo")
    digest = hashlib.sha256(f"{layout.document_number}\n{layout.title}".encode()).digest()
    _child(info, "DocID", text=uuid.UUID(bytes=digest[:16]).hex)
    _child(info, "Title", text=layout.title)
    _child(info, "Author", text=layout.issuing_agency)
    _child(info, "Subject", text=layout.document_number)
    _child(info, "CreationDate", text=layout.date_written.isoformat())
    _child(info, "Creator", text="OneWindow")
    _child(body, "DocRoot", text="Doc_0/Document.xml")
    return root


def _page_content(
    page: Page, ids: _Ids, font_ids: dict[Face, str], media_ids: dict[bytes, str]
) -> ET.Element:
    root = _element("Page")
    area = _child(root, "Area")
    _child(area, "PhysicalBox", text=f"0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}")
    layer = _child(_child(root, "Content"), "Layer", ID=ids.next(), Type="Body")
    for rule in page.rules:
        _path(layer, rule, ids)
    for run in page.texts:
        _text(layer, run, ids, font_ids[run.face])
    for picture in page.pictures:
        _image(layer, picture, ids, media_ids[picture.png])
    return root


def _text(layer: ET.Element, run: TextRun, ids: _Ids, font_id: str) -> None:
    """A TextObject whose boundary holds the run; TextCode's X/Y are relative to it.

    Spaces at either end are left out (they draw nothing, and XML readers commonly strip
    them from element text, which would shift every glyph after them).
    """
    visible = [index for index, char in enumerate(run.text) if not char.isspace()]
    if not visible:
        return
    chars = run.text[visible[0] : visible[-1] + 1]
    xs = run.xs[visible[0] : visible[-1] + 1]
    size = run.size * MM_PER_PT
    left, top = xs[0], run.baseline - size
    text = _child(
        layer,
        "TextObject",
        ID=ids.next(),
        Boundary=_numbers(left, top, xs[-1] - left + size, size * 1.25),
        Font=font_id,
        Size=_numbers(size),
    )
    if run.color != (0, 0, 0):
        _child(text, "FillColor", Value=" ".join(str(value) for value in run.color))
    attributes = {"X": "0", "Y": _numbers(size)}
    if len(xs) > 1:
        attributes["DeltaX"] = _delta([later - earlier for earlier, later in pairwise(xs)])
    _child(text, "TextCode", text=chars, **attributes)


def _delta(advances: list[float]) -> str:
    """DeltaX with its "g count value" shorthand for repeated advances (§11.3, 表 46)."""
    parts: list[str] = []
    index = 0
    while index < len(advances):
        value = _numbers(advances[index])
        count = 1
        while index + count < len(advances) and _numbers(advances[index + count]) == value:
            count += 1
        parts.append(f"g {count} {value}" if count > 1 else value)
        index += count
    return " ".join(parts)


def _path(layer: ET.Element, rule: Rule, ids: _Ids) -> None:
    half = rule.thickness / 2
    path = _child(
        layer,
        "PathObject",
        ID=ids.next(),
        Boundary=_numbers(rule.x, rule.y - half, rule.length, rule.thickness),
        LineWidth=_numbers(rule.thickness),
    )
    _child(path, "StrokeColor", Value=" ".join(str(value) for value in rule.color))
    _child(path, "AbbreviatedData", text=f"M 0 {_numbers(half)} L {_numbers(rule.length, half)}")


def _image(layer: ET.Element, picture: Picture, ids: _Ids, media_id: str) -> None:
    _child(
        layer,
        "ImageObject",
        ID=ids.next(),
        Boundary=_numbers(picture.x, picture.y, picture.width, picture.height),
        CTM=_numbers(picture.width, 0, 0, picture.height, 0, 0),
        ResourceID=media_id,
    )


def _font_subset(font_file: FontFile, text: str) -> tuple[tuple[str, str, bool], bytes, str]:
    """((full name, family, bold), subset font file, extension) of the glyphs ``text`` uses:
    a TrueType-outline subset built from the face parsed once a thread (``core.pdf``), as the
    PDF embeds it, so issuing does not parse the CJK fonts again for every document."""
    source = parsed_ttfont(font_file)
    names = source["name"]
    family = names.getDebugName(16) or names.getDebugName(1) or font_file.path.stem
    name = (names.getDebugName(4) or family, family, source["OS/2"].usWeightClass >= 700)
    cmap = source.getBestCmap()
    used = {cmap[code] for code in map(ord, set(text)) if code in cmap}
    target = truetype_subset(source, used, key=(font_file.path, font_file.index))
    out = io.BytesIO()
    target.save(out)
    return name, out.getvalue(), "ttf"


def _numbers(*values: float) -> str:
    """Millimetres to 1/10,000 mm, without trailing zeros."""
    return " ".join(f"{value:.4f}".rstrip("0").rstrip(".") or "0" for value in values)


def _element(tag: str, **attributes: str) -> ET.Element:
    return ET.Element(_OFD + tag, attributes)


def _child(parent: ET.Element, tag: str, *, text: str | None = None, **attributes: str):
    element = ET.SubElement(parent, _OFD + tag, attributes)
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _package(files: dict[str, bytes]) -> bytes:
    """The ZIP container (§7.1), entries in a fixed order with a fixed time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["OFD.xml", *sorted(name for name in files if name != "OFD.xml")]:
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), files[name], zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
