"""Random inspections (双随机一公开) over the API, through HTTP with API tokens: a plan with bad
fields is 400 naming each and nothing is kept; 天河's head commits and draws a joint plan with
the fire brigade, each department's drawn inspector records its finding on the one record with
a photo, the party signs and the record is closed (multipart uploads; a GIF or a record neither
signed nor refused is 400 naming the field), the head publishes the result; another district's head, a citizen and nobody signed in are refused;
anyone re-runs the draw from the published lists and seed to the same targets and teams."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from gmssl import sm3
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.market import draw, inspections
from onewindow.market.models import Finding, Inspection, Photo, Plan
from tests.factories import CitizenFactory
from tests.market import world as market_world
from tests.market.world import TH, XF, YX, official, plan_data

pytestmark = pytest.mark.django_db
API = "/api/v1/market"
PLANNING = date(2027, 2, 1)  # before the plans' period (from 1 March 2027)
VISIT = date(2027, 3, 10)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return market_world.build()


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token = Token.objects.get_or_create(user=user)[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def drawn_plan(w, **over) -> Plan:
    """天河's joint plan with the fire brigade, committed and drawn through the services."""
    with time_machine.travel(PLANNING):
        return market_world.drawn_plan(w, **over)


def image(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/" + name.rsplit(".", 1)[1])


def visit_with_findings(w) -> tuple[Inspection, dict]:
    """The first visit of a drawn plan, each department's finding recorded by its inspector."""
    plan = drawn_plan(w)
    visit = plan.inspections.order_by("rank").first()
    officers = {}
    for team_member in visit.team.select_related("department", "inspector__user"):
        officers.setdefault(team_member.department.code, team_member.inspector.user)
    with time_machine.travel(VISIT):
        for officer in officers.values():
            inspections.record_finding(visit, actor=officer, data={"result": "compliant"})
    return visit, officers


def member(body: dict, department_code: str):
    """A drawn inspector of ``department_code`` on the visit ``body`` (the API's detail)."""
    from onewindow.market.models import Inspector

    certificate = next(m["certificate"] for m in body["team"] if m["department"] == department_code)
    return Inspector.objects.get(certificate_number=certificate).user


def test_a_plan_with_bad_fields_is_400_naming_each_and_nothing_is_kept(world):
    bad = plan_data(
        world,
        title="",
        district="999999",
        industries=["H99"],
        ratio="0",
        ends_on="2027-01-01",
        parts=[{"item": world.xf_item.pk, "inspectors": 1}],
    )
    audit_before = AuditEntry.objects.count()
    with time_machine.travel(PLANNING):
        answer = api(world.head).post(f"{API}/plans/", bad, format="json")
    assert answer.status_code == 400
    assert set(answer.json()) == {"title", "district", "industries", "ratio", "ends_on", "parts"}
    assert not Plan.objects.exists()
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ratio": "NaN"}, "ratio"),
        ({"ratio": "1000"}, "ratio"),
        ({"parts": []}, "parts"),
        ({"parts": [{"item": "TH-SP-01"}]}, "parts"),
        ({"starts_on": "2027-02-30"}, "starts_on"),
        ({"department": 999999}, "department"),  # not a department whose plans they make
        ({"publish_within": 90}, "publish_within"),
    ],
)
def test_a_bad_field_is_400_naming_it(world, change, field):
    with time_machine.travel(PLANNING):
        answer = api(world.head).post(f"{API}/plans/", plan_data(world, **change), format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Plan.objects.exists()


def test_a_head_sees_the_items_a_plan_may_take(world):
    rows = api(world.head).get(f"{API}/items/?limit=100").json()["results"]
    items = {(row["department"], row["code"]): row["id"] for row in rows}
    assert items[(TH, "TH-SP-01")] == world.th_item.pk
    assert items[(XF, "XF-01")] == world.xf_item.pk  # a joint plan takes other lists' items
    officer = world.inspectors[TH][0].user
    assert api(officer).get(f"{API}/items/").json()["count"] == 0
    assert api(CitizenFactory()).get(f"{API}/items/").status_code == 403


def test_from_the_plan_to_the_published_result(world):
    head = api(world.head)
    with time_machine.travel(PLANNING):
        made = head.post(f"{API}/plans/", plan_data(world), format="json")
        assert made.status_code == 201, made.json()
        plan = made.json()
        assert plan["number"] == "SJ-440106-2027-001"
        assert plan["status"] == "draft"
        assert plan["joint"] is True
        assert [p["department"] for p in plan["parts"]] == [TH, XF]
        assert plan["commitment"] == plan["revealed_seed"] == ""
        path = f"{API}/plans/{plan['id']}"
        assert head.post(f"{path}/draw/").status_code == 403  # not committed yet
        assert api(world.xf_head).post(f"{path}/commit/").status_code == 403  # not the lead
        assert api(world.xf_head).get(f"{path}/").json()["number"] == plan["number"]  # takes part

        committed = head.post(f"{path}/commit/")
        assert committed.status_code == 200, committed.json()
        committed = committed.json()
        assert committed["status"] == "committed"
        assert len(committed["commitment"]) == len(committed["lists_digest"]) == 64
        assert committed["target_count"] == 30
        assert committed["revealed_seed"] == ""
        assert "seed" not in committed
        public = api().get(f"{API}/draws/").json()["results"]
        assert [(d["number"], d["commitment"], d["revealed_seed"]) for d in public] == [
            (plan["number"], committed["commitment"], "")
        ]

        drawn = head.post(f"{path}/draw/")
        assert drawn.status_code == 200, drawn.json()
        drawn = drawn.json()
        assert drawn["status"] == "drawn"
        assert drawn["visits"] == 6  # ceil(30 × 20 %)
        assert draw.commitment(drawn["revealed_seed"]) == committed["commitment"]
        assert drawn["drawn_by"] == "th_head"
        assert head.post(f"{path}/draw/").status_code == 403  # once

    listed = head.get(f"{API}/inspections/").json()
    assert listed["count"] == 6
    first = min(listed["results"], key=lambda row: row["rank"])
    assert first["reference"] == f"{plan['number']}-001"
    visit = f"{API}/inspections/{first['id']}"
    body = head.get(f"{visit}/").json()
    assert sorted(m["department"] for m in body["team"]) == sorted([TH, TH, XF, XF])
    assert body["findings"] == []
    th_officer, xf_officer = member(body, TH), member(body, XF)

    with time_machine.travel(VISIT):
        vague = api(th_officer).post(f"{visit}/findings/", {"result": "follow_up"}, format="json")
        assert vague.status_code == 400
        assert set(vague.json()) == {"description"}
        not_theirs = api(th_officer).post(
            f"{visit}/findings/", {"result": "compliant", "department": world.xf.pk}, format="json"
        )
        assert not_theirs.status_code == 400
        assert "department" in not_theirs.json()
        assert not Finding.objects.exists()
        found = {"result": "follow_up", "description": "后厨餐具消毒记录缺失"}
        th = api(th_officer).post(
            f"{visit}/findings/", {**found, "visited_on": "2027-03-10"}, format="json"
        )
        assert th.status_code == 200, th.json()
        xf = api(xf_officer).post(f"{visit}/findings/", {"result": "compliant"}, format="json")
        assert xf.status_code == 200, xf.json()
    findings = {f["department"]: f for f in xf.json()["findings"]}
    assert {code: f["result"] for code, f in findings.items()} == {
        TH: "follow_up",
        XF: "compliant",
    }
    assert findings[TH]["item_code"] == "TH-SP-01"
    assert findings[TH]["recorded_by"] == th_officer.username
    assert xf.json()["visited_on"] == "2027-03-10"
    assert head.post(f"{visit}/publish/").status_code == 403  # the record is not closed

    with time_machine.travel(VISIT):
        photo = {"finding": findings[TH]["id"], "photo": image("kitchen.png", PNG)}
        added = api(th_officer).post(f"{visit}/photos/", photo, format="multipart")
        assert added.status_code == 201, added.json()
        (digest,) = {f["department"]: f for f in added.json()["findings"]}[TH]["photos"]
        assert digest == sm3.sm3_hash(list(PNG))
        signed = {"signed_by": "王店主", "signature": image("record.jpg", JPEG)}
        closed = api(xf_officer).post(f"{visit}/close/", signed, format="multipart")
        assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "recorded"
    assert closed.json()["party_signed_by"] == "王店主"
    assert closed.json()["recorded_at"]
    assert Inspection.objects.get(pk=first["id"]).party_signature
    again = {"signed_by": "王店主", "signature": image("record.jpg", JPEG)}
    assert api(th_officer).post(f"{visit}/close/", again, format="multipart").status_code == 403
    assert api(world.xf_head).post(f"{visit}/publish/").status_code == 403  # not the lead
    assert api(th_officer).post(f"{visit}/publish/").status_code == 403
    published = head.post(f"{visit}/publish/")
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published"
    assert published.json()["party_refused"] is False
    assert head.get(f"{API}/inspections/?status=published").json()["count"] == 1
    assert head.get(f"{API}/inspections/?status=assigned").json()["count"] == 5
    assert head.get(f"{path}/").json()["published"] == 1


def test_another_district_a_citizen_and_nobody_signed_in_are_refused(world):
    plan = drawn_plan(world)
    inspection = plan.inspections.order_by("rank").first()
    citizen = api(CitizenFactory())
    audit_before = AuditEntry.objects.count()
    reads = [f"{API}/plans/{plan.pk}/", f"{API}/inspections/{inspection.pk}/"]
    writes = [
        f"{API}/plans/{plan.pk}/commit/",
        f"{API}/plans/{plan.pk}/draw/",
        f"{API}/inspections/{inspection.pk}/findings/",
        f"{API}/inspections/{inspection.pk}/photos/",
        f"{API}/inspections/{inspection.pk}/close/",
        f"{API}/inspections/{inspection.pk}/publish/",
    ]
    finding = {"result": "compliant"}
    yuexiu = api(world.yx_head)  # 越秀's market head: plans of its own, not 天河's
    for path in reads:
        assert yuexiu.get(path).status_code == 404
        assert yuexiu.get(path.replace(str(inspection.pk), "999999")).status_code == 404
    for path in writes:
        assert yuexiu.post(path, finding, format="json").status_code == 404
    assert yuexiu.get(f"{API}/plans/").json()["count"] == 0
    assert yuexiu.get(f"{API}/inspections/").json()["count"] == 0
    with time_machine.travel(PLANNING):
        other = yuexiu.post(f"{API}/plans/", plan_data(world), format="json")
    assert other.status_code == 400
    assert "department" in other.json()  # 天河's department is not theirs
    officer = api(world.inspectors[TH][0].user)  # inspects, does not plan
    with time_machine.travel(PLANNING):
        assert officer.post(f"{API}/plans/", plan_data(world), format="json").status_code == 403

    for client, refused in ((citizen, (403,)), (api(), (401, 403))):
        for path in [f"{API}/plans/", f"{API}/inspections/", f"{API}/items/", *reads]:
            answer = client.get(path)
            assert answer.status_code in refused
            assert inspection.target.entity.name not in answer.content.decode()
        for path in [f"{API}/plans/", *writes]:
            answer = client.post(path, plan_data(world), format="json")
            assert answer.status_code in refused
    assert Plan.objects.count() == 1
    assert not Finding.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_gif_and_a_record_neither_signed_nor_refused_are_400_naming_the_field(world):
    visit, officers = visit_with_findings(world)
    finding = visit.findings.get(department__code=TH)
    path = f"{API}/inspections/{visit.pk}"
    officer = api(officers[TH])
    audit_before = AuditEntry.objects.count()
    with time_machine.travel(VISIT):
        gif = {"finding": finding.pk, "photo": image("kitchen.gif", b"GIF89a" + b"\x00" * 32)}
        answer = officer.post(f"{path}/photos/", gif, format="multipart")
        assert answer.status_code == 400
        assert set(answer.json()) == {"photo"}
        other = {"finding": 999999, "photo": image("kitchen.png", PNG)}
        assert officer.post(f"{path}/photos/", other, format="multipart").status_code == 404
        answer = officer.post(f"{path}/close/", {"signed_by": "王店主"}, format="multipart")
        assert answer.status_code == 400
        assert set(answer.json()) == {"signature"}
        refused = {"refused": "true", "refusal_note": ""}
        answer = officer.post(f"{path}/close/", refused, format="multipart")
        assert answer.status_code == 400
        assert set(answer.json()) == {"refusal_note"}
    assert not Photo.objects.exists()
    visit.refresh_from_db()
    assert (visit.status, visit.recorded_at, visit.party_signed_by) == ("assigned", None, "")
    assert AuditEntry.objects.count() == audit_before


def test_a_refusal_to_sign_closes_the_record_over_the_api(world):
    visit, officers = visit_with_findings(world)
    note = {"refused": "true", "refusal_note": "当事人拒绝签字，执法人员两人在场见证"}
    with time_machine.travel(VISIT):
        answer = api(officers[XF]).post(f"{API}/inspections/{visit.pk}/close/", note)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["status"], body["party_refused"]) == ("recorded", True)
    assert body["refusal_note"] == note["refusal_note"]
    assert body["party_signed_by"] == ""


