"""The authorization matrix: every endpoint and page of the platform × the people who must be
refused (nobody signed in, another citizen, an official of an uninvolved department, an
official of the case's department without the needed role).

Each refusal must be a sign-in redirect, 403 or 404, show none of the protected case's data,
and change nothing. To someone who may not see the object at all, a real identifier and a
made-up one get the same answer, so guessable numbers do not reveal what exists. A guard test
fails when a URL is added without a row here.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.timezone import now

from onewindow.accounts.models import AgentAuthorization, Role
from onewindow.cases.models import Case, CaseDocument, CaseMaterial
from onewindow.certificates.models import Certificate
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.core.models import AuditEntry
from onewindow.notifications.models import Notification
from onewindow.payments import references
from onewindow.payments.models import FeeNotice
from tests.cases.conftest import (  # noqa: F401
    PARALLEL,
    _media,
    citizen,
    enterprise,
    png_bytes,
    staff,
)
from tests.certificates.conftest import SCJG, grant_food_licence
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.payments.conftest import charge_for

# CI runs it once, on PostgreSQL: who is refused is decided in services and selectors, the same on
# either database.
pytestmark = [pytest.mark.django_db, pytest.mark.once]


# Who may use a route: "public" (anyone), "signed-in" (any account: it shows the caller's own
# things), "applicant", "case-official" (an official of a department the case involves),
# "clerk", "reviewer", "head" (that role in the lead or reviewing department), "official"
# (any official), "supervisor", "draft-owner", "message-owner", "agent-enterprise" (the
# enterprise an agent asked), "agent-party" (that enterprise or the agent), "window-clerk" (a
# window clerk of any department), "hotline-centre" (a 12345 operator or dispatcher),
# "disclosure-office" (the disclosure office of the agency concerned: a disclosure officer,
# confidentiality reviewer or head of the office).
@dataclass(frozen=True)
class Route:
    method: str
    who: str


ROUTES = {
    "healthz": Route("GET", "public"),
    "admin/login/": Route("GET", "public"),
    "i18n/setlang/": Route("POST", "public"),
    "api/schema/": Route("GET", "public"),
    "api/docs/": Route("GET", "public"),
    "api/v1/calendar/due-date": Route("GET", "public"),
    "api/v1/disclosure/reports/": Route("GET", "public"),
    "api/v1/disclosure/reports/<str:agency>/<int:year>/": Route("GET", "public"),
    "api/v1/disclosure/documents/": Route("GET", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/": Route("GET", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/edit/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/submit/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/review/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/approve/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/return/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/repeal/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/expire/": Route("POST", "disclosure-office"),
    "api/v1/disclosure/documents/<int:pk>/amend/": Route("POST", "disclosure-office"),
    "workbench/disclosure/": Route("GET", "disclosure-office"),
    "workbench/disclosure/new/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/": Route("GET", "disclosure-office"),
    "workbench/disclosure/<int:pk>/edit/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/submit/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/review/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/approve/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/return/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/repeal/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/expire/": Route("POST", "disclosure-office"),
    "workbench/disclosure/<int:pk>/amend/": Route("POST", "disclosure-office"),
    "api/v1/hotline/categories/": Route("GET", "official"),
    "api/v1/hotline/tickets/": Route("GET", "official"),
    "api/v1/hotline/tickets/<str:number>/": Route("GET", "case-official"),
    "api/v1/hotline/tickets/<str:number>/extensions/<int:extension_id>/decision/": Route(
        "POST", "case-official"
    ),
    "api/v1/hotline/tickets/<str:number>/take/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/not-accept/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/dispatch/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/accept/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/return/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/opinion/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/extensions/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/reply/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/check/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/callback/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/reopen/": Route("POST", "case-official"),
    "api/v1/hotline/tickets/<str:number>/caller/": Route("POST", "case-official"),
    "api/v1/accounts/register": Route("POST", "public"),
    "api/v1/accounts/phone-codes": Route("POST", "public"),
    "api/v1/services/": Route("GET", "public"),
    "api/v1/progress/": Route("POST", "public"),
    "api/v1/services/<str:code>/": Route("GET", "public"),
    "api/v1/services/<str:code>/instances/": Route("GET", "public"),
    "api/v1/supervision/rollup/": Route("GET", "supervisor"),
    "api/v1/supervision/matters/": Route("GET", "supervisor"),  # the e-supervision ledger
    "api/v1/supervision/ratings/": Route("GET", "official"),
    "api/v1/supervision/ratings/departments/<str:code>/": Route("GET", "official"),
    "api/v1/rectifications/": Route("GET", "official"),
    "api/v1/rectifications/<int:pk>/answer/": Route("POST", "head"),
    "api/v1/accounts/me": Route("GET", "signed-in"),
    "api/v1/cases/": Route("GET", "signed-in"),
    "api/v1/cases/<str:number>/": Route("GET", "applicant"),
    "api/v1/cases/<str:number>/status/": Route("GET", "applicant"),
    "api/v1/cases/<str:number>/timeline/": Route("GET", "applicant"),
    "api/v1/cases/<str:number>/personal-data/": Route("POST", "case-official"),
    "api/v1/cases/<str:number>/documents/<str:document>/": Route("GET", "applicant"),
    "api/v1/cases/<str:number>/materials/<int:material>/": Route("GET", "applicant"),
    "api/v1/cases/<str:number>/resubmit/": Route("POST", "applicant"),
    "api/v1/cases/<str:number>/deferred/": Route("POST", "applicant"),
    "api/v1/cases/<str:number>/withdraw/": Route("POST", "applicant"),
    "api/v1/cases/<str:number>/amendment/": Route("POST", "applicant"),
    "api/v1/cases/<str:number>/accept/": Route("POST", "clerk"),
    "api/v1/cases/<str:number>/correction/": Route("POST", "clerk"),
    "api/v1/cases/<str:number>/refuse/": Route("POST", "clerk"),
    "api/v1/cases/<str:number>/pauses/": Route("POST", "reviewer"),
    "api/v1/cases/<str:number>/commitments/<str:key>/verify/": Route("POST", "reviewer"),
    "api/v1/cases/<str:number>/pauses/<int:pause_id>/end/": Route("POST", "reviewer"),
    "api/v1/cases/<str:number>/extensions/": Route("POST", "reviewer"),
    "api/v1/cases/<str:number>/extensions/<int:extension_id>/approval/": Route("POST", "head"),
    "api/v1/cases/<str:number>/decision/": Route("POST", "head"),
    "api/v1/cases/<str:number>/delivery/": Route("POST", "clerk"),
    "api/v1/cases/<str:number>/delivery-choice/": Route("POST", "applicant"),
    "api/v1/cases/<str:number>/fees/": Route("GET", "applicant"),
    "api/v1/cases/<str:number>/fees/<str:payment_reference>/payment/": Route("POST", "clerk"),
    "api/v1/exchange/queries/": Route("POST", "official"),
    "api/v1/exchange/keys/": Route("GET", "public"),
    "api/v1/me/registry-reads/": Route("GET", "signed-in"),
    "api/v1/registry/indicators/": Route("GET", "public"),
    "api/v1/registry/indicators/<str:code>/trend": Route("GET", "public"),
    "api/v1/registry/divisions/locate": Route("GET", "public"),
    "api/v1/registry/places/": Route("GET", "official"),
    "api/v1/seals/": Route("GET", "public"),
    "api/v1/certificates/verify": Route("POST", "public"),
    "api/v1/certificates/<str:number>/verify": Route("GET", "public"),
    "api/v1/certificates/<str:number>/revoke": Route("POST", "head"),
    "api/v1/me/certificates/": Route("GET", "signed-in"),
    "api/v1/me/certificates/<str:number>/": Route("GET", "applicant"),
    "api/v1/me/certificates/<str:number>/pdf": Route("GET", "applicant"),
    "api/v1/appointments/": Route("GET", "signed-in"),  # the caller's own bookings
    "api/v1/appointments/centres/": Route("GET", "signed-in"),
    "api/v1/appointments/slots/": Route("GET", "signed-in"),
    "api/v1/appointments/<str:reference>/": Route("GET", "booking-owner"),
    "api/v1/appointments/<str:reference>/change/": Route("POST", "booking-owner"),
    "api/v1/appointments/<str:reference>/cancel/": Route("POST", "booking-owner"),
    "api/v1/appointments/<str:reference>/invitation.ics": Route("GET", "booking-owner"),
    "api/v1/tasks/": Route("GET", "signed-in"),  # the caller's departments' tasks: none for others
    "api/v1/tasks/<int:task_id>/approve/": Route("POST", "reviewer"),
    "api/v1/tasks/<int:task_id>/deny/": Route("POST", "reviewer"),
    "api/v1/tasks/<int:task_id>/request-supplement/": Route("POST", "reviewer"),
    "workbench/": Route("GET", "official"),
    "workbench/done/": Route("GET", "official"),
    "workbench/search/": Route("GET", "official"),
    "workbench/search/saved/": Route("POST", "official"),
    "workbench/search/saved/<int:filter_id>/delete/": Route("POST", "official"),
    "workbench/supervision/": Route("GET", "supervisor"),
    "workbench/supervision/rollup/": Route("GET", "supervisor"),
    "workbench/supervision/department-suggestions/": Route("GET", "supervisor"),
    # e-supervision's drill-down; 好差评 statistics (a department's own officials see theirs);
    # the rectification of poor ratings, answered by the department's head or reviewers.
    "workbench/supervision/departments/<str:code>/": Route("GET", "supervisor"),
    "workbench/supervision/items/<str:code>/": Route("GET", "supervisor"),
    "workbench/supervision/ratings/": Route("GET", "supervisor"),
    "workbench/supervision/ratings/departments/<str:code>/": Route("GET", "official"),
    "workbench/supervision/ratings/items/<str:code>/": Route("GET", "official"),
    "workbench/rectifications/": Route("GET", "official"),
    "workbench/rectifications/<int:pk>/": Route("POST", "head"),
    # Identity row: only a window clerk, who checks the ID card in person, reclaims an identity.
    "workbench/identity-reclaim/": Route("POST", "window-clerk"),
    # The central window: walk-in intake and the day's queue, for window clerks (a centre's
    # clerk sees its items and bookings; another clerk an empty list).
    "workbench/window/": Route("GET", "window-clerk"),
    "workbench/window/<int:instance>/": Route("POST", "window-clerk"),
    "workbench/queue/": Route("GET", "window-clerk"),
    "workbench/queue/<str:reference>/check-in/": Route("POST", "window-clerk"),
    # the 12345 phone console: the hotline centre's operators and dispatchers only
    # 政府信息公开 annual reports and table 4's reviews and lawsuits: the disclosure office
    "workbench/disclosure/reports/": Route("GET", "disclosure-office"),
    "workbench/disclosure/reports/<int:pk>/": Route("GET", "disclosure-office"),
    "workbench/disclosure/reports/<int:pk>/publish/": Route("POST", "disclosure-office"),
    "workbench/disclosure/remedies/": Route("GET", "disclosure-office"),
    "workbench/disclosure/remedies/<int:pk>/conclude/": Route("POST", "disclosure-office"),
    # requests on application (依申请公开): the applicant's pages, the office's, the API
    "disclosure/requests/new/": Route("GET", "signed-in"),
    "my/disclosure/": Route("GET", "signed-in"),
    "my/disclosure/letters/<str:letter>/": Route("GET", "applicant"),
    "my/disclosure/files/<int:file_id>/": Route("GET", "applicant"),
    "my/disclosure/<str:number>/": Route("GET", "applicant"),
    "my/disclosure/<str:number>/supplement/": Route("POST", "applicant"),
    "my/disclosure/<str:number>/withdraw/": Route("POST", "applicant"),
    "workbench/disclosure/requests/": Route("GET", "disclosure-office"),
    "workbench/disclosure/requests/new/": Route("POST", "disclosure-office"),
    "workbench/disclosure/requests/<str:number>/": Route("GET", "disclosure-office"),
    **{
        f"workbench/disclosure/requests/<str:number>/{slug}/": Route("POST", "disclosure-office")
        for slug in (
            "fee",
            "fee-paid",
            "confirm",
            "supplement",
            "third-party",
            "third-party-answer",
            "extension",
            "extension-decision",
            "reply",
            "review",
            "send",
        )
    },
    "workbench/disclosure/letters/<str:letter>/": Route("GET", "disclosure-office"),
    "workbench/disclosure/files/<int:file_id>/": Route("GET", "disclosure-office"),
    "api/v1/disclosure/files/<int:file_id>/": Route("GET", "applicant"),
    "api/v1/disclosure/requests/": Route("GET", "signed-in"),
    "api/v1/disclosure/requests/<str:number>/": Route("GET", "applicant"),
    **{
        f"api/v1/disclosure/requests/<str:number>/{slug}/": Route("POST", "applicant")
        for slug in (
            "confirm",
            "supplement",
            "supplement-answer",
            "third-party",
            "third-party-answer",
            "extension",
            "extension-decision",
            "reply",
            "review",
            "send",
            "withdraw",
        )
    },
    "api/v1/disclosure/letters/<str:letter>/": Route("GET", "applicant"),
    # 网上民意征集: citizens' proposals; the matrix's proposal awaits moderation, so only its
    # author and the moderator see it; the workbench is for participation officers and moderators
    "participation/proposals/": Route("GET", "public"),
    "participation/proposals/new/": Route("GET", "signed-in"),
    "participation/proposals/<str:number>/": Route("GET", "pending-proposal"),
    "participation/proposals/<str:number>/support/": Route("POST", "pending-proposal"),
    "participation/proposals/<str:number>/photos/<int:photo_id>/": Route("GET", "pending-proposal"),
    "my/proposals/": Route("GET", "signed-in"),
    "workbench/participation/proposals/": Route("GET", "participation-office"),
    "workbench/participation/moderation/proposals/": Route("GET", "participation-office"),
    "workbench/participation/moderation/supports/<int:support_id>/<str:decision>/": Route(
        "POST", "participation-office"
    ),
    "workbench/participation/proposals/<str:number>/": Route("GET", "participation-office"),
    **{
        f"workbench/participation/proposals/<str:number>/{slug}/": Route(
            "POST", "participation-office"
        )
        for slug in ("publish", "reject", "assign", "merge", "hide", "answer")
    },
    "api/v1/participation/proposals/": Route("GET", "public"),
    "api/v1/participation/proposals/<str:number>/": Route("GET", "pending-proposal"),
    "api/v1/participation/proposals/<str:number>/support/": Route("POST", "pending-proposal"),
    "api/v1/participation/proposals/<str:number>/answer/": Route("POST", "pending-proposal"),
    "workbench/hotline/console/": Route("POST", "hotline-centre"),
    "workbench/hotline/console/caller/": Route("POST", "hotline-centre"),
    "workbench/hotline/console/proposal/": Route("POST", "hotline-centre"),
    "workbench/hotline/console/knowledge/": Route("GET", "hotline-centre"),
    # 12345 hotline (tests/hotline/test_authorization.py runs these against a real ticket)
    "workbench/hotline/": Route("GET", "official"),
    "workbench/hotline/inbox/": Route("GET", "official"),
    "workbench/hotline/<str:number>/": Route("GET", "case-official"),
    "workbench/hotline/<str:number>/extensions/<int:extension_id>/decision/": Route(
        "POST", "case-official"
    ),
    "workbench/hotline/<str:number>/take/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/merge/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/not-accept/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/dispatch/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/accept-dispatch/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/return-dispatch/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/record-opinion/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/request-extension/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/reply/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/check-reply/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/callback/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/reopen/": Route("POST", "case-official"),
    "workbench/hotline/<str:number>/reveal-caller/": Route("POST", "case-official"),
    # hotline: kbmap — the hot-spot map (dispatchers and supervisors all, a department its own)
    "workbench/hotline/map/": Route("GET", "official"),
    "workbench/hotline/map/data.json": Route("GET", "official"),
    "workbench/cases/<str:number>/": Route("GET", "case-official"),
    "workbench/cases/<str:number>/materials/<int:material>/": Route("GET", "case-official"),
    "workbench/cases/<str:number>/documents/<str:document>/": Route("GET", "case-official"),
    "workbench/cases/<str:number>/phone/": Route("POST", "case-official"),
    "workbench/cases/<str:number>/decision/preview/": Route("GET", "head"),
    "workbench/cases/<str:number>/accept/": Route("POST", "clerk"),
    "workbench/cases/<str:number>/correction/": Route("POST", "clerk"),
    "workbench/cases/<str:number>/refuse/": Route("POST", "clerk"),
    "workbench/cases/<str:number>/tasks/<int:task_id>/approve/": Route("POST", "reviewer"),
    "workbench/cases/<str:number>/tasks/<int:task_id>/deny/": Route("POST", "reviewer"),
    "workbench/cases/<str:number>/tasks/<int:task_id>/supplement/": Route("POST", "reviewer"),
    "workbench/cases/<str:number>/pause/": Route("POST", "reviewer"),
    "workbench/cases/<str:number>/pauses/<int:pause_id>/resume/": Route("POST", "reviewer"),
    "workbench/cases/<str:number>/extension/": Route("POST", "reviewer"),
    "workbench/cases/<str:number>/extensions/<int:extension_id>/decision/": Route("POST", "head"),
    "workbench/cases/<str:number>/decision/": Route("POST", "head"),
    "workbench/cases/<str:number>/delivery/": Route("POST", "clerk"),
    "workbench/cases/<str:number>/fee-payment/": Route("POST", "clerk"),
    "workbench/cases/<str:number>/cooling-off-withdrawal/": Route("POST", "clerk"),
    "workbench/cases/<str:number>/certificate/revoke/": Route("POST", "head"),
    "workbench/cases/<str:number>/commitment/verify/": Route("POST", "reviewer"),
    "": Route("GET", "public"),
    "services/": Route("GET", "public"),
    "services/suggest/": Route("GET", "public"),
    "progress/": Route("GET", "public"),
    "robots.txt": Route("GET", "public"),
    "life-events/": Route("GET", "public"),
    "life-events/<slug:slug>/": Route("GET", "public"),
    "departments/": Route("GET", "public"),
    "notices/": Route("GET", "public"),
    "notices/<int:pk>/": Route("GET", "public"),
    "services/<str:code>/": Route("GET", "public"),
    "services/<str:code>/process.bpmn": Route("GET", "public"),
    "services/<str:code>/form-<str:kind>.pdf": Route("GET", "public"),
    "services/<str:code>/apply/": Route("GET", "signed-in"),
    "drafts/<uuid:draft>/": Route("GET", "draft-owner"),
    "drafts/<uuid:draft>/check/<str:field>/": Route("POST", "draft-owner"),
    "drafts/<uuid:draft>/review/": Route("GET", "draft-owner"),
    "drafts/<uuid:draft>/places/": Route("GET", "draft-owner"),
    "drafts/<uuid:draft>/place/": Route("POST", "draft-owner"),
    "drafts/<uuid:draft>/submit/": Route("POST", "draft-owner"),
    "drafts/<uuid:draft>/delete/": Route("POST", "draft-owner"),
    "my/": Route("GET", "signed-in"),
    "my/cases/": Route("GET", "signed-in"),
    "my/cases/<str:number>/process/": Route("GET", "applicant"),
    "my/cases/<str:number>/": Route("GET", "applicant"),
    "my/cases/<str:number>/resubmit/": Route("POST", "applicant"),
    "my/cases/<str:number>/deferred/": Route("POST", "applicant"),
    "my/cases/<str:number>/certificate/": Route("GET", "applicant"),
    "my/cases/<str:number>/withdraw/": Route("POST", "applicant"),
    "my/cases/<str:number>/amendment/": Route("POST", "applicant"),
    "my/cases/<str:number>/rating/": Route("POST", "applicant"),
    "my/cases/<str:number>/delivery/": Route("POST", "applicant"),
    "my/cases/<str:number>/documents/<str:document>/": Route("GET", "applicant"),
    "my/cases/<str:number>/materials/<int:material>/": Route("GET", "applicant"),
    "appointments/new/": Route("GET", "signed-in"),
    "my/appointments/": Route("GET", "signed-in"),
    "my/appointments/<str:reference>/": Route("GET", "booking-owner"),
    "my/appointments/<str:reference>/change/": Route("POST", "booking-owner"),
    "my/appointments/<str:reference>/cancel/": Route("POST", "booking-owner"),
    "my/appointments/<str:reference>/invitation.ics": Route("GET", "booking-owner"),
    "my/certificates/": Route("GET", "signed-in"),
    "my/certificates/<str:number>/": Route("GET", "applicant"),
    "my/certificates/<str:number>/pdf/": Route("GET", "applicant"),
    "my/certificates/<str:number>/signed.json": Route("GET", "applicant"),
    "certificates/verify/": Route("GET", "public"),
    "certificates/verify/<str:number>/": Route("GET", "public"),
    "my/data-access/": Route("GET", "signed-in"),
    "my/messages/": Route("GET", "signed-in"),
    "my/messages/read/": Route("POST", "signed-in"),
    "my/messages/<int:notification>/": Route("POST", "message-owner"),
    "data/indicators/": Route("GET", "public"),
    "disclosure/reports/": Route("GET", "public"),
    "disclosure/reports/<str:agency>/<int:year>/": Route("GET", "public"),
    "disclosure/reports/<str:agency>/<int:year>/pdf/": Route("GET", "public"),
    "hotline/statistics/": Route("GET", "public"),
    "hotline/replies/": Route("GET", "public"),
    "hotline/replies.atom": Route("GET", "public"),
    "hotline/replies/<str:number>/": Route("GET", "public"),
    "disclosure/": Route("GET", "public"),
    "disclosure/search/": Route("GET", "public"),
    "disclosure/agencies/<str:code>/": Route("GET", "public"),
    "disclosure/categories/<str:code>/": Route("GET", "public"),
    "disclosure/documents/<path:index_number>/": Route("GET", "public"),
    "disclosure/feeds/agency/<str:code>.atom": Route("GET", "public"),
    "disclosure/feeds/category/<str:code>.atom": Route("GET", "public"),
    "disclosure/datasets/": Route("GET", "public"),
    "disclosure/datasets/catalogue.csv": Route("GET", "public"),
    "disclosure/datasets/catalogue.json": Route("GET", "public"),
    "api/v1/disclosure/search/": Route("GET", "public"),
    "deadline/": Route("GET", "public"),
    "login/": Route("GET", "public"),
    "logout/": Route("POST", "public"),
    "account/": Route("GET", "signed-in"),
    "preferences/care-mode/": Route("POST", "public"),
    "register/": Route("GET", "public"),
    "register/code/": Route("POST", "public"),
    "register/reclaim/": Route("GET", "public"),
    "account/identity/": Route("GET", "signed-in"),
    "account/identity/agents/": Route("POST", "signed-in"),
    # Identity rows: an agent's request is seen and decided only by the two parties to it.
    "account/identity/agents/<int:pk>/decision/": Route("POST", "agent-enterprise"),
    "account/identity/agents/<int:pk>/letter/": Route("GET", "agent-party"),
    "login/sms/": Route("GET", "public"),
    # The citizen's 12345 pages. A ticket is seen by the citizen who reported it, or by a
    # browser that proved its look-up code (so a visitor who is not signed in gets 404, not
    # the sign-in page); rating and reopening need the reporting account.
    "hotline/": Route("GET", "public"),
    "hotline/report/": Route("GET", "public"),
    "hotline/report/done/": Route("GET", "public"),
    "hotline/places/": Route("GET", "public"),
    "hotline/tickets/": Route("GET", "public"),
    "hotline/tickets/<str:number>/": Route("GET", "ticket-holder"),
    "hotline/tickets/<str:number>/rating/": Route("POST", "applicant"),
    "hotline/tickets/<str:number>/reopen/": Route("POST", "applicant"),
    "my/tickets/": Route("GET", "signed-in"),
    # Open311 GeoReport v2: public reads; a POST needs an api_key, refused with 403 without one.
    "open311/v2/discovery.json": Route("GET", "public"),
    "open311/v2/services.json": Route("GET", "public"),
    "open311/v2/services/<str:code>.json": Route("GET", "public"),
    "open311/v2/requests.json": Route("POST", "public"),
    "open311/v2/requests/<str:number>.json": Route("GET", "public"),
    "open311/v2/tokens/<str:token>.json": Route("GET", "public"),
    "open311/v2/discovery.xml": Route("GET", "public"),
    "open311/v2/services.xml": Route("GET", "public"),
    "open311/v2/services/<str:code>.xml": Route("GET", "public"),
    "open311/v2/requests.xml": Route("POST", "public"),
    "open311/v2/requests/<str:number>.xml": Route("GET", "public"),
    "open311/v2/tokens/<str:token>.xml": Route("GET", "public"),
    # 网上民意征集 consultations: reading is public, commenting needs an account (the service
    # then asks for real-name verification); the workbench is the department's participation
    # officers' ("participation-office") and the platform moderators' ("moderator").
    "participation/": Route("GET", "public"),
    "participation/feed.atom": Route("GET", "public"),
    "participation/consultations/<str:number>/": Route("GET", "public"),
    "participation/consultations/<str:number>/articles/<int:position>/": Route("GET", "public"),
    "participation/consultations/<str:number>/comment/": Route("POST", "signed-in"),
    "participation/consultations/<str:number>/words/": Route("GET", "public"),
    "participation/consultations/<str:number>/report/": Route("GET", "public"),
    "participation/consultations/<str:number>/report.pdf": Route("GET", "public"),
    "my/participation/comments/": Route("GET", "signed-in"),
    "api/v1/participation/consultations/": Route("GET", "public"),
    "api/v1/participation/consultations/<str:number>/": Route("GET", "public"),
    "api/v1/participation/consultations/<str:number>/articles/<int:position>/comments/": Route(
        "GET", "public"
    ),
    "api/v1/participation/consultations/<str:number>/report/": Route("GET", "public"),
    "workbench/participation/consultations/": Route("GET", "participation-office"),
    "workbench/participation/consultations/new/": Route("POST", "participation-office"),
    **{
        f"workbench/participation/consultations/<str:number>/{slug}": Route(
            "GET" if slug == "" else "POST", "participation-office"
        )
        for slug in ("", "edit/", "publish/", "close/", "summary/", "publish-report/")
    },
    "workbench/participation/consultations/<str:number>/dispose/<int:pk>/": Route(
        "POST", "participation-office"
    ),
    "workbench/participation/consultations/<str:number>/articles/<int:position>/revise/": Route(
        "POST", "participation-office"
    ),
    "workbench/participation/moderation/": Route("GET", "moderator"),
    "workbench/participation/moderation/<int:pk>/decide/": Route("POST", "moderator"),
    "workbench/participation/moderation/<int:pk>/hide/": Route("POST", "moderator"),
    # Surveys (问卷): "participation-office" is a participation officer of the survey's
    # department; answering needs a signed-in verified person of the audience.
    "participation/surveys/": Route("GET", "public"),
    "participation/surveys/<str:number>/": Route("GET", "public"),
    "participation/surveys/<str:number>/answer/": Route("POST", "signed-in"),
    "participation/surveys/<str:number>/review/": Route("POST", "signed-in"),
    "api/v1/participation/surveys/<str:number>/": Route("GET", "public"),
    "api/v1/participation/surveys/<str:number>/results/": Route("GET", "participation-office"),
    "workbench/participation/surveys/": Route("GET", "participation-office"),
    "workbench/participation/surveys/new/": Route("POST", "participation-office"),
    "workbench/participation/surveys/<str:number>/": Route("POST", "participation-office"),
    "workbench/participation/surveys/<str:number>/questions/": Route(
        "POST", "participation-office"
    ),
    "workbench/participation/surveys/<str:number>/questions/<int:question_id>/": Route(
        "POST", "participation-office"
    ),
    "workbench/participation/surveys/<str:number>/questions/<int:question_id>/<str:action>/": (
        Route("POST", "participation-office")
    ),
    "workbench/participation/surveys/<str:number>/results/": Route("GET", "participation-office"),
    "workbench/participation/surveys/<str:number>/export.csv": Route("GET", "participation-office"),
    "workbench/participation/surveys/<str:number>/<str:action>/": Route(
        "POST", "participation-office"
    ),
    # 公文: "office" is an official with a document role in the issuing department, or asked
    # to countersign, or a clerk of a receiving agency (office.authority.may_read).
    "documents/verify/": Route("POST", "public"),
    "workbench/office/": Route("GET", "official"),  # their own desk
    "workbench/office/new/": Route("POST", "office"),
    "workbench/office/<int:pk>/": Route("GET", "office"),
    "workbench/office/<int:pk>/edit/": Route("POST", "office"),
    "workbench/office/<int:pk>/decide/<str:step>/": Route("POST", "office"),
    "workbench/office/<int:pk>/issue/": Route("POST", "office"),
    "workbench/office/<int:pk>/send/": Route("POST", "office"),
    "workbench/office/<int:pk>/dispatches/<int:dispatch_pk>/sign-for/": Route("POST", "office"),
    "workbench/office/<int:pk>/dispatches/<int:dispatch_pk>/chase/": Route("POST", "office"),
    "workbench/office/<int:pk>/document.<str:kind>": Route("GET", "office"),
    # 收文 and 督办: the receiving department's clerks and leaders, the handling department's
    # staff, the readers and the leader who gave the instruction (office.incoming_selectors).
    "workbench/office/incoming/": Route("GET", "official"),  # their own list
    "workbench/office/incoming/new/": Route("POST", "office"),
    "workbench/office/incoming/<int:pk>/": Route("GET", "office"),
    "workbench/office/incoming/<int:pk>/document.pdf": Route("GET", "office"),
    "workbench/office/incoming/<int:pk>/<str:step>/": Route("POST", "office"),
    "workbench/office/instructions/<int:pk>/": Route("GET", "office"),
    "workbench/office/instructions/<int:pk>/report/": Route("POST", "office"),
    "workbench/office/instructions/<int:pk>/complete/": Route("POST", "office"),
    "workbench/office/instructions/<int:pk>/reports/<int:report_pk>/file": Route("GET", "office"),
    # meetings: seen by their invitees and the convening department's office (404 to others)
    "workbench/office/meetings/": Route("GET", "official"),  # their own meetings
    "workbench/office/meetings/new/": Route("POST", "official"),  # refused in the service
    "workbench/office/meetings/<int:pk>/": Route("GET", "office"),
    "workbench/office/meetings/<int:pk>/edit/": Route("POST", "office"),
    "workbench/office/meetings/<int:pk>/invitation.ics": Route("GET", "office"),
    "workbench/office/meetings/<int:pk>/video/": Route("GET", "office"),
    "workbench/office/meetings/<int:pk>/video/<str:action>": Route("POST", "office"),
    "workbench/office/meetings/<int:pk>/<str:step>/": Route("POST", "office"),
    # 公文 over the API: the same readers as the pages (office.selectors, incoming_selectors)
    "api/v1/office/documents/": Route("GET", "official"),  # what they may read
    "api/v1/office/documents/<int:pk>/": Route("GET", "office"),
    **{
        f"api/v1/office/documents/<int:pk>/{segment}/": Route("POST", "office")
        for segment in ("submit", "review", "countersign", "sign-off", "issue", "send")
    },
    "api/v1/office/documents/<int:pk>/dispatches/<int:dispatch_pk>/sign-for/": Route(
        "POST", "office"
    ),
    "api/v1/office/incoming/": Route("GET", "official"),
    "api/v1/office/incoming/<int:pk>/": Route("GET", "office"),
    "api/v1/office/instructions/": Route("GET", "official"),
    "api/v1/office/instructions/<int:pk>/": Route("GET", "office"),
    "api/v1/office/instructions/<int:pk>/reports/": Route("POST", "office"),
    "api/v1/office/meetings/": Route("GET", "official"),  # their own meetings
    "api/v1/office/meetings/<int:pk>/": Route("GET", "office"),
    "api/v1/office/meetings/<int:pk>/invitation.ics": Route("GET", "office"),
    "api/v1/office/meetings/<int:pk>/reply/": Route("POST", "office"),
    # random inspections (双随机一公开): "market" is a market-supervision head or enforcement
    # officer of a department taking part in the plan, or drawn for the visit (market.selectors,
    # 404 to others); the steps are the services' (market.authority). Each draw's record is public.
    "api/v1/market/items/": Route("GET", "official"),  # empty but to a head who plans
    "api/v1/market/plans/": Route("GET", "official"),  # their departments' plans
    "api/v1/market/plans/<int:pk>/": Route("GET", "market"),
    "api/v1/market/plans/<int:pk>/commit/": Route("POST", "market"),
    "api/v1/market/plans/<int:pk>/draw/": Route("POST", "market"),
    "api/v1/market/inspections/": Route("GET", "official"),  # their visits and plans' visits
    "api/v1/market/inspections/<int:pk>/": Route("GET", "market"),
    "api/v1/market/inspections/<int:pk>/findings/": Route("POST", "market"),
    "api/v1/market/inspections/<int:pk>/photos/": Route("POST", "market"),  # multipart
    "api/v1/market/inspections/<int:pk>/rectification/": Route("POST", "market"),
    "api/v1/market/inspections/<int:pk>/close/": Route("POST", "market"),  # multipart
    "api/v1/market/inspections/<int:pk>/publish/": Route("POST", "market"),
    "api/v1/market/draws/": Route("GET", "public"),
    "api/v1/market/draws/<str:number>/lists.json": Route("GET", "public"),
    "workbench/market/": Route("GET", "market"),  # 403 to officials of no inspecting dept
    "workbench/market/visits/": Route("GET", "market"),
    "workbench/market/plans/new/": Route("POST", "market"),
    "workbench/market/plans/<int:pk>/": Route("GET", "market"),
    "workbench/market/plans/<int:pk>/lists.json": Route("GET", "market"),
    "workbench/market/plans/<int:pk>/<str:step>/": Route("POST", "market"),
    "workbench/market/inspections/<int:pk>/": Route("GET", "market"),
    "workbench/market/inspections/<int:pk>/<str:step>/": Route("POST", "market"),
    "workbench/market/inspections/<int:pk>/files/<str:kind>/<int:file_pk>/": Route("GET", "market"),
    "api/v1/market/list-entries/": Route("GET", "official"),  # empty but to a head
    "api/v1/market/list-entries/<int:pk>/reached/": Route("POST", "market"),
    "api/v1/market/annual-reports/": Route("GET", "signed-in"),  # 403 to non-enterprises
    "workbench/market/lists/": Route("GET", "market"),  # 403 to officials who are not heads
    "workbench/market/lists/<int:pk>/reached/": Route("POST", "market"),
    "my/annual-reports/": Route("GET", "enterprise-owner"),
    "my/annual-reports/<int:year>/": Route("POST", "enterprise-owner"),
    # credit repair (信用修复): the enterprise's own in the hall and the API; decided by a head
    # of the market-supervision department that made the record (404 to other departments')
    "my/credit-repair/": Route("GET", "enterprise-owner"),
    "my/credit-repair/apply/<str:key>/": Route("POST", "enterprise-owner"),
    "my/credit-repair/<int:pk>/": Route("GET", "enterprise-owner"),
    "api/v1/market/my-repairs/": Route("GET", "signed-in"),  # 403 to non-enterprises
    "api/v1/market/repairs/": Route("GET", "official"),  # empty but to such a head
    "api/v1/market/repairs/<int:pk>/": Route("GET", "market"),
    "api/v1/market/repairs/<int:pk>/decide/": Route("POST", "market"),
    "workbench/market/repairs/": Route("GET", "market"),  # 403 to officials who are not
    "workbench/market/repairs/<int:pk>/": Route("GET", "market"),
    "workbench/market/repairs/<int:pk>/decide/": Route("POST", "market"),
    "workbench/market/repairs/<int:pk>/evidence/": Route("GET", "market"),
    # consent to serious-dishonesty listings: any head may open the page (it lists what was sent
    # to their departments, nothing else); only the level above decides
    "workbench/market/listings/": Route("GET", "official"),
    "api/v1/market/listings/": Route("GET", "official"),  # empty but to the level above
    "api/v1/market/listings/<int:pk>/consent/": Route("POST", "market"),
    "workbench/market/listings/<int:pk>/": Route("POST", "market"),
    "market/inspections/": Route("GET", "public"),
    "market/inspections/<str:number>/": Route("GET", "public"),
    "market/inspections/<str:number>/lists.json": Route("GET", "public"),
    # penalty cases (行政处罚): "market" here is an enforcement officer, legal reviewer or head of
    # the case's department (market.penalty_selectors, 404 to others), each step the services';
    # "party" the enterprise the case is against, from the prior notice on (404 to others)
    "workbench/market/penalties/": Route("GET", "market"),  # 403 to departments without one
    "workbench/market/penalties/new/": Route("POST", "market"),
    "workbench/market/penalties/<int:pk>/": Route("GET", "market"),
    "workbench/market/penalties/<int:pk>/evidence/<int:evidence_pk>/": Route("GET", "market"),
    "workbench/market/penalties/<int:pk>/<str:name>/": Route("POST", "market"),
    "workbench/market/penalty-documents/<int:pk>.pdf": Route("GET", "market"),
    "workbench/market/findings/<int:pk>/penalty/": Route("POST", "market"),
    "my/penalties/": Route("GET", "signed-in"),  # the caller's own cases (none: explained)
    "my/penalties/<str:number>/": Route("GET", "party"),
    "my/penalties/documents/<int:pk>.pdf": Route("GET", "party"),  # or the department
    "market/penalties/": Route("GET", "public"),
    "market/penalties/<int:pk>/": Route("GET", "public"),
    "market/benchmarks/": Route("GET", "public"),
    "market/credit/": Route("GET", "public"),
    "market/credit/<str:uscc>/": Route("GET", "public"),  # a 404 for a code not registered
    "api/v1/market/credit/": Route("GET", "public"),
    "api/v1/market/credit/<str:uscc>/": Route("GET", "public"),
    "api/v1/market/penalties/": Route("GET", "official"),  # their departments' cases
    "api/v1/market/penalties/<int:pk>/": Route("GET", "market"),
    "api/v1/market/penalties/<int:pk>/propose-filing/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/drop/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/approve-filing/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/evidence/": Route("POST", "market"),  # multipart
    "api/v1/market/penalties/<int:pk>/notify/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/proceed/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/hearing/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/hearing-record/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/review/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/decide/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/deliver/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/payment/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/publish/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/withdraw/": Route("POST", "market"),
    "api/v1/market/penalties/<int:pk>/respond/": Route("POST", "party"),  # or its officers
    "api/v1/market/findings/<int:pk>/penalty/": Route("POST", "market"),
    "api/v1/market/penalty-documents/<int:pk>.pdf": Route("GET", "party"),  # or the department
    "api/v1/market/my-penalties/": Route("GET", "signed-in"),  # the caller's own cases
    "api/v1/market/penalty-publications/": Route("GET", "public"),
    "api/v1/market/benchmarks/": Route("GET", "public"),
    # early warnings (预警): public once sent; "emergency" is a duty officer, commander or head of
    # the warning's department (emergency.authority; 404 to other officials, 403 without a desk)
    "warnings/": Route("GET", "public"),
    "warnings/cap.atom": Route("GET", "public"),
    "warnings/cap/<str:identifier>.xml": Route("GET", "public"),
    "warnings/<str:number>/": Route("GET", "public"),  # a warning awaiting approval: 404
    "workbench/emergency/warnings/": Route("GET", "emergency"),
    "workbench/emergency/warnings/new/": Route("POST", "emergency"),
    "workbench/emergency/warnings/<str:number>/": Route("GET", "emergency"),
    "workbench/emergency/warnings/<str:number>/change/": Route("POST", "emergency"),
    "workbench/emergency/warnings/<str:number>/cancel/": Route("POST", "emergency"),
    "workbench/emergency/warnings/<str:number>/decide/": Route("POST", "emergency"),
    "api/v1/emergency/warnings/": Route("GET", "public"),
    "api/v1/emergency/warnings/<str:number>/": Route("GET", "public"),
    "api/v1/emergency/warnings/<str:number>/changes/": Route("POST", "emergency"),
    "api/v1/emergency/warnings/<str:number>/cancel/": Route("POST", "emergency"),
    "api/v1/emergency/pending/": Route("GET", "signed-in"),  # empty but at a desk
    # incidents: "emergency" is a duty desk on the incident's chain (404 to other desks)
    "workbench/emergency/incidents/": Route("GET", "emergency"),  # 403 without a desk
    "workbench/emergency/incidents/new/": Route("POST", "emergency"),
    "workbench/emergency/incidents/<str:number>/": Route("GET", "emergency"),
    "workbench/emergency/incidents/<str:number>/<str:action>/": Route("POST", "emergency"),
    "workbench/hotline/<str:number>/incident/": Route("POST", "hotline-centre"),
    "api/v1/emergency/incidents/": Route("GET", "signed-in"),  # empty but at a desk
    "api/v1/emergency/incidents/from-ticket/": Route("POST", "hotline-centre"),
    "api/v1/emergency/incidents/<str:number>/": Route("GET", "emergency"),
    "api/v1/emergency/incidents/<str:number>/figures/": Route("POST", "emergency"),
    "api/v1/emergency/incidents/<str:number>/close/": Route("POST", "emergency"),
    "api/v1/emergency/reports/<int:pk>/send/": Route("POST", "emergency"),
    "api/v1/emergency/reports/<int:pk>/acknowledge/": Route("POST", "emergency"),
    "api/v1/emergency/pending/<int:pk>/decision/": Route("POST", "emergency"),
    # plans (应急预案): "responder" is a duty desk, commander or head of any department (plans
    # are shown to those who act on them); a response is its plan department's commanders' and
    # desk's and its tasked departments' ("emergency": 404 to others, 403 without a command)
    "workbench/emergency/plans/": Route("GET", "responder"),
    "workbench/emergency/plans/<slug:code>/": Route("GET", "responder"),
    "workbench/emergency/plans/<slug:code>/activate/": Route("POST", "emergency"),
    "workbench/emergency/responses/<str:number>/": Route("GET", "emergency"),
    "workbench/emergency/responses/<str:number>/<str:action>/": Route("POST", "emergency"),
    "api/v1/emergency/plans/": Route("GET", "signed-in"),  # empty but for responders
    "api/v1/emergency/plans/<slug:code>/": Route("GET", "responder"),
    "api/v1/emergency/plans/<slug:code>/activate/": Route("POST", "emergency"),
    "api/v1/emergency/responses/": Route("GET", "signed-in"),  # empty but for responders
    "api/v1/emergency/responses/<str:number>/": Route("GET", "emergency"),
    "api/v1/emergency/responses/<str:number>/level/": Route("POST", "emergency"),
    "api/v1/emergency/responses/<str:number>/end/": Route("POST", "emergency"),
    "api/v1/emergency/tasks/<int:pk>/acknowledge/": Route("POST", "emergency"),
    "api/v1/emergency/tasks/<int:pk>/report/": Route("POST", "emergency"),
    # resources (救援队伍、避难场所、物资、专家): seen by any official with an emergency role
    # ("responder": one sees a resource another keeps, so changing it is a 403, tested in
    # tests/emergency/test_resources.py); a resource's keeper (its department's desk) changes it
    # and moves its dispatches; a desk on an incident's chain dispatches and asks for resources
    "workbench/emergency/resources/": Route("GET", "responder"),
    "workbench/emergency/resources/new/": Route("POST", "responder"),  # for its own department
    "workbench/emergency/resources/<int:pk>/": Route("GET", "responder"),
    "workbench/emergency/resources/<int:pk>/edit/": Route("POST", "responder"),
    "workbench/emergency/resources/<int:pk>/occupancy/": Route("POST", "responder"),
    "workbench/emergency/incidents/<str:number>/resources/dispatch/": Route("POST", "emergency"),
    "workbench/emergency/incidents/<str:number>/resources/request/": Route("POST", "emergency"),
    "workbench/emergency/dispatches/<int:pk>/<str:action>/": Route("POST", "emergency"),
    "workbench/emergency/requests/": Route("GET", "responder"),
    "workbench/emergency/requests/<int:pk>/<str:action>/": Route("POST", "emergency"),
    "api/v1/emergency/resources/": Route("GET", "signed-in"),  # empty but for responders
    "api/v1/emergency/resources/<int:pk>/": Route("GET", "responder"),
    "api/v1/emergency/resources/<int:pk>/occupancy/": Route("POST", "responder"),
    "api/v1/emergency/incidents/<str:number>/dispatches/": Route("GET", "emergency"),
    "api/v1/emergency/dispatches/<int:pk>/acknowledge/": Route("POST", "emergency"),
    "api/v1/emergency/dispatches/<int:pk>/status/": Route("POST", "emergency"),
    "api/v1/emergency/requests/": Route("GET", "signed-in"),  # empty but for responders
    "api/v1/emergency/requests/<int:pk>/grant/": Route("POST", "emergency"),
    "api/v1/emergency/requests/<int:pk>/refuse/": Route("POST", "emergency"),
    # the command board: the emergency management departments' duty desks (404 to others)
    "workbench/emergency/board/": Route("GET", "emergency"),
    "workbench/emergency/board/live/": Route("GET", "emergency"),
    "workbench/emergency/board/map.json": Route("GET", "emergency"),
    # the duty roster: a department's desks, commanders and head (any department's head sees
    # its own roster: "responder"); its commander or head arranges it
    "workbench/emergency/duty/": Route("GET", "responder"),
    "workbench/emergency/duty/<str:code>/<str:action>/": Route("POST", "emergency"),
    "api/v1/emergency/duty/": Route("GET", "signed-in"),  # empty but at a desk
    "api/v1/emergency/duty/shifts/": Route("POST", "emergency"),
    "api/v1/emergency/duty/handovers/": Route("POST", "emergency"),
    # major events (赛会): the boards and daily reports for any responder; the headquarters' duty
    # desk compiles a report, and it or the case's head flags a fast-track permit
    "workbench/emergency/events/": Route("GET", "responder"),
    "workbench/emergency/events/<slug:code>/": Route("GET", "responder"),
    "workbench/emergency/events/<slug:code>/daily/<str:day>/": Route("GET", "responder"),
    "workbench/emergency/events/<slug:code>/daily/<str:day>/pdf/": Route("GET", "responder"),
    "workbench/emergency/events/<slug:code>/<str:action>/": Route("POST", "emergency"),
    "api/v1/emergency/events/": Route("GET", "responder"),
    "api/v1/emergency/events/<slug:code>/": Route("GET", "responder"),
    "api/v1/emergency/events/<slug:code>/daily/": Route("GET", "responder"),
    "api/v1/emergency/events/<slug:code>/daily/<str:day>/": Route("GET", "responder"),
    "api/v1/emergency/events/<slug:code>/permits/": Route("POST", "emergency"),
}

# A second method on a route above, checked in the same way: the list's POST that creates.
MORE_ROUTES = {
    ("api/v1/emergency/warnings/", "POST"): "emergency",  # a duty officer issues
    ("api/v1/emergency/incidents/", "POST"): "emergency",  # a duty officer records
    ("api/v1/emergency/incidents/<str:number>/dispatches/", "POST"): "emergency",
    ("api/v1/emergency/requests/", "POST"): "emergency",  # a desk on the incident's chain asks
    ("api/v1/emergency/events/<slug:code>/daily/", "POST"): "emergency",  # the HQ's desk
    ("api/v1/market/plans/", "POST"): "market",
    ("my/penalties/<str:number>/", "POST"): "party",
    (
        "api/v1/market/penalties/",
        "POST",
    ): "market",  # a lead, by an enforcement officer  # the statement or hearing request
    ("api/v1/market/my-repairs/", "POST"): "signed-in",  # an enterprise applies
    (
        "api/v1/market/annual-reports/",
        "POST",
    ): "signed-in",  # an enterprise on the registry  # a head of a department with an item list
}

# Who is refused on each kind of route. "uninvolved" is an official of a department the case
# does not involve; "no-role" an official of the case's lead department without the role.
REFUSED = {
    "applicant": ("anonymous", "other-citizen", "uninvolved"),
    "case-official": ("anonymous", "other-citizen", "uninvolved"),
    "clerk": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "window-clerk": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "hotline-centre": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "disclosure-office": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "participation-office": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "moderator": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "reviewer": ("anonymous", "other-citizen", "uninvolved"),
    "head": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "official": ("anonymous", "other-citizen"),
    "supervisor": ("anonymous", "other-citizen", "no-role"),
    "draft-owner": ("anonymous", "other-citizen", "uninvolved"),
    "booking-owner": ("anonymous", "other-citizen", "uninvolved"),
    "message-owner": ("anonymous", "other-citizen", "uninvolved"),
    "agent-enterprise": ("anonymous", "other-citizen", "uninvolved"),
    "agent-party": ("anonymous", "other-citizen", "uninvolved"),
    "signed-in": ("anonymous",),
    "ticket-holder": ("other-citizen", "uninvolved"),
    "pending-proposal": ("other-citizen", "uninvolved"),
    "office": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "market": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "emergency": ("anonymous", "other-citizen", "uninvolved", "no-role"),
    "responder": ("anonymous", "other-citizen", "no-role"),
    "party": ("anonymous", "other-citizen", "uninvolved", "no-role"),
}
UNSEEN_BY = {"anonymous", "other-citizen", "uninvolved"}  # cannot know the case exists

# Well-formed requests, so that what refuses them is who sends them, not what they say.
CORRECTION = {"items": [{"key": "layout", "problem": "缺少平面图"}]}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
INCIDENT = {
    "event_class": "natural",
    "grade": "ordinary",
    "title": "矩阵测试事件：河涌漫堤",
    "description": "河涌漫上路面。",
    "latitude": "23.119",
    "longitude": "113.331",
}
TOMORROW = date.fromordinal(date.today().toordinal() + 1).isoformat()  # a warning's expiry
PAYLOADS = {
    "api/v1/cases/<str:number>/correction/": CORRECTION,
    "api/v1/cases/<str:number>/refuse/": {"reason": "不符合条件"},
    "api/v1/cases/<str:number>/amendment/": {"form": {}, "reason": "经营场所搬迁"},
    "api/v1/cases/<str:number>/pauses/": {"kind": "hearing", "reason": "听证"},
    "api/v1/cases/<str:number>/commitments/<str:key>/verify/": {
        "truthful": False,
        "finding": "出租方称从未出租",
    },
    "api/v1/cases/<str:number>/extensions/": {"days": 10, "reason": "情况复杂"},
    "api/v1/cases/<str:number>/delivery/": {"method": "online"},
    "api/v1/cases/<str:number>/delivery-choice/": {"method": "counter"},
    "api/v1/cases/<str:number>/fees/<str:payment_reference>/payment/": {
        "amount": "30.00",
        "receipt_number": "GD4400012345",
    },
    "workbench/cases/<str:number>/fee-payment/": {
        "amount": "30.00",
        "receipt_number": "GD4400012345",
    },
    "my/cases/<str:number>/delivery/": {"method": "counter"},
    "workbench/cases/<str:number>/phone/": {"purpose": "delivery"},
    "workbench/search/saved/": {"name": "红牌", "query": "card=red"},
    "api/v1/cases/<str:number>/personal-data/": {"purpose": "核对申请人身份"},
    "api/v1/certificates/<str:number>/revoke": {"reason": "许可被撤销"},
    "api/v1/tasks/<int:task_id>/deny/": {"reasons": "不符合条件"},
    "api/v1/appointments/<str:reference>/change/": {"slot": 1},
    "api/v1/tasks/<int:task_id>/request-supplement/": CORRECTION,
    "hotline/tickets/<str:number>/rating/": {"score": "1", "comment": "不满意"},
    "hotline/tickets/<str:number>/reopen/": {"reason": "问题仍未解决"},
    "workbench/hotline/console/": {
        "caller_phone": "13912345678",
        "kind": "complaint",
        "title": "路灯不亮",
        "description": "小区门口路灯不亮",
        "other_category": "street-light",
        "other_department": "440100-CG",
        "action": "dispatch",
        "token": "matrix",
    },
    "workbench/hotline/console/caller/": {"caller_phone": "13912345678"},
    "workbench/hotline/console/proposal/": {"title": "路灯不亮", "description": "路灯不亮"},
    "api/v1/office/documents/<int:pk>/review/": {"agreed": True, "comment": "同意"},
    "api/v1/office/documents/<int:pk>/countersign/": {"department": "440100-ZJ", "agreed": True},
    "api/v1/office/documents/<int:pk>/sign-off/": {"agreed": True},
    "api/v1/office/documents/<int:pk>/send/": {"recipients": ["440104-SCJG"]},
    "api/v1/office/instructions/<int:pk>/reports/": {"text": "已部署"},
    "api/v1/office/meetings/<int:pk>/reply/": {"response": "ACCEPTED"},
    "api/v1/market/inspections/<int:pk>/findings/": {"result": "compliant"},
    "api/v1/market/inspections/<int:pk>/rectification/": {"finding": 1, "note": "复查已整改"},
    "api/v1/market/list-entries/<int:pk>/reached/": {"note": "已联系"},
    "workbench/market/lists/<int:pk>/reached/": {"note": "已联系"},
    "workbench/market/repairs/<int:pk>/decide/": {"decision": "refuse", "reason": "材料不全"},
    "workbench/market/listings/<int:pk>/": {"decision": "agree", "reason": ""},
    "api/v1/market/listings/<int:pk>/consent/": {"agree": True, "reason": ""},
    "workbench/emergency/warnings/new/": {
        "hazard": "typhoon",
        "level": "blue",
        "divisions": ["440104"],
        "advice": "减少外出",
        "advice_en": "Stay in",
        "expires_at": f"{TOMORROW}T12:00",
    },
    "workbench/emergency/warnings/<str:number>/change/": {
        "change": "update",
        "level": "orange",
        "divisions": ["440104"],
        "advice": "减少外出",
        "advice_en": "Stay in",
        "expires_at": f"{TOMORROW}T12:00",
    },
    "workbench/emergency/warnings/<str:number>/cancel/": {"note": "解除"},
    "api/v1/emergency/warnings/": {
        "hazard": "typhoon",
        "level": "blue",
        "divisions": ["440104"],
        "advice": "减少外出",
        "advice_en": "Stay in",
        "expires_at": f"{TOMORROW}T12:00:00+08:00",
    },
    "workbench/emergency/warnings/<str:number>/decide/": {"decision": "approve"},
    "api/v1/emergency/warnings/<str:number>/changes/": {
        "change": "update",
        "level": "orange",
        "divisions": ["440104"],
        "advice": "减少外出",
        "advice_en": "Stay in",
        "expires_at": f"{TOMORROW}T12:00:00+08:00",
    },
    "api/v1/emergency/warnings/<str:number>/cancel/": {"note": "解除"},
    "api/v1/emergency/pending/<int:pk>/decision/": {"approve": True},
    "workbench/emergency/incidents/new/": INCIDENT,
    "workbench/emergency/incidents/<str:number>/<str:action>/": {"grade": "larger"},
    "workbench/hotline/<str:number>/incident/": {
        "department": "440106-YJGL",
        "event_class": "natural",
        "grade": "ordinary",
    },
    "api/v1/emergency/incidents/": INCIDENT,
    "api/v1/emergency/incidents/from-ticket/": {
        "ticket": "12345-20260101-0001",
        "department": "440106-YJGL",
        "event_class": "natural",
        "grade": "ordinary",
    },
    "api/v1/emergency/incidents/<str:number>/figures/": {"grade": "larger"},
    "api/v1/emergency/incidents/<str:number>/close/": {"note": "处置完毕"},
    "api/v1/emergency/reports/<int:pk>/send/": {"note": "初报"},
    "workbench/emergency/plans/<slug:code>/activate/": {"level": "3", "reason": "矩阵测试"},
    "workbench/emergency/responses/<str:number>/<str:action>/": {"level": "2", "reason": "升级"},
    "api/v1/emergency/plans/<slug:code>/activate/": {"level": 3, "reason": "矩阵测试"},
    "api/v1/emergency/responses/<str:number>/level/": {"level": 2, "reason": "升级"},
    "api/v1/emergency/responses/<str:number>/end/": {"note": "终止"},
    "api/v1/emergency/tasks/<int:pk>/report/": {"report": "已完成"},
    "workbench/emergency/duty/<str:code>/<str:action>/": {"day": TOMORROW, "post": "officer"},
    "api/v1/emergency/duty/shifts/": {
        "department": "440100-YJGL",
        "day": TOMORROW,
        "post": "officer",
        "user": "nobody",
    },
    "api/v1/emergency/duty/handovers/": {"department": "440100-YJGL", "notes": "交班"},
    "workbench/emergency/resources/<int:pk>/occupancy/": {"occupancy": "10"},
    "api/v1/emergency/resources/<int:pk>/occupancy/": {"occupancy": 10},
    "workbench/emergency/dispatches/<int:pk>/<str:action>/": {},
    "api/v1/emergency/dispatches/<int:pk>/status/": {"status": "en_route"},
    "workbench/emergency/requests/<int:pk>/<str:action>/": {"reason": "无可调派"},
    "api/v1/emergency/requests/<int:pk>/refuse/": {"reason": "无可调派"},
    "api/v1/market/repairs/<int:pk>/decide/": {"grant": False, "reason": "材料不全"},
    # multipart/form-data: a bytes value is sent as a file
    "api/v1/market/inspections/<int:pk>/photos/": {"finding": 1, "photo": PNG},
    "api/v1/market/penalties/<int:pk>/evidence/": {"title": "笔录", "file": PNG},
    "api/v1/market/inspections/<int:pk>/close/": {"signed_by": "王店主", "signature": PNG},
}


def routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("admin/"):  # Django's admin: staff only, its own tests
                    yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return list(walk(get_resolver().url_patterns))


def test_every_route_has_a_row_in_the_matrix():
    assert sorted(set(routes()) - set(ROUTES)) == []
    assert sorted(set(ROUTES) - set(routes())) == []
    assert {route for route, _method in MORE_ROUTES} <= set(ROUTES)


@pytest.fixture
def world(staff, enterprise, settings):  # noqa: F811 - the shared fixtures
    settings.ONEWINDOW_REQUIRE_OTP = False  # signed in as by the TOTP form; its own tests
    charge_for(PARALLEL)  # a fee notice on the case, for the fee routes
    case = grant_food_licence(staff, enterprise)
    applicant = Client()
    applicant.force_login(enterprise)
    draft_url = applicant.get("/services/440100-SCJG-XK-306/apply/").url
    certificate = Certificate.objects.get(case_number=case.number)
    agent_request = AgentAuthorization(
        agent=CitizenFactory(), enterprise=enterprise, letter_name="委托书.pdf", requested_at=now()
    )
    agent_request.letter.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=True)
    ids = {
        "number": case.number,
        "task_id": case.tasks.values_list("pk", flat=True).first(),
        "material": CaseMaterial.objects.filter(case=case).exclude(file="").first().pk,
        "document": CaseDocument.objects.filter(case=case).first().number,
        "pause_id": 1,
        "key": "premises_proof",  # a commitment (告知承诺); the case has none
        "extension_id": 1,
        "filter_id": 1,
        "draft": draft_url.split("/")[2],
        "field": "uscc",
        "notification": Notification.objects.filter(recipient=enterprise).first().pk,
        "code": "440100-SCJG-XK-306",
        "kind": "sample",
        "pk": agent_request.pk,
        **appointment_ids(enterprise),
        "payment_reference": FeeNotice.objects.get(case_number=case.number).reference,
        **disclosure_ids(enterprise),
        "position": 1,  # an article of a consultation (none exists: every answer is refused)
        **survey_ids(),
        **proposal_ids(),
        **office_ids(),
        **market_ids(),
        **emergency_ids(),
    }
    market_plan_data = ids.pop("market_plan_data")
    market_secret = ids.pop("market_target")
    ids.pop("market_head")
    ids.pop("emergency_officer")
    ids.pop("emergency_commander")
    fake = {
        "number": "440100-20991231-99999",
        "task_id": 999999,
        "material": 999999,
        "document": "440100-20991231-99999-SL",
        "draft": str(uuid.uuid4()),
        "notification": 999999,
        "pk": 999999,
        "reference": "YY991231FFFFFF",
        "instance": 999999,
        "payment_reference": references.make("440100", 2099, 99999),
        "disclosure_request": "YSQ440100-SCJG-2099-99999",
        "letter": "YSQ440100-SCJG-2099-99999-HZ1",
        "survey": "WJ-2099-9999",
        "question_id": 999999,
        "action": "publish",
        "proposal": "JY2099-99999",
        "office_document": 999999,
        "dispatch_pk": 999999,
        "office_incoming": 999999,
        "office_instruction": 999999,
        "report_pk": 999999,
        "meeting": 999999,
        "market_plan": 999999,
        "market_inspection": 999999,
        "market_list_entry": 999999,
        "market_penalty": 999999,
        "market_penalty_number": "440106-SCJG-CF2099-9999",
        "market_penalty_document": 999999,
        "evidence_pk": 999999,
        "emergency_warning": "440100-YJGL-YJ-2099-9999",
        "emergency_message": 999999,
        "emergency_incident": "440106-YJGL-SJ-2099-9999",
        "emergency_report": 999999,
        "emergency_plan": "no-such-plan",
        "emergency_response": "440100-YJGL-XY-2099-9999",
        "emergency_task": 999999,
        "emergency_resource": 999999,
        "emergency_dispatch": 999999,
        "emergency_request": 999999,
    }
    people = {
        "anonymous": None,
        "other-citizen": CitizenFactory(),
        "other-enterprise": EnterpriseFactory(),
        "uninvolved": staff.official("440100-JY", Role.HEAD),
        "no-role": staff.official(SCJG, Role.REVIEWER),
    }
    secrets = [enterprise.enterprise_name, enterprise.uscc, certificate.holder_name]
    secrets += [agent_request.letter_name, DISCLOSURE_ASKED]
    secrets += [PROPOSAL_TEXT, OFFICE_TITLE, market_secret, WARNING_HEADLINE, INCIDENT_TITLE]
    secrets += [RESPONSE_REASON]
    secrets += [v for v in case.form_data.values() if isinstance(v, str) and len(v) >= 6]
    return {
        "case": case,
        "ids": ids,
        "fake": fake,
        "people": people,
        "secrets": sorted(set(secrets) - {""}),
        "certificate": certificate.number,
        "uscc": enterprise.uscc,
        "market_plan_data": market_plan_data,
    }


def appointment_ids(applicant) -> dict:
    """A service centre taking the food licence, and the applicant's booking there."""
    from onewindow.appointments import services as appointments
    from onewindow.appointments.models import Slot
    from tests.cases.conftest import PARALLEL
    from tests.cases.window_fixtures import centre, instance

    here = centre()
    at_centre = instance(PARALLEL, here)
    appointments.set_week(centre=here, periods=[(w, "09:00", "10:00", 5) for w in range(7)])
    appointments.generate_slots()
    last = Slot.objects.filter(centre=here).order_by("day", "start").last()
    booking = appointments.book(applicant=applicant, slot_id=last.pk, item_code=PARALLEL)
    return {"reference": booking.reference, "instance": at_centre.pk}


