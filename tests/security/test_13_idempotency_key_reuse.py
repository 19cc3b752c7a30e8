"""Finding 13: reusing an Idempotency-Key with a different body silently returned the first
case. Replayed over the API: a different body answers 422, the same body the first case."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import (  # noqa: F401
    PARALLEL,
    _media,
    enterprise,
    pdf_bytes,
    valid_form,
    valid_uploads,
)
from tests.cases.test_parallel_review_api import as_json, client_for
from tests.conftest import zh


def submit(client, body, key="retry-1", **extra):
    return client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


@pytest.mark.django_db
def test_a_key_reused_with_another_body_is_refused_with_422(catalogue, enterprise):  # noqa: F811
    item = ServiceItem.objects.get(code=PARALLEL)
    client = client_for(enterprise)
    form = valid_form(item)
    uploads = valid_uploads(item)
    body = {"item": PARALLEL, "form": form, "materials": as_json(uploads)}
    first = submit(client, body)
    assert first.status_code == 201
    number = first.json()["number"]

    # The same request again, its form's keys in another order: the same case.
    reordered = {"item": PARALLEL, "form": dict(reversed(list(form.items())))}
    again = submit(client, reordered | {"materials": body["materials"]})
    assert again.status_code == 200
    assert again.json()["number"] == number

    other_form = body | {"form": form | {"premises_address": "另一个地址1号"}}
    key = next(iter(uploads))
    other_file = {**uploads, key: (f"{key}.pdf", pdf_bytes("another file"))}
    for changed in (other_form, body | {"materials": as_json(other_file)}):
        refused = submit(client, changed)
        assert refused.status_code == 422
        assert refused.json() == {
            "detail": zh(
                "This Idempotency-Key was already used for a different request; send a new "
                "key for a new application."
            )
        }
    assert Case.objects.filter(applicant=enterprise).count() == 1
    assert Case.objects.get().form_data["premises_address"] == form["premises_address"]

    # A new key files the changed application.
    assert submit(client, other_form, key="retry-2").status_code == 201


@pytest.mark.django_db
def test_a_multipart_retry_matches_its_json_twin(catalogue, enterprise):  # noqa: F811
    item = ServiceItem.objects.get(code=PARALLEL)
    client = client_for(enterprise)
    form, uploads = valid_form(item), valid_uploads(item)
    first = submit(client, {"item": PARALLEL, "form": form, "materials": as_json(uploads)})
    files = {f"materials.{k}": SimpleUploadedFile(n, c) for k, (n, c) in uploads.items()}
    multipart = client.post(
        "/api/v1/cases/",
        {"item": PARALLEL, "form": json.dumps(form), **files},
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )
    assert multipart.status_code == 200
    assert multipart.json()["number"] == first.json()["number"]


@pytest.mark.django_db
def test_422_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    answers = schema["paths"]["/api/v1/cases/"]["post"]["responses"]
    assert "422" in answers
    assert "Idempotency-Key" in answers["422"]["description"]
