"""Finding 12: `GET /api/v1/calendar/due-date?start=9999-12-31` gave a 500 and an upload named
`../x.pdf` an HTML debug page. Replayed over HTTP: each is a JSON 400 naming the field."""

import base64
import json

import pytest
from django.test import Client

from onewindow.cases.models import Case, CaseMaterial
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import (  # noqa: F401
    SINGLE,
    _media,
    citizen,
    pdf_bytes,
    valid_form,
    valid_uploads,
)
from tests.cases.test_parallel_review_api import as_json, client_for

URL = "/api/v1/calendar/due-date"


@pytest.fixture
def debug_pages(settings):
    settings.DEBUG = True  # the probe saw the debug page: make sure none is shown even so
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


FAR = [
    ("9999-12-31", 20, "start"),
    ("9999-12-24", 3650, "start"),
    ("2026-01-05", 10**30, "working_days"),
    ("2026-01-05", -(10**30), "working_days"),
    ("10000-01-01", 1, "start"),
    ("0000-01-01", 1, "start"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "days", "field"), FAR)
def test_far_dates_and_huge_counts_answer_a_json_400_naming_the_field(
    debug_pages, start, days, field
):
    response = Client(raise_request_exception=False).get(
        URL, {"start": start, "working_days": days}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days"), [("0001-01-01", 20), ("0001-01-01", 3650), ("2026-01-05", 3650)]
)
def test_years_without_an_arrangement_compute_provisionally_instead_of_failing(start, days):
    response = Client().get(URL, {"start": start, "working_days": days})
    assert response.status_code == 200
    assert response.json()["provisional"] is True


@pytest.mark.django_db
def test_the_last_days_a_date_can_hold_still_compute():
    for start, days, due in (("9999-12-30", 1, "9999-12-31"), ("9999-12-31", 0, "9999-12-31")):
        response = Client().get(URL, {"start": start, "working_days": days})
        assert response.status_code == 200
        assert response.json()["due_date"] == due


@pytest.mark.django_db
def test_the_portal_calculator_says_so_on_the_start_field(debug_pages):
    response = Client(raise_request_exception=False).get(
        "/deadline/", {"start": "9999-12-31", "working_days": 20}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Deadlines cannot run past 9999-12-31" in response.content.decode()


NAMES = [
    "../x.pdf",
    "../../etc/passwd.pdf",
    "/var/x.pdf",
    "a/b.pdf",
    "..\\\\x.pdf",
    "x\x00.pdf",
    "x\n.pdf",
    "\ud800.pdf",
    "",
    "..",
    "长" * 101 + ".pdf",
    "a" * 240 + ".pdf",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_an_upload_name_that_is_not_one_plain_name_is_a_json_400(
    debug_pages,
    catalogue,
    citizen,  # noqa: F811
    name,
):
    item = ServiceItem.objects.get(code=SINGLE)
    uploads = valid_uploads(item)
    key = next(iter(uploads))
    materials = as_json(uploads)
    materials[key] = {"name": name, "content": base64.b64encode(pdf_bytes()).decode()}
    response = client_for(citizen).post(  # sent as raw JSON: "\ud800" is a legal escape
        "/api/v1/cases/",
        json.dumps({"item": SINGLE, "form": valid_form(item), "materials": materials}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()  # named by the service, or by the API's shape of an upload
    assert f"materials.{key}" in body or "name" in body["materials"][key]
    assert not Case.objects.exists()
    assert not CaseMaterial.objects.exists()


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart body with file names exactly as given (the test client would trim them)."""
    boundary = "onewindow-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for field, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
        )
        parts.append(head.encode("utf-8", "surrogateescape") + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


MULTIPART_NAMES = ["../x.pdf", "..\\x.pdf", "x\x00.pdf", "长" * 101 + ".pdf", "..", "a/.."]


@pytest.mark.django_db
@pytest.mark.parametrize("name", MULTIPART_NAMES, ids=range(len(MULTIPART_NAMES)))
def test_upload_names_in_a_multipart_application_never_crash(
    debug_pages,
    catalogue,
    citizen,  # noqa: F811
    name,
):
    item = ServiceItem.objects.get(code=SINGLE)
    uploads = valid_uploads(item)
    key = next(iter(uploads))
    files = {f"materials.{k}": v for k, v in uploads.items()}
    files[f"materials.{key}"] = (name, pdf_bytes())
    body, content_type = multipart({"item": SINGLE, "form": json.dumps(valid_form(item))}, files)
    client = Client(raise_request_exception=False)
    client.force_login(citizen)
    response = client.generic("POST", "/api/v1/cases/", body, content_type=content_type)
    assert response["Content-Type"] == "application/json"
    if response.status_code == 201:  # Django kept only the last part of a path: stored so
        stored = CaseMaterial.objects.get(key=key).file.name
        assert stored.startswith("cases/")
        assert ".." not in stored.split("/")
        return
    assert response.status_code == 400, response.content[:300]
    assert f"materials.{key}" in response.json()
    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", MULTIPART_NAMES, ids=range(len(MULTIPART_NAMES)))
def test_upload_names_on_the_portal_draft_never_crash(
    debug_pages,
    catalogue,
    citizen,  # noqa: F811
    name,
):
    client = Client(raise_request_exception=False)
    client.force_login(citizen)
    draft = client.get(f"/services/{SINGLE}/apply/").url
    item = ServiceItem.objects.get(code=SINGLE)
    key = next(m.key for m in item.materials.all() if m.source_kind == "upload")
    body, content_type = multipart({"action": "save"}, {f"materials.{key}": (name, pdf_bytes())})
    response = client.generic("POST", draft, body, content_type=content_type)
    assert response.status_code in (200, 302), response.content[:300]
    if response.status_code == 200:
        assert "Traceback" not in response.content.decode()
