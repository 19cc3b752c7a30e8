"""The workbench pages of penalty cases, through HTTP as each official uses them: a lead typed
in from a 12345 ticket, filing proposed and approved, evidence uploaded, the prior notice, the
party's paper statement, the decision, delivery, payment and publication; a finding's button on
the inspection page; who sees what."""

import io

from django.urls import reverse

from onewindow.market.models import Result
from onewindow.market.penalty_models import Band, BandLevel, PenaltyCase, Stage
from tests.factories import CitizenFactory
from tests.market import world as market_world
from tests.market.test_penalties import at, notified, partner
from tests.market.world import TH


def step(client, case, name, data=None):
    return client.post(reverse("workbench:market-penalty-step", args=[case.pk, name]), data or {})


def test_a_lead_from_12345_runs_to_publication_on_the_pages(case_world, client):
    w = case_world
    officer = w.inspectors[TH][0].user
    entity = w.restaurants[1]
    client.force_login(officer)
    with at("2026-03-02"):
        assert client.get(reverse("workbench:market-penalties")).status_code == 200
        new = reverse("workbench:market-penalty-new")
        form = {"department": w.th.pk, "uscc": "91440106MA00000000", "source": "hotline",
                "reference": "12345-0302-0001", "facts": "市民反映餐具未消毒"}  # fmt: skip
        bad = client.post(new, form)
        assert bad.status_code == 400
        assert "uscc" in bad.context["form"].errors
        assert not PenaltyCase.objects.exists()
        made = client.post(new, {**form, "uscc": entity.uscc})
        case = PenaltyCase.objects.get()
        assert made.url == reverse("workbench:market-penalty", args=[case.pk])
        page = client.get(made.url).content.decode()
        assert "12345-0302-0001" in page
        bad = step(client, case, "propose_filing", {"violation": w.violation.pk,
                   "occurred_on": "2026-02-20", "ended_on": "2026-02-10",
                   "discovered_on": "2026-03-02", "officers": [partner(w, officer).pk]})  # fmt: skip
        assert bad.status_code == 400
        assert "ended_on" in bad.context["actions"][0]["form"].errors
        step(client, case, "propose_filing", {"violation": w.violation.pk,
             "occurred_on": "2026-02-20", "ended_on": "2026-03-02",
             "discovered_on": "2026-03-02", "officers": [partner(w, officer).pk]})  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.FILING
    client.force_login(w.head)
    with at("2026-03-03"):
        waiting = client.get(reverse("workbench:market-penalties")).content.decode()
        assert case.number in waiting
        step(client, case, "approve_filing", {"approved": "yes"})
    client.force_login(officer)
    lighter = Band.objects.get(violation=w.violation, level=BandLevel.LIGHTER)
    with at("2026-03-10"):
        upload = io.BytesIO(b"%PDF-1.4 photo record")
        upload.name = "record.pdf"
        step(client, case, "evidence", {"title": "现场检查笔录", "file": upload})
        bad = step(client, case, "notify", {"band": lighter.pk, "fine": "99000", "grounds": "首次"})
        assert bad.status_code == 400
        step(client, case, "notify", {"band": lighter.pk, "fine": "8000", "grounds": "首次被查处"})
        step(client, case, "respond", {"statement": "当事人书面陈述：已整改。"})
    case.refresh_from_db()
    assert case.stage == Stage.DECIDING
    evidence = case.evidence.get()
    got = client.get(reverse("workbench:market-penalty-evidence", args=[case.pk, evidence.pk]))
    assert b"".join(got.streaming_content) == b"%PDF-1.4 photo record"
    client.force_login(w.head)
    with at("2026-03-12"):
        step(client, case, "decide", {"fine": "6000"})
    client.force_login(officer)
    with at("2026-03-13"):
        step(client, case, "deliver", {"delivered_on": "2026-03-13"})
        step(client, case, "payment", {"paid_on": "2026-03-13"})
        step(client, case, "publish")
        page = client.get(reverse("workbench:market-penalty", args=[case.pk])).content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
    assert hasattr(case, "publication")
    document = case.documents.get(kind="decision")
    pdf = client.get(reverse("workbench:market-penalty-document", args=[document.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert document.number in page

    # another department's head, a citizen, anonymous: nothing
    client.force_login(w.yx_head)
    assert client.get(reverse("workbench:market-penalty", args=[case.pk])).status_code in (403, 404)
    assert client.get(pdf.wsgi_request.path).status_code == 404
    client.force_login(CitizenFactory())
    assert client.get(reverse("workbench:market-penalty", args=[case.pk])).status_code in (
        302, 403, 404,
    )  # fmt: skip
    client.logout()
    assert client.get(reverse("workbench:market-penalty", args=[case.pk])).status_code == 302


def test_a_finding_opens_its_case_from_the_inspection_page(case_world, client):
    w = case_world
    with at("2026-03-05"):
        visit = market_world.recorded_visit(
            w, plan=w.plan, result=Result.FOLLOW_UP, description="餐具未消毒"
        )
        officer = visit.people[TH]
        client.force_login(officer)
        page = client.get(reverse("workbench:market-inspection", args=[visit.pk])).content.decode()
        finding = visit.findings.get(department=w.th)
        url = reverse("workbench:market-finding-penalty", args=[finding.pk])
        assert url in page
        made = client.post(url)
        case = PenaltyCase.objects.get()
        assert made.url == reverse("workbench:market-penalty", args=[case.pk])
        assert (case.finding, case.entity) == (finding, visit.target.entity)
        again = client.post(url, follow=True)
        assert PenaltyCase.objects.count() == 1
        assert again.status_code == 200
        english = client.get(made.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Propose filing" in english


def test_the_paper_answer_is_taken_until_the_day_given_then_the_case_goes_on(case_world, client):
    case, officer = notified(case_world)  # told on 2026-03-26: state by 2026-04-02
    client.force_login(officer)
    page = reverse("workbench:market-penalty", args=[case.pk])
    with at("2026-04-02"):
        steps = [a["step"] for a in client.get(page).context["actions"]]
        assert "respond" in steps
        assert "proceed" not in steps
    with at("2026-04-03"):
        steps = [a["step"] for a in client.get(page).context["actions"]]
        assert "proceed" in steps
        assert "respond" not in steps
        late = step(client, case, "respond", {"statement": "逾期提交的陈述"})
        assert late.status_code == 400
        step(client, case, "proceed")
    case.refresh_from_db()
    assert case.stage == Stage.REVIEW
    assert case.statement == ""


def test_a_lead_from_a_12345_ticket_links_the_ticket_for_who_may_open_it(case_world, client):
    from onewindow.accounts.models import Department, Role
    from onewindow.hotline import catalogue
    from onewindow.hotline import services as hotline
    from onewindow.hotline.models import Category
    from onewindow.market import penalties
    from tests.factories import OfficialFactory

    w = case_world
    catalogue.load()
    centre = Department.objects.get(code="440100-12345")
    operator = OfficialFactory(role=Role.HOTLINE_OPERATOR, department=centre)
    dispatcher = OfficialFactory(role=Role.DISPATCHER, department=centre)
    ticket = hotline.report(
        channel="phone", kind="report", title="餐馆餐具不消毒",
        description="天河路一家餐馆后厨餐具未经消毒即重复使用。", caller=CitizenFactory(),
        address="天河路100号",
    )  # fmt: skip
    hotline.take(
        number=ticket.number, actor=operator, category=Category.objects.get(code="food-safety")
    )
    hotline.dispatch(number=ticket.number, actor=dispatcher, department=TH)
    officer = w.inspectors[TH][0].user
    with at("2026-03-02"):
        case = penalties.open_lead(
            actor=officer, department=w.th, entity=w.restaurants[2], facts="市民反映餐具未消毒",
            source="hotline", reference=ticket.number,
        )  # fmt: skip
    ticket_url = reverse("workbench:hotline-ticket", args=[ticket.number])
    client.force_login(dispatcher)  # the centre sees every ticket, not this department's case
    assert client.get(reverse("workbench:market-penalty", args=[case.pk])).status_code == 404
    client.force_login(w.head)
    page = client.get(reverse("workbench:market-penalty", args=[case.pk])).content.decode()
    assert f'href="{ticket_url}"' in page
    other = penalties.open_lead(
        actor=officer, department=w.th, entity=w.restaurants[3], facts="另案",
        source="hotline", reference="12345-NOT-A-TICKET",
    )  # fmt: skip
    page = client.get(reverse("workbench:market-penalty", args=[other.pk])).content.decode()
    assert "12345-NOT-A-TICKET" in page
    assert reverse("workbench:hotline-ticket", args=["12345-NOT-A-TICKET"]) not in page