DISCLOSURE_ASKED = "二〇二五年食品抽检不合格企业的整改报告"


def disclosure_ids(applicant) -> dict:
    """The applicant's request to the market regulator, received, with its acknowledgement."""
    from onewindow.accounts.models import Department
    from onewindow.disclosure.services import requests as disclosure
    from tests.factories import OfficialFactory

    scjg = Department.objects.get(code=SCJG)
    officer = OfficialFactory(role=Role.DISCLOSURE_OFFICER, department=scjg)
    made = disclosure.apply_online(applicant, agency=scjg, description=DISCLOSURE_ASKED)
    disclosure.confirm_receipt(officer, made.number)
    return {
        "disclosure_request": made.number,
        "letter": made.letters.get().number,
        "file_id": 999997,  # none is released before the reply
        "disclosure_officer": officer,  # the market regulator's disclosure office
    }


def survey_ids() -> dict:
    """住建局's draft survey with one question (the builder's routes act on it)."""
    from onewindow.accounts.models import Department
    from onewindow.participation.services import surveys
    from tests.factories import OfficialFactory

    zj = Department.objects.get(code="440100-ZJ")
    officer = OfficialFactory(role=Role.PARTICIPATION_OFFICER, department=zj)
    made = surveys.create_survey(
        officer, title="矩阵问卷", opens_on=date(2026, 1, 1), closes_on=date(2099, 1, 1)
    )
    question = surveys.add_question(officer, made.number, kind="text", text="意见")
    return {"survey": made.number, "question_id": question.pk, "action": "publish"}


