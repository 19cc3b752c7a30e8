"""An item whose law changed since it was written is flagged for review in the admin."""

import datetime

import pytest

from onewindow.accounts.models import Role
from onewindow.catalog import review
from onewindow.catalog.models import Law, ServiceItem

FOOD = "440100-SCJG-XK-306"  # 食品经营许可: 中华人民共和国食品安全法 and 食品经营许可和备案管理办法


@pytest.fixture
def admin(duty_client):
    return duty_client(Role.SYSTEM_ADMINISTRATOR)


def amend(name: str) -> None:
    law = Law.objects.get(name=name)
    law.version = law.version + datetime.timedelta(days=400)
    law.save()


def test_items_written_against_the_current_laws_need_no_review(catalogue):
    food = ServiceItem.objects.get(code=FOOD)
    assert review.review_reasons(food) == []
    assert food.reviewed_on is not None
    assert all(basis["version"] for basis in food.legal_basis)


def test_an_amended_law_flags_every_item_citing_it_and_only_those(catalogue):
    amend("中华人民共和国食品安全法")

    flagged = set(
        ServiceItem.objects.filter(pk__in=review.items_needing_review()).values_list(
            "code", flat=True
        )
    )
    citing = {
        item.code
        for item in ServiceItem.objects.all()
        if any(b["law"] == "中华人民共和国食品安全法" for b in item.legal_basis)
    }
    assert FOOD in flagged
    assert citing <= flagged
    unversioned = {
        item.code
        for item in ServiceItem.objects.all()
        if any(not b.get("version") for b in item.legal_basis)
    }
    assert flagged == citing | unversioned
    reason = review.review_reasons(ServiceItem.objects.get(code=FOOD))[0]
    assert "中华人民共和国食品安全法" in reason


def test_the_admin_filters_and_warns_about_items_to_review(admin, catalogue):
    amend("食品经营许可和备案管理办法")
    food = ServiceItem.objects.get(code=FOOD)

    listing = admin.get("/admin/catalog/serviceitem/?law_review=needed").content.decode()
    current = admin.get("/admin/catalog/serviceitem/?law_review=current").content.decode()
    page = admin.get(
        f"/admin/catalog/serviceitem/{food.pk}/change/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert FOOD in listing
    assert FOOD not in current
    assert "Review against the law" in page
    assert "食品经营许可和备案管理办法 changed" in page
