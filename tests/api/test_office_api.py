"""公文 over the API, through HTTP with API tokens: the drafter sees their draft, another
department's official gets 404 and a citizen 403, a wrong field is named (400) and nothing is
kept, a step out of turn is refused; the whole flow from the draft to the receiving clerk's
signature; incoming documents and instructions with their due date, and progress reports."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from onewindow.core.models import AuditEntry
from onewindow.office.incoming_models import IncomingDocument, InstructionReport
from onewindow.office.models import DocumentStatus, OutgoingDocument
from tests.factories import CitizenFactory
from tests.office import incoming_world
from tests.office.outgoing_world import NOTICE, build, drafted

pytestmark = pytest.mark.django_db
S = DocumentStatus
API = "/api/v1/office"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    return build()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token = Token.objects.get_or_create(user=user)[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_the_drafter_sees_their_draft_in_the_list_and_in_full(world):
    document = drafted(world)
    listed = api(world.drafter).get(f"{API}/documents/")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [document.pk]
    body = api(world.drafter).get(f"{API}/documents/{document.pk}/").json()
    assert body["title"] == NOTICE["title"]
    assert body["status"] == "draft"
    assert body["agency"] == "440100-SCJG"
    assert body["countersigners"] == ["440100-CG", "440100-ZJ"]
    assert body["versions"] == 1
    assert body["actions"] == ["edit", "submit"]
    assert body["opinions"] == []
    assert body["dispatches"] == []


def test_another_departments_official_gets_404_and_an_empty_list(world):
    document = drafted(world, countersigners=["440100-CG"])  # 住建局 not asked
    outsider = api(world.zj_drafter)
    assert outsider.get(f"{API}/documents/{document.pk}/").status_code == 404
    assert outsider.get(f"{API}/documents/999999/").status_code == 404
    assert outsider.post(f"{API}/documents/{document.pk}/submit/").status_code == 404
    assert outsider.get(f"{API}/documents/").json()["count"] == 0
    document.refresh_from_db()
    assert document.status == S.DRAFT


def test_nobody_signed_in_and_citizens_are_refused(world):
    document = drafted(world)
    for path in (f"{API}/documents/", f"{API}/documents/{document.pk}/", f"{API}/incoming/"):
        assert api().get(path).status_code in (401, 403)
        refused = api(CitizenFactory()).get(path)
        assert refused.status_code == 403
        assert NOTICE["title"] not in refused.content.decode()
    assert api().post(f"{API}/documents/", NOTICE, format="json").status_code in (401, 403)
    assert api(CitizenFactory()).post(f"{API}/documents/", NOTICE, format="json").status_code == 403
    assert OutgoingDocument.objects.count() == 1


def test_an_officials_session_without_the_one_time_code_reads_nothing(world, settings):
    settings.ONEWINDOW_REQUIRE_OTP = True
    document = drafted(world)
    client = APIClient()
    client.force_login(world.drafter)  # signed in by password only
    answer = client.get(f"{API}/documents/{document.pk}/")
    assert answer.status_code in (302, 401, 403)
    assert NOTICE["title"] not in answer.content.decode()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "广州市市场监督管理局关于抽检工作的报告"}, "title"),  # a notice's title
        ({"classification": "秘密"}, "classification"),  # 保守国家秘密法 Art. 30
        ({"kind": "memo"}, "kind"),
        ({"body": ""}, "body"),
        ({"countersigners": ["440100-NOPE"]}, "countersigners"),
        ({"department": "440100-ZJ"}, "department"),  # not where the caller drafts
    ],
)
def test_a_bad_field_is_400_naming_it_and_nothing_is_kept(world, change, field):
    audit_before = AuditEntry.objects.count()
    answer = api(world.drafter).post(f"{API}/documents/", {**NOTICE, **change}, format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not OutgoingDocument.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_only_drafters_create_drafts(world):
    answer = api(world.clerk).post(f"{API}/documents/", NOTICE, format="json")
    assert answer.status_code == 403
    assert not OutgoingDocument.objects.exists()


def test_a_step_out_of_turn_is_403_and_changes_nothing(world):
    document = drafted(world)
    as_drafter = api(world.drafter)
    review = as_drafter.post(
        f"{API}/documents/{document.pk}/review/", {"agreed": True}, format="json"
    )
    assert review.status_code == 403
    assert api(world.clerk).post(f"{API}/documents/{document.pk}/issue/").status_code == 403
    document.refresh_from_db()
    assert document.status == S.DRAFT
    assert not document.opinions.exists()


def test_returning_without_a_comment_is_400_naming_the_comment(world):
    document = drafted(world)
    api(world.drafter).post(f"{API}/documents/{document.pk}/submit/")
    answer = api(world.reviewer).post(
        f"{API}/documents/{document.pk}/review/", {"agreed": False}, format="json"
    )
    assert answer.status_code == 400
    assert "comment" in answer.json()
    document.refresh_from_db()
    assert document.status == S.REVIEW


def test_from_the_draft_to_the_receiving_clerks_signature(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = api(world.drafter).post(f"{API}/documents/", NOTICE, format="json")
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    path = f"{API}/documents/{pk}"

    def step(user, segment, data=None, expect=200):
        answer = api(user).post(f"{path}/{segment}/", data or {}, format="json")
        assert answer.status_code == expect, answer.json()
        return answer.json()

    assert step(world.drafter, "submit")["status"] == "review"
    assert step(world.reviewer, "review", {"agreed": True})["status"] == "countersign"
    pending = step(world.zj_head, "countersign", {"department": "440100-ZJ", "agreed": True})
    assert pending["pending_countersigners"] == ["440100-CG"]
    again = {"department": "440100-ZJ", "agreed": True}
    assert "detail" in step(world.zj_head, "countersign", again, expect=400)  # once a round
    step(world.cg_head, "countersign", {"department": "440100-CG", "agreed": True})
    signed = step(world.signer, "sign-off", {"agreed": True, "comment": "同意"})
    assert signed["status"] == "issue"
    assert signed["signer"] == "scjg_leader"
    issued = step(world.clerk, "issue")
    assert issued["status"] == "send"
    assert issued["number"].startswith("穗市监〔")
    assert issued["digest"]
    bad = step(world.clerk, "send", {"recipients": ["440100-NOPE"]}, expect=400)
    assert "recipients" in bad
    sent = step(world.clerk, "send", {"recipients": ["440104-SCJG", "440106-SCJG"]})
    assert sent["status"] == "sent"
    assert [o["step"] for o in sent["opinions"]] == [
        "review",
        "countersign",
        "countersign",
        "sign_off",
    ]
    assert sent["opinions"][-1]["author"] == "scjg_leader"
    assert sent["opinions"][-1]["agreed"]
    dispatch = next(d for d in sent["dispatches"] if d["recipient"] == "440104-SCJG")
    assert dispatch["signed_for_at"] is None

    # the receiving clerk sees it, signs for it once; the other receiving clerk may not
    assert api(world.yx_clerk).get(f"{API}/documents/").json()["count"] == 1
    sign_for = f"dispatches/{dispatch['id']}/sign-for"
    step(world.th_clerk, sign_for, expect=403)
    signed_for = step(world.yx_clerk, sign_for)
    mine = next(d for d in signed_for["dispatches"] if d["id"] == dispatch["id"])
    assert mine["signed_for_by"] == "yx_clerk"
    assert mine["signed_for_at"]
    assert "detail" in step(world.yx_clerk, sign_for, expect=400)  # once
    registered = api(world.yx_clerk).get(f"{API}/incoming/").json()["results"]
    assert [row["sender_number"] for row in registered] == [issued["number"]]


def test_incoming_documents_and_instructions_with_their_due_date_and_card(db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    w = incoming_world.build_incoming()
    with incoming_world.at(incoming_world.MONDAY):
        instruction = incoming_world.assigned(w)
    document = instruction.document
    head = api(w.head)
    listed = head.get(f"{API}/incoming/").json()
    assert [row["number"] for row in listed["results"]] == [document.number]
    detail = head.get(f"{API}/incoming/{document.pk}/").json()
    assert detail["status"] == "assigned"
    assert detail["instructions"][0]["id"] == instruction.pk
    rows = head.get(f"{API}/instructions/").json()
    (row,) = rows["results"]
    assert row["due_on"] == instruction.due_on.isoformat()  # a date, from the ledger's clock
    assert row["ledger_state"] == "open"
    assert row["card"] in ("", "yellow", "red")
    assert api(w.zj_clerk).get(f"{API}/incoming/{document.pk}/").status_code == 404
    assert api(w.zj_clerk).get(f"{API}/instructions/{instruction.pk}/").status_code == 404


def test_the_handling_department_reports_progress(db, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False
    w = incoming_world.build_incoming()
    instruction = incoming_world.assigned(w)
    path = f"{API}/instructions/{instruction.pk}/reports/"
    blank = api(w.clerk).post(path, {"text": " "}, format="json")
    assert blank.status_code == 400
    assert "text" in blank.json()
    assert api(w.zj_clerk).post(path, {"text": "进展"}, format="json").status_code == 404
    assert not InstructionReport.objects.exists()
    made = api(w.clerk).post(path, {"text": "已部署抽检。"}, format="json")
    assert made.status_code == 201
    assert [r["text"] for r in made.json()["reports"]] == ["已部署抽检。"]
    assert made.json()["actions"] == ["report", "complete"]
    assert IncomingDocument.objects.count() == 1
