"""A case's stored files as HTTP responses, the same for the hall, the workbench and the API."""

from __future__ import annotations

from django.http import FileResponse

from onewindow.cases import documents
from onewindow.cases.models import CaseDocument, CaseMaterial


def _response(field_file, *, filename: str, content_type: str, attachment: bool) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=attachment,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(document: CaseDocument, *, attachment: bool = True) -> FileResponse:
    """A notice or decision PDF, named by its document number (rendered now if still pending)."""
    document = documents.ensure_rendered(document)
    return _response(
        document.file,
        filename=f"{document.number}.pdf",
        content_type="application/pdf",
        attachment=attachment,
    )


def material_response(material: CaseMaterial, *, attachment: bool = True) -> FileResponse:
    """An uploaded material under the name it was uploaded with and its sniffed type."""
    return _response(
        material.file,
        filename=material.original_name or material.key,
        content_type=material.content_type,
        attachment=attachment,
    )
