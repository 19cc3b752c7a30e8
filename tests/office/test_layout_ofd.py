"""The 公文 OFD (GB/T 33190-2016) opened with easyofd, a reader the project did not write: it
reads back the text, the pages and the seal, glyph for glyph where the PDF has them."""

import io
import zipfile

import pytest
from lxml import etree

from onewindow.office.layout import render_ofd, render_pdf
from tests.office import (
    LEFT,
    RIGHT,
    ofd_document,
    ofd_glyphs,
    pdf_glyphs,
    pdf_pages,
    sample_layout,
    seal_png,
    text_of,
)

OFD_NS = "http://www.ofdspec.org/2016"
# No database: CI runs it once, on the PostgreSQL stage.
pytestmark = [
    pytest.mark.once,
    pytest.mark.filterwarnings("ignore::FutureWarning"),  # easyofd imports fitz
]
TOLERANCE = 0.02  # mm: the PDF keeps positions to 1/100 pt, the OFD to 1/10,000 mm


@pytest.fixture(scope="module")
def ofd():
    return render_ofd(sample_layout(), seal_png=seal_png())


@pytest.fixture(scope="module")
def pdf():
    return render_pdf(sample_layout(), seal_png=seal_png())


@pytest.fixture(scope="module")
def document(ofd):
    return ofd_document(ofd)


def test_the_reader_finds_the_title_number_and_body(ofd):
    text = "".join(text_of(page) for page in ofd_glyphs(ofd))
    layout = sample_layout()
    assert layout.title in text
    assert "穗府办〔2026〕12号" in text
    assert layout.body[0] in text  # a paragraph of three pages' lines, whole
    assert "2026年12月6日" in text


def test_the_ofd_has_the_pdfs_pages_at_a4(document, pdf):
    assert len(document["page_info"]) == len(pdf_pages(pdf)) == 3
    assert document["page_size"] == [[0.0, 0.0, 210.0, 297.0]] * 3


def test_every_glyph_stands_where_the_pdf_has_it(ofd, pdf):
    for from_ofd, from_pdf in zip(ofd_glyphs(ofd), pdf_glyphs(pdf), strict=True):
        assert len(from_ofd) == len(from_pdf)
        ofd_sorted = sorted(from_ofd, key=lambda g: (round(g.baseline, 1), g.x))
        pdf_sorted = sorted(from_pdf, key=lambda g: (round(g.baseline, 1), g.x))
        for a, b in zip(ofd_sorted, pdf_sorted, strict=True):
            assert a.char == b.char
            assert a.x == pytest.approx(b.x, abs=TOLERANCE)
            assert a.baseline == pytest.approx(b.baseline, abs=TOLERANCE)
            assert a.size == pytest.approx(b.size, abs=0.01)


def test_the_mark_is_red_and_so_is_the_separator(document):
    first = document["page_info"][0]
    mark = next(t for t in first["text_list"] if t["text"] == "广州市人民政府办公厅文件")
    assert mark["color"] == ("255", "0", "0")
    (red,) = [line for line in first["line_list"] if line["StrokeColor"] == ["255", "0", "0"]]
    x, _, width, _ = red["pos"]
    assert (x, x + width) == pytest.approx((LEFT, RIGHT))


def test_the_seal_is_an_image_resource_over_the_date(document, pdf):
    last = document["page_info"][len(document["page_info"]) - 1]
    (image,) = last["img_list"]
    (resource,) = document["images"].values()
    assert resource["suffix"].lower() == "png"
    (from_pdf,) = pdf_pages(pdf)[-1].get_image_info()
    expected = [value * 25.4 / 72 for value in from_pdf["bbox"]]
    x, y, width, height = image["pos"]
    assert [x, y, x + width, y + height] == pytest.approx(expected, abs=TOLERANCE)


def test_the_package_is_laid_out_as_the_standard_says(ofd):
    with zipfile.ZipFile(io.BytesIO(ofd)) as package:
        names = set(package.namelist())
        assert {
            "OFD.xml",
            "Doc_0/Document.xml",
            "Doc_0/PublicRes.xml",
            "Doc_0/DocumentRes.xml",
            "Doc_0/Pages/Page_0/Content.xml",
            "Doc_0/Pages/Page_2/Content.xml",
        } <= names
        entry = etree.fromstring(package.read("OFD.xml"))
        document = etree.fromstring(package.read("Doc_0/Document.xml"))
        fonts = etree.fromstring(package.read("Doc_0/PublicRes.xml"))
        for name in names:
            if name.endswith(".xml"):
                assert etree.fromstring(package.read(name)).nsmap["ofd"] == OFD_NS
        ns = {"ofd": OFD_NS}
        assert entry.findtext("ofd:DocBody/ofd:DocRoot", namespaces=ns) == "Doc_0/Document.xml"
        assert entry.findtext("ofd:DocBody/ofd:DocInfo/ofd:Title", namespaces=ns) == (
            sample_layout().title
        )
        pages = document.findall("ofd:Pages/ofd:Page", namespaces=ns)
        assert [page.get("BaseLoc") for page in pages] == [
            f"Pages/Page_{n}/Content.xml" for n in range(3)
        ]
        # every font is embedded, and an id is never used twice
        for font in fonts.iterfind("ofd:Fonts/ofd:Font", namespaces=ns):
            assert f"Doc_0/Res/{font.findtext('ofd:FontFile', namespaces=ns)}" in names
        ids = [
            element.get("ID")
            for name in names
            if name.endswith(".xml")
            for element in etree.fromstring(package.read(name)).iter()
            if element.get("ID") and not element.tag.endswith("}Page")
        ]
        page_ids = [page.get("ID") for page in pages]
        assert len(set(ids + page_ids)) == len(ids) + len(page_ids)
        max_id = int(document.findtext("ofd:CommonData/ofd:MaxUnitID", namespaces=ns))
        assert max_id == max(int(value) for value in ids + page_ids)


def test_one_layout_gives_one_byte_string(ofd):
    assert render_ofd(sample_layout(), seal_png=seal_png()) == ofd
