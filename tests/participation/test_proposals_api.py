"""Proposals over the API: the public list and detail show only what was published; a support
needs a signed-in verified person (201, then 400 for the same person, 429 over the limit);
only the responsible department's officer may answer."""

from rest_framework.test import APIClient

from onewindow.participation.services import proposals_moderation as moderation
from tests.participation.proposals_world import (
    _no_second_factor,
    propose,
    published,
    world,
)

__all__ = ["_no_second_factor", "world"]


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_public_list_and_detail_show_only_published_proposals(world):
    shown = published(world, title="公开的建议")
    pending = propose(world.citizens[0], title="待审核")
    body = api().get("/api/v1/participation/proposals/").json()
    assert [row["number"] for row in body["results"]] == [shown.number]
    assert body["results"][0]["category"] == "city_management"
    assert api().get(f"/api/v1/participation/proposals/{pending.number}/").status_code == 404
    detail = api().get(f"/api/v1/participation/proposals/{shown.number}/").json()
    assert detail["body"] == shown.body
    assert detail["answer"] is None
    assert detail["actions"] == []
    supporter = api(world.citizens[1]).get(f"/api/v1/participation/proposals/{shown.number}/")
    assert supporter.json()["actions"] == ["support"]
    filtered = api().get("/api/v1/participation/proposals/?category=education").json()
    assert filtered["count"] == 0


def test_a_support_over_the_api(world, settings):
    proposal = published(world)
    url = f"/api/v1/participation/proposals/{proposal.number}/support/"
    assert api().post(url).status_code in (401, 403)
    made = api(world.citizens[0]).post(url)
    assert made.status_code == 201
    assert made.json() == {"counted": True, "flag": "", "supports_count": 1}
    again = api(world.citizens[0]).post(url)
    assert again.status_code == 400
    assert "proposal" in again.json()
    assert api(world.author).post(url).status_code == 400
    assert api(world.unverified).post(url).status_code == 403
    settings.ONEWINDOW_RATE_LIMITS = {**settings.ONEWINDOW_RATE_LIMITS, "support_person": (0, 60)}
    limited = api(world.citizens[1]).post(url)
    assert limited.status_code == 429
    assert "Retry-After" in limited.headers


def test_only_the_responsible_department_answers_over_the_api(world):
    proposal = published(world)
    url = f"/api/v1/participation/proposals/{proposal.number}/answer/"
    data = {"kind": "not_adopted", "text": "经研究暂不采纳。", "reason": "该路段已有规划。"}
    assert api(world.zj_officer).post(url, data, format="json").status_code == 403
    assert api(world.citizens[0]).post(url, data, format="json").status_code == 403
    assert api().post(url, data, format="json").status_code in (401, 403)
    missing = api(world.cg_officer).post(url, {**data, "reason": ""}, format="json")
    assert missing.status_code == 400
    assert "reason" in missing.json()
    done = api(world.cg_officer).post(url, data, format="json")
    assert done.status_code == 201
    assert done.json()["answer"]["kind"] == "not_adopted"
    assert done.json()["status"] == "answered"
    twice = api(world.cg_officer).post(url, data, format="json")
    assert twice.status_code == 400


def test_a_hidden_proposal_keeps_its_reason_but_not_its_text(world):
    proposal = published(world, body="电话13800000000")
    moderation.hide(world.moderator, proposal.number, reason="personal_data")
    detail = api().get(f"/api/v1/participation/proposals/{proposal.number}/").json()
    assert detail["hidden_reason"] == "personal_data"
    assert detail["body"] == ""
