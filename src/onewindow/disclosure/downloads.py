"""The downloads of a request, the same for the applicant's pages and the office's: a letter as
a PDF with the agency's e-seal, and a file released with the reply. Whoever may not see one
gets a 404 (the selectors decide)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from onewindow.disclosure import letters
from onewindow.disclosure.selectors import requests as selectors


def letter_response(user, number: str) -> HttpResponse:
    found = selectors.letter(user, number)
    if found is None:
        raise Http404(_("There is no such letter that you can see."))
    response = HttpResponse(letters.pdf_bytes(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.number}.pdf"'
    return response


def file_response(user, file_id: int) -> FileResponse:
    found = selectors.disclosed_file(user, file_id)
    if found is None:
        raise Http404(_("There is no such file that you can see."))
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name,
        content_type=found.content_type,
    )  # fmt: skip
