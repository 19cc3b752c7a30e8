"""The disclosure world: the market regulator's disclosure office (officer, reviewer, head, a
second officer), the civil-affairs bureau's officer, a citizen, an enterprise, another
citizen and an official of another department."""

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
    w.scjg = Department.objects.get(code="440100-SCJG")
    w.mz = Department.objects.get(code="440100-MZ")
    w.officer = _official("gk1", Role.DISCLOSURE_OFFICER, "440100-SCJG")
    w.officer2 = _official("gk2", Role.DISCLOSURE_OFFICER, "440100-SCJG")
    w.reviewer = _official("gkrev", Role.CONFIDENTIALITY_REVIEWER, "440100-SCJG")
    w.head = _official("gkhead", Role.DISCLOSURE_HEAD, "440100-SCJG")
    w.mz_officer = _official("mzgk", Role.DISCLOSURE_OFFICER, "440100-MZ")
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