PROPOSAL_TEXT = "建议在体育西路地铁口增设非机动车停放区"


def proposal_ids() -> dict:
    """A citizen's proposal with a photo awaiting moderation, and a support of a published one."""
    import io

    from PIL import Image

    from onewindow.participation.services import proposals as participation
    from onewindow.participation.services import proposals_moderation as moderation
    from tests.factories import OfficialFactory
    from tests.participation.proposals_world import verified_citizen

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, format="PNG")
    author = verified_citizen()
    data = {"title": "增设停放区", "category": "city_management", "district": "440106"}
    pending = participation.propose(
        author, body=PROPOSAL_TEXT, photos=[("site.png", png.getvalue())], **data
    )
    moderator = OfficialFactory(role=Role.PARTICIPATION_MODERATOR)
    shown = moderation.publish(moderator, participation.propose(author, body="路灯", **data).number)
    support = participation.support(verified_citizen(), shown.number)
    return {
        "proposal": pending.number,
        "published_proposal": shown.number,
        "photo_id": pending.photos.get().pk,
        "support_id": support.pk,
        "decision": "clear",
    }


OFFICE_TITLE = "广州市市场监督管理局关于矩阵检查的通知"


def office_ids() -> dict:
    """市场监管局's 通知, drafted and waiting for the office's review, 住建局 to countersign."""
    from onewindow.accounts.models import Department
    from onewindow.office import services as office
    from tests.factories import OfficialFactory

    scjg = Department.objects.get(code=SCJG)
    drafter = OfficialFactory(role=Role.DOCUMENT_DRAFTER, department=scjg)
    document = office.create_draft(
        scjg,
        {
            "kind": "notice",
            "title": OFFICE_TITLE,
            "main_recipients": "各区市场监督管理局",
            "body": "现将有关事项通知如下。",
            "countersigners": ["440100-ZJ"],
        },
        actor=drafter,
    )
    office.submit(document, actor=drafter)
    return {
        "office_document": document.pk,
        "dispatch_pk": 1,
        "step": "review",
        "office_drafter": drafter,  # reads the 通知 and handles the 收文 (schema fuzzing)
        **incoming_ids(),
        **meeting_ids(drafter),
    }