def test_another_department_a_citizen_and_nobody_signed_in_may_not_add_photos_or_close(world):
    visit, officers = visit_with_findings(world)
    finding = visit.findings.get(department__code=TH)
    path = f"{API}/inspections/{visit.pk}"
    yuexiu = official("yx_officer", Role.ENFORCEMENT_OFFICER, YX)  # another district's officer
    citizen = CitizenFactory()
    audit_before = AuditEntry.objects.count()
    refusals = [
        (api(yuexiu), (404,)),  # may not know the visit exists
        (api(world.xf_head), (403,)),  # sees the visit of a plan it takes part in, not on it
        (api(officers[XF]), (403,)),  # on the team, not for the finding's department: photos
        (api(citizen), (403,)),
        (api(), (401, 403)),
    ]
    with time_machine.travel(VISIT):
        for client, refused in refusals:
            photo = {"finding": finding.pk, "photo": image("kitchen.png", PNG)}
            answer = client.post(f"{path}/photos/", photo, format="multipart")
            assert answer.status_code in refused
            assert visit.target.entity.name not in answer.content.decode()
        for client, refused in refusals[:2] + refusals[3:]:
            signed = {"signed_by": "王店主", "signature": image("record.png", PNG)}
            answer = client.post(f"{path}/close/", signed, format="multipart")
            assert answer.status_code in refused
    assert not Photo.objects.exists()
    visit.refresh_from_db()
    assert (visit.status, visit.party_signed_by, bool(visit.party_signature)) == (
        "assigned",
        "",
        False,
    )
    assert AuditEntry.objects.count() == audit_before


