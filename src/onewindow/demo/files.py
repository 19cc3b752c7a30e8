"""Stand-in scans for demo applications: real one-page PDFs that pass the upload checks."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def blank_pdf(title: str) -> bytes:
    """An empty A4 page titled ``title``."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
