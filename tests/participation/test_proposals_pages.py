"""The proposal pages over HTTP: the hall's list with its filters, the form, the detail page
with its support button, "merged into" and the official answer; the workbench's moderation
queue and answer list; and who may open or post what (another citizen, another department,
anonymous visitors)."""

import io

from django.test import Client
from django.utils.html import escape
from PIL import Image

from onewindow.participation.models import AnswerKind, Proposal, ProposalStatus, Support
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderation
from tests.conftest import zh
from tests.participation.proposals_world import (
    _no_second_factor,
    propose,
    published,
    world,
)

__all__ = ["_no_second_factor", "world"]


def client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="PNG")
    return out.getvalue()


def test_a_citizen_proposes_with_a_photo_and_sees_it_in_my_proposals(world):
    author = client(world.author)
    page = author.post("/participation/proposals/new/", {"title": "", "body": ""})
    assert page.status_code == 200
    assert zh("Please give your proposal a title.") in page.content.decode()
    photo = io.BytesIO(_png())
    photo.name = "site.png"
    page = author.post(
        "/participation/proposals/new/",
        {
            "title": "珠江边增设夜跑照明",
            "body": "二沙岛夜跑路段照明不足。",
            "category": "city_management",
            "district": "440104",
            "photos": [photo],
        },
    )
    made = Proposal.objects.get(title="珠江边增设夜跑照明")
    assert page.status_code == 302
    assert page.url == f"/participation/proposals/{made.number}/"
    assert made.photos.count() == 1
    assert made.number in author.get("/my/proposals/").content.decode()
    # pending: the author sees it, nobody else does
    assert author.get(page.url).status_code == 200
    assert client(world.citizens[0]).get(page.url).status_code == 404
    assert client().get(page.url).status_code == 404
    photo_url = f"/participation/proposals/{made.number}/photos/{made.photos.get().pk}/"
    assert author.get(photo_url)["Content-Type"] == "image/png"
    assert client().get(photo_url).status_code == 404


def test_an_unverified_citizen_and_an_official_may_not_propose(world):
    assert client(world.unverified).get("/participation/proposals/new/").status_code == 403
    assert client(world.cg_officer).get("/participation/proposals/new/").status_code == 403
    anonymous = client().get("/participation/proposals/new/")
    assert anonymous.status_code == 302
    assert "/login" in anonymous.url


def test_the_list_filters_by_category_and_district_and_sorts_by_support(world):
    lights = published(world, title="增设路灯", category="city_management", district="440106")
    school = published(world, title="学校门口护学岗", category="education", district="440104")
    services.support(world.citizens[0], school.number)
    page = client().get("/participation/proposals/").content.decode()
    assert page.index(school.number) < page.index(lights.number)  # most supported first
    page = client().get("/participation/proposals/?category=education").content.decode()
    assert school.number in page
    assert lights.number not in page
    page = client().get("/participation/proposals/?district=440106").content.decode()
    assert lights.number in page
    assert school.number not in page
    pending = propose(world.citizens[1], title="待审核的建议")
    assert pending.number not in client().get("/participation/proposals/").content.decode()


def test_supporting_on_the_page_counts_once(world):
    proposal = published(world)
    supporter = client(world.citizens[0])
    url = f"/participation/proposals/{proposal.number}/"
    assert zh("Support this proposal") in supporter.get(url).content.decode()
    answer = supporter.post(f"{url}support/", follow=True)
    assert zh("Thank you: your support is counted.") in answer.content.decode()
    again = supporter.post(f"{url}support/", follow=True).content.decode()
    assert zh("You already support this proposal.") in again
    assert Support.objects.filter(proposal=proposal).count() == 1
    own = client(world.author).get(url).content.decode()
    assert zh("You cannot support your own proposal.") in own
    assert zh("Support this proposal") not in own
    anonymous = client().post(f"{url}support/")
    assert anonymous.status_code == 302
    assert "/login" in anonymous.url
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_the_duplicate_says_merged_into_and_the_answer_is_shown(world):
    target = published(world, title="增设单车停放点")
    duplicate = published(world, author=world.citizens[0], title="单车停放")
    moderation.merge(world.moderator, duplicate.number, into=target.number)
    page = client().get(f"/participation/proposals/{duplicate.number}/").content.decode()
    assert f"/participation/proposals/{target.number}/" in page
    assert (
        zh("This proposal was merged into another one; its supporters now support that one:")
        in page
    )
    services.answer(
        world.cg_officer, target.number, kind=AnswerKind.PLANNED, text="采纳并纳入计划。",
        action="2027年一季度在地铁口施划停放区",
    )  # fmt: skip
    page = client().get(f"/participation/proposals/{target.number}/").content.decode()
    assert "2027年一季度在地铁口施划停放区" in page
    assert zh("Official answer") in page


def test_a_hidden_proposal_shows_only_its_reason(world):
    proposal = published(world, body="某某的电话是13800000000")
    moderation.hide(world.moderator, proposal.number, reason="personal_data")
    page = client().get(f"/participation/proposals/{proposal.number}/").content.decode()
    assert "13800000000" not in page
    assert escape(zh("Contains other people's personal data")) in page


