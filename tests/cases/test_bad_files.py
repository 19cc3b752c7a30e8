"""Hostile or broken uploads: oversized, disguised, zip bombs, image bombs, PDFs with active
content or encryption. Each is refused with a message naming the file, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    NameObject,
    TextStringObject,
)

from onewindow.cases.models import Case, CaseMaterial
from onewindow.cases.uploads import check_upload
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import SINGLE, pdf_bytes, png_bytes, valid_form, valid_uploads
from tests.cases.test_bad_input_and_authorization import post
from tests.cases.test_parallel_review_api import as_json, client_for


def written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def pdf_with_javascript() -> bytes:
    return pdf_opening_with("/JavaScript", **{"/JS": "app.alert('hello');"})


def pdf_opening_with(action: str, **entries) -> bytes:
    """A PDF whose /OpenAction is an action of type ``action``."""
    writer = blank()
    fields = {NameObject("/S"): NameObject(action)}
    fields |= {NameObject(k): TextStringObject(v) for k, v in entries.items()}
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject(fields))
    return written(writer)


def action(kind: str, **entries) -> DictionaryObject:
    fields = {NameObject("/S"): NameObject(kind)}
    return DictionaryObject(
        fields | {NameObject(k): TextStringObject(v) for k, v in entries.items()}
    )


def pdf_with_link(kind: str, **entries) -> bytes:
    """A PDF whose page carries a link annotation running an action of type ``kind``."""
    writer = blank()
    link = Link(rect=(50, 50, 200, 80), target_page_index=0)
    link[NameObject("/A")] = action(kind, **entries)
    del link["/Dest"]
    writer.add_annotation(page_number=0, annotation=link)
    return written(writer)


def pdf_with_outline_action(kind: str, **entries) -> bytes:
    """A PDF whose bookmark (outline item) runs an action of type ``kind``."""
    writer = blank()
    item = writer.add_outline_item("第一页", 0)
    item.get_object()[NameObject("/A")] = writer._add_object(action(kind, **entries))
    return written(writer)


def pdf_opening_at_a_page() -> bytes:
    """An /OpenAction that is only a destination (open on page 1, fit): not an action."""
    writer = blank()
    page = writer.pages[0].indirect_reference
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page, NameObject("/Fit")])
    return written(writer)


def pdf_with_internal_link() -> bytes:
    writer = blank()
    writer.add_blank_page(595, 842)
    link = Link(rect=(50, 50, 200, 80), target_page_index=1, fit=Fit.fit())
    writer.add_annotation(page_number=0, annotation=link)
    writer.add_outline_item("第二页", 1)
    return written(writer)


def pdf_with_attachment() -> bytes:
    writer = blank()
    writer.add_attachment("run.exe", b"MZ\x90\x00")
    return written(writer)


def pdf_with_escaped_javascript_names() -> bytes:
    # "#61" is "a", "#53" is "S": the names still read /JavaScript and /JS; the byte offsets
    # the longer spelling shifts are repaired when the PDF is read.
    return pdf_with_javascript().replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")


def encrypted_pdf() -> bytes:
    writer = blank()
    writer.encrypt("secret")
    return written(writer)


def zip_bomb() -> bytes:
    """An OFD-looking ZIP of 50 KB that expands to 64 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        with archive.open("Doc_0/Res/zeros.bin", "w") as member:
            for _ in range(64):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def ofd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>" * 20)
    return buffer.getvalue()