def meeting_ids(invitee) -> dict:
    """市场监管局's video meeting chaired by its clerk, ``invitee`` invited."""
    from datetime import timedelta

    from django.utils import timezone

    from onewindow.accounts.models import Department
    from onewindow.office import meetings
    from tests.factories import OfficialFactory

    scjg = Department.objects.get(code=SCJG)
    clerk = OfficialFactory(role=Role.DOCUMENT_CLERK, department=scjg)
    start = timezone.now() + timedelta(days=2)
    meeting = meetings.schedule(
        scjg,
        {"title": "局务会议", "starts_at": start, "ends_at": start + timedelta(hours=1),
         "video": True, "attendees": [invitee.pk], "agenda": [{"title": "议题"}]},
        actor=clerk,
    )  # fmt: skip
    return {"meeting": meeting.pk}


def incoming_ids() -> dict:
    """市场监管局's 收文 from outside with its PDF, assigned with an instruction and one
    progress report with a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onewindow.accounts.models import Department
    from onewindow.office import agencies, incoming
    from tests.factories import OfficialFactory

    agencies.load()
    scjg = Department.objects.get(code=SCJG)
    clerk = OfficialFactory(role=Role.DOCUMENT_CLERK, department=scjg)
    head = OfficialFactory(role=Role.HEAD, department=scjg)
    document = incoming.register(
        scjg,
        {"sender": "广东省市场监督管理局", "title": OFFICE_TITLE, "kind": "notice",
         "received_on": date(2026, 1, 5)},
        actor=clerk,
        pdf=SimpleUploadedFile("in.pdf", b"%PDF-1.7\n%%EOF\n"),
    )  # fmt: skip
    incoming.check(document, actor=clerk, accepted=True)
    instruction = incoming.assign(
        document, actor=head, handling_department=scjg, instruction="请研究。"
    )
    report = incoming.report_progress(
        instruction, actor=head, text="进展", file=SimpleUploadedFile("r.txt", b"r")
    )
    return {
        "office_incoming": document.pk,
        "office_instruction": instruction.pk,
        "report_pk": report.pk,
    }


WARNING_HEADLINE = "矩阵台风橙色预警（待批准）"
INCIDENT_TITLE = "矩阵天河区河涌漫堤事件"
RESPONSE_REASON = "矩阵防汛Ⅲ级应急响应启动理由"
MATRIX_TEAM = {
    "name": "矩阵天河区救援队", "address": "天河区", "latitude": "23.125", "longitude": "113.330",
    "contact_name": "陈队长", "phone": "020-38000000", "capacity": "20",
}  # fmt: skip


def emergency_ids() -> dict:
    """The city's emergency management bureau's orange typhoon warning for 越秀, awaiting its
    commander's approval (not public)."""
    from datetime import timedelta

    from django.utils.timezone import localdate

    from onewindow.accounts.models import Department
    from onewindow.emergency import (
        dispatches,
        event_data,
        events,
        incidents,
        plan_data,
        plans,
        resources,
    )
    from onewindow.emergency import services as warnings
    from onewindow.emergency.plan_models import Plan
    from onewindow.registry import geo
    from tests.factories import OfficialFactory

    bureau = Department.objects.get(code="440100-YJGL")
    officer = OfficialFactory(role=Role.DUTY_OFFICER, department=bureau)
    commander = OfficialFactory(role=Role.COMMANDER, department=bureau)
    message = warnings.issue(
        officer, department=bureau,
        data={"hazard": "typhoon", "level": "orange", "headline": WARNING_HEADLINE,
              "advice": "减少外出", "advice_en": "Stay in", "divisions": ["440104"],
              "expires_at": (now() + timedelta(days=1)).isoformat()},
    )  # fmt: skip
    geo.load_boundaries()  # where the incident happened is located on them
    district = Department.objects.get(code="440106-YJGL")
    district_officer = OfficialFactory(role=Role.DUTY_OFFICER, department=district)
    incident = incidents.record(
        district_officer, department=district, data={**INCIDENT, "title": INCIDENT_TITLE}
    )
    team = resources.add(district_officer, department=district, kind="team", data=MATRIX_TEAM)
    sent = dispatches.dispatch(district_officer, incident=incident, resource=team, data={})
    asked = dispatches.request(
        district_officer, incident=incident, sender=district, recipient=bureau,
        data={"kind": "supply", "quantity": 50, "text": "请求调拨帐篷50顶"},
    )  # fmt: skip
    plan_data.load()
    response = plans.activate(
        commander, Plan.objects.get(code="gz-flood-typhoon"), level=3, reason=RESPONSE_REASON
    )
    today = localdate()
    games = event_data.load({
        "code": "matrix-games", "name": "矩阵运动会", "department": "440100-YJGL",
        "starts_on": today, "ends_on": today + timedelta(days=3),
        "venues": [{"code": "tianhe", "name": "天河体育中心", "division": "440106",
                    "latitude": "23.1375", "longitude": "113.3245"}],
        "structures": [{"code": "hq", "name": "赛事运行指挥部", "in_force_from": today,
                        "unified": True, "groups": []}],
    })  # fmt: skip
    events.compile_daily_report(officer, games, today)
    return {
        "emergency_event": games.code,  # the games' board, with today's daily report
        "emergency_day": today.isoformat(),
        "emergency_resource": team.pk,  # 天河's rescue team, dispatched to its flood
        "emergency_dispatch": sent.pk,
        "emergency_request": asked.pk,  # 天河 asks the city for tents
        "emergency_plan": "gz-flood-typhoon",  # the city's flood plan, in force at level III
        "emergency_response": response.number,
        "emergency_task": response.assignments.get(department=bureau).pk,
        "emergency_commander": commander,  # activates and changes (schema fuzzing)
        "emergency_officer": officer,  # issues, changes and cancels (schema fuzzing)
        "emergency_incident": incident.number,  # 天河's flood, its report to the city owed
        "emergency_report": incident.reports.get().pk,
        "emergency_warning": message.warning.number,
        "emergency_message": message.pk,
        "identifier": "none",  # public CAP alerts (none sent: nothing to refuse)
    }


