"""Who gets in: officials only (with their one-time code outside dev mode), each seeing only
what their departments handle; supervision for supervisors only."""

from datetime import date

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onewindow.accounts.models import Role
from onewindow.cases.models import Status, TaskStatus
from tests.cases.test_single_department_lifecycle import at
from tests.factories import PASSWORD, OfficialFactory
from tests.workbench.conftest import SCJG, XF, signed_in, submit_parallel, text

TAX = "440100-SW"


def workbench_urls(number: str, task_id: int, material_id: int, document: str) -> list[str]:
    case = f"/workbench/cases/{number}/"
    return [
        "/workbench/",
        "/workbench/supervision/",
        case,
        f"{case}materials/{material_id}/",
        f"{case}documents/{document}/",
    ]


def action_urls(number: str, task_id: int) -> list[str]:
    case = f"/workbench/cases/{number}/"
    return [
        f"{case}accept/",
        f"{case}correction/",
        f"{case}refuse/",
        f"{case}tasks/{task_id}/approve/",
        f"{case}tasks/{task_id}/deny/",
        f"{case}tasks/{task_id}/supplement/",
        f"{case}pause/",
        f"{case}pauses/1/resume/",
        f"{case}extension/",
        f"{case}extensions/1/decision/",
        f"{case}decision/",
        f"{case}delivery/",
    ]


@pytest.fixture
def accepted_case(staff, enterprise):
    from onewindow.cases import services

    case = submit_parallel(enterprise, date(2026, 11, 2))
    with at(date(2026, 11, 2)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_citizens_and_visitors_never_get_into_the_workbench(accepted_case, enterprise):
    case = accepted_case
    task = case.tasks.first()
    material = case.materials.exclude(file="").first()
    document = case.documents.first()
    gets = workbench_urls(case.number, task.pk, material.pk, document.number)
    posts = action_urls(case.number, task.pk)

    applicant = signed_in(enterprise)  # the applicant of this very case
    for url in gets:
        assert applicant.get(url).status_code == 403, url
    for url in posts:
        assert applicant.post(url, {"version": case.version}).status_code == 403, url

    visitor = Client()
    for url in gets + posts:
        response = visitor.get(url) if url in gets else visitor.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next=/workbench/"), url

    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert set(case.tasks.values_list("status", flat=True)) == {TaskStatus.OPEN}


@pytest.mark.django_db
def test_another_departments_reviewer_sees_no_such_case_and_cannot_act(staff, accepted_case):
    case = accepted_case
    task = case.tasks.get(department__code=SCJG)
    material = case.materials.exclude(file="").first()
    outsider = signed_in(staff.reviewer(TAX))

    assert outsider.get("/workbench/").status_code == 200
    assert case.number not in text(outsider.get("/workbench/"))
    for url in workbench_urls(case.number, task.pk, material.pk, case.documents.first().number):
        if url.startswith("/workbench/cases/"):
            assert outsider.get(url).status_code == 404, url
    for url in action_urls(case.number, task.pk):
        assert outsider.post(url, {"version": case.version}).status_code == 404, url
    version = case.version
    case.refresh_from_db()
    assert case.version == version


@pytest.mark.django_db
def test_a_reviewer_cannot_act_on_another_departments_task_of_the_same_case(staff, accepted_case):
    case = accepted_case
    scjg_task = case.tasks.get(department__code=SCJG)
    fire = signed_in(staff.reviewer(XF))
    response = fire.post(
        f"/workbench/cases/{case.number}/tasks/{scjg_task.pk}/approve/",
        {"version": case.version},
        follow=True,
    )
    assert response.status_code == 200  # back on the case page, with the reason
    page = text(response)
    assert "notice-error" in page
    assert "市场监督管理局" in page  # who may act, in the engine's words
    scjg_task.refresh_from_db()
    assert scjg_task.status == TaskStatus.OPEN
    # A task id that belongs to another case is not found at all.
    other = case.tasks.get(department__code=XF)
    assert (
        fire.post(
            f"/workbench/cases/440100-20000101-00001/tasks/{other.pk}/approve/", {"version": 1}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_supervision_is_for_supervisors_only(staff, accepted_case):
    assert signed_in(staff.reviewer(SCJG)).get("/workbench/supervision/").status_code == 403
    assert signed_in(staff.head(SCJG)).get("/workbench/supervision/").status_code == 403
    supervisor = signed_in(staff.official("440100-ZWFW", Role.SUPERVISOR))
    assert supervisor.get("/workbench/supervision/").status_code == 200
    # Supervisors see every case through visible_cases.
    assert supervisor.get(f"/workbench/cases/{accepted_case.number}/").status_code == 200


@pytest.mark.django_db
def test_officials_need_the_one_time_code_outside_dev_mode(settings, catalogue):
    settings.ONEWINDOW_REQUIRE_OTP = True
    official = OfficialFactory(role=Role.REVIEWER)
    device = TOTPDevice.objects.create(user=official, name="phone", confirmed=True)

    unverified = signed_in(official)  # a session that skipped the code
    response = unverified.get("/workbench/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")

    client = Client()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    signed = client.post(
        "/login/?next=/workbench/",
        {
            "username": official.username,
            "password": PASSWORD,
            "otp_token": f"{totp.token():06d}",
            "next": "/workbench/",
        },
    )
    assert signed.status_code == 302
    assert signed["Location"] == "/workbench/"
    assert client.get("/workbench/").status_code == 200