def test_the_moderator_publishes_from_the_workbench_and_others_may_not(world):
    made = propose(world.author)
    moderator = client(world.moderator)
    queue = moderator.get("/workbench/participation/moderation/proposals/").content.decode()
    assert made.number in queue
    url = f"/workbench/participation/proposals/{made.number}/"
    assert zh("Publish") in moderator.get(url).content.decode()
    # the department's officer before publication, another department's officer, a citizen,
    # anonymous: no page, no action
    assert client(world.cg_officer).get(url).status_code == 404
    assert client(world.zj_officer).get(url).status_code == 404
    assert client(world.zj_officer).post(f"{url}publish/", {}).status_code == 404
    assert client(world.citizens[0]).get(url).status_code == 403
    assert client().post(f"{url}publish/", {}).status_code == 302
    assert (
        client(world.cg_officer).get("/workbench/participation/moderation/proposals/").status_code
        == 403
    )
    made.refresh_from_db()
    assert made.status == ProposalStatus.PENDING
    assert moderator.post(f"{url}publish/", {"department": "", "note": ""}).status_code == 302
    made.refresh_from_db()
    assert made.status == ProposalStatus.PUBLISHED


def test_the_department_answers_on_the_workbench_with_the_due_date(world):
    proposal = published(world)
    for citizen in world.citizens[:3]:
        services.support(citizen, proposal.number)
    proposal.refresh_from_db()
    officer = client(world.cg_officer)
    listing = officer.get("/workbench/participation/proposals/").content.decode()
    assert proposal.number in listing
    assert proposal.answer_due_on.isoformat() in listing
    assert (
        client(world.zj_officer)
        .get("/workbench/participation/proposals/")
        .content.decode()
        .count(proposal.number)
        == 0
    )
    url = f"/workbench/participation/proposals/{proposal.number}/answer/"
    bad = officer.post(url, {"kind": "not_adopted", "text": "暂不采纳。", "reason": ""})
    assert bad.status_code == 400
    assert zh("Please give the reason for not adopting it.") in bad.content.decode()
    other = client(world.zj_officer).post(url, {"kind": "adopted", "text": "采纳。"})
    assert other.status_code == 404
    done = officer.post(url, {"kind": "adopted", "text": "采纳，已安排施工。"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED


def test_the_moderator_clears_a_flagged_support_in_the_queue(world):
    proposal = published(world)
    for citizen in world.citizens:
        services.support(citizen, proposal.number, address="203.0.113.5")
    flagged = Support.objects.filter(proposal=proposal, flag="flagged")
    assert flagged.count() == 4
    moderator = client(world.moderator)
    queue = moderator.get("/workbench/participation/moderation/proposals/").content.decode()
    assert zh("Many votes from one address") in queue
    first = flagged.first()
    refused = client(world.cg_officer).post(
        f"/workbench/participation/moderation/supports/{first.pk}/clear/"
    )
    assert refused.status_code == 403
    assert (
        moderator.post(
            f"/workbench/participation/moderation/supports/{first.pk}/clear/"
        ).status_code
        == 302
    )
    first.refresh_from_db()
    assert first.flag == "cleared"


def test_the_pages_in_english_show_chinese_only_where_marked(world):
    from tests.test_english_complete import chinese_outside_zh

    target = published(world, title="增设单车停放点", title_en="Bike parking at metro exits")
    duplicate = published(world, author=world.citizens[0], title="单车停放")
    moderation.merge(world.moderator, duplicate.number, into=target.number)
    services.answer(
        world.cg_officer, target.number, kind=AnswerKind.PLANNED, text="采纳。",
        action="明年施划停放区",
    )  # fmt: skip
    hidden = published(world, title="待隐藏")
    moderation.hide(world.moderator, hidden.number, reason="abusive", note="含辱骂")
    pages = [
        "/participation/proposals/",
        f"/participation/proposals/{target.number}/",
        f"/participation/proposals/{duplicate.number}/",
        f"/participation/proposals/{hidden.number}/",
    ]
    for url in pages:
        page = client(world.citizens[1]).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert chinese_outside_zh(page) == [], url
    officer = client(world.moderator)
    for url in (
        "/workbench/participation/moderation/proposals/",
        f"/workbench/participation/proposals/{target.number}/",
    ):
        page = officer.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert chinese_outside_zh(page) == [], url


def test_the_landing_block_shows_the_most_supported_and_the_latest_answers(world):
    from django.template.loader import render_to_string

    from onewindow.participation.selectors import proposals as selectors

    quiet = published(world, title="少人支持的建议")
    popular = published(world, title="多人支持的建议")
    answered = published(world, title="已答复的建议")
    propose(world.citizens[2], title="待审核的建议")
    services.support(world.citizens[0], popular.number)
    services.answer(world.cg_officer, answered.number, kind=AnswerKind.ADOPTED, text="采纳。")
    landing = selectors.landing(limit=1)
    assert (landing["open_count"], landing["answered_count"]) == (2, 1)
    block = render_to_string(
        "portal/participation/proposals/_index_block.html", {"proposals": landing}
    )
    assert popular.number in block
    assert answered.number in block
    assert quiet.number not in block  # only the most supported one at limit=1
    assert "待审核的建议" not in block
