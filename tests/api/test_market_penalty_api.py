"""Administrative penalty cases (行政处罚) over the API, through HTTP with API tokens: an
inspection finding opens a case that runs to a hearing, legal review, a collective decision,
delivery, payment and a masked publication, one POST per step, each answering the case with
the caller's next steps; bad input is 400 naming the field and changes nothing; another
department's officials see nothing, citizens and enterprises are refused the officials'
endpoints, another enterprise cannot respond; the publications and benchmarks are public."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from gmssl import sm3

from onewindow.core.models import AuditEntry
from onewindow.market.models import Result
from onewindow.market.penalty_models import (
    Evidence,
    PenaltyCase,
    Publication,
    Stage,
    Violation,
)
from tests.api.test_market_api import api
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.market import world as market_world
from tests.market.test_penalties import at, filed, notified, partner, pdf_text
from tests.market.world import TH, XF

pytestmark = pytest.mark.django_db
API = "/api/v1/market"
FOLLOW_UP = "后厨餐具未经消毒即投入使用，经责令改正，复查时仍未改正。联系电话13812345678。"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return market_world.build_for_penalties()


def step(user, case_id: int, name: str, body=None):
    return step_with(api(user), case_id, name, body)


def step_with(client, case_id: int, name: str, body=None):
    return client.post(f"{API}/penalties/{case_id}/{name}/", body or {}, format="json")


def ok(answer, code: int = 200) -> dict:
    assert answer.status_code == code, answer.json()
    return answer.json()


def party_of(case):
    return EnterpriseFactory(uscc=case.entity.uscc, name=case.entity.name)


def fetch(client, url: str):
    """A download URL of the API, absolute as answered, fetched with ``client``."""
    return client.get(url.removeprefix("http://testserver"))


def test_a_whole_case_runs_through_the_api(world):
    w = world
    with at("2026-03-05"):
        visit = market_world.recorded_visit(
            w, plan=w.plan, result=Result.FOLLOW_UP, description=FOLLOW_UP
        )
        finding = visit.findings.get(department=w.th)
        officer = visit.people[TH]
        body = ok(api(officer).post(f"{API}/findings/{finding.pk}/penalty/"), 201)
        again = api(officer).post(f"{API}/findings/{finding.pk}/penalty/")
    assert (again.status_code, set(again.json())) == (400, {"finding"})
    pk = body["id"]
    assert (body["stage"], body["source"], body["finding"]) == ("lead", "inspection", finding.pk)
    assert body["steps"] == ["drop", "propose_filing"]
    assert body["inspection"] == visit.reference
    second = partner(w, officer)

    with at("2026-03-06"):
        body = ok(
            step(
                officer,
                pk,
                "propose-filing",
                {
                    "violation": w.violation.pk,
                    "occurred_on": "2026-02-20",
                    "ended_on": "2026-03-05",
                    "discovered_on": "2026-03-05",
                    "officers": [second.pk],
                },
            )
        )
    assert (body["stage"], body["violation_code"], body["steps"]) == ("filing", "SP-126-05", [])
    assert {o["id"] for o in body["officers"]} == {officer.pk, second.pk}
    assert ok(api(w.head).get(f"{API}/penalties/{pk}/"))["steps"] == ["approve_filing"]
    with at("2026-03-09"):
        body = ok(step(w.head, pk, "approve-filing", {"approved": True}))
    assert (body["stage"], body["filed_on"]) == ("investigating", "2026-03-09")
    # Art. 60: 90 calendar days from filing; 7 June is a Sunday
    assert [(d["stage"], d["due_on"]) for d in body["deadlines"]] == [("deciding", "2026-06-08")]

    content = b"%PDF-1.4 inspection record"
    with at("2026-03-20"):
        upload = SimpleUploadedFile("record.pdf", content, content_type="application/pdf")
        answer = api(officer).post(
            f"{API}/penalties/{pk}/evidence/",
            {"title": "现场检查笔录及照片", "file": upload},
            format="multipart",
        )
    body = ok(answer, 201)
    assert [(e["title"], e["digest"]) for e in body["evidence"]] == [
        ("现场检查笔录及照片", sm3.sm3_hash(list(content)))
    ]
    with at("2026-03-26"):
        body = ok(
            step(
                officer,
                pk,
                "notify",
                {
                    "band": w.heavier.pk,
                    "fine": "40000",
                    "measures": ["warning", "suspension"],
                    "grounds": "一年内第二次因餐具消毒问题被查处",
                },
            )
        )
    assert (body["stage"], body["statement_due"], body["hearing_allowed"]) == (
        "notified", "2026-04-02", True,
    )  # fmt: skip
    [notice] = body["documents"]
    assert notice["kind"] == "notice"
    assert len(notice["digest"]) == 64
    pdf = fetch(api(officer), notice["url"])
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert sm3.sm3_hash(list(b"".join(pdf.streaming_content))) == notice["digest"]

    # the party sees its case and the notice; another enterprise neither, nor may it respond
    case = PenaltyCase.objects.get(pk=pk)
    party = party_of(case)
    neighbour = next(e for e in w.restaurants if e.uscc != case.entity.uscc)  # drawn at random
    other = EnterpriseFactory(uscc=neighbour.uscc, name=neighbour.name)
    mine = ok(api(party).get(f"{API}/my-penalties/"))
    assert [row["number"] for row in mine["results"]] == [case.number]
    assert "legal_opinion" not in mine["results"][0]
    assert "steps" not in mine["results"][0]
    assert fetch(api(party), notice["url"]).status_code == 200
    assert ok(api(other).get(f"{API}/my-penalties/"))["count"] == 0
    assert fetch(api(other), notice["url"]).status_code == 404
    with at("2026-04-02"):
        assert step(other, pk, "respond", {"hearing": True}).status_code == 404
        body = ok(step(party, pk, "respond", {"hearing": True}))
    assert (body["stage"], body["hearing_requested_on"]) == ("hearing", "2026-04-02")
    assert "legal_opinion" not in body

    # told on Friday 3 April: after the weekend and 清明节, 15 April at the earliest
    hearing = {"place": "天河区市场监管局听证室", "host": w.host.pk}
    with at("2026-04-03"):
        early = step(officer, pk, "hearing", {**hearing, "hearing_on": "2026-04-14"})
        assert early.status_code == 400
        assert "2026-04-15" in early.json()["hearing_on"][0]
        body = ok(step(officer, pk, "hearing", {**hearing, "hearing_on": "2026-04-15"}))
    assert [d["kind"] for d in body["documents"]] == ["notice", "hearing"]
    assert "天河区市场监管局听证室" in pdf_text(case.documents.get(kind="hearing"))
    with at("2026-04-15"):
        assert ok(api(w.host).get(f"{API}/penalties/{pk}/"))["steps"] == ["record_hearing"]
        body = ok(step(w.host, pk, "hearing-record", {"record": "当事人承认事实，请求从轻处罚。"}))
    assert (body["stage"], body["major"]) == ("review", True)
    with at("2026-04-16"):
        assert step(w.head, pk, "review", {"opinion": "同意"}).status_code == 403
        body = ok(step(w.reviewer, pk, "review", {"opinion": "事实清楚，证据确凿。"}))
    assert body["stage"] == "deciding"

    with at("2026-04-17"):
        heavier = step(w.head, pk, "decide", {"fine": "45000", "measures": ["warning"]})
        assert heavier.status_code == 400
        assert {"fine", "minutes"} <= set(heavier.json())
        body = ok(
            step(
                w.head,
                pk,
                "decide",
                {"fine": "38000", "measures": ["warning"], "minutes": "局务会集体讨论，同意。"},
            )
        )
    assert (body["stage"], body["fine"], body["decided_on"]) == (
        "delivering",
        "38000.00",
        "2026-04-17",
    )
    assert [d["kind"] for d in body["documents"]] == ["notice", "hearing", "decision"]
    with at("2026-04-20"):
        body = ok(step(officer, pk, "deliver", {"delivered_on": "2026-04-20"}))
        assert (body["stage"], body["payment_due"]) == ("paying", "2026-05-06")
        assert "publish" in body["steps"]
        body = ok(step(w.head, pk, "publish"))
    assert body["publication"]["ends_on"] == "2029-04-20"
    assert "withdraw" in body["steps"]

    # the public sees the decision, masked, searched by name or USCC, without signing in
    with at("2026-04-21"):
        public = ok(api().get(f"{API}/penalty-publications/", {"q": case.entity.uscc}))
        assert ok(api().get(f"{API}/penalty-publications/", {"q": "无此企业"}))["count"] == 0
    [row] = public["results"]
    representative = case.entity.legal_representative.name
    assert (row["party"], row["uscc"], row["fine"]) == (
        case.entity.name,
        case.entity.uscc,
        "38000.00",
    )
    assert row["representative"] == representative[0] + "*" * (len(representative) - 1)
    assert "13812345678" not in row["facts"]
    assert "138****5678" in row["facts"]

    with at("2026-04-30"):
        body = ok(step(officer, pk, "payment", {"paid_on": "2026-04-30"}))
    assert (body["stage"], body["late_charge"], body["paid_amount"]) == (
        "closed", "0.00", "38000.00",
    )  # fmt: skip
    with at("2026-05-08"):
        assert set(step(w.head, pk, "withdraw", {"note": ""}).json()) == {"note"}
        body = ok(step(w.head, pk, "withdraw", {"note": "复议决定撤销"}))
        assert body["publication"]["withdrawal_reason"] == "revoked"
        assert ok(api().get(f"{API}/penalty-publications/"))["count"] == 0


def test_a_lead_with_bad_fields_is_400_naming_each_and_nothing_is_kept(world):
    officer = world.inspectors[TH][0].user
    entity = world.restaurants[0]
    lead = {
        "department": world.th.pk,
        "uscc": entity.uscc.lower(),
        "facts": "12345市民反映该店餐具未消毒",
        "source": "hotline",
        "reference": "GZ12345-2026-000123",
    }
    audit_before = AuditEntry.objects.count()
    with at("2026-03-02"):
        for change, fields in (
            ({"reference": "", "facts": ""}, {"reference", "facts"}),
            ({"uscc": "91440106MA5XXXXXX0"}, {"uscc"}),
            ({"source": "rumour", "facts": "   "}, {"source", "facts"}),
            ({"department": "天河"}, {"department"}),
        ):
            answer = api(officer).post(f"{API}/penalties/", {**lead, **change}, format="json")
            assert (answer.status_code, set(answer.json())) == (400, fields), change
        assert not PenaltyCase.objects.exists()
        assert AuditEntry.objects.count() == audit_before
        body = ok(api(officer).post(f"{API}/penalties/", lead, format="json"), 201)
    assert (body["uscc"], body["source_reference"], body["stage"]) == (
        entity.uscc, "GZ12345-2026-000123", "lead",
    )  # fmt: skip
    assert body["number"] == f"{TH}-CF2026-0001"
    pk = body["id"]

    # a step with bad fields changes nothing either
    with at("2026-03-03"):
        bad = step(
            officer,
            pk,
            "propose-filing",
            {
                "violation": 999999,
                "occurred_on": "2026-13-01",
                "ended_on": "",
                "discovered_on": "x",
            },
        )
        assert bad.status_code == 400
        assert {"violation", "occurred_on", "ended_on", "discovered_on", "officers"} <= set(
            bad.json()
        )
        shapes = step(officer, pk, "propose-filing", {"violation": "SP-126-05", "officers": "x"})
        assert {"violation", "officers", "occurred_on"} <= set(shapes.json())
        assert set(step(officer, pk, "drop", {"reason": " "}).json()) == {"reason"}
    assert PenaltyCase.objects.get(pk=pk).stage == Stage.LEAD

    listed = api(officer).get(f"{API}/penalties/").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert api(officer).get(f"{API}/penalties/?stage=lead").json()["count"] == 1
    assert api(officer).get(f"{API}/penalties/?stage=closed").json()["count"] == 0
    wrong = api(officer).get(f"{API}/penalties/?stage=nonsense")
    assert (wrong.status_code, set(wrong.json())) == (400, {"stage"})
    assert api(officer).get(f"{API}/penalties/?waiting=1").json()["count"] == 1
    assert api(world.head).get(f"{API}/penalties/?waiting=1").json()["count"] == 0
    with at("2026-03-04"):
        body = ok(step(officer, pk, "drop", {"reason": "经核查无违法事实"}))
    assert (body["stage"], body["steps"]) == ("dropped", [])


def test_outsiders_see_nothing_and_change_nothing(world):
    case, officer = notified(world)
    party = EnterpriseFactory._meta.model.objects.get(uscc=case.entity.uscc)
    document = case.documents.get()
    pdf = f"{API}/penalty-documents/{document.pk}.pdf"
    xf_officer = world.inspectors[XF][0].user  # a department with its own benchmark
    yuexiu = world.yx_head  # a market-supervision head of another district
    for outsider in (xf_officer, yuexiu):
        client = api(outsider)
        assert client.get(f"{API}/penalties/").json()["count"] == 0
        assert client.get(f"{API}/penalties/{case.pk}/").status_code == 404
        assert client.get(pdf).status_code == 404
        with at("2026-03-27"):
            for name, body in (
                ("respond", {"statement": "x"}),
                ("proceed", None),
                ("review", {"opinion": "同意"}),
                ("publish", None),
            ):
                assert step(outsider, case.pk, name, body).status_code == 404, name
    missing = api(officer).get(f"{API}/penalties/999999/")
    assert missing.status_code == 404
    assert api(officer).get(f"{API}/penalty-documents/999999.pdf").status_code == 404

    # an officer of the case may not take a head's step: 403, and the case is unchanged
    with at("2026-03-27"):
        assert step(officer, case.pk, "decide", {"fine": "40000"}).status_code == 403
        assert step(world.head, case.pk, "proceed").status_code == 403

    # citizens, enterprises (the party too) and nobody signed in: the officials' endpoints
    for stranger in (api(CitizenFactory()), api(party), api()):
        assert stranger.get(f"{API}/penalties/").status_code in (401, 403)
        assert stranger.get(f"{API}/penalties/{case.pk}/").status_code in (401, 403)
        lead = {
            "department": world.th.pk,
            "uscc": case.entity.uscc,
            "facts": "x",
            "source": "hotline",
        }
        assert stranger.post(f"{API}/penalties/", lead, format="json").status_code in (401, 403)
        assert step_with(stranger, case.pk, "proceed").status_code in (401, 403)
        assert stranger.post(f"{API}/findings/{case.finding_id}/penalty/").status_code in (401, 403)
    assert api().get(pdf).status_code in (401, 403)
    assert api().get(f"{API}/my-penalties/").status_code in (401, 403)
    assert api(CitizenFactory()).get(f"{API}/my-penalties/").json()["count"] == 0
    with at("2026-03-27"):
        assert step_with(api(), case.pk, "respond", {"statement": "x"}).status_code in (401, 403)
        assert step(CitizenFactory(), case.pk, "respond", {"statement": "x"}).status_code == 404
        # the party's own step, with bad input: 400 naming the field
        blank = step(party, case.pk, "respond", {"statement": ""})
        assert (blank.status_code, set(blank.json())) == (400, {"statement"})
    case.refresh_from_db()
    assert (case.stage, case.statement) == (Stage.NOTIFIED, "")
    assert PenaltyCase.objects.count() == 1


def test_an_officer_records_evidence_only_while_investigating(world):
    case, officer = filed(world)
    path = f"{API}/penalties/{case.pk}/evidence/"
    with at("2026-03-20"):
        assert api(officer).post(path, {"title": ""}, format="multipart").json() == {
            "title": ["This field is required."]
        }
        body = ok(api(officer).post(path, {"title": "询问笔录"}, format="multipart"), 201)
        assert [(e["title"], e["digest"]) for e in body["evidence"]] == [("询问笔录", "")]
        assert api(world.head).post(path, {"title": "x"}, format="multipart").status_code == 403
    assert Evidence.objects.count() == 1


def test_the_benchmarks_and_publications_are_public(world):
    every = ok(api().get(f"{API}/benchmarks/", {"limit": 100}))
    assert every["count"] == Violation.objects.filter(active=True).count()
    row = next(r for r in every["results"] if r["code"] == "SP-126-05")
    assert (row["department"], row["endangers_safety"]) == (TH, True)
    assert [(b["level"], b["fine_min"], b["fine_max"]) for b in row["bands"]] == [
        ("lighter", "5000.00", "18500.00"),
        ("ordinary", "18500.00", "36500.00"),
        ("heavier", "36500.00", "50000.00"),
    ]
    assert row["bands"][2]["id"] == world.heavier.pk
    assert {r["department"] for r in every["results"]} == {TH, XF}
    empty = ok(api().get(f"{API}/penalty-publications/"))
    assert (empty["count"], empty["results"]) == (0, [])
    assert not Publication.objects.exists()


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    case = f"{API}/penalties/{{id}}"
    assert set(paths[f"{API}/penalties/"]) == {"get", "post"}
    params = {p["name"] for p in paths[f"{API}/penalties/"]["get"]["parameters"]}
    assert {"stage", "waiting", "limit", "offset"} <= params
    assert set(paths[f"{case}/"]) == {"get"}
    for name in (
        "propose-filing", "drop", "approve-filing", "evidence", "notify", "respond", "proceed",
        "hearing", "hearing-record", "review", "decide", "deliver", "payment", "publish",
        "withdraw",
    ):  # fmt: skip
        post = paths[f"{case}/{name}/"]["post"]
        assert {"400", "403", "404"} <= set(post["responses"]), name
    assert "multipart/form-data" in paths[f"{case}/evidence/"]["post"]["requestBody"]["content"]
    assert "post" in paths[f"{API}/findings/{{id}}/penalty/"]
    pdf = paths[f"{API}/penalty-documents/{{id}}.pdf"]
    assert "application/pdf" in pdf["get"]["responses"]["200"]["content"]
    assert "get" in paths[f"{API}/my-penalties/"]
    for public in ("penalty-publications", "benchmarks"):
        assert "get" in paths[f"{API}/{public}/"]
    params = {p["name"] for p in paths[f"{API}/penalty-publications/"]["get"]["parameters"]}
    assert {"q", "limit", "offset"} <= params
    lead = schema["components"]["schemas"]["MarketPenaltyLeadInput"]
    assert {"department", "uscc", "facts", "source"} <= set(lead["required"])
    detail = schema["components"]["schemas"]["MarketPenaltyCase"]["properties"]
    assert {"stage", "documents", "deadlines", "steps", "evidence"} <= set(detail)
