"""Fixtures for the workbench: the case fixtures, officials signed in, cases to work on."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.test import Client

from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import (  # noqa: F401
    PARALLEL,
    _media,
    citizen,
    enterprise,
    staff,
    valid_form,
    valid_uploads,
)
from tests.cases.test_single_department_lifecycle import at

SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    """Officials sign in with force_login here; the TOTP step is proven in test_access."""
    settings.ONEWINDOW_REQUIRE_OTP = False


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit_parallel(applicant, day: date = date(2026, 11, 2)):
    """A food business licence application (three departments in parallel)."""
    item = ServiceItem.objects.get(code=PARALLEL)
    with at(day):
        return services.submit(
            applicant=applicant,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )


def page_version(html: str, action: str) -> str:
    """The case version in the hidden field of the form posting to ``action``."""
    form = re.search(rf'action="[^"]*/{action}/"[^>]*>(.*?)</form>', html, re.S)
    assert form, f"no {action} form on the page"
    return re.search(r'name="version" value="(\d+)"', form.group(1)).group(1)


def case_links(html: str) -> list[str]:
    """The case numbers linked from the rows of a work list, in order."""
    return re.findall(r'<th scope="row"[^>]*><a href="/workbench/cases/([^/]+)/"', html)


def text(response) -> str:
    """The page as text, HTML entities (&#x27; for an apostrophe, …) decoded."""
    return html.unescape(response.content.decode())
