"""The request pages over HTTP: the applicant's form, list, request page and letters; the
office's inbox, entry form and request page with its actions; and the API."""

from datetime import date

import pytest
from django.test import Client

from onewindow.disclosure.models import Request, RequestStatus
from tests.conftest import zh
from tests.disclosure.helpers import on

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_applicant_applies_and_the_office_confirms_on_the_pages(world):
    w = world
    applicant, officer = client(w.citizen), client(w.officer)
    with on(date(2026, 9, 14)):
        page = applicant.post("/disclosure/requests/new/", {"agency": "", "description": ""})
        assert page.status_code == 200
        assert zh("Choose the agency that holds the information.") in page.content.decode()
        assert not Request.objects.exists()
        page = applicant.post(
            "/disclosure/requests/new/", {"agency": "440100-SCJG", "description": "抽检结果"}
        )
        r = Request.objects.get()
        assert page.status_code == 302
        assert page.url == f"/my/disclosure/{r.number}/"
        assert r.number in applicant.get("/my/disclosure/").content.decode()
        inbox = officer.get("/workbench/disclosure/requests/").content.decode()
        assert r.number in inbox
        assert (
            officer.post(f"/workbench/disclosure/requests/{r.number}/confirm/").status_code == 302
        )
    r.refresh_from_db()
    assert r.status == RequestStatus.RECEIVED
    assert r.received_on == date(2026, 9, 14)
    letter = r.letters.get()
    download = applicant.get(f"/my/disclosure/letters/{letter.number}/")
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    page = officer.get(f"/workbench/disclosure/requests/{r.number}/").content.decode()
    assert zh("Reply builder") in page
    assert zh("Supplement notice") in page


def test_a_bad_action_names_the_field_and_changes_nothing(world):
    w = world
    with on(date(2026, 9, 14)):
        r = Client()
        from onewindow.disclosure.services import requests as services

        r = services.apply_online(w.citizen, agency=w.scjg, description="抽检结果")
        services.confirm_receipt(w.officer, r.number)
        page = client(w.officer).post(
            f"/workbench/disclosure/requests/{r.number}/reply/",
            {"reply_type": "partial", "reply": "部分公开"},
        )
    assert page.status_code == 400
    assert (
        zh("Please fill in %(field)s.") % {"field": zh("what is withheld")} in page.content.decode()
    )
    r.refresh_from_db()
    assert r.status == RequestStatus.RECEIVED


def test_others_see_nothing(world):
    w = world
    from onewindow.disclosure.services import requests as services

    with on(date(2026, 9, 14)):
        r = services.apply_online(w.citizen, agency=w.scjg, description="抽检结果")
        services.confirm_receipt(w.officer, r.number)
    letter = r.letters.get()
    assert client(w.other_citizen).get(f"/my/disclosure/{r.number}/").status_code == 404
    assert (
        client(w.other_citizen).get(f"/my/disclosure/letters/{letter.number}/").status_code == 404
    )
    assert (
        client(w.mz_officer).get(f"/workbench/disclosure/requests/{r.number}/").status_code == 404
    )
    assert client(w.stranger).get("/workbench/disclosure/requests/").status_code == 403
    assert client(w.citizen).get("/workbench/disclosure/requests/").status_code == 403
    assert Client().get(f"/my/disclosure/{r.number}/").status_code == 302
    assert client(w.mz_officer).get(f"/api/v1/disclosure/requests/{r.number}/").status_code == 404


