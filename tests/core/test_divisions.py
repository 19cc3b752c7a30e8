"""Administrative divisions of Guangdong (GB/T 2260), loaded by migration."""

import pytest

from onewindow.core.models import Division
from onewindow.core.selectors import division_ancestors, division_descendants

pytestmark = pytest.mark.django_db


def test_guangdong_has_its_21_prefecture_level_cities():
    cities = Division.objects.filter(level="prefecture", parent_id="440000")
    assert cities.count() == 21
    assert {"广州市", "深圳市", "东莞市", "中山市", "潮州市"} <= set(
        cities.values_list("name", flat=True)
    )


def test_guangzhou_has_its_eleven_districts():
    districts = division_descendants("440100", level="county")
    assert sorted(districts.values_list("code", flat=True)) == [
        "440103",
        "440104",
        "440105",
        "440106",
        "440111",
        "440112",
        "440113",
        "440114",
        "440115",
        "440117",
        "440118",
    ]


def test_yuexiu_and_tianhe_have_their_streets():
    assert division_descendants("440104", level="township").count() == 18
    assert division_descendants("440106", level="township").count() == 21
    assert Division.objects.get(code="440106013").name == "猎德街道"


def test_ancestors_run_from_the_province_down():
    assert [d.code for d in division_ancestors("440106013")] == ["440000", "440100", "440106"]


def test_descendants_include_every_level_below():
    below = division_descendants("440100")
    assert below.filter(level="county").exists()
    assert below.filter(level="township").exists()
    assert not below.filter(code="440100").exists()
    assert not below.filter(code__startswith="4403").exists()
