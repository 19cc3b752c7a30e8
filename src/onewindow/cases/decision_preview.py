"""The head's preview of the decision: the real PDF as ``decide`` would issue it now,
watermarked 预览 / PREVIEW on every page, unsealed and never stored as a case document.

A read: nothing is written and nothing is numbered for good (the document number shown is the
one the next decision would get).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from onewindow.accounts.models import Role, User
from onewindow.cases import cooling_off, documents, notices, selectors
from onewindow.cases.authority import require_role
from onewindow.cases.engine import Step, require_status
from onewindow.cases.models import DocumentKind, Outcome, Status, TaskStatus
from onewindow.core import pdf as core_pdf

WATERMARK = "预览 / PREVIEW"


def decision_pdf(*, actor: User, number: str) -> bytes:
    """The decision ``actor`` would issue on case ``number`` now, as a watermarked PDF.

    Only someone who may issue the decision may preview it, and only while it is due.
    """
    case = selectors.case_for(actor, number)
    roles = (Role.HEAD, Role.WINDOW_CLERK) if case.item.instant else (Role.HEAD,)
    require_role(actor, roles, case.lead_department, _("preview the decision"))
    require_status(case, Status.AWAITING_DECISION, action=_("decided"))
    step = Step(case=case, actor=actor)
    cooling_off.require_appearance_window(step)
    denied = case.tasks.filter(status=TaskStatus.DENIED).exists()
    case.outcome = Outcome.DENIED if denied else Outcome.GRANTED  # in memory only
    notice = documents.draft(step, DocumentKind.DECISION)
    return watermarked(notices.decision(notice))


def _stamp(width: float, height: float) -> PdfReader:
    """One page of the given size carrying the watermark, diagonally, in light grey."""
    sheet = FPDF(unit="pt", format=(width, height))
    core_pdf.add_cjk_fonts(sheet)
    sheet.add_page()
    sheet.set_font(core_pdf.FAMILY, "B", 54)
    sheet.set_text_color(200, 200, 200)
    text_width = sheet.get_string_width(WATERMARK)
    with sheet.rotation(35, x=width / 2, y=height / 2):
        sheet.text(width / 2 - text_width / 2, height / 2, WATERMARK)
    return PdfReader(io.BytesIO(core_pdf.finish(sheet)))


def watermarked(pdf: bytes) -> bytes:
    """``pdf`` with the preview watermark over every page."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    stamps: dict[tuple[float, float], object] = {}
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in stamps:
            stamps[size] = _stamp(*size).pages[0]
        page.merge_page(stamps[size], over=True)
    title = reader.metadata.title if reader.metadata else ""
    writer.add_metadata({"/Title": f"{WATERMARK} · {title}" if title else WATERMARK})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
