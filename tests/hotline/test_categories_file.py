"""The categories file loads strictly: every problem is named by line and field, nothing loads
until the file is right; the shipped file loads 30 categories and again without change."""

import pytest
from django.core.management import call_command

from onewindow.accounts import departments_data
from onewindow.hotline import catalogue
from onewindow.hotline.models import Category
from tests.conftest import restore_migration_data


@pytest.fixture
def departments(db):
    restore_migration_data()
    departments_data.load()


def test_the_shipped_file_loads_and_reloads(departments):
    assert catalogue.load() == 30
    assert catalogue.load() == 30
    light = Category.objects.get(code="street-light")
    assert light.department.code == "440100-CG"
    assert (light.limit_unit, light.limit, light.needs_location) == ("working_days", 3, True)


def test_every_problem_is_named_by_line_and_field(departments, tmp_path):
    path = tmp_path / "categories.yaml"
    path.write_text(
        "# comment\n"
        "- {code: ok, name: 好, name_en: Fine, group: g, group_en: G, department: 440100-CG,"
        " limit_unit: hours, limit: 24}\n"
        "- {code: ok, name: 重复, name_en: Dup, group: g, group_en: G, department: 440100-XX,"
        " limit_unit: weeks, limit: 0, colour: red}\n"
        "- code: Bad Code\n"
        "  name: 缺字段\n"
        "  needs_identity: maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(catalogue.CatalogueError) as error:
        catalogue.load(path)
    problems = error.value.problems
    assert "line 3, field colour: unknown field" in problems
    assert "line 3, field code: ok is already used on line 2" in problems
    assert any(p.startswith("line 3, field department: no department 440100-XX") for p in problems)
    assert any(p.startswith("line 3, field limit_unit:") for p in problems)
    assert "line 3, field limit: a whole number from 1" in problems
    assert any(p.startswith("line 4, field code: use lowercase") for p in problems)
    assert "line 4, field name_en: missing" in problems
    assert "line 6, field needs_identity: true or false" in problems
    assert not Category.objects.exists()


def test_the_command_loads_the_file(departments, capsys):
    call_command("load_hotline")
    assert "30" in capsys.readouterr().out
