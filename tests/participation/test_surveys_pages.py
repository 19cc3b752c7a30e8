"""Surveys over HTTP: answering in the hall one question a page with the skip logic on the
server, the builder, results and CSV in the workbench, and the API; and who is refused."""

import csv
import io

import pytest

from onewindow.participation.models import SurveyQuestionKind, SurveyResponse, SurveyStatus
from onewindow.participation.selectors import surveys as selectors
from onewindow.participation.services import surveys as services
from onewindow.participation.services import surveys_answering as answering
from tests.conftest import zh
from tests.participation import surveys_helpers as h

pytestmark = pytest.mark.django_db
world = h.world  # the fixtures
no_second_factor = h.no_second_factor


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_a_resident_answers_one_question_a_page_and_the_skip_goes_to_the_review(client, world):
    survey, (q1, q2, _q3, _q4) = h.build(world.officer)
    assert survey.display_title in client.get("/participation/surveys/").content.decode()
    _signed_in(client, world.resident)
    step = f"/participation/surveys/{survey.number}/answer/"
    page = client.get(step)
    assert page.status_code == 200
    assert q1.text in page.content.decode()
    wrong = client.post(step, {"question": q1.pk})
    assert wrong.status_code == 400
    assert zh("This question needs an answer.") in wrong.content.decode()
    answered = client.post(step, {"question": q1.pk, "answer": "o2"})  # 不住: skip to the end
    assert answered["Location"].endswith(f"/participation/surveys/{survey.number}/review/")
    review = client.get(answered["Location"]).content.decode()
    assert q1.text in review
    assert q2.text not in review
    sent = client.post(answered["Location"])
    assert sent.status_code == 302
    assert SurveyResponse.objects.get(survey=survey).district == "440106"
    again = client.get(step)
    assert again.status_code == 403


def test_the_path_through_every_question_keeps_the_answers_in_order(client, world):
    survey, (q1, q2, q3, q4) = h.build(world.officer)
    _signed_in(client, world.other_resident)
    step = f"/participation/surveys/{survey.number}/answer/"
    assert client.post(step, {"question": q1.pk, "answer": "o1"})["Location"].endswith(
        f"?q={q2.pk}"
    )
    assert client.post(step, {"question": q2.pk, "answer": "4"})["Location"].endswith(f"?q={q3.pk}")
    assert client.post(step, {"question": q3.pk, "answer": ["o1", "o3"]})["Location"].endswith(
        f"?q={q4.pk}"
    )
    back = client.get(f"{step}?q={q3.pk}").content.decode()
    assert 'value="o3" checked' in back
    assert client.post(step, {"question": q4.pk, "answer": ""})["Location"].endswith("/review/")
    client.post(f"/participation/surveys/{survey.number}/review/")
    response = SurveyResponse.objects.get(survey=survey)
    assert response.answers.count() == 3
    assert response.age_band == "60+"


def test_who_may_not_answer_is_told_and_refused(client, world):
    survey, _questions = h.build(world.officer)
    step = f"/participation/surveys/{survey.number}/answer/"
    assert client.get(step)["Location"].startswith("/login/")  # anonymous
    _signed_in(client, world.unverified)
    page = client.get(f"/participation/surveys/{survey.number}/").content.decode()
    assert f'href="{step}"' not in page
    assert client.get(step).status_code == 403
    client.logout()
    _signed_in(client, world.officer)
    assert client.get(step).status_code == 403


