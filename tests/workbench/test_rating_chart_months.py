"""The 好差评 page's trend chart names its months as the table beside it does, in the reader's
language (July 2026 / 2026年7月), never as ISO codes."""

import json
import re
from datetime import date

import pytest

from onewindow.accounts.models import Role
from tests.cases.rating_fixtures import rated
from tests.workbench.conftest import signed_in, text

pytestmark = pytest.mark.django_db


def chart_months(page: str) -> list[str]:
    found = re.search(
        r'<script id="rating-chart-data" type="application/json">(.*?)</script>', page
    )
    return [point["month"] for point in json.loads(found.group(1))["months"]]


def test_the_trend_chart_writes_months_in_the_readers_language(staff, citizen):
    rated(staff, citizen, 5, date(2026, 7, 14))
    rated(staff, citizen, 2, date(2026, 9, 25))
    supervisor = signed_in(staff.official("440100-ZWFW", Role.SUPERVISOR))
    english = text(supervisor.get("/workbench/supervision/ratings/", HTTP_ACCEPT_LANGUAGE="en"))
    assert chart_months(english) == ["July 2026", "September 2026"]
    assert "July 2026</time>" in english  # as the table beside it
    chinese = text(
        supervisor.get("/workbench/supervision/ratings/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    )
    assert chart_months(chinese) == ["2026年7月", "2026年9月"]
