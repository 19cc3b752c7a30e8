"""Finding 11: the API gave every official who can see a case the applicant's full ID and phone
numbers in `form_data`, while the pages masked them. Replayed over the API: every answer masks
them; the full values come only from POST …/personal-data/ with a purpose, and it is audited."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.catalog.models import ServiceItem
from onewindow.core.identifiers import mask_id_number, mask_phone
from onewindow.core.models import AuditEntry
from tests.cases.conftest import (  # noqa: F401
    PARALLEL,
    SINGLE,
    _media,
    citizen,
    enterprise,
    staff,
    valid_form,
    valid_uploads,
)
from tests.cases.test_parallel_review_api import SCJG, XF, as_json, client_for
from tests.cases.test_single_department_lifecycle import at

PHONE = "13912345678"
WJ = "440100-WJ"


def apply(user, code: str, changes: dict) -> str:
    item = ServiceItem.objects.get(code=code)
    body = {
        "item": code,
        "form": valid_form(item) | changes,
        "materials": as_json(valid_uploads(item)),
    }
    response = client_for(user).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["number"]


def everything_about(client: APIClient, number: str) -> str:
    """Every API answer that carries a case: detail, status, timeline, lists, tasks."""
    answers = [
        client.get(f"/api/v1/cases/{number}/"),
        client.get(f"/api/v1/cases/{number}/status/"),
        client.get(f"/api/v1/cases/{number}/timeline/"),
        client.get("/api/v1/cases/"),
        client.get("/api/v1/tasks/"),
    ]
    assert all(answer.status_code == 200 for answer in answers)
    return "".join(answer.content.decode() for answer in answers)


def reveals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="case.personal_data_revealed").order_by("seq"))


@pytest.mark.django_db
def test_personal_data_is_masked_in_every_answer_and_revealed_only_for_a_purpose(
    staff,  # noqa: F811
    enterprise,  # noqa: F811
    citizen,  # noqa: F811
):
    with at(date(2026, 11, 2)):
        food = apply(enterprise, PARALLEL, {"uscc": enterprise.uscc, "contact_phone": PHONE})
        doctor = apply(
            citizen,
            SINGLE,
            {"applicant_id": citizen.id_number, "applicant_name": citizen.real_name},
        )
        client_for(staff.clerk(SCJG)).post(f"/api/v1/cases/{food}/accept/", {}, format="json")

        for official, number, secret, masked in (
            (staff.clerk(SCJG), food, PHONE, mask_phone(PHONE)),
            (staff.reviewer(XF), food, PHONE, mask_phone(PHONE)),
            (staff.head(SCJG), food, PHONE, mask_phone(PHONE)),
            (enterprise, food, PHONE, mask_phone(PHONE)),
            (staff.clerk(WJ), doctor, citizen.id_number, mask_id_number(citizen.id_number)),
        ):
            client = client_for(official)
            text = everything_about(client, number)
            assert secret not in text
            detail = client.get(f"/api/v1/cases/{number}/").json()
            assert masked in detail["form_data"].values()

        reviewer = client_for(staff.reviewer(XF))
        url = f"/api/v1/cases/{food}/personal-data/"
        for body in ({}, {"purpose": " "}):
            refused = reviewer.post(url, body, format="json")
            assert refused.status_code == 400
            assert "purpose" in refused.json()
        assert reveals() == []

        # An official of a department the case does not involve: not found, nothing logged.
        stranger = client_for(staff.reviewer(WJ))
        assert stranger.post(url, {"purpose": "核对"}, format="json").status_code == 404
        assert reveals() == []

        shown = reviewer.post(url, {"purpose": "电话联系申请人核实场所"}, format="json")
        assert shown.status_code == 200
        assert shown.json() == {
            "form_data": {"contact_phone": PHONE},
            "purpose": "电话联系申请人核实场所",
        }
        (entry,) = reveals()
        assert entry.object_id == food
        assert entry.data == {"fields": ["contact_phone"], "purpose": "电话联系申请人核实场所"}
        assert staff.reviewer(XF).username in entry.actor

        # Revealing once does not unmask the other answers.
        assert PHONE not in everything_about(reviewer, food)