def test_the_builder_is_only_for_the_departments_officers(client, world):
    survey, _questions = h.build(world.officer, publish=False)
    urls = [
        f"/workbench/participation/surveys/{survey.number}/",
        f"/workbench/participation/surveys/{survey.number}/results/",
        f"/workbench/participation/surveys/{survey.number}/export.csv",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to sign in
    _signed_in(client, world.cg_officer)  # another department's officer
    for url in urls:
        assert client.get(url).status_code == 404
    client.logout()
    _signed_in(client, world.zj_reviewer)  # same department, no participation role
    assert client.get(urls[0]).status_code == 403
    client.logout()
    _signed_in(client, world.resident)
    assert client.get(urls[0]).status_code == 403
    client.logout()
    _signed_in(client, world.officer)
    for url in urls:
        assert client.get(url).status_code == 200


def test_the_officer_builds_reorders_sets_a_rule_and_publishes_in_the_workbench(client, world):
    _signed_in(client, world.officer)
    made = client.post(
        "/workbench/participation/surveys/new/",
        {"title": "加装电梯意愿", "opens_on": "2026-12-01", "closes_on": "2027-01-31",
         "audience": "residents", "districts": ["440106", "440104"]},
    )  # fmt: skip
    assert made.status_code == 302
    survey = selectors.office_surveys(world.officer).get()
    assert survey.districts == ["440104", "440106"]
    base = f"/workbench/participation/surveys/{survey.number}/"
    for text, kind, options in [
        ("是否支持加装电梯？", "single", "支持\n反对"),
        ("您住几楼？", "scale", ""),
        ("请排序关注点", "ranking", "费用\n噪音\n采光"),
        ("各项满意度", "matrix", "满意\n不满意"),
    ]:
        sent = client.post(
            f"{base}questions/",
            {"new-kind": kind, "new-text": text, "new-required": "on", "new-options": options,
             "new-rows": "楼道\n绿化", "new-scale_max": "10"},
        )  # fmt: skip
        assert sent.status_code == 302, sent.content.decode()[:2000]
    q1, q2, q3, q4 = survey.questions.all()
    assert q4.kind == SurveyQuestionKind.MATRIX
    assert [r["label"] for r in q4.rows] == [
        "楼道",
        "绿化",
    ]
    bad = client.post(
        f"{base}questions/{q1.pk}/", {"rule": "1", "option_key": "o2", "target": str(q4.pk)}
    )
    assert bad.status_code == 302

    def order():
        return list(survey.questions.values_list("pk", flat=True))

    client.post(f"{base}questions/{q4.pk}/up/")
    assert order() == [q1.pk, q2.pk, q4.pk, q3.pk]
    client.post(f"{base}questions/{q4.pk}/up/")  # still after q1, whose rule leads to it
    assert order() == [q1.pk, q4.pk, q2.pk, q3.pk]
    refused = client.post(f"{base}questions/{q4.pk}/up/", follow=True)  # the rule: backwards
    assert order() == [q1.pk, q4.pk, q2.pk, q3.pk]
    assert zh("A skip rule would go backwards: change or remove it first.") in (
        refused.content.decode()
    )
    rule = zh("If “%(option)s”: go to question %(position)s") % {"option": "反对", "position": 2}
    assert rule in client.get(base).content.decode()
    client.post(f"{base}publish/")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert client.get(f"{base}questions/{q1.pk}/").status_code == 403


def test_results_hide_small_cells_and_the_csv_holds_no_identity(client, world):
    survey, (q1, q2, q3, q4) = h.build(world.officer)
    people = [h.resident("440106") for _ in range(6)] + [h.resident("440104")]
    for person in people:
        answering.answer(person, survey.number, {q1.pk: "o1", q2.pk: "5", q3.pk: ["o2"]})
    formula = h.resident("440105")
    answering.answer(
        formula,
        survey.number,
        {q1.pk: "o1", q2.pk: "1", q3.pk: ["o1"], q4.pk: '=HYPERLINK("x")'},
    )
    by_district = selectors.crosstab(survey, q1, "district")
    cells = {group: (row, total) for group, row, total in by_district.rows}
    assert cells["越秀区"] == ([None, 0], None)  # one answer: hidden
    assert cells["海珠区"] == ([None, 0], None)
    assert cells["天河区"] == ([None, 0], None)  # else 8 − 6 would give 越秀's and 海珠's 1
    _signed_in(client, world.officer)
    page = client.get(f"/workbench/participation/surveys/{survey.number}/results/").content.decode()
    assert "chart-q" in page
    assert "天河区" in page
    exported = client.get(f"/workbench/participation/surveys/{survey.number}/export.csv")
    text = exported.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 8
    assert rows[8][6:] == ["住在老旧小区", "1", "加装电梯", '\'=HYPERLINK("x")']  # no formula
    for person in people:
        assert person.real_name not in text
        assert person.id_number not in text
        assert person.username not in text
    assert rows[1][6:9] == ["住在老旧小区", "5", "外墙翻新"]


def test_the_api_gives_the_definition_to_anyone_and_results_to_the_department(client, world):
    survey, (q1, *_rest) = h.build(world.officer)
    answering.answer(world.resident, survey.number, {q1.pk: "o2"})
    definition = client.get(f"/api/v1/participation/surveys/{survey.number}/").json()
    assert definition["questions"][0]["skip_rules"] == {"o2": None}
    url = f"/api/v1/participation/surveys/{survey.number}/results/"
    assert client.get(url).status_code in (401, 403)
    _signed_in(client, world.cg_officer)
    assert client.get(url).status_code == 404
    client.logout()
    _signed_in(client, world.officer)
    found = client.get(url).json()
    assert found["responses"] == 1
    assert found["questions"][0]["bars"][1] == ["不住", 1]
    draft, _q = h.build(world.officer, publish=False)
    assert client.get(f"/api/v1/participation/surveys/{draft.number}/").status_code == 404


def test_the_landing_pages_block_lists_the_open_surveys(world):
    from django.template.loader import render_to_string

    survey, _questions = h.build(world.officer)
    h.build(world.officer, publish=False)  # a draft is not listed
    html = render_to_string(
        "portal/participation/surveys/_index_block.html", selectors.hall_block()
    )
    assert html.count("/participation/surveys/WJ-") == 1
    assert f"/participation/surveys/{survey.number}/" in html


def test_the_survey_pages_in_english_show_chinese_only_where_marked(client, world):
    from tests.test_english_complete import chinese_outside_zh

    def english_page(url):
        page = client.get(url)
        assert page.status_code == 200, url
        return chinese_outside_zh(page.content.decode())

    survey, (q1, q2, q3, q4) = h.build(world.officer)
    for person in [h.resident("440106") for _ in range(5)]:
        answering.answer(person, survey.number, {q1.pk: "o1", q2.pk: "3", q3.pk: ["o1", "o2"]})
    _signed_in(client, world.other_resident)
    client.cookies["django_language"] = "en"
    step = f"/participation/surveys/{survey.number}/answer/"
    client.post(step, {"question": q1.pk, "answer": "o1"})
    client.post(step, {"question": q2.pk, "answer": "2"})
    client.post(step, {"question": q3.pk, "answer": ["o1", "o3"]})
    client.post(step, {"question": q4.pk, "answer": "希望加装电梯"})
    for url in [
        "/participation/surveys/",
        f"/participation/surveys/{survey.number}/",
        f"{step}?q={q3.pk}",
        f"/participation/surveys/{survey.number}/review/",
    ]:
        assert english_page(url) == [], url
    _signed_in(client, world.officer)
    client.cookies["django_language"] = "en"
    for url in [
        "/workbench/participation/surveys/",
        f"/workbench/participation/surveys/{survey.number}/",
        f"/workbench/participation/surveys/{survey.number}/results/",
    ]:
        assert english_page(url) == [], url


def test_ranking_and_matrix_questions_are_answered_without_javascript(client, world):
    from django.utils import timezone

    today = timezone.localdate()
    survey = services.create_survey(
        world.officer, title="出资方式", opens_on=today, closes_on=today
    )
    ranking = services.add_question(
        world.officer, survey.number, kind="ranking", text="排序", options="甲\n乙\n丙"
    )
    matrix = services.add_question(
        world.officer, survey.number, kind="matrix", text="满意度",
        options="满意\n不满意", rows="物业\n绿化",
    )  # fmt: skip
    services.publish(world.officer, survey.number)
    _signed_in(client, world.resident)
    step = f"/participation/surveys/{survey.number}/answer/"
    twice = client.post(
        step, {"question": ranking.pk, "rank-o1": "1", "rank-o2": "1", "rank-o3": "2"}
    )
    assert twice.status_code == 400
    assert zh("Rank every item, each at a different place.") in twice.content.decode()
    client.post(step, {"question": ranking.pk, "rank-o1": "3", "rank-o2": "1", "rank-o3": "2"})
    half = client.post(step, {"question": matrix.pk, "m-r1": "o2"})
    assert half.status_code == 400
    assert zh("Answer every row.") in half.content.decode()
    client.post(step, {"question": matrix.pk, "m-r1": "o2", "m-r2": "o1"})
    review = client.get(f"/participation/surveys/{survey.number}/review/").content.decode()
    assert "乙 &gt; 丙 &gt; 甲" in review
    client.post(f"/participation/surveys/{survey.number}/review/")
    stored = dict(SurveyResponse.objects.get().answers.values_list("question_id", "value"))
    assert stored == {ranking.pk: ["o2", "o3", "o1"], matrix.pk: {"r1": "o2", "r2": "o1"}}
    ranked = selectors.results(survey)[0]
    assert ranked.bars == [("甲", 1.0), ("乙", 3.0), ("丙", 2.0)]
