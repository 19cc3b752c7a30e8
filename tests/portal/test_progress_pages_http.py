"""The step list on the case page, "my cases" with what waits for the applicant first, the
citizen's own page /my/, and the public progress lookup, over HTTP; the same in the API."""

import re

import pytest
from django.test import Client

from onewindow.cases import progress, services
from onewindow.cases.models import Case
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import PARALLEL, valid_form, valid_uploads
from tests.conftest import zh
from tests.factories import CitizenFactory
from tests.portal.test_case_pages import SCJG, correct, decide, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(catalogue, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    return services.submit(
        applicant=enterprise, item_code=PARALLEL, form=valid_form(item), uploads=valid_uploads(item)
    )


def test_the_case_page_opens_with_the_step_list_and_the_code(case, staff, enterprise):
    services.accept(number=case.number, actor=staff.clerk(SCJG))
    task = case.tasks.get(department__code="440100-XF")
    services.approve(task_id=task.pk, actor=staff.reviewer("440100-XF"), opinion="消防验收合格")
    page = signed_in(enterprise).get(f"/my/cases/{case.number}/").content.decode()
    steps = page.index('<ol class="case-steps">')
    assert steps < page.index("case-facts")  # the step list comes first
    assert page.count('aria-current="step"') == 1
    assert "消防验收合格" in page  # the department's opinion, for the applicant
    assert zh("What you must do now") not in page
    assert progress.code_of(case) in page
    assert f"/my/cases/{case.number}/process/" in page
    assert "process-diagram" not in page  # the diagram is behind the link
    diagram = signed_in(enterprise).get(f"/my/cases/{case.number}/process/")
    assert diagram.status_code == 200
    assert 'id="process-diagram"' in diagram.content.decode()


def test_a_correction_stands_out_with_a_button_on_the_case_page_and_in_my_cases(
    case, staff, enterprise
):
    correct(case, staff)
    client = signed_in(enterprise)
    page = client.get(f"/my/cases/{case.number}/").content.decode()
    assert zh("What you must do now") in page
    assert 'href="#correction-heading"' in page
    listing = client.get("/my/cases/").content.decode()
    needed = listing.index('id="needed-heading"')
    assert needed < listing.index('id="cases-heading"')
    assert f'href="/my/cases/{case.number}/#correction-heading"' in listing
    assert re.search(r'tab=action"[^>]*>[^<]*<span class="count count-alert">1<', listing)
    assert case.number in client.get("/my/cases/?tab=action").content.decode()
    assert case.number not in client.get("/my/cases/?tab=finished").content.decode()


def test_a_finished_case_shows_documents_and_certificate_before_the_rating(case, staff, enterprise):
    decided = decide(case, staff)
    Case.objects.filter(pk=decided.pk).update(status="concluded")
    page = signed_in(enterprise).get(f"/my/cases/{case.number}/").content.decode()
    assert 'name="score"' in page
    assert page.index('id="documents-heading"') < page.index('id="rating-heading"')


def test_my_page_is_never_a_404(case, staff, enterprise, client, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False  # the officials' second factor is tested elsewhere
    correct(case, staff)
    page = signed_in(enterprise).get("/my/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'href="/my/cases/{case.number}/#correction-heading"' in text
    assert zh("Unread messages") in text
    assert zh("Appointments") in text
    anonymous = client.get("/my/")
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.url
    official = signed_in(staff.clerk(SCJG)).get("/my/")
    assert official.status_code == 302
    assert official.url == "/workbench/"


def test_the_public_lookup_shows_steps_without_personal_data(case, staff, enterprise, client):
    services.accept(number=case.number, actor=staff.clerk(SCJG))
    task = case.tasks.get(department__code="440100-XF")
    services.approve(task_id=task.pk, actor=staff.reviewer("440100-XF"), opinion="消防验收合格")
    assert client.get("/progress/").status_code == 200
    found = client.post("/progress/", {"number": case.number, "code": progress.code_of(case)})
    assert found.status_code == 200
    text = found.content.decode()
    assert case.item.display_name in text
    assert '<ol class="case-steps">' in text
    assert "消防验收合格" not in text
    assert enterprise.enterprise_name not in text
    assert found["Cache-Control"] == "no-store"
    assert progress.code_of(case) not in text  # the code is not echoed back


def test_the_home_page_lookup_form_finds_the_case(case, staff):
    """The home page's 我要查 form posts what the lookup reads, with its CSRF token; the code
    never goes into a URL."""
    services.accept(number=case.number, actor=staff.clerk(SCJG))
    client = Client(enforce_csrf_checks=True)
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    form = re.search(r'<form action="/progress/" method="(\w+)".*?</form>', home, re.S)
    assert form is not None
    assert form.group(1) == "post"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)
    fields = set(re.findall(r'<input[^>]* name="(\w+)"', form.group(0)))
    assert fields == {"csrfmiddlewaretoken", "number", "code"}
    found = client.post(
        "/progress/",
        {"csrfmiddlewaretoken": token, "number": case.number, "code": progress.code_of(case)},
    )
    assert found.status_code == 200
    assert '<ol class="case-steps">' in found.content.decode()


def test_a_wrong_code_and_a_wrong_number_look_the_same(case, client):
    wrong_code = client.post("/progress/", {"number": case.number, "code": "ABCDE-FGHJK"})
    wrong_number = client.post(
        "/progress/", {"number": "440100-20260101-000999", "code": progress.code_of(case)}
    )
    assert wrong_code.status_code == wrong_number.status_code == 200

    def answer(response):
        return re.search(r'role="alert"><p>(.*?)</p>', response.content.decode()).group(1)

    assert answer(wrong_code) == answer(wrong_number)


def test_the_lookup_is_throttled_after_failed_attempts(case, client, settings):
    settings.ONEWINDOW_RATE_LIMITS = {
        **settings.ONEWINDOW_RATE_LIMITS,
        "progress_try_number": (2, 3600),
    }
    for _ in range(2):
        wrong = client.post("/progress/", {"number": case.number, "code": "ABCDEFGHJK"})
        assert 'role="alert"' in wrong.content.decode()
    limited = client.post("/progress/", {"number": case.number, "code": progress.code_of(case)})
    assert limited.status_code == 429


def test_another_citizen_sees_no_case_page_only_the_public_steps(case, staff):
    other = signed_in(CitizenFactory())
    assert other.get(f"/my/cases/{case.number}/").status_code == 404
    assert other.get(f"/my/cases/{case.number}/process/").status_code == 404
    public = other.post("/progress/", {"number": case.number, "code": progress.code_of(case)})
    assert public.status_code == 200
    assert 'name="materials.' not in public.content.decode()


def test_the_api_gives_the_applicant_the_steps_and_anyone_the_public_lookup(
    case, staff, enterprise, settings
):
    settings.ONEWINDOW_REQUIRE_OTP = False  # the officials' second factor is tested elsewhere
    detail = signed_in(enterprise).get(f"/api/v1/cases/{case.number}/").json()
    assert [s["key"] for s in detail["progress"]["steps"]][:2] == ["submitted", "intake"]
    assert detail["progress"]["current"] == "intake"
    assert detail["progress_code"] == progress.code_of(case)
    official = signed_in(staff.clerk(SCJG))
    assert official.get(f"/api/v1/cases/{case.number}/").json()["progress_code"] == ""

    anyone = Client()
    found = anyone.post(
        "/api/v1/progress/",
        {"number": case.number, "code": progress.code_of(case)},
        content_type="application/json",
    )
    assert found.status_code == 200
    body = found.json()
    assert body["item"] == case.item.display_name
    assert "opinion" not in body["steps"][0]
    assert "actions" not in body
    missing = anyone.post(
        "/api/v1/progress/",
        {"number": case.number, "code": "ABCDEFGHJK"},
        content_type="application/json",
    )
    assert missing.status_code == 404
    schema = anyone.get("/api/schema/").content.decode()
    assert "progress_lookup" in schema