def market_ids() -> dict:
    """天河's joint plan with the fire brigade over six restaurants, drawn
    (tests/market/world.py); its head, and a well-formed plan of theirs to send."""
    import time_machine

    from onewindow.market import inspections
    from tests.market import world as market_world

    w = market_world.build(restaurants=6, shops=0)
    with time_machine.travel(date(2027, 2, 1)):  # before the plan's period
        plan = inspections.create_plan(actor=w.head, data=market_world.plan_data(w, ratio="50"))
        inspections.commit(plan, actor=w.head)
        inspections.run_draw(plan, actor=w.head)
    inspection = plan.inspections.select_related("target__entity").order_by("rank").first()
    from onewindow.market.credit_models import BASIS, ListEntry, ListKind, ListReason

    entry = ListEntry.objects.create(  # as a published visit that found nobody lists it
        entity=inspection.target.entity, kind=ListKind.ABNORMAL, reason=ListReason.UNREACHABLE,
        basis=BASIS[ListReason.UNREACHABLE], department=w.th, listed_on=date(2027, 3, 10),
        listed_by=w.head, inspection=inspection,
    )  # fmt: skip
    penalty = _penalty_case(w, inspection)
    repair = _repair(inspection.target.entity)
    proposal = _listing(w, penalty["market_penalty"])
    return {
        **penalty,
        "market_listing": proposal.pk,
        "market_repair": repair.pk,
        "market_repair_record": f"e{entry.pk}",
        "market_list_entry": entry.pk,
        "year": 2026,
        "market_plan": plan.pk,
        "market_inspection": inspection.pk,
        "market_draw": plan.number,
        "market_target": inspection.target.entity.name,
        "market_uscc": inspection.target.entity.uscc,  # its credit record (public)
        "market_head": w.head,  # plans, commits, draws and publishes (schema fuzzing)
        "market_plan_data": market_world.plan_data(w),
        "file_pk": 0,  # the signature of a visit (none yet: refused before it is looked for)
    }


