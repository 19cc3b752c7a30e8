"""Finding 4: "Identity fields in forms are not bound to the account." An enterprise submitted
the food business licence with another enterprise's USCC and got 201; a citizen submitted with
another person's name and ID number and got 201.

Replayed over the API and the service-hall form: each is now a 400 naming the field, and
nothing is stored (no case, no material, no file). Fields naming other people stay free.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from onewindow.cases.models import Case, CaseMaterial, Draft
from onewindow.catalog.models import ServiceItem
from onewindow.core.identifiers import generate_id_number, generate_uscc
from tests.cases.conftest import (  # noqa: F401 - fixtures
    PARALLEL,
    _media,
    citizen,
    enterprise,
    staff,
    valid_form,
    valid_uploads,
)
from tests.cases.test_parallel_review_api import as_json, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
HOUSEHOLD = "440100-GA-QR-102"  # 户口迁移: the applicant, and a spouse who is someone else


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_enterprise_cannot_apply_with_another_enterprises_uscc(
    enterprise,  # noqa: F811
    settings,
):
    item = ServiceItem.objects.get(code=PARALLEL)
    other = generate_uscc("440106")
    response = client_for(enterprise).post(
        "/api/v1/cases/",
        {
            "item": PARALLEL,
            "form": valid_form(item) | {"uscc": other},
            "materials": as_json(valid_uploads(item)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["form.uscc"]
    assert Case.objects.count() == 0
    assert CaseMaterial.objects.count() == 0
    assert _stored_files(settings) == []

    # Left out, the field is filled from the account; the same value typed is fine too.
    for form in (valid_form(item), valid_form(item) | {"uscc": enterprise.uscc.lower()}):
        created = client_for(enterprise).post(
            "/api/v1/cases/",
            {"item": PARALLEL, "form": form, "materials": as_json(valid_uploads(item))},
            format="json",
        )
        assert created.status_code == 201, created.json()
        assert created.json()["form_data"]["uscc"] == enterprise.uscc


def test_a_citizen_cannot_apply_as_another_person(citizen, settings):  # noqa: F811
    item = ServiceItem.objects.get(code=HOUSEHOLD)
    someone = generate_id_number("440104", date(1990, 1, 1))
    response = client_for(citizen).post(
        "/api/v1/cases/",
        {
            "item": HOUSEHOLD,
            "form": valid_form(item) | {"applicant_name": "张冒名", "applicant_id": someone},
            "materials": as_json(valid_uploads(item)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"form.applicant_name", "form.applicant_id"}
    assert Case.objects.count() == 0
    assert _stored_files(settings) == []

    # The spouse is another person by design: any valid ID number is accepted there.
    created = client_for(citizen).post(
        "/api/v1/cases/",
        {
            "item": HOUSEHOLD,
            "form": valid_form(item) | {"spouse_id": someone},
            "materials": as_json(valid_uploads(item)),
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    form = Case.objects.get(number=created.json()["number"]).form_data  # the API masks the ID
    assert (form["applicant_name"], form["spouse_id"]) == (citizen.real_name, someone)


def test_the_service_hall_form_shows_the_identity_read_only_and_refuses_another(
    enterprise,  # noqa: F811
):
    browser = Client()
    browser.force_login(enterprise)
    draft_url = browser.get(f"/services/{PARALLEL}/apply/").url
    page = browser.get(draft_url).content.decode()
    assert f'value="{enterprise.uscc}"' in page
    field = page[page.index('name="uscc"') - 200 : page.index('name="uscc"') + 200]
    assert "readonly" in field

    forged = browser.post(draft_url, {"uscc": generate_uscc("440106"), "action": "save"})
    assert forged.status_code == 200
    assert "cannot name anyone else" in forged.content.decode() or "不能" in forged.content.decode()
    assert Draft.objects.get().form_data["uscc"] == enterprise.uscc
