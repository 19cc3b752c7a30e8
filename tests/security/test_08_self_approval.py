"""Finding 8: a head could approve their own extension request, and a rejected request reset
the once-only rule. Replayed over the API and the workbench: both are now refused."""

from datetime import date

import pytest

from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.cases.models import Case, Extension
from tests.cases.conftest import _media, enterprise, staff  # noqa: F401
from tests.cases.test_parallel_review_api import SCJG, client_for
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.factories import PASSWORD
from tests.workbench.conftest import _no_second_factor, signed_in, submit_parallel, text  # noqa: F401

DAY = date(2026, 11, 4)


def accepted_case(staff, enterprise) -> Case:  # noqa: F811
    case = submit_parallel(enterprise, date(2026, 11, 2))
    with at(date(2026, 11, 2)):
        client_for(staff.clerk(SCJG)).post(
            f"/api/v1/cases/{case.number}/accept/", {}, format="json"
        )
    return case


def second_head():
    user = account_services.create_official(
        username="scjg-head-2", password=PASSWORD, real_name="副局长"
    )
    account_services.assign_role(
        user=user, department=Department.objects.get(code=SCJG), role=Role.HEAD
    )
    return user


@pytest.mark.django_db
def test_a_head_cannot_approve_the_extension_they_asked_for(staff, enterprise):  # noqa: F811
    case = accepted_case(staff, enterprise)
    head = client_for(staff.head(SCJG))
    with at(DAY):
        asked = head.post(
            f"/api/v1/cases/{case.number}/extensions/",
            {"days": 10, "reason": "需专家论证"},
            format="json",
        )
        assert asked.status_code == 201
        extension = asked.json()["extensions"][0]["id"]
        approval = f"/api/v1/cases/{case.number}/extensions/{extension}/approval/"
        own = head.post(approval, {}, format="json")
        assert own.status_code == 403
        assert zh("Another head must approve or reject the extension you asked for.") in str(
            own.json()
        )
        assert head.post(approval, {"approve": False}, format="json").status_code == 403
        assert Extension.objects.get(pk=extension).status == "pending"
        case.refresh_from_db()
        assert case.extension_days == 0

        # The workbench neither offers it to the requester nor lets it through when posted.
        page = signed_in(staff.head(SCJG))
        assert f"extensions/{extension}/decision/" not in text(
            page.get(f"/workbench/cases/{case.number}/")
        )
        assert case.number not in text(page.get("/workbench/?status=extension"))
        posted = page.post(
            f"/workbench/cases/{case.number}/extensions/{extension}/decision/",
            {"version": case.version, "approve": "1"},
        )
        assert posted.status_code == 403
        assert Extension.objects.get(pk=extension).status == "pending"

        # Another head of the lead department may.
        other = client_for(second_head())
        assert other.post(approval, {}, format="json").status_code == 200
    case.refresh_from_db()
    assert case.extension_days == 10


@pytest.mark.django_db
def test_a_rejected_extension_was_the_one_extension(staff, enterprise):  # noqa: F811
    case = accepted_case(staff, enterprise)
    reviewer = client_for(staff.reviewer(SCJG))
    with at(DAY):
        asked = reviewer.post(
            f"/api/v1/cases/{case.number}/extensions/",
            {"days": 10, "reason": "需专家论证"},
            format="json",
        )
        extension = asked.json()["extensions"][0]["id"]
        rejected = client_for(staff.head(SCJG)).post(
            f"/api/v1/cases/{case.number}/extensions/{extension}/approval/",
            {"approve": False},
            format="json",
        )
        assert rejected.status_code == 200
        again = reviewer.post(
            f"/api/v1/cases/{case.number}/extensions/",
            {"days": 10, "reason": "再次申请"},
            format="json",
        )
        assert again.status_code == 409
        assert Extension.objects.filter(case=case).count() == 1
        page = signed_in(staff.reviewer(SCJG))
        assert f"{case.number}/extension/" not in text(page.get(f"/workbench/cases/{case.number}/"))