def _repair(entity):
    """The restaurant's application to leave the abnormal-operation list, reachable again."""
    import time_machine

    from onewindow.market import credit_repair
    from tests.factories import EnterpriseFactory

    owner = EnterpriseFactory(uscc=entity.uscc, name=entity.name)
    with time_machine.travel(date(2027, 3, 12), tick=False):
        return credit_repair.apply(
            entity, actor=owner, record=credit_repair.options(entity)[0].key, committed=True,
            correction="已在登记住所恢复经营", evidence=("租赁合同.png", png_bytes()),
        )  # fmt: skip


def _listing(w, penalty_pk: int):
    """天河's listing of the restaurant, waiting for the consent of the city's bureau."""
    from onewindow.accounts.models import Department
    from onewindow.market.credit_models import ListingProposal
    from onewindow.market.penalty_models import PenaltyCase

    case = PenaltyCase.objects.get(pk=penalty_pk)
    return ListingProposal.objects.create(
        penalty=case, entity=case.entity, department=w.th,
        consenting=Department.objects.get(code="440100-SCJG"), grounds="情节严重",
        proposed_at=now(), proposed_by=w.head,
    )  # fmt: skip


def _penalty_case(w, inspection) -> dict:
    """A penalty case of 天河's bureau against the visited restaurant, told of the penalty
    proposed (its notice sealed), with a piece of evidence on file."""
    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onewindow.market import benchmarks, penalties
    from onewindow.market.penalty_models import Band, Violation
    from tests.market.world import TH

    benchmarks.load()
    officers = [i.user for i in w.inspectors[TH][:2]]
    with time_machine.travel(date(2027, 2, 2), tick=False):
        case = penalties.open_lead(
            actor=officers[0], department=w.th, entity=inspection.target.entity,
            facts="餐具未经消毒", source="hotline", reference="12345-MATRIX",
        )  # fmt: skip
        violation = Violation.objects.get(department=w.th, code="SP-126-05")
        penalties.propose_filing(
            case, actor=officers[0],
            data={"violation": violation.pk, "occurred_on": "2027-01-20", "ended_on": "2027-02-01",
                  "discovered_on": "2027-02-01", "officers": [officers[1].pk]},
        )  # fmt: skip
        penalties.approve_filing(case, actor=w.head, approved=True)
        evidence = penalties.add_evidence(
            case, actor=officers[0], title="笔录", upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
        )
        band = Band.objects.filter(violation=violation).order_by("fine_min").first()
        penalties.notify(case, actor=officers[0], data={"band": band.pk, "fine": "6000",
                                                        "grounds": "首次"})  # fmt: skip
    return {
        "market_penalty": case.pk,
        "market_penalty_number": case.number,
        "market_penalty_document": case.documents.get().pk,
        "evidence_pk": evidence.pk,
    }