def test_the_api_serves_applicants_and_officials(world):
    w = world
    applicant, officer = client(w.enterprise), client(w.officer)
    with on(date(2026, 9, 14)):
        made = applicant.post(
            "/api/v1/disclosure/requests/",
            {"agency": "440100-SCJG", "description": "抽检结果", "requester_kind": "research"},
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
        number = made.json()["number"]
        assert made.json()["requester_kind"] == "research"
        assert made.json()["actions"] == ["withdraw"]
        confirmed = officer.post(f"/api/v1/disclosure/requests/{number}/confirm/", {})
        assert confirmed.json()["received_on"] == "2026-09-14"
        bad = officer.post(
            f"/api/v1/disclosure/requests/{number}/extension/",
            {"days": 20, "reason": ""},
            content_type="application/json",
        )
        assert bad.status_code == 400
        assert "reason" in bad.json()
        wrong = applicant.post(f"/api/v1/disclosure/requests/{number}/confirm/", {})
        assert wrong.status_code in (400, 403)
    listed = officer.get("/api/v1/disclosure/requests/").json()
    assert [row["number"] for row in listed["results"]] == [number]
    assert client(w.other_citizen).get("/api/v1/disclosure/requests/").json()["results"] == []


def test_a_released_file_is_the_applicants_once_the_reply_is_sent(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onewindow.disclosure import letters
    from onewindow.disclosure.services import requests as services

    w = world
    with on(date(2026, 9, 14)):
        r = services.apply_online(w.citizen, agency=w.scjg, description="抽检结果")
        services.confirm_receipt(w.officer, r.number)
    pdf = letters.pdf_bytes(r.letters.get())
    with on(date(2026, 9, 15)):
        page = client(w.officer).post(
            f"/workbench/disclosure/requests/{r.number}/reply/",
            {
                "reply_type": "disclosed",
                "reply": "现提供抽检结果。",
                "file": SimpleUploadedFile("抽检结果.pdf", pdf, "application/pdf"),
            },
        )
        assert page.status_code == 302
    released = r.files.get()
    assert client(w.citizen).get(f"/my/disclosure/files/{released.pk}/").status_code == 404
    api = f"/api/v1/disclosure/requests/{r.number}/"
    assert client(w.citizen).get(api).json()["files"] == []  # not before the reply is sent
    assert client(w.citizen).get(f"/api/v1/disclosure/files/{released.pk}/").status_code == 404
    [listed] = client(w.officer).get(api).json()["files"]
    assert listed["name"] == "抽检结果.pdf"
    assert listed["url"] == f"/api/v1/disclosure/files/{released.pk}/"
    with on(date(2026, 9, 16)):
        services.review_reply(w.reviewer, r.number, passed=True)
        services.send_reply(w.officer, r.number)
    download = client(w.citizen).get(f"/my/disclosure/files/{released.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf
    assert client(w.other_citizen).get(f"/my/disclosure/files/{released.pk}/").status_code == 404
    [listed] = client(w.citizen).get(api).json()["files"]
    assert listed["digest"] == released.digest
    fetched = client(w.citizen).get(listed["url"])
    assert fetched.status_code == 200
    assert b"".join(fetched.streaming_content) == pdf
    for outsider in (w.other_citizen, w.mz_officer):
        assert client(outsider).get(listed["url"]).status_code == 404
    assert Client().get(listed["url"]).status_code in (401, 403)
    page = client(w.citizen).get(f"/my/disclosure/{r.number}/").content.decode()
    assert "抽检结果.pdf" in page


def test_the_reply_builder_finds_and_cites_the_agencys_own_published_documents(world):
    w = world
    from onewindow.disclosure.services import publishing

    ours, _new = publishing.publish_from_module(
        "test", "scjg-plan", agency=w.scjg, category="supervision", formed_on=date(2026, 9, 1),
        title="2026年食品安全监督抽检计划", body="本年度食品安全监督抽检计划如下。",
    )  # fmt: skip
    publishing.publish_from_module(
        "test", "mz-plan", agency=w.mz, category="social", formed_on=date(2026, 9, 1),
        title="2026年食品安全宣传计划", body="民政系统食品安全宣传。",
    )  # fmt: skip
    with on(date(2026, 9, 14)):
        from onewindow.disclosure.services import requests as services

        r = services.apply_online(w.citizen, agency=w.scjg, description="食品安全抽检计划")
        services.confirm_receipt(w.officer, r.number)
    officer = client(w.officer)
    url = f"/workbench/disclosure/requests/{r.number}/"
    page = officer.get(url, {"docs": "食品安全 计划"}).content.decode()
    assert ours.index_number in page
    assert "宣传计划" not in page  # another agency's document is not this agency's to cite
    assert f"?cite={ours.index_number}#action-reply" in page

    page = officer.get(url, {"cite": ours.index_number}).content.decode()
    assert (
        f'value="2026年食品安全监督抽检计划（{ours.index_number}）http://testserver/disclosure/documents/{ours.index_number}/"'
        in page
    )
    assert '<option value="already_public" selected>' in page
    # Someone else's index number, or nonsense, starts an empty builder.
    for cite in ("440100-MZ/2026-00001", "x" * 200):
        assert (
            "testserver/disclosure/documents/"
            not in officer.get(url, {"cite": cite}).content.decode()
        )
    # The citizen has no reply builder and no document search.
    assert client(w.citizen).get(url).status_code in (302, 403, 404)


def test_the_office_charges_a_fee_only_where_fees_are_turned_on(world, settings):
    from onewindow.disclosure.models import FeeNotice
    from onewindow.disclosure.services import requests as services
    from onewindow.supervision.models import Matter, State

    w = world
    with on(date(2026, 9, 14)):
        r = services.apply_online(w.citizen, agency=w.scjg, description="全部抽检报告原件扫描件")
        services.confirm_receipt(w.officer, r.number)
    officer = client(w.officer)
    url = f"/workbench/disclosure/requests/{r.number}/"
    settings.ONEWINDOW_DISCLOSURE_FEES = False
    with on(date(2026, 9, 15)):
        assert 'action="/workbench/disclosure/requests/' + r.number + '/fee/"' not in (
            officer.get(url).content.decode()
        )
        refused = officer.post(url + "fee/", {"basis": "pages", "pages": "50"})
        assert refused.status_code == 400
        assert not FeeNotice.objects.exists()

    settings.ONEWINDOW_DISCLOSURE_FEES = True
    with on(date(2026, 9, 15)):
        page = officer.get(url).content.decode()
        assert f'action="{url}fee/"' in page
        bad = officer.post(url + "fee/", {"basis": "pages", "pages": ""})
        assert bad.status_code == 400
        assert not FeeNotice.objects.exists()
        assert officer.post(url + "fee/", {"basis": "pages", "pages": "50"}).status_code == 302
    fee = FeeNotice.objects.get()
    assert (fee.quantity, fee.amount) == (50, 200)  # pages 31–50 at 10 yuan
    matter = Matter.objects.get(kind="disclosure-request", key=r.number)
    assert matter.state == State.PAUSED
    with on(date(2026, 9, 17)):
        page = officer.get(url).content.decode()
        assert f'action="{url}fee-paid/"' in page
        assert officer.post(url + "fee-paid/").status_code == 302
    fee.refresh_from_db()
    matter.refresh_from_db()
    assert fee.paid_on == date(2026, 9, 17)
    assert matter.state == State.OPEN


def test_a_reply_that_releases_nothing_still_goes_through_the_review_on_the_pages(world):
    """保密审查 before any reply goes out: a "not this agency's" reply names another agency,
    which is itself information; the office's reviewer passes it before it can be sent."""
    from onewindow.disclosure.services import requests as services

    w = world
    with on(date(2026, 9, 14)):
        r = services.apply_online(w.enterprise, agency=w.mz, description="某公司食品许可记录")
        services.confirm_receipt(w.mz_officer, r.number)
    officer, reviewer = client(w.mz_officer), client(w.mz_reviewer)
    base = f"/workbench/disclosure/requests/{r.number}/"
    with on(date(2026, 9, 15)):
        drafted = officer.post(
            f"{base}reply/",
            {"reply_type": "not_ours", "reply": "该信息由市场监管部门负责公开。",
             "right_agency": w.scjg.code},
        )  # fmt: skip
        assert drafted.status_code == 302
        refused = officer.post(f"{base}send/")
        assert refused.status_code == 400
        assert (
            zh("The reply has not passed the confidentiality review.") in refused.content.decode()
        )
        r.refresh_from_db()
        assert r.status == RequestStatus.REVIEW
        assert zh("Confidentiality review") in reviewer.get(base).content.decode()
        assert reviewer.post(f"{base}review/", {"passed": "1", "note": ""}).status_code == 302
        assert officer.post(f"{base}send/").status_code == 302
    r.refresh_from_db()
    assert (r.status, r.right_agency) == (RequestStatus.REPLIED, w.scjg)
    assert [e.action for e in r.events.all()][-3:] == ["reply_drafted", "review_passed", "replied"]