def test_anyone_re_runs_the_draw_from_the_published_lists_to_the_same_visits(world):
    plan = drawn_plan(world)
    with time_machine.travel(PLANNING):
        draft = inspections.create_plan(actor=world.head, data=plan_data(world))
    anyone = api()
    (row,) = anyone.get(f"{API}/draws/").json()["results"]  # not the draft
    assert row["number"] == plan.number
    assert row["status"] == "drawn"
    assert row["target_count"] == 30
    assert row["revealed_seed"] == plan.seed
    assert row["drawn_at"]
    assert anyone.get(f"{API}/draws/{draft.number}/lists.json").status_code == 404
    assert anyone.get(f"{API}/draws/SJ-440106-2099-999/lists.json").status_code == 404

    answer = anyone.get(row["lists"])
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/json"
    assert answer.content == inspections.read_lists(plan)[1]  # byte for byte, as committed
    assert sm3.sm3_hash(list(answer.content)) == row["lists_digest"]
    lists = json.loads(answer.content)
    assert lists["commitment"] == row["commitment"] == draw.commitment(row["revealed_seed"])
    again = draw.run(lists, row["revealed_seed"])

    head = api(world.head)
    visits = head.get(f"{API}/inspections/?limit=100").json()["results"]
    assert len(again) == len(visits) == 6
    by_rank = {v["rank"]: v for v in visits}
    for drawn in again:
        visit = head.get(f"{API}/inspections/{by_rank[drawn.rank]['id']}/").json()
        assert visit["target"]["uscc"] == drawn.uscc
        team = {}
        for m in visit["team"]:
            team.setdefault(m["department"], []).append(m["certificate"])
        assert {code: sorted(c) for code, c in team.items()} == {
            code: sorted(c) for code, c in drawn.team.items()
        }


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = {p for p in schema["paths"] if p.startswith(f"{API}/")}
    penalty_steps = (
        "propose-filing", "drop", "approve-filing", "evidence", "notify", "respond", "proceed",
        "hearing", "hearing-record", "review", "decide", "deliver", "payment", "publish",
        "withdraw",
    )  # fmt: skip
    assert paths == {
        f"{API}/items/",
        f"{API}/plans/",
        f"{API}/plans/{{id}}/",
        f"{API}/plans/{{id}}/commit/",
        f"{API}/plans/{{id}}/draw/",
        f"{API}/inspections/",
        f"{API}/inspections/{{id}}/",
        f"{API}/inspections/{{id}}/findings/",
        f"{API}/inspections/{{id}}/photos/",
        f"{API}/inspections/{{id}}/rectification/",
        f"{API}/inspections/{{id}}/close/",
        f"{API}/inspections/{{id}}/publish/",
        f"{API}/draws/",
        f"{API}/draws/{{number}}/lists.json",
        f"{API}/list-entries/",
        f"{API}/list-entries/{{id}}/reached/",
        f"{API}/annual-reports/",
        f"{API}/credit/",
        f"{API}/credit/{{uscc}}/",
        f"{API}/penalties/",
        f"{API}/penalties/{{id}}/",
        *(f"{API}/penalties/{{id}}/{step}/" for step in penalty_steps),
        f"{API}/findings/{{id}}/penalty/",
        f"{API}/penalty-documents/{{id}}.pdf",
        f"{API}/my-penalties/",
        f"{API}/penalty-publications/",
        f"{API}/benchmarks/",
        f"{API}/my-repairs/",
        f"{API}/repairs/",
        f"{API}/repairs/{{id}}/",
        f"{API}/repairs/{{id}}/decide/",
        f"{API}/listings/",
        f"{API}/listings/{{id}}/consent/",
    }
    repair = schema["paths"][f"{API}/my-repairs/"]["post"]["requestBody"]
    assert list(repair["content"]) == ["multipart/form-data"]
    for step in ("photos", "close"):
        body = schema["paths"][f"{API}/inspections/{{id}}/{step}/"]["post"]["requestBody"]
        assert list(body["content"]) == ["multipart/form-data"]
    inputs = schema["components"]["schemas"]
    assert inputs["MarketPhotoInput"]["properties"]["photo"]["format"] == "binary"
    assert inputs["MarketCloseInput"]["properties"]["signature"]["format"] == "binary"
    lists = schema["paths"][f"{API}/draws/{{number}}/lists.json"]["get"]["responses"]["200"]
    assert list(lists["content"]) == ["application/json"]
    plan = schema["components"]["schemas"]["MarketPlan"]["properties"]
    assert "seed" not in plan  # only the seed published after the draw
    assert "revealed_seed" in plan
