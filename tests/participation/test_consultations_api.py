"""The consultations' read-only API: list, detail with article counts, an article's comments
in keyset pages, the published report; drafts and unpublished reports are 404; the OpenAPI
schema lists the operations."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from onewindow.participation.services import consultations as services
from tests.participation.consultation_world import at, draft, opened

pytestmark = pytest.mark.django_db
BASE = "/api/v1/participation/consultations/"


def _get(path):
    return APIClient().get(path, HTTP_ACCEPT="application/json")


def test_the_list_and_detail_show_published_consultations_with_counts(world):
    consultation = opened(world)
    hidden_draft = draft(world)
    with at(date(2026, 3, 5)):
        made = services.comment(consultation, world.citizen, stance="oppose", body="负担太重",
                                article=consultation.articles.get(position=7))  # fmt: skip
        pending = services.comment(consultation, world.other_citizen, stance="comment", body="待审",
                                   article=consultation.articles.get(position=7))  # fmt: skip
    services.approve(made, actor=world.moderator)
    listed = _get(BASE).json()
    assert [c["number"] for c in listed] == [consultation.number]
    detail = _get(f"{BASE}{consultation.number}/").json()
    assert len(detail["articles"]) == 20
    seventh = detail["articles"][6]
    assert (seventh["number"], seventh["comments"], seventh["oppose"]) == ("第7条", 0, 1)
    assert detail["report"] is None
    assert _get(f"{BASE}{hidden_draft.number}/").status_code == 404
    comments = _get(f"{BASE}{consultation.number}/articles/7/comments/").json()
    assert [c["id"] for c in comments["results"]] == [made.pk]  # not the pending one
    assert pending.pk not in [c["id"] for c in comments["results"]]
    assert comments["results"][0]["author"] == "张＊＊"


def test_comments_page_by_cursor(world):
    consultation = opened(world)
    article = consultation.articles.get(position=1)
    with at(date(2026, 3, 5)):
        for n in range(22):
            author = (world.citizen, world.other_citizen)[n % 2]
            services.approve(
                services.comment(
                    consultation, author, stance="comment", body=f"意见{n}", article=article
                ),
                actor=world.moderator,
            )
    first = _get(f"{BASE}{consultation.number}/articles/1/comments/").json()
    assert len(first["results"]) == 20
    second = _get(first["next"]).json()
    assert [c["body"] for c in second["results"]] == ["意见1", "意见0"]
    assert second["next"] is None


def test_the_report_is_published_with_dispositions_and_revisions(world):
    consultation = opened(world)
    article = consultation.articles.get(position=2)
    with at(date(2026, 3, 5)):
        made = services.comment(consultation, world.citizen, stance="comment", body="改一下",
                                article=article)  # fmt: skip
    services.approve(made, actor=world.moderator)
    assert _get(f"{BASE}{consultation.number}/report/").status_code == 404
    with at(date(2026, 4, 2)):
        services.close(consultation, actor=world.officer)
        services.save_summary(consultation, actor=world.officer, summary="采纳1条")
        services.dispose(made, actor=world.officer, outcome="adopted", reason="有道理")
        services.revise(article, actor=world.officer, text="新的第二条。")
        services.publish_report(consultation, actor=world.officer)
    report = _get(f"{BASE}{consultation.number}/report/").json()
    assert report["articles"][1]["revised_text"] == "新的第二条。"
    assert report["articles"][0]["revised_text"] is None
    assert report["dispositions"] == [
        {"comment": made.pk, "article": 2, "comment_body": "改一下", "outcome": "adopted",
         "reason": "有道理"}
    ]  # fmt: skip
    assert report["pdf"].endswith("/report.pdf")


def test_the_schema_lists_the_operations(world):
    schema = _get("/api/schema/?format=json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {"consultations", "consultation", "consultation_article_comments",
            "consultation_report"} <= operations  # fmt: skip


def test_odd_positions_and_cursors_are_not_found_or_ignored(world):
    consultation = opened(world)
    base = f"{BASE}{consultation.number}/articles/"
    assert _get(f"{base}0/comments/").status_code == 404
    assert _get(f"{base}{2**63}/comments/").status_code == 404
    for cursor in ("x", "2026-13-01T00:00:00_1", f"2026-03-05T10:00:00_{2**70}", "9999-01-01_5"):
        response = _get(f"{base}1/comments/?after={cursor}")
        assert (response.status_code, response.json()["results"]) == (200, [])
