"""Issuing: the number from the agency's counter, the GB/T 9704 PDF and the OFD with the seal,
the SM2 signature over the PDF's SM3 digest that anyone can verify (a changed byte fails),
sending to two agencies, one signing for it and the other chased."""

from __future__ import annotations

from datetime import date

import pymupdf
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from onewindow.notifications.models import Notification
from onewindow.office import services as office
from onewindow.office.models import DocumentStatus
from tests.office import ofd_document, ofd_glyphs, text_of
from tests.office.outgoing_world import countersigned

pytestmark = pytest.mark.django_db
S = DocumentStatus


def _issued(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    document = countersigned(world)
    with time_machine.travel(date(2027, 1, 8)):
        office.sign_off(document, actor=world.signer, agreed=True)
        with pytest.raises(PermissionDenied):
            office.issue(document, actor=world.drafter)
        office.issue(document, actor=world.clerk)
    document.refresh_from_db()
    return document


def test_the_clerk_numbers_seals_and_signs_and_the_pdf_verifies(world, tmp_path, settings):
    document = _issued(world, tmp_path, settings)
    assert document.status == S.SEND
    assert document.number == "穗市监〔2027〕1号"
    pdf = document.pdf.read()
    text = "".join(page.get_text() for page in pymupdf.open(stream=pdf, filetype="pdf"))
    assert "穗市监〔2027〕1号" in text
    assert "食品安全抽检" in text
    assert "2027年1月8日" in text  # 成文日期, the sign-off's day
    assert office.verify(pdf) == document
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    assert office.verify(bytes(changed)) is None


@pytest.mark.filterwarnings("ignore::FutureWarning")  # easyofd imports fitz
def test_the_ofd_is_the_same_document_for_an_independent_reader(world, tmp_path, settings):
    document = _issued(world, tmp_path, settings)
    ofd = document.ofd.read()
    text = "".join(text_of(page) for page in ofd_glyphs(ofd))
    assert "穗市监〔2027〕1号" in text
    assert document.title in text
    pages = pymupdf.open(stream=document.pdf.read(), filetype="pdf")
    assert len(ofd_document(ofd)["page_info"]) == pages.page_count


def test_sent_to_two_agencies_one_signs_for_it_and_the_other_is_chased(world, tmp_path, settings):
    document = _issued(world, tmp_path, settings)
    with pytest.raises(ValidationError) as caught:
        office.send(document, [], actor=world.clerk)
    assert "recipients" in caught.value.message_dict
    yuexiu, tianhe = office.send(document, ["440104-SCJG", "440106-SCJG"], actor=world.clerk)
    document.refresh_from_db()
    assert document.status == S.SENT
    assert Notification.objects.filter(
        recipient=world.th_clerk, kind="office.document_received"
    ).exists()
    with pytest.raises(PermissionDenied):
        office.sign_for(yuexiu, actor=world.th_clerk)  # another agency's copy
    office.sign_for(yuexiu, actor=world.yx_clerk)
    with pytest.raises(ValidationError):
        office.sign_for(yuexiu, actor=world.yx_clerk)
    with pytest.raises(PermissionDenied):
        office.chase(tianhe, actor=world.yx_clerk)
    office.chase(tianhe, actor=world.clerk)
    tianhe.refresh_from_db()
    assert tianhe.chases == 1
    assert tianhe.signed_for_at is None
    assert Notification.objects.filter(
        recipient=world.th_clerk, kind="office.document_chased"
    ).exists()
