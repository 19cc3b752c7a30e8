"""Every unsafe route refuses a request that lacks the CSRF token, even from the person allowed
to use it; and every form a page shows carries the token."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from tests.cases.conftest import _media, citizen, enterprise, staff  # noqa: F401 - fixtures
from tests.certificates.conftest import SCJG
from tests.test_authorization_matrix import PAYLOADS, ROUTES, url, world  # noqa: F401

# CI runs it once, on PostgreSQL: CSRF is checked before any query, the same on either database.
pytestmark = [pytest.mark.django_db, pytest.mark.once]

# The person each kind of route is for (see the matrix); "public" posts come from nobody.
ALLOWED = {
    "public": None,
    "signed-in": "enterprise",
    "applicant": "enterprise",
    "draft-owner": "enterprise",
    "message-owner": "enterprise",
    "booking-owner": "enterprise",
    "agent-enterprise": "enterprise",
    "agent-party": "enterprise",
    "clerk": "clerk",
    "window-clerk": "clerk",
    "official": "clerk",
    "reviewer": "reviewer",
    "case-official": "reviewer",
    "head": "head",
    "hotline-centre": "operator",
    "disclosure-office": "disclosure",
    "participation-office": "participation",
    "moderator": "moderator",
    "pending-proposal": "enterprise",
    "office": "office",
    "market": "head",
    "emergency": "duty",
    "responder": "duty",
    "enterprise-owner": "enterprise",
    "party": "enterprise",
}
FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)


def person(name: str | None, staff, enterprise):  # noqa: F811 - the shared fixtures' values
    return {
        None: None,
        "enterprise": enterprise,
        "clerk": staff.clerk(SCJG),
        "reviewer": staff.official("440100-XF", Role.REVIEWER),
        "head": staff.head(SCJG),
        "operator": staff.official("440100-12345", Role.HOTLINE_OPERATOR),
        "disclosure": staff.official(SCJG, Role.DISCLOSURE_HEAD),
        "participation": staff.official("440100-ZJ", Role.PARTICIPATION_OFFICER),
        "moderator": staff.official("440100-ZWFW", Role.PARTICIPATION_MODERATOR),
        "office": staff.official(SCJG, Role.DOCUMENT_REVIEWER),
        "duty": staff.official("440100-YJGL", Role.DUTY_OFFICER),
    }[name]


def strict_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_no_unsafe_route_accepts_a_request_without_the_token(world, staff, enterprise):  # noqa: F811
    problems = []
    for route, rule in ROUTES.items():
        if rule.method != "POST":
            continue
        who = ALLOWED[rule.who]
        if route.startswith("api/") and who is None:
            continue  # token-authenticated API clients: no cookie, so nothing to forge
        user = person(who, staff, enterprise)
        path = url(route, world["ids"], world["certificate"])
        before = AuditEntry.objects.count()
        payload = PAYLOADS.get(route, {})
        if route.startswith("api/") and any(isinstance(v, bytes) for v in payload.values()):
            files = {  # a multipart upload (a photo, a signature)
                k: SimpleUploadedFile("upload.png", v) if isinstance(v, bytes) else v
                for k, v in payload.items()
            }
            response = strict_client(user).post(path, files)
        elif route.startswith("api/"):
            response = strict_client(user).post(path, payload, content_type="application/json")
        else:
            response = strict_client(user).post(path, {})
        if response.status_code != 403:
            problems.append(f"POST /{route} as {who}: {response.status_code}")
        elif AuditEntry.objects.count() != before:
            problems.append(f"POST /{route} as {who}: wrote to the audit log")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("who", "pages"),
    [
        (
            None,
            [
                "/",
                "/login/",
                "/register/",
                "/register/reclaim/",
                "/login/sms/",
                "/deadline/",
                "/certificates/verify/",
            ],
        ),
        (
            "enterprise",
            [
                "/my/cases/{number}/",
                "/account/",
                "/account/identity/",
                "/my/messages/",
                "/drafts/{draft}/",
            ],
        ),
        ("clerk", ["/workbench/", "/workbench/cases/{number}/", "/workbench/identity-reclaim/"]),
        ("head", ["/workbench/cases/{number}/"]),
    ],
)
def test_every_form_a_page_shows_carries_the_token(who, pages, world, staff, enterprise):  # noqa: F811
    client = Client()
    user = person(who, staff, enterprise)
    if user is not None:
        client.force_login(user)
    seen = 0
    for page in pages:
        response = client.get(page.format(**world["ids"]))
        assert response.status_code == 200, page
        for form in FORM.findall(response.content.decode()):
            seen += 1
            assert 'name="csrfmiddlewaretoken"' in form, f"a form on {page} has no CSRF token"
    assert seen
