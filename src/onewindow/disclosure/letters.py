"""The letters a disclosure request gets, in Chinese, signed with the agency's SM2 e-seal.

A letter is issued inside the service call that makes it true: its content is frozen on a
``Letter`` row and signed (SM2 with SM3, GB/T 32918) by the agency's active seal
(``certificates.seals``) over the canonical JSON of the content and the seal's key id, so the
published seal keys verify it. The PDF is rendered from the frozen content on download, with
the round red seal over the agency's name and date (GB/T 9704-2012); the same content always
gives the same bytes.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from onewindow.cases.notices import remedies
from onewindow.certificates import seals
from onewindow.certificates.seal_drawing import draw_seal
from onewindow.core import audit, crypto, keystore
from onewindow.core.pdf import Document, format_date
from onewindow.disclosure.models import Letter, LetterKind

ALGORITHM = seals.ALGORITHM
SEAL_CAPTION = "政府信息公开专用章"
SEAL_RADIUS = 21  # mm, a 42 mm round seal
REVIEW_BODY = "广州市人民政府"  # 行政复议法 Art. 24: the government at the agency's level
TITLES = {
    LetterKind.ACKNOWLEDGEMENT: "政府信息公开申请登记回执",
    LetterKind.SUPPLEMENT: "政府信息公开申请补正告知书",
    LetterKind.CONSULTATION: "政府信息公开第三方意见征询函",
    LetterKind.EXTENSION: "政府信息公开申请延期答复告知书",
    LetterKind.FEE: "政府信息公开信息处理费缴费通知书",
    LetterKind.REPLY: "政府信息公开申请答复书",
}
CODES = {
    LetterKind.ACKNOWLEDGEMENT: "HZ",
    LetterKind.SUPPLEMENT: "BZ",
    LetterKind.CONSULTATION: "ZX",
    LetterKind.EXTENSION: "YQ",
    LetterKind.FEE: "SF",
    LetterKind.REPLY: "DF",
}


def signed_body(letter: Letter) -> dict:
    return {"content": letter.content, "seal": {"key_id": letter.seal_key_id}}


def issue(
    request,
    kind: str,
    *,
    addressee: str,
    paragraphs: list[str],
    fields: list[tuple[str, str]] = (),
    with_remedies: bool = False,
    to_applicant: bool = True,
    actor=None,
) -> Letter:
    """Freeze, number and seal one letter about ``request``; call inside the service's
    transaction."""
    now = timezone.now()
    count = Letter.objects.filter(request=request, kind=kind).count() + 1
    number = f"{request.number}-{CODES[kind]}{count}"
    issued_on = timezone.localdate(now)
    if with_remedies:  # 行政复议法 Art. 20 (60 days), 行政诉讼法 Art. 46 (6 months)
        paragraphs = [*paragraphs, remedies(REVIEW_BODY, "答复书")]
    content = {
        "title": TITLES[kind],
        "number": number,
        "request_number": request.number,
        "agency": request.agency.name,
        "addressee": addressee,
        "issued_on": issued_on.isoformat(),
        "paragraphs": list(paragraphs),
        "fields": [list(row) for row in fields],
    }
    seal = seals.active_seal(request.agency)
    letter = Letter(
        request=request,
        kind=kind,
        number=number,
        content=content,
        issued_at=now,
        seal_key_id=seal.key_id,
        to_applicant=to_applicant,
    )
    body = keystore.canonical_json(signed_body(letter))
    letter.digest = crypto.sm3_hex(body)
    letter.signature = seals.sign(seal, body)
    letter.save()
    audit.record(
        "disclosure.letter_issued",
        object_type="disclosure_request",
        object_id=request.number,
        actor=actor,
        data={"letter": number, "kind": kind, "sm3": letter.digest, "seal": seal.key_id},
    )
    return letter


def signature_holds(letter: Letter) -> bool:
    """True if the seal named on the letter signed exactly its content."""
    from onewindow.certificates.models import Seal

    seal = Seal.objects.filter(key_id=letter.seal_key_id).first()
    return seal is not None and crypto.sm2_verify(
        seal.public_key, letter.signature, keystore.canonical_json(signed_body(letter))
    )


def pdf_bytes(letter: Letter) -> bytes:
    """The letter as an A4 PDF in Chinese with the agency's seal over its name and date."""
    content = letter.content
    issued_on = date.fromisoformat(content["issued_on"])
    doc = Document(
        title=content["title"], author=content["agency"], issued_on=issued_on,
        number=content["number"],
    )  # fmt: skip
    doc.set_subject(f"申请编号：{content['request_number']}")
    doc.heading()
    doc.paragraph(f"{content['addressee']}：", indent=False)
    paragraphs = content["paragraphs"]
    for text in paragraphs[:-1]:
        doc.paragraph(text)
    if content["fields"]:
        doc.fields([tuple(row) for row in content["fields"]])
    doc.sign_off(content["agency"], issued_on, last_paragraph=paragraphs[-1] if paragraphs else "")
    seal_y = doc.get_y() - doc.LINE_HEIGHT
    seal_x = doc.l_margin + doc.epw - SEAL_RADIUS - 12
    draw_seal(doc, cx=seal_x, cy=seal_y, radius=SEAL_RADIUS, department=content["agency"],
              caption=SEAL_CAPTION)  # fmt: skip
    doc.set_y(seal_y + SEAL_RADIUS + 4)
    doc.set_font(doc.font_family, size=doc.SMALL_SIZE)
    doc.multi_cell(
        0, 5,
        f"电子印章：{letter.seal_key_id}（{ALGORITHM}）  SM3：{letter.digest}",
    )  # fmt: skip
    return doc.render()


def format_day(day: date) -> str:
    return format_date(day)
