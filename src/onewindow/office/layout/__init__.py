"""The output of 公文: GB/T 9704-2012 pages, drawn as PDF (``render_pdf``) or OFD (``render_ofd``).

Pure rendering: it knows no Django model. The office app maps an outgoing document to an
``OfficialDocumentLayout`` and asks for bytes (docs/office_layout.md).
"""

from onewindow.office.layout.document import OfficialDocumentLayout
from onewindow.office.layout.gbt9704 import render_pdf
from onewindow.office.layout.ofd import render_ofd

__all__ = ["OfficialDocumentLayout", "render_ofd", "render_pdf"]
