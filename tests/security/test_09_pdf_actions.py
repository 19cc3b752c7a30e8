"""Finding 9: PDFs with /OpenAction, /GoToR, /GoToE, /URI or /Launch actions were accepted.
Replayed as an application over the API: each is refused with 400 naming the material."""

from pathlib import Path

import pytest

from onewindow.cases.models import Case, CaseMaterial
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import SINGLE, _media, citizen, valid_form, valid_uploads  # noqa: F401
from tests.cases.test_bad_files import pdf_opening_with, pdf_with_link, pdf_with_outline_action
from tests.cases.test_bad_input_and_authorization import post
from tests.cases.test_parallel_review_api import as_json, client_for

ACTIONS = {
    "open-goto.pdf": (lambda: pdf_opening_with("/GoTo"), "OpenAction"),
    "open-remote.pdf": (lambda: pdf_opening_with("/GoToR", **{"/F": "//evil/x.pdf"}), "GoToR"),
    "link-embedded.pdf": (lambda: pdf_with_link("/GoToE", **{"/NewWindow": "x"}), "GoToE"),
    "link-uri.pdf": (lambda: pdf_with_link("/URI", **{"/URI": "http://evil.example"}), "URI"),
    "outline-launch.pdf": (lambda: pdf_with_outline_action("/Launch", **{"/F": "cmd"}), "Launch"),
    "escaped-uri.pdf": (
        lambda: pdf_with_link("/URI", **{"/URI": "http://x"}).replace(b"/S /URI", b"/S /#55RI"),
        "URI",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIONS)
def test_a_pdf_with_an_action_is_refused_over_the_api(name, catalogue, citizen, settings):  # noqa: F811
    make, action = ACTIONS[name]
    item = ServiceItem.objects.get(code=SINGLE)
    uploads = valid_uploads(item)
    key = next(iter(uploads))
    uploads[key] = (name, make())
    response = post(
        client_for(citizen),
        "/api/v1/cases/",
        {"item": SINGLE, "form": valid_form(item), "materials": as_json(uploads)},
        language="en",
    )
    assert response.status_code == 400
    (message,) = response.json()[f"materials.{key}"]
    assert name in message
    assert f"active content ({action})" in message
    assert not Case.objects.exists()
    assert not CaseMaterial.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
