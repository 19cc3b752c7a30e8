"""Loading the inspection-item lists and the discretion benchmarks from YAML: the shipped files
load whole; a bad file names every fault by department and code and writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from onewindow.accounts import departments_data
from onewindow.market import benchmarks, items
from onewindow.market.models import InspectionItem
from onewindow.market.penalty_models import Band, Violation
from tests.conftest import restore_migration_data

BAD_BENCHMARK = """
- department: 440106-SCJG
  violations:
    - code: SP-1
      name: 无证经营
      provision: 第一条
      penalty_provision: 第二条
      bands:
        - {level: lighter, circumstances: 首次, fine_min: 5000, fine_max: 1000, measures: []}
        - {level: harsher, circumstances: 再次, fine_min: 0, fine_max: 10, measures: [jail]}
    - code: SP-2
      name: 缺少条款
    - code: SP-3
      name: 没有档次
      provision: 第一条
      penalty_provision: 第二条
- department: 999999-NONE
  violations: []
"""

BAD_ITEMS = """
- department: 440106-SCJG
  items:
    - {code: TH-X-01, name: 检查, scope: 餐饮, legal_basis: 条例, method: guessing}
    - {code: TH-X-02, name: 缺少依据}
- department: 999999-NONE
  items: []
"""


@pytest.fixture
def departments(db):
    restore_migration_data()
    departments_data.load()


def test_the_shipped_benchmarks_and_items_load(departments):
    assert benchmarks.load() == Violation.objects.count() > 0
    assert Band.objects.filter(violation__code="SP-126-05").count() == 3
    assert items.load() == InspectionItem.objects.count() > 0
    assert benchmarks.load() == Violation.objects.count()  # loading again changes nothing


def test_a_bad_benchmark_names_every_fault_and_writes_nothing(departments, tmp_path):
    path = tmp_path / "discretion.yaml"
    path.write_text(BAD_BENCHMARK, encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        benchmarks.load(path)
    problems = error.value.messages
    assert "discretion.yaml: 440106-SCJG 'SP-1': fine range 5000 to 1000" in problems
    assert "discretion.yaml: 440106-SCJG 'SP-1': band level 'harsher'" in problems
    assert "discretion.yaml: 440106-SCJG 'SP-1': measures ['jail']" in problems
    assert "discretion.yaml: 440106-SCJG 'SP-2': provision, penalty_provision" in problems
    assert "discretion.yaml: 440106-SCJG 'SP-3': no bands" in problems
    assert "discretion.yaml: department '999999-NONE' is not known" in problems
    assert not Violation.objects.exists()


def test_a_bad_item_list_names_every_fault_and_writes_nothing(departments, tmp_path):
    path = tmp_path / "items.yaml"
    path.write_text(BAD_ITEMS, encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        items.load(path)
    assert set(error.value.messages) == {
        "items.yaml: 440106-SCJG TH-X-01: method 'guessing'",
        "items.yaml: 440106-SCJG 'TH-X-02': scope, legal_basis, method",
        "items.yaml: department '999999-NONE' is not known",
    }
    assert not InspectionItem.objects.exists()
