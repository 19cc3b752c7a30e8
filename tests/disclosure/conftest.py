"""The disclosure world: the market regulator's disclosure office (officer, a second officer,
reviewer, a second reviewer, head), the civil-affairs bureau's officer, officials without a
disclosure role, citizens and an enterprise; and two test agencies for the public pages."""

from datetime import date

import pytest

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from tests.conftest import restore_migration_data
from tests.disclosure import factories
from tests.factories import (
    CitizenFactory,
    DepartmentFactory,
    EnterpriseFactory,
    OfficialFactory,
)

SCJG, MZ = "440100-SCJG", "440100-MZ"


class World:
    pass


def _official(username, role, code):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def world(db):
    restore_migration_data()
    departments_data.load()
    w = World()
    w.scjg = Department.objects.get(code=SCJG)
    w.mz = Department.objects.get(code=MZ)
    w.officer = _official("gk_officer", Role.DISCLOSURE_OFFICER, SCJG)
    w.officer2 = _official("gk_officer2", Role.DISCLOSURE_OFFICER, SCJG)
    w.reviewer = _official("gk_reviewer", Role.CONFIDENTIALITY_REVIEWER, SCJG)
    w.reviewer2 = _official("gk_reviewer2", Role.CONFIDENTIALITY_REVIEWER, SCJG)
    w.head = _official("gk_head", Role.DISCLOSURE_HEAD, SCJG)
    w.mz_officer = _official("mz_disclosure", Role.DISCLOSURE_OFFICER, MZ)
    w.mz_reviewer = _official("mz_reviewer", Role.CONFIDENTIALITY_REVIEWER, MZ)
    w.no_role = _official("scjg_reviewer", Role.REVIEWER, SCJG)
    w.stranger = _official("jt", Role.REVIEWER, "440100-JT")
    w.citizen = CitizenFactory()
    w.other_citizen = CitizenFactory()
    w.enterprise = EnterpriseFactory()
    return w


@pytest.fixture
def agencies(db):
    """Two agencies with documents: the market regulator (with a guide) and civil affairs."""
    scjg = DepartmentFactory(code="440100-SCJGX", name="广州市市场监督管理局（测试）")
    mz = DepartmentFactory(code="440100-MZX", name="广州市民政局（测试）")
    factories.guide(scjg)
    return scjg, mz


def draft_data(**over) -> dict:
    data = {
        "category": "rules",
        "form": "normative",
        "title": "广州市市场监督管理局关于规范食品经营许可的通知",
        "title_en": "Notice on food business licences",
        "number": "穗市监规字〔2026〕1号",
        "body": "各区市场监管局：现就食品经营许可有关事项通知如下。",
        "body_en": "To the district bureaus: on food business licences.",
        "formed_on": date(2026, 11, 2),
    }
    data.update(over)
    return data
