"""zh-Hans by default, complete English, Django admin in both languages."""

import pytest

from onewindow.i18n import catalogues, problems

pytestmark = pytest.mark.django_db


def test_the_home_page_is_served_in_simplified_chinese_by_default(client):
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans"' in page
    assert "一网通办" in page
    assert "Skip to main content" not in page


def test_the_language_switch_gives_english_and_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/deadline/"})
    assert response.status_code == 302
    page = client.get("/deadline/").content.decode()
    assert '<html lang="en"' in page
    assert "Deadline calculator" in page
    assert "办理期限计算器" not in page


def test_the_deadline_page_answers_in_the_visitors_language(client):
    zh = client.get("/deadline/", {"start": "2026-09-30", "working_days": 1}).content.decode()
    assert "期限届满日为 <strong>2026年10月8日</strong>" in zh
    client.post("/i18n/setlang/", {"language": "en"})
    en = client.get("/deadline/", {"start": "2026-09-30", "working_days": 1}).content.decode()
    assert "run out on <strong>8 October 2026</strong>" in en


def test_bad_deadline_input_shows_a_translated_field_error_and_no_result(client):
    page = client.get("/deadline/", {"start": "9999-12-31", "working_days": 3}).content.decode()
    assert "期限不能超过 9999-12-31" in page
    assert "计算结果" not in page


def test_a_provisional_deadline_says_so_in_chinese(client, unpublished_year):
    unpublished_year(2027)
    page = client.get("/deadline/", {"start": "2027-01-05", "working_days": 3}).content.decode()
    assert "计算结果" in page
    assert "暂定" in page


def test_the_admin_speaks_both_languages(duty_client):
    admin_client = duty_client("audit_administrator")
    assert "站点管理" in admin_client.get("/admin/").content.decode()
    admin_client.post("/i18n/setlang/", {"language": "en"})
    assert "Site administration" in admin_client.get("/admin/").content.decode()


def test_every_message_is_translated():
    assert catalogues()
    for path in catalogues():
        assert problems(path) == []
