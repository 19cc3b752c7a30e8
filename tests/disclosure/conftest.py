import pytest

from tests.disclosure import factories
from tests.factories import DepartmentFactory


@pytest.fixture
def agencies(db):
    """Two agencies with documents: the market regulator (with a guide) and civil affairs."""
    scjg = DepartmentFactory(code="440100-SCJGX", name="广州市市场监督管理局（测试）")
    mz = DepartmentFactory(code="440100-MZX", name="广州市民政局（测试）")
    factories.guide(scjg)
    return scjg, mz
