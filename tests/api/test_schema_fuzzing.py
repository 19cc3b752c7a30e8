"""Schemathesis against the platform's own OpenAPI schema (`/api/schema/`): every operation,
as every kind of actor, with generated requests; no answer may be a server error or stray
from the schema (status code, content type, headers, body).

Half of the generated requests aim at real objects (the granted case, its tasks, materials,
documents and certificate with its verification code) instead of random identifiers, so
refusals to the wrong actor and answers to the right one are both exercised. The run is derandomized so CI is repeatable;
``ONEWINDOW_FUZZ_SEED=random`` explores new inputs locally.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from onewindow.accounts.models import Department, Role, RoleAssignment
from onewindow.cases.models import CaseDocument, CaseMaterial, Extension
from onewindow.certificates.models import Certificate
from onewindow.payments.models import FeeNotice
from tests.cases.conftest import PARALLEL, _media, citizen, enterprise, staff  # noqa: F401
from tests.certificates.conftest import SCJG, grant_food_licence
from tests.factories import OfficialFactory
from tests.payments.conftest import charge_for
from tests.test_authorization_matrix import (
    appointment_ids,
    disclosure_ids,
    emergency_ids,
    market_ids,
    office_ids,
    proposal_ids,
)

# What it checks is the API against its schema, the same on either database: CI runs it once.
pytestmark = [pytest.mark.django_db, pytest.mark.once]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 5  # × some 240 operations × 11 actors; CI time is the bound
MIN_REQUESTS_PER_ACTOR = 450  # × 11 actors: about 5,000 requests a run
ACTORS = [
    "anonymous",
    "citizen",
    "enterprise",
    "clerk",
    "reviewer",
    "head",
    "disclosure",
    "participation",
    "office",
    "market",
    "emergency",
]


@pytest.fixture
def world(staff, enterprise, citizen, settings):  # noqa: F811 - the shared fixtures
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    charge_for(PARALLEL)  # the grant issues a payment notice: the fee routes get a real one
    case = grant_food_licence(staff, enterprise)
    people = {
        "anonymous": None,
        "citizen": citizen,  # not the applicant: must see nothing of the case
        "enterprise": enterprise,  # the applicant
        "clerk": staff.clerk(SCJG),
        "reviewer": staff.official("440100-XF", Role.REVIEWER),
        "head": staff.head(SCJG),
    }
    real = {
        "number": case.number,
        "task_id": case.tasks.values_list("pk", flat=True).first(),
        "material": CaseMaterial.objects.filter(case=case).values_list("pk", flat=True).first(),
        "document": CaseDocument.objects.filter(case=case).values_list("number", flat=True).first(),
        "extension_id": Extension.objects.values_list("pk", flat=True).first() or 1,
        "pause_id": 1,
        # the applicant's booking at a service centre taking the service (appointments)
        "reference": appointment_ids(enterprise)["reference"],
        "payment_reference": FeeNotice.objects.get(case_number=case.number).reference,
        **disclosure_ids(enterprise),  # the applicant's disclosure request and its letter
        **proposal_ids(),  # a published citizen's proposal (and one awaiting moderation)
        **office_ids(),  # 市场监管局's 通知 under review, and a 收文 with its instruction
        **market_ids(),  # 天河's joint random-inspection plan, drawn, with its visits
        **emergency_ids(),  # the city bureau's orange typhoon warning awaiting approval
    }
    people["disclosure"] = real.pop("disclosure_officer")  # answers that request
    # 市场监管局's drafter: reads its 通知, handles the 收文 and reports on the instruction
    people["office"] = real.pop("office_drafter")
    # 天河区市场监管局's head: makes, commits and draws the plan, publishes its results
    people["market"] = real.pop("market_head")
    # 市应急管理局's duty officer: issues, changes and cancels its warnings
    people["emergency"] = real.pop("emergency_officer")
    # …and, for the fuzzing, also its commander: activates and changes the flood plan's response
    real.pop("emergency_commander")
    RoleAssignment.objects.create(
        user=people["emergency"], department=Department.objects.get(code="440100-YJGL"),
        role=Role.COMMANDER,
    )  # fmt: skip
    real.pop("market_target")
    real.pop("market_plan_data")
    real.pop("market_repair_record")
    # 城管's participation officer: answers the published proposal (city management)
    people["participation"] = OfficialFactory(
        role=Role.PARTICIPATION_OFFICER, department=Department.objects.get(code="440100-CG")
    )
    certificate = Certificate.objects.get(case_number=case.number)
    return people, real, certificate


@pytest.fixture
def api_schema(world):
    """The schema as the platform serves it, called in-process through WSGI. Like Django's
    test client, keep the test's connection (and transaction) open after each request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _real(real: dict, path: str, name: str):
    """The real object's identifier for path parameter ``name`` of ``path``, if there is one."""
    if "/certificates/" in path:
        return real["certificate_number"] if name == "number" else None
    if "/services/" in path:
        return real["code"] if name == "code" else None
    if "/appointments/" in path:
        return real.get(name)
    if "/disclosure/" in path:
        return real["disclosure_request"] if name == "number" else real.get(name)
    if "/participation/proposals/" in path:
        return real["published_proposal"] if name == "number" else None
    if "/office/" in path:
        if name != "pk":
            return None
        if "/incoming/" in path:
            return real["office_incoming"]
        if "/meetings/" in path:
            return real["meeting"]  # the office's drafter is invited
        return real["office_instruction" if "/instructions/" in path else "office_document"]
    for part, key in (
        ("resources", "emergency_resource"),
        ("dispatches", "emergency_dispatch"),
        ("requests", "emergency_request"),
    ):  # 天河's team, its dispatch, its ask
        if f"/emergency/{part}/" in path and name in ("pk", "id"):
            return real[key]
    if "/emergency/events/" in path:  # the games, with today's daily report
        return {"code": real["emergency_event"], "day": real["emergency_day"]}.get(name)
    if any(f"/emergency/{part}/" in path for part in ("plans", "responses", "tasks")):
        return {"code": real["emergency_plan"], "number": real["emergency_response"],
                "pk": real["emergency_task"], "id": real["emergency_task"]}.get(name)  # fmt: skip
    if "/emergency/incidents/" in path or "/emergency/reports/" in path:  # 天河's flood
        return {"number": real["emergency_incident"], "pk": real["emergency_report"],
                "id": real["emergency_report"]}.get(name)  # fmt: skip
    if "/emergency/" in path:  # the typhoon warning and its change awaiting approval
        return {"number": real["emergency_warning"], "pk": real["emergency_message"],
                "id": real["emergency_message"]}.get(name)  # fmt: skip
    if "/market/credit/" in path:  # the credit record of the drawn restaurant
        return real["market_uscc"] if name == "uscc" else None
    if "/market/draws/" in path:
        return real["market_draw"] if name == "number" else None
    if "/market/penalt" in path:  # a case of 天河's bureau, told of its penalty
        if name not in ("pk", "id"):
            return None
        return real["market_penalty_document" if "documents" in path else "market_penalty"]
    if "/market/repairs/" in path:  # the restaurant's application to leave the list
        return real["market_repair"] if name in ("pk", "id") else None
    if "/market/listings/" in path:  # 天河's listing, waiting for the city's consent
        return real["market_listing"] if name in ("pk", "id") else None
    if "/market/" in path:  # the schema names <int:pk> "id"
        if name not in ("pk", "id"):
            return None
        return real["market_inspection" if "/inspections/" in path else "market_plan"]
    return real.get(name) if "/cases/" in path or "/tasks/" in path else None


