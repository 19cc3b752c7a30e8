"""The central window (无差别综合窗口) takes intake for the departments whose published item
instances name its service centre; review and decision stay with the departments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from onewindow.cases import inbox, services
from onewindow.cases.errors import CaseNotFound
from onewindow.cases.models import CaseEvent, Status
from onewindow.catalog.models import ServiceItem
from onewindow.core.models import AuditEntry
from tests.cases.conftest import SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.cases.window_fixtures import TIANHE_CENTRE, centre, clerk_of, instance
from tests.factories import CitizenFactory


@pytest.fixture(autouse=True)
def _november():
    """A day whose deadlines fall in a year with a published calendar."""
    with at(date(2026, 11, 2)):
        yield


@pytest.fixture
def at_centre(staff, citizen):
    """A case of SINGLE at the city centre's instance, and the centre's clerk."""
    city = centre()
    here = instance(SINGLE, city)
    item = ServiceItem.objects.get(code=SINGLE)
    case = services.submit(
        applicant=citizen, item_code=SINGLE, form=valid_form(item), uploads=valid_uploads(item)
    )
    case.instance = here
    case.save(update_fields=["instance"])
    return case, clerk_of(city, "centre-clerk"), here


def test_the_centre_clerk_sees_the_case_awaiting_intake_in_the_inbox(at_centre):
    case, clerk, _ = at_centre
    rows = inbox.inbox(clerk).rows
    assert [(row.case.number, row.key.kind) for row in rows] == [(case.number, "intake")]


def test_the_centre_clerk_accepts_on_behalf_of_the_department(at_centre, staff):
    case, clerk, here = at_centre
    services.accept(number=case.number, actor=clerk)
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    event = CaseEvent.objects.get(case=case, kind="accepted")
    assert event.department_id == case.lead_department_id
    assert event.params["window"] == here.service_centre.name
    entry = AuditEntry.objects.filter(action="case.accepted", object_id=case.number).get()
    assert entry.data["window_code"] == here.service_centre.code
    assert clerk.username in entry.actor
    # review stays with the department: the clerk has no review task and cannot decide
    assert case.tasks.exists()
    assert not inbox.inbox(clerk).rows
    with pytest.raises(PermissionDenied):
        services.decide(number=case.number, actor=clerk)


def test_the_centre_clerk_sends_the_correction_notice_or_refuses(at_centre):
    case, clerk, _ = at_centre
    material = case.item.materials.filter(source_kind="upload").first()
    services.send_correction_notice(
        number=case.number, actor=clerk, items=[{"key": material.key, "problem": "不清晰"}]
    )
    services.refuse(number=case.number, actor=clerk, reason="材料不符合要求")
    case.refresh_from_db()
    assert case.status == Status.REFUSED
    assert CaseEvent.objects.get(case=case, kind="refused").params["window_code"].endswith("ZX")


def test_a_clerk_of_another_centre_cannot_act_or_see(at_centre):
    case, _, _ = at_centre
    other = clerk_of(centre(TIANHE_CENTRE, "440106", "440106-ZWFW"), "tianhe-clerk")
    assert not inbox.inbox(other).rows
    with pytest.raises(CaseNotFound):
        services.accept(number=case.number, actor=other)


def test_an_unpublished_instance_gives_the_centre_no_authority(at_centre):
    case, clerk, here = at_centre
    here.published = False
    here.save()
    assert not inbox.inbox(clerk).rows
    with pytest.raises(PermissionDenied):
        services.accept(number=case.number, actor=clerk)


def test_a_reviewer_a_citizen_and_anonymous_cannot_take_intake(at_centre, staff):
    case, _, _ = at_centre
    from django.contrib.auth.models import AnonymousUser

    reviewer = staff.reviewer(case.lead_department.code)
    with pytest.raises(PermissionDenied):
        services.accept(number=case.number, actor=reviewer)
    for outsider in (CitizenFactory(), AnonymousUser()):
        with pytest.raises(CaseNotFound):
            services.accept(number=case.number, actor=outsider)
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