PENALTY_ROUTE = re.compile(r"market/penalt|my/penalties/|market/findings/")


def url(route: str, ids: dict, certificate: str) -> str:
    path = route
    for converter in ("str", "int", "uuid", "slug"):
        for name, value in ids.items():
            if "certificate" in route and name == "number":
                value = certificate
            if "disclosure" in route and name == "number":
                value = ids["disclosure_request"]
            if "participation/surveys" in route and name == "number":
                value = ids["survey"]
            if "participation/proposals" in route and name == "number":
                value = ids["proposal"]
            if "workbench/office/" in route and name == "pk":
                value = ids["office_document"]
            if "workbench/office/incoming/" in route and name in ("pk", "step"):
                value = ids["office_incoming"] if name == "pk" else "check"
            if "workbench/office/instructions/" in route and name == "pk":
                value = ids["office_instruction"]
            if "workbench/office/meetings/" in route and name in ("pk", "step", "action"):
                value = {"pk": ids["meeting"], "step": "respond", "action": "attendance"}[name]
            if "api/v1/office/" in route and name == "pk":
                value = ids["office_document"]
                if "/incoming/" in route:
                    value = ids["office_incoming"]
                if "/instructions/" in route:
                    value = ids["office_instruction"]
                if "/meetings/" in route:
                    value = ids["meeting"]
            if "api/v1/market/" in route and name == "pk":
                inspection = "/inspections/" in route
                value = ids["market_inspection" if inspection else "market_plan"]
            if PENALTY_ROUTE.search(route):
                document = "documents/" in route or "penalty-documents/" in route
                value = {
                    "pk": ids["market_penalty_document" if document else "market_penalty"],
                    "number": ids["market_penalty_number"],
                    "evidence_pk": ids["evidence_pk"],
                    "name": "decide",
                }.get(name, value)
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if "market/repairs/" in route or "my/credit-repair/" in route:
                value = {"pk": ids["market_repair"], "key": ids["market_repair_record"]}.get(
                    name, value
                )
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if any(
                f"emergency/{part}/" in route for part in ("resources", "dispatches", "requests")
            ):
                value = {
                    "pk": ids[
                        "emergency_dispatch" if "dispatches/" in route
                        else "emergency_request" if "requests/" in route
                        else "emergency_resource"
                    ],
                    "number": ids["emergency_incident"],
                    "action": "refuse" if "requests/" in route else "acknowledged",
                }.get(name, value)  # fmt: skip
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if "emergency/events/" in route:
                value = {
                    "code": ids["emergency_event"],
                    "day": ids["emergency_day"],
                    "action": "compile",
                }.get(name, value)
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if "emergency/duty/" in route:
                value = {"code": "440100-YJGL", "action": "shift"}.get(name, value)
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if any(f"emergency/{part}/" in route for part in ("plans", "responses", "tasks")):
                value = {
                    "code": ids["emergency_plan"],
                    "number": ids["emergency_response"],
                    "pk": ids["emergency_task"],
                    "action": "level",
                }.get(name, value)
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if "emergency/incidents/" in route or "emergency/reports/" in route:
                value = {
                    "number": ids["emergency_incident"],
                    "pk": ids["emergency_report"],
                    "action": "update",
                }.get(name, value)
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if "emergency/" in route:
                value = {"number": ids["emergency_warning"], "pk": ids["emergency_message"]}.get(
                    name, value
                )
                path = path.replace(f"<{converter}:{name}>", str(value))
                continue
            if ("market/lists/" in route or "market/list-entries/" in route) and name == "pk":
                value = ids["market_list_entry"]
            elif "market/listings/" in route and name == "pk":
                value = ids["market_listing"]
            elif "workbench/market/" in route:
                inspection = "/inspections/" in route
                value = {
                    "pk": ids["market_inspection" if inspection else "market_plan"],
                    "step": "finding" if inspection else "commit",
                    "kind": "signature",
                    "file_pk": 0,
                }.get(name, value)
            if route.startswith("market/inspections/") and name == "number":
                value = ids["market_draw"]
            if "market/credit/" in route and name == "uscc":
                value = ids["market_uscc"]
            path = path.replace(f"<{converter}:{name}>", str(value))
    return "/" + path