def image_bomb() -> bytes:
    """A 9,000 × 9,000 PNG (81 million pixels) of a few kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


REFUSED = [
    ("script.pdf", pdf_with_javascript, "active content (JS)"),
    ("launch.pdf", lambda: pdf_opening_with("/Launch", **{"/F": "cmd.exe"}), "(Launch)"),
    ("submit.pdf", lambda: pdf_opening_with("/SubmitForm", **{"/F": "http://x"}), "(SubmitForm)"),
    ("attached.pdf", pdf_with_attachment, "active content (EmbeddedFile"),
    ("escaped.pdf", pdf_with_escaped_javascript_names, "active content (JS)"),
    ("opening-goto.pdf", lambda: pdf_opening_with("/GoTo"), "(OpenAction)"),
    ("opening-uri.pdf", lambda: pdf_opening_with("/URI", **{"/URI": "http://x"}), "(URI)"),
    ("remote.pdf", lambda: pdf_opening_with("/GoToR", **{"/F": "x.pdf"}), "(GoToR)"),
    ("link-uri.pdf", lambda: pdf_with_link("/URI", **{"/URI": "http://x"}), "(URI)"),
    ("link-launch.pdf", lambda: pdf_with_link("/Launch", **{"/F": "cmd.exe"}), "(Launch)"),
    ("link-gotoe.pdf", lambda: pdf_with_link("/GoToE", **{"/NewWindow": "x"}), "(GoToE)"),
    ("outline.pdf", lambda: pdf_with_outline_action("/GoToR", **{"/F": "x.pdf"}), "(GoToR)"),
    (
        "escaped-uri.pdf",
        lambda: pdf_with_link("/URI", **{"/URI": "http://x"}).replace(b"/S /URI", b"/S /#55R#49"),
        "(URI)",
    ),
    (
        "escaped-remote.pdf",
        lambda: pdf_with_outline_action("/GoToR", **{"/F": "x"}).replace(b"/GoToR", b"/Go#54oR"),
        "(GoToR)",
    ),
    ("locked.pdf", encrypted_pdf, "Encrypted PDF files"),
    ("broken.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n", "damaged"),
    ("bomb.ofd", zip_bomb, "possible zip bomb"),
    ("huge.png", image_bomb, "9000 × 9000 pixels"),
]


@pytest.mark.parametrize(("name", "make", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_hostile_file_is_refused_with_its_name_and_the_reason(name, make, reason):
    with pytest.raises(ValidationError) as refused:
        check_upload(name, make(), field="materials.x")
    (message,) = refused.value.message_dict["materials.x"]
    assert name in message
    assert reason in message


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("scan.pdf", pdf_bytes("scan"), "application/pdf"),
        ("photo.png", png_bytes(), "image/png"),
        ("licence.ofd", ofd(), "application/ofd"),
        ("opens-at-page-1.pdf", pdf_opening_at_a_page(), "application/pdf"),
        ("linked-pages.pdf", pdf_with_internal_link(), "application/pdf"),
    ],
)
def test_ordinary_documents_pass(name, content, content_type):
    assert check_upload(name, content, field="materials.x").content_type == content_type


def test_oversized_and_disguised_files_are_refused(settings):
    settings.ONEWINDOW_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        check_upload("big.pdf", b"%PDF-1.4\n" + bytes(1024 * 1024), field="f")
    with pytest.raises(ValidationError, match="named as another type"):
        check_upload("photo.pdf", png_bytes(), field="f")
    with pytest.raises(ValidationError, match="not a readable PDF, JPG, PNG or OFD"):
        check_upload("setup.pdf", b"MZ\x90\x00\x03" + bytes(64), field="f")
    with pytest.raises(ValidationError, match="not a readable PDF, JPG, PNG or OFD"):
        check_upload("archive.ofd", _zip_without_ofd(), field="f")


def _zip_without_ofd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_scripted_pdf_in_an_application_is_refused_and_nothing_is_stored(
    staff, citizen, settings
):
    item = ServiceItem.objects.get(code=SINGLE)
    uploads = valid_uploads(item)
    key = next(iter(uploads))
    uploads[key] = ("form.pdf", pdf_with_javascript())
    for language, words in (("en", "active content"), ("zh-hans", "活动内容")):
        response = post(
            client_for(citizen),
            "/api/v1/cases/",
            {"item": SINGLE, "form": valid_form(item), "materials": as_json(uploads)},
            language=language,
        )
        assert response.status_code == 400
        (message,) = response.json()[f"materials.{key}"]
        assert "form.pdf" in message
        assert words in message
    assert not Case.objects.exists()
    assert not CaseMaterial.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
