"""The annual report over HTTP: the public page, the PDF and the API show a published report
(404 for a draft); the disclosure office edits, previews and publishes on the workbench and
records reviews and lawsuits; nobody else may."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onewindow.accounts.models import Role
from onewindow.disclosure.report_models import Remedy, ReportStatus
from onewindow.disclosure.services import reports
from onewindow.disclosure.vocab import Outcome, RequesterKind
from tests.conftest import zh
from tests.disclosure.report_helpers import agency, request
from tests.factories import CitizenFactory, OfficialFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return time_machine.travel(datetime(*args, 10, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def office():
    a = agency("440100-TW", "测试市场监管局")
    officer = OfficialFactory(role=Role.DISCLOSURE_OFFICER, department=a)
    head = OfficialFactory(role=Role.DISCLOSURE_HEAD, department=a)
    request(a, RequesterKind.ENTERPRISE, date(2026, 4, 1), replied_on=date(2026, 4, 20),
            outcome=Outcome.PARTIAL)  # fmt: skip
    with at(2026, 12, 1):
        report = reports.open_report(a, 2026, actor=officer)
    return a, officer, head, report


def signed_in(client, user):
    client.force_login(user)  # the TOTP step is proven in the workbench tests
    return client


def test_a_draft_is_not_public_and_a_published_report_is_page_pdf_and_api(client, office):
    _a, _officer, head, report = office
    for url in ("/disclosure/reports/440100-TW/2026/", "/disclosure/reports/440100-TW/2026/pdf/",
                "/api/v1/disclosure/reports/440100-TW/2026/"):  # fmt: skip
        assert client.get(url).status_code == 404
    assert client.get("/api/v1/disclosure/reports/440100-TW/99999999999/").status_code == 404
    with at(2027, 1, 10):
        reports.save_sections(report, {"overview": "总体情况良好"}, actor=head)
        reports.publish(report, actor=head)
    page = client.get("/disclosure/reports/440100-TW/2026/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "总体情况良好" in html
    assert '<th scope="row">' in html
    assert zh("Requests by kind of requester and their outcomes") in html
    pdf = client.get("/disclosure/reports/440100-TW/2026/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    api = client.get("/api/v1/disclosure/reports/440100-TW/2026/").json()
    assert api["tables"]["requests"]["outcomes"]["partial"]["enterprise"] == 1
    assert api["sections"]["overview"] == "总体情况良好"
    listed = client.get("/api/v1/disclosure/reports/").json()
    assert [(r["agency"], r["year"]) for r in listed] == [("440100-TW", 2026)]
    assert "440100-TW/2026" in client.get("/disclosure/reports/").content.decode()


def test_the_office_edits_and_previews_and_the_head_publishes_on_the_workbench(client, office):
    _a, officer, head, report = office
    url = f"/workbench/disclosure/reports/{report.pk}/"
    signed_in(client, officer)
    with at(2026, 12, 2):
        listing = client.get("/workbench/disclosure/reports/")
        assert listing.status_code == 200
        assert url in listing.content.decode()
        page = client.get(url)
        assert page.status_code == 200
        assert zh("Publish the report") not in page.content.decode()  # the head publishes
        bad = client.post(url, {"overview": "x" * 20001})
        assert bad.status_code == 400
        saved = client.post(url, {"overview": "概述", "overview_en": "Overview"})
        assert saved.status_code == 302
        assert client.post(f"{url}publish/").status_code == 403
    report.refresh_from_db()
    assert (report.overview, report.overview_en) == ("概述", "Overview")
    signed_in(client, head)
    with at(2027, 1, 12):
        assert zh("Publish the report") in client.get(url).content.decode()
        assert client.post(f"{url}publish/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED


def test_the_office_records_a_review_and_its_result(client, office):
    a, officer, _head, _report = office
    signed_in(client, officer)
    with at(2026, 12, 2):
        bad = client.post("/workbench/disclosure/remedies/", {"kind": "review", "reference": "",
                                                              "filed_on": "2026-11-01",
                                                              "result": "pending"})  # fmt: skip
        assert bad.status_code == 400
        assert not Remedy.objects.exists()
        ok = client.post("/workbench/disclosure/remedies/", {"kind": "review",
                         "reference": "穗府复〔2026〕9号", "filed_on": "2026-11-01",
                         "result": "pending"})  # fmt: skip
        assert ok.status_code == 302
        remedy = Remedy.objects.get(agency=a)
        done = client.post(f"/workbench/disclosure/remedies/{remedy.pk}/conclude/",
                           {"concluded_on": "2026-11-30", "result": "corrected"})  # fmt: skip
        assert done.status_code == 302
    remedy.refresh_from_db()
    assert remedy.result == "corrected"


def test_other_agencies_citizens_and_anonymous_visitors_are_kept_out(client, office):
    _a, _officer, _head, report = office
    stranger = OfficialFactory(role=Role.DISCLOSURE_HEAD, department=agency("440100-TX"))
    remedy = reports.record_remedy(report.agency, {"kind": "review", "reference": "R1",
                                                   "filed_on": date(2026, 1, 5)}, actor=None)  # fmt: skip
    urls = [f"/workbench/disclosure/reports/{report.pk}/",
            f"/workbench/disclosure/reports/{report.pk}/publish/"]  # fmt: skip
    signed_in(client, stranger)
    assert client.get(urls[0]).status_code == 403
    assert client.post(urls[1]).status_code == 403
    assert client.post(f"/workbench/disclosure/remedies/{remedy.pk}/conclude/",
                       {"concluded_on": "2026-02-01", "result": "upheld"}).status_code == 403  # fmt: skip
    listing = client.get("/workbench/disclosure/reports/").content.decode()
    assert f"/workbench/disclosure/reports/{report.pk}/" not in listing
    client.logout()
    signed_in(client, CitizenFactory())
    assert client.get("/workbench/disclosure/reports/").status_code == 403
    client.logout()
    assert client.get("/workbench/disclosure/reports/").status_code == 302
    assert client.get("/workbench/disclosure/remedies/").status_code == 302


def test_the_published_tables_conform_to_the_api_schema(client, office, settings):
    """The tables are typed in the OpenAPI schema (every line and column named), and a real
    published report conforms to it, checked by schemathesis against the served schema."""
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from schemathesis.specs.openapi.checks import response_schema_conformance

    _a, _officer, head, report = office
    with at(2027, 1, 10):
        reports.save_sections(report, {"overview": "总体情况良好"}, actor=head)
        reports.publish(report, actor=head)
    served = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = served["components"]["schemas"]
    tables = components["DisclosureReport"]["properties"]["tables"]
    assert tables["allOf"][0]["$ref"].endswith("/DisclosureReportTables")
    line = components["DisclosureRequestColumns"]
    assert set(line["required"]) == {*RequesterKind.values, "total"}
    assert line["properties"]["enterprise"]["type"] == "integer"
    assert set(components["DisclosureOutcomeLines"]["required"]) == set(Outcome.values)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        operation = schema["/api/v1/disclosure/reports/{agency}/{year}/"]["GET"]
        case = operation.Case(path_parameters={"agency": "440100-TW", "year": 2026})
        response = case.call()
        assert response.status_code == 200
        case.validate_response(response, checks=[response_schema_conformance])
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
