"""The hall's and the workbench's consultation pages over HTTP: reading without signing in,
commenting when verified, the moderation queue, the report with its diff and PDF, my comments,
and who may see what (another citizen, another department, anonymous)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from onewindow.participation.models import Comment, CommentStatus
from onewindow.participation.services import consultations as services
from tests.participation.consultation_world import CLOSES, at, draft, opened

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 5)


def _url(name, *args):
    return reverse(f"portal:{name}", args=args)


def test_anonymous_readers_see_the_draft_by_article_with_its_heat(client, world):
    consultation = opened(world)
    with at(DAY):
        made = services.comment(consultation, world.citizen, stance="support", body="赞成",
                                article=consultation.articles.get(position=2))  # fmt: skip
    services.approve(made, actor=world.moderator)
    with at(DAY):
        page = client.get(_url("consultation", consultation.number))
        landing = client.get(_url("participation"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "为规范物业管理活动" in html  # the explanatory note
    assert html.count('class="pc-article"') == 20
    assert "赞成 1，反对 0" in html
    assert "登录后发表意见" in html
    assert consultation.title in landing.content.decode()


def test_a_draft_is_not_public(client, world):
    consultation = draft(world)
    assert client.get(_url("consultation", consultation.number)).status_code == 404


def test_a_verified_citizen_comments_on_an_article_and_sees_it_in_my_comments(client, world):
    consultation = opened(world)
    client.force_login(world.citizen)
    with at(DAY):
        response = client.post(
            _url("consultation-comment", consultation.number),
            {"article": "4", "stance": "comment", "body": "建议增加公示期限", "show_district": ""},
        )
    assert response.status_code == 302
    assert response["Location"].endswith("/articles/4/")
    made = Comment.objects.get()
    assert (made.article.position, made.status) == (4, CommentStatus.PENDING)
    services.reject(made, actor=world.moderator, reason="off_topic", note="请针对条文")
    mine = client.get(_url("my-consultation-comments")).content.decode()
    assert "建议增加公示期限" in mine
    assert "请针对条文" in mine


def test_an_unverified_citizen_gets_no_form_and_a_refused_post(client, world):
    consultation = opened(world)
    client.force_login(world.unverified)
    with at(DAY):
        page = client.get(_url("consultation-article", consultation.number, 1)).content.decode()
        client.post(_url("consultation-comment", consultation.number),
                    {"article": "1", "stance": "comment", "body": "我想说"})  # fmt: skip
    assert 'name="body"' not in page
    assert not Comment.objects.exists()


def test_a_comment_without_text_is_sent_back_with_the_field_error(client, world):
    consultation = opened(world)
    client.force_login(world.citizen)
    with at(DAY):
        response = client.post(_url("consultation-comment", consultation.number),
                               {"article": "1", "stance": "oppose", "body": ""})  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()


def test_the_article_pages_its_comments_newest_first(client, world):
    consultation = opened(world)
    article = consultation.articles.get(position=1)
    with at(DAY):
        for n in range(25):
            author = (world.citizen, world.other_citizen)[n % 2]  # 20 a day each at most
            made = services.comment(consultation, author, stance="comment",
                                    body=f"第{n}号意见", article=article)  # fmt: skip
            services.approve(made, actor=world.moderator)
        first = client.get(_url("consultation-article", consultation.number, 1))
    html = first.content.decode()
    assert "第24号意见" in html
    assert "第4号意见" not in html
    older = html.split('href="?after=')[1].split('"')[0]
    with at(DAY):
        second = client.get(
            _url("consultation-article", consultation.number, 1) + "?after=" + older
        )
    html2 = second.content.decode()
    assert "第4号意见" in html2
    assert "第0号意见" in html2
    assert "第24号意见" not in html2


def test_the_word_view_counts_published_words_only(client, world):
    consultation = opened(world)
    with at(DAY):
        a = services.comment(
            consultation, world.citizen, stance="comment", body="维修资金 维修资金 停车"
        )
        services.comment(consultation, world.other_citizen, stance="comment", body="秘密词汇")
    services.approve(a, actor=world.moderator)
    html = client.get(_url("consultation-words", consultation.number)).content.decode()
    assert "维修" in html or "维修资金" in html
    assert "秘密" not in html


def test_the_moderation_queue_is_for_moderators_only(client, world):
    consultation = opened(world)
    with at(DAY):
        made = services.comment(consultation, world.citizen, stance="comment",
                                body=f"我的身份证{world.citizen.id_number}")  # fmt: skip
    url = reverse("workbench:moderation")
    for who in (world.officer, world.cg_officer, world.citizen):
        client.force_login(who)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(world.moderator)
    page = client.get(url).content.decode()
    assert world.citizen.id_number not in page
    assert world.citizen.id_number[:4] + "**********" in page
    response = client.post(reverse("workbench:moderation-decide", args=[made.pk]),
                           {"action": "reject", "reason": "personal_data", "note": ""})  # fmt: skip
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.reason) == (CommentStatus.REJECTED, "personal_data")


def test_another_department_cannot_see_or_close_the_consultation(client, world):
    consultation = opened(world)
    client.force_login(world.cg_officer)
    url = reverse("workbench:consultation", args=[consultation.number])
    assert client.get(url).status_code == 403
    with at(date(2026, 4, 2)):
        client.post(reverse("workbench:consultation-close", args=[consultation.number]))
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_the_officer_drafts_publishes_closes_and_reports_in_the_workbench(client, world):
    client.force_login(world.officer)
    with at(date(2026, 3, 2)):
        response = client.post(reverse("workbench:consultation-new"), {
            "kind": "policy", "title": "关于加强老旧小区改造的意见（征求意见稿）",
            "text": "第一章 总则\n第一条 为推进改造，制定本意见。\n第二条 各区负责实施。",
        })  # fmt: skip
        assert response.status_code == 302
        number = response["Location"].rstrip("/").rsplit("/", 1)[1]
        page = client.get(response["Location"]).content.decode()
        assert "第二条" in page
        short = client.post(reverse("workbench:consultation-publish", args=[number]),
                            {"opens_on": "2026-03-02", "closes_on": "2026-03-20"})  # fmt: skip
        assert short.status_code == 400
        client.post(reverse("workbench:consultation-publish", args=[number]),
                    {"opens_on": "2026-03-02", "closes_on": str(CLOSES)})  # fmt: skip
    consultation = services.Consultation.objects.get(number=number)
    assert consultation.status == "open"
    with at(DAY):
        made = services.comment(consultation, world.citizen, stance="comment", body="请明确资金来源",
                                article=consultation.articles.get(position=1))  # fmt: skip
    services.approve(made, actor=world.moderator)
    with at(date(2026, 4, 2)):
        client.post(reverse("workbench:consultation-close", args=[number]))
        client.post(reverse("workbench:consultation-summary", args=[number]),
                    {"summary": "收到意见1条，采纳1条。"})  # fmt: skip
        client.post(reverse("workbench:consultation-dispose", args=[number, made.pk]),
                    {"outcome": "adopted", "reason": "已增加资金来源条款"})  # fmt: skip
        client.post(reverse("workbench:consultation-revise", args=[number, 1]),
                    {"text": "为推进改造，明确资金来源，制定本意见。"})  # fmt: skip
        response = client.post(reverse("workbench:consultation-publish-report", args=[number]))
    assert response["Location"] == _url("consultation-report", number)
    client.logout()
    report = client.get(_url("consultation-report", number)).content.decode()
    assert "为推进改造<ins>，明确资金来源</ins>，制定本意见" in report
    assert "已增加资金来源条款" in report
    pdf = client.get(_url("consultation-report-pdf", number))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_an_unpublished_report_is_not_found(client, world):
    consultation = opened(world)
    assert client.get(_url("consultation-report", consultation.number)).status_code == 404
    assert client.get(_url("consultation-report-pdf", consultation.number)).status_code == 404


def test_my_comments_show_only_my_own(client, world):
    consultation = opened(world)
    with at(DAY):
        mine = services.comment(consultation, world.citizen, stance="comment", body="张的私人意见")
    services.reject(mine, actor=world.moderator, reason="abuse", note="措辞不当")
    client.force_login(world.other_citizen)
    page = client.get(_url("my-consultation-comments")).content.decode()
    assert "张的私人意见" not in page
    assert "措辞不当" not in page


def test_another_department_cannot_hide_a_comment(client, world):
    consultation = opened(world)
    with at(DAY):
        made = services.comment(consultation, world.citizen, stance="comment", body="意见")
    services.approve(made, actor=world.moderator)
    client.force_login(world.cg_officer)
    response = client.post(reverse("workbench:moderation-hide", args=[made.pk]),
                           {"reason": "off_topic"})  # fmt: skip
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == CommentStatus.PUBLISHED


def test_the_pages_speak_english(client, world):
    consultation = opened(world)
    client.cookies["django_language"] = "en"
    with at(DAY):
        page = client.get(_url("consultation", consultation.number)).content.decode()
    assert "Guangzhou Property Management Regulations (draft for comments)" in page
    assert "Explanatory note" in page
    assert "0 support, 0 oppose" in page
    assert "Sign in to comment" in page


def test_the_landing_page_shows_consultations_surveys_and_proposals(client, world):
    """/participation/ gathers the three parts: drafts open for comments, the open surveys and
    the citizens' proposals, each linking on to its own list."""
    consultation = opened(world)
    with at(DAY):
        html = client.get(_url("participation")).content.decode()
    assert consultation.title in html
    for part in ("participation-surveys", "participation-proposals", "participation-proposal-new"):
        assert f'href="{_url(part)}"' in html
    assert html.count("<h2") >= 4  # open drafts, closed ones, surveys, proposals