def call(client: Client, method: str, path: str, data: dict | None = None):
    if method == "GET":
        return client.get(path, HTTP_ACCEPT="text/html,application/json")
    data = data or {}
    files = {k: SimpleUploadedFile(f"{k}.png", v) for k, v in data.items() if isinstance(v, bytes)}
    if path.startswith("/api/") and not files:
        return client.post(path, data, content_type="application/json")
    return client.post(path, data | files, HTTP_ACCEPT="text/html,application/json")


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


ACTORS = ["anonymous", "other-citizen", "uninvolved", "no-role"]


@pytest.mark.parametrize("actor", ACTORS)
def test_a_refused_actor_gets_nothing_and_changes_nothing(actor, world):
    """Every route that must refuse ``actor``, against one world (refusals change nothing)."""
    rules = [*ROUTES.items()]
    rules += [(route, Route(method, who)) for (route, method), who in MORE_ROUTES.items()]
    refused_on = [(route, rule) for route, rule in rules if actor in REFUSED.get(rule.who, ())]
    assert refused_on
    problems = [
        p for route, rule in refused_on if (p := refusal_problem(route, actor, world, rule))
    ]
    assert not problems, f"{len(problems)} of {len(refused_on)} routes:\n" + "\n".join(problems)


def refusal_problem(route: str, actor: str, world: dict, rule: Route | None = None) -> str:
    """What is wrong with ``actor``'s answer on ``route`` (by ``rule``, else its row), or ""."""
    rule = rule or ROUTES[route]
    user = world["people"][actor]
    where = f"{rule.method} /{route} as {actor}"
    case_before = Case.objects.values_list("version", "status").get(pk=world["case"].pk)
    audit_before = AuditEntry.objects.count()
    payload = PAYLOADS.get(route)
    if route == "api/v1/exchange/queries/":
        payload = {"registry": "entity", "key": world["uscc"], "fields": ["name"], "purpose": "x"}
    if route == "api/v1/market/plans/":
        payload = world["market_plan_data"]
    if route == "api/v1/emergency/requests/":  # well-formed: what refuses it is who asks
        payload = {"incident": world["ids"]["emergency_incident"], "recipient": "440100-YJGL",
                   "kind": "supply", "quantity": 1, "text": "请求支援"}  # fmt: skip
    if "emergency/events/" in route and rule.method == "POST":  # a report of today, a permit
        payload = {"day": world["ids"]["emergency_day"], "case": world["ids"]["number"],
                   "kind": "road-occupancy"}  # fmt: skip
    path = url(route, world["ids"], world["certificate"])
    response = call(client_of(user), rule.method, path, payload)

    if user is None:
        refused = response.status_code in (401, 403) or (
            response.status_code == 302 and response["Location"].startswith("/login/")
        )
    else:
        refused = response.status_code in (403, 404)
    if not refused:
        return f"{where}: answered {response.status_code}"
    if actor in UNSEEN_BY:  # an official without the role may see the case, not act on it
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace").replace(path, "")  # what the caller asked for
        leaked = [secret for secret in world["secrets"] if secret in text]
        if leaked:
            return f"{where}: shows {leaked}"
    if Case.objects.values_list("version", "status").get(pk=world["case"].pk) != case_before:
        return f"{where}: changed the case"
    if AuditEntry.objects.count() != audit_before:
        return f"{where}: wrote to the audit log"

    # Whether a certificate number exists is public (anyone may verify one), so revoking is
    # refused by role alone; every other object's existence stays hidden.
    hidden = any(f":{name}>" in route for name in world["fake"]) and "revoke" not in route
    if actor in UNSEEN_BY and hidden:
        ids = {**world["ids"], **world["fake"]}
        made_up_path = url(route, ids, "440100-SCJG-2099-999999")
        made_up = call(client_of(user), rule.method, made_up_path, payload)
        if made_up.status_code != response.status_code:
            return (
                f"{where}: {response.status_code} for the real object, "
                f"{made_up.status_code} for a made-up one"
            )
    return ""


# Another identity in the form: for every service and every kind of account it serves, a form
# whose fields naming the applicant name someone else is refused and stores nothing.
FORGED = {
    "person.name": lambda: "冒名者",
    "person.id_number": lambda: generate_id_number("440104", date(1990, 1, 1)),
    "entity.name": lambda: "另一家贸易有限公司",
    "entity.uscc": lambda: generate_uscc("440104"),
}


def test_another_identity_in_the_form_is_refused_for_every_service(catalogue, settings):
    from onewindow.catalog.form_schema import applicant_fields
    from onewindow.catalog.models import ServiceItem
    from tests.cases.conftest import valid_form, valid_uploads
    from tests.cases.test_parallel_review_api import as_json

    accounts = {"citizen": CitizenFactory(), "enterprise": EnterpriseFactory()}
    kinds = {"citizen": ["citizen"], "enterprise": ["enterprise"]}
    kinds["both"] = ["citizen", "enterprise"]
    checked, problems = 0, []
    for item in ServiceItem.objects.filter(published=True).order_by("code"):
        for kind in kinds[item.applicant]:
            bound = applicant_fields(item.form_schema, kind)
            if not bound:
                continue
            properties = item.form_schema["properties"]
            forged = {name: FORGED[properties[name]["applicant"]]() for name in bound}
            client = Client()
            client.force_login(accounts[kind])
            response = client.post(
                "/api/v1/cases/",
                {
                    "item": item.code,
                    "form": valid_form(item) | forged,
                    "materials": as_json(valid_uploads(item)),
                },
                content_type="application/json",
            )
            checked += 1
            named = {key.removeprefix("form.") for key in response.json()} & set(bound)
            if response.status_code != 400 or named != set(bound):
                problems.append(f"{item.code} as {kind}: {response.status_code} {named}")
    assert not problems, "\n".join(problems)
    assert checked >= 70  # (service, kind of account) pairs whose form names the applicant
    assert not Case.objects.exists()  # nothing stored: no case, no material, no file
    assert not CaseMaterial.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
