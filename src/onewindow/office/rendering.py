"""An outgoing document as GB/T 9704-2012 pages: its elements for ``office.layout``, rendered
to PDF (what people read and keep) and OFD (GB/T 33190-2016, for exchange and archiving), both
with the department's seal over its name and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onewindow.office import seal_image
from onewindow.office.layout.document import OfficialDocumentLayout
from onewindow.office.layout.gbt9704 import render_pdf
from onewindow.office.layout.ofd import render_ofd
from onewindow.office.models import URGENCY_MARK, DocumentAgency, OutgoingDocument


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    ofd: bytes


def _list(text: str) -> list[str]:
    """Items of a list written one a line or separated by the Chinese comma (，、)."""
    items = []
    for line in (text or "").replace("，", "\n").replace("、", "\n").splitlines():
        item = line.strip().rstrip("。")
        if item:
            items.append(item)
    return items


def _attachments(text: str) -> list[str]:
    """Attachment names without the numbers the drafter typed (the layout numbers them)."""
    names = []
    for line in (text or "").splitlines():
        name = line.strip().lstrip("0123456789.．、 ").strip()
        if name:
            names.append(name)
    return names


def layout_of(
    document: OutgoingDocument, agency: DocumentAgency, *, printed_on: date
) -> OfficialDocumentLayout:
    department = document.department
    return OfficialDocumentLayout(
        agency_mark=agency.mark,
        document_number=document.number,
        title=document.title,
        main_recipients=document.main_recipients,
        body=[p.strip() for p in document.body.splitlines() if p.strip()],
        issuing_agency=department.name,
        date_written=document.signed_on,
        printing_agency=f"{department.name}办公室",
        printing_date=printed_on,
        signer=document.signer.real_name if document.is_upward and document.signer else None,
        urgency=URGENCY_MARK.get(document.urgency),
        attachments=_attachments(document.attachments_note),
        note=document.note or None,
        copy_to=_list(document.copy_to),
    )


def render(
    document: OutgoingDocument, agency: DocumentAgency, *, seal_name: str, printed_on: date
) -> Rendered:
    layout = layout_of(document, agency, printed_on=printed_on)
    seal = seal_image.render(seal_name)
    return Rendered(pdf=render_pdf(layout, seal_png=seal), ofd=render_ofd(layout, seal_png=seal))
