"""e-supervision drill-down: department → its flagged cases (per item) → the case page; 好差评
pages; rectification answered in the workbench. Supervisors only, except a department's own."""

from datetime import date

import pytest

from onewindow.accounts.models import Role
from onewindow.cases import services
from tests.cases.rating_fixtures import WJ, rated
from tests.cases.test_single_department_lifecycle import at
from tests.workbench.conftest import SCJG, case_links, signed_in, submit_parallel, text

SUPERVISION = "/workbench/supervision/"


@pytest.fixture
def flagged(staff, enterprise):
    late = submit_parallel(enterprise, date(2026, 11, 2))
    with at(date(2026, 11, 2)):
        services.accept(number=late.number, actor=staff.clerk(SCJG))
    with at(date(2026, 11, 11)):
        services.refresh_flags()
    return late


@pytest.mark.django_db
def test_supervisor_drills_down_from_department_to_case(staff, flagged):
    supervisor = signed_in(staff.official("440100-ZWFW", Role.SUPERVISOR))
    with at(date(2026, 11, 11)):
        overview = text(supervisor.get(SUPERVISION))
        assert f'href="{SUPERVISION}departments/{SCJG}/"' in overview
        page = supervisor.get(f"{SUPERVISION}departments/{SCJG}/")
        assert page.status_code == 200
        assert case_links(text(page)) == [flagged.number]
        assert "2026年11月9日" in text(page)
        assert "红牌：已超期" in text(page)
        by_item = supervisor.get(f"{SUPERVISION}departments/{SCJG}/?item={flagged.item.code}")
        assert case_links(text(by_item)) == [flagged.number]
        item = supervisor.get(f"{SUPERVISION}items/{flagged.item.code}/")
        assert case_links(text(item)) == [flagged.number]
        assert supervisor.get(f"/workbench/cases/{flagged.number}/").status_code == 200
        assert supervisor.get(f"{SUPERVISION}departments/NO-SUCH/").status_code == 404


@pytest.mark.django_db
def test_drill_down_is_refused_to_others(staff, flagged, citizen, client):
    url = f"{SUPERVISION}departments/{SCJG}/"
    assert signed_in(staff.head(SCJG)).get(url).status_code == 403  # the department itself
    assert signed_in(staff.reviewer("440100-XF")).get(url).status_code == 403
    assert signed_in(citizen).get(url).status_code == 403
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert signed_in(citizen).get(f"{SUPERVISION}ratings/").status_code == 403


@pytest.mark.django_db
def test_the_head_answers_a_poor_rating_in_the_workbench_and_the_rater_reads_it(staff, citizen):
    rating = rated(staff, citizen, 1, date(2026, 9, 25), comment="太慢了")
    rectification = rating.rectification
    head = signed_in(staff.head(WJ))
    url = f"/workbench/rectifications/{rectification.pk}/"
    assert rating.case.number in text(head.get("/workbench/rectifications/"))
    # Another department gets "not found", the supervisor sees it without an answer form.
    assert signed_in(staff.head(SCJG)).get(url).status_code == 404
    supervisor = signed_in(staff.official("440100-ZWFW", Role.SUPERVISOR))
    assert 'name="reply"' not in text(supervisor.get(url))
    refused = head.post(url, {"findings": "核实", "actions": "", "reply": ""})
    assert refused.status_code == 200
    page = text(refused)
    assert 'href="#id_actions"' in page
    assert 'href="#id_reply"' in page
    with at(date(2026, 9, 28)):
        done = head.post(
            url, {"findings": "核实属实", "actions": "已调整", "reply": "已整改，谢谢"}
        )
    assert done.status_code == 302
    own = text(signed_in(citizen).get(f"/my/cases/{rating.case.number}/"))
    assert "已整改，谢谢" in own
    stats = text(supervisor.get(f"{SUPERVISION}ratings/departments/{WJ}/"))
    assert "非常不满意" in stats
    assert "太慢了" in stats
    assert (
        signed_in(staff.reviewer(SCJG)).get(f"{SUPERVISION}ratings/departments/{WJ}/").status_code
        == 403
    )