def _seed() -> dict:
    if os.environ.get("ONEWINDOW_FUZZ_SEED") == "random":
        return {"derandomize": False}
    return {"derandomize": True}


def test_every_operation_answers_within_its_schema(world, api_schema):
    """Each actor in turn on the same world, each from the same state: what one actor's
    requests change is rolled back (a savepoint) before the next."""
    people, real, certificate = world
    real = {**real, "code": "440100-SCJG-XK-306", "certificate_number": certificate.number}
    report = []
    for actor in ACTORS:
        savepoint = transaction.savepoint()
        try:
            failures, requests = _fuzz(api_schema, people[actor], real, certificate)
        finally:
            transaction.savepoint_rollback(savepoint)
        if failures:
            report.append(
                f"{len(failures)} operations failed as {actor}:\n" + "\n\n".join(failures)
            )
        if requests < MIN_REQUESTS_PER_ACTOR:
            report.append(f"only {requests} requests as {actor}")
    assert not report, "\n\n".join(report)


def _fuzz(api_schema, user, real: dict, certificate) -> tuple[list[str], int]:
    """Every operation as ``user``: the failures, and how many requests were made."""
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    failures, requests = [], 0

    for result in api_schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            **_seed(),
        )
        @given(case=operation.as_strategy(), aim=st.booleans())
        def run(case, aim):
            nonlocal requests
            if aim:  # at the real objects instead of generated identifiers
                for name in case.path_parameters or {}:
                    value = _real(real, case.path, name)
                    if value is not None:
                        case.path_parameters[name] = value
                if "/certificates/" in case.path and "code" in (case.query or {}):
                    case.query["code"] = certificate.verification_code  # its verification code
            requests += 1
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # report every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {failure}")
    return failures, requests
