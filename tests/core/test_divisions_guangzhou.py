"""Every street and town of Guangzhou is in the loaded tree, as the data README states."""

import re

import pytest

from onewindow.core import divisions_data
from onewindow.core.models import Division
from onewindow.core.selectors import division_descendants

pytestmark = pytest.mark.django_db

README = divisions_data.DATA_FILE.parent / "README.md"


def stated_counts() -> dict[str, int]:
    """The per-district numbers of the README's table (| 440106 | 天河区 | 21 |)."""
    rows = re.findall(r"^\| (4401\d\d) \|[^|]+\| +(\d+) *\|$", README.read_text(), re.M)
    return {code: int(count) for code, count in rows}


def test_readme_states_eleven_districts_and_176_streets_and_towns():
    counts = stated_counts()
    assert len(counts) == 11
    assert sum(counts.values()) == 176
    assert "2.7.0" in README.read_text()
    assert "2023" in README.read_text()


def test_each_district_has_as_many_streets_and_towns_as_the_source_states():
    for district, count in stated_counts().items():
        assert division_descendants(district, level="township").count() == count, district


def test_township_codes_are_nine_digits_under_their_district():
    towns = Division.objects.filter(level="township", code__startswith="4401")
    assert towns.count() == 176
    for town in towns:
        assert re.fullmatch(r"4401\d{5}", town.code)
        assert town.parent_id == town.code[:6]
        assert town.path == f"440000/440100/{town.parent_id}/{town.code}/"
        assert town.name.endswith(("街道", "镇"))
        assert town.name_en.endswith(("Subdistrict", "Town"))


def test_districts_and_streets_have_english_names():
    assert Division.objects.get(code="440106").name_en == "Tianhe District"
    assert Division.objects.get(code="440106013").name_en == "Liede Subdistrict"
    assert Division.objects.get(code="440118102").name_en == "Shitan Town"
    assert Division.objects.get(code="440115103").name_en == "Dongchong Town"


def test_codes_corrected_from_the_statistical_edition():
    assert Division.objects.get(code="440104016").name == "建设街道"
    assert Division.objects.get(code="440106017").name == "长兴街道"
    assert Division.objects.get(code="440106019").name == "凤凰街道"
    assert not Division.objects.filter(code="440104024").exists()


def test_loading_again_changes_nothing():
    before = list(Division.objects.values_list("code", "name", "name_en", "path"))
    divisions_data.load(Division, prune=True)
    assert list(Division.objects.values_list("code", "name", "name_en", "path")) == before
