"""Editing an item in the admin is checked like a load, reindexed for search and audited."""

import json

import pytest
from django.forms.models import model_to_dict

from onewindow.accounts.models import Role
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.selectors import find_items
from onewindow.core.models import AuditEntry


@pytest.fixture
def admin(duty_client):
    return duty_client(Role.SYSTEM_ADMINISTRATOR)


def change_form(item: ServiceItem, **changes) -> dict:
    data = model_to_dict(item)
    data["co_departments"] = [d.pk for d in item.co_departments.all()]
    for field in (
        "keywords", "legal_basis", "form_schema", "process_parameters", "faq", "in_person_steps",
        "joint_handling_source", "service_locations", "delivery_methods",
    ):  # fmt: skip
        if data[field] is not None:
            data[field] = json.dumps(data[field], ensure_ascii=False)
    data = {k: v for k, v in data.items() if v is not None}
    data.update(changes)
    for prefix in ("materials", "life_events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def url(item):
    return f"/admin/catalog/serviceitem/{item.pk}/change/"


def test_a_renamed_item_is_found_by_its_new_name(admin, catalogue):
    item = ServiceItem.objects.filter(process__pattern="single_review").first()
    response = admin.post(url(item), change_form(item, name="麒麟踏浪特别许可"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [i.code for i in find_items(q="麒麟踏浪")] == [item.code]
    assert AuditEntry.objects.filter(action="catalog.item_edited", object_id=item.code).exists()


def test_a_promised_limit_above_the_statutory_one_is_refused(admin, catalogue):
    item = ServiceItem.objects.filter(instant=False).first()
    data = change_form(item, promised_limit=item.statutory_limit + 1)
    response = admin.post(url(item), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The promised limit is above the statutory one." in response.content.decode()
    item.refresh_from_db()
    assert item.promised_limit <= item.statutory_limit


def test_a_parallel_parameter_naming_a_stranger_department_is_refused(admin, catalogue):
    item = ServiceItem.objects.filter(process__pattern="parallel_review").first()
    parameters = json.dumps({"parallel": [item.lead_department.code, "440100-WB"]})
    response = admin.post(url(item), change_form(item, process_parameters=parameters))
    assert response.status_code == 200
    assert "440100-WB" in response.content.decode()
    item.refresh_from_db()
    assert "440100-WB" not in item.process_parameters["parallel"]


def test_depth_four_with_an_in_person_step_is_refused(admin, catalogue):
    item = ServiceItem.objects.exclude(in_person_steps=[]).first()
    response = admin.post(url(item), change_form(item, online_depth=4), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "depth 4 (fully online) cannot have in-person steps" in response.content.decode()
    item.refresh_from_db()
    assert item.online_depth < 4


def test_co_departments_without_their_source_are_refused(admin, catalogue):
    item = ServiceItem.objects.exclude(joint_handling_source=None).first()
    data = change_form(item)
    data.pop("joint_handling_source")
    response = admin.post(url(item), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "co-departments need the document that makes the handling joint" in (
        response.content.decode()
    )
