"""Economic indicators: the loader, trends, the public API and the indicators page."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from onewindow.registry import geo, indicators
from onewindow.registry.models import Indicator, Observation
from tests.conftest import zh
from tests.factories import CitizenFactory, OfficialFactory

QUARTERLY = """
indicators:
  - code: retail-q
    name: 社会消费品零售总额（季度）
    name_en: Retail sales (quarterly)
    unit: 亿元
    unit_en: 100 million yuan
    source: 广州市统计局
    frequency: quarter
    observations:
      "440100":
        "2024Q3": 2700.1
        "2023Q4": 2900
        "2024Q1": 2600.5
        "2024Q2": 2750
"""


@pytest.fixture
def loaded(db):
    return indicators.load_indicators()


@pytest.fixture
def api():
    return APIClient()


def write(tmp_path, text, name="indicators.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- loading -------------------------------------------------------------------------------


def test_the_shipped_indicators_load_with_units_and_sources(loaded):
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert codes >= {
        "gdp", "cpi", "retail-sales", "fai-growth", "registered-population",
        "resident-population",
    }  # fmt: skip
    gdp = Indicator.objects.get(code="gdp")
    assert (gdp.name, gdp.unit, gdp.unit_en, gdp.source) == (
        "地区生产总值",
        "亿元",
        "100 million yuan",
        "广州市统计局",
    )
    assert Indicator.objects.get(code="cpi").source == "国家统计局广州调查队"
    city = Observation.objects.filter(division_id="440100", indicator=gdp)
    assert sorted(city.values_list("period", flat=True)) == [str(y) for y in range(2015, 2025)]
    assert city.get(period="2023").value == Decimal("30355.73")
    assert city.get(period="2024").period_start == date(2024, 1, 1)
    assert Observation.objects.filter(indicator=gdp, division_id="440106").exists()


def test_loading_again_creates_nothing_and_restores_edited_values(loaded):
    Observation.objects.filter(indicator__code="gdp", period="2023", division_id="440100").update(
        value=1
    )
    again = indicators.load_indicators()
    assert (again.indicators, again.observations, again.created) == (
        loaded.indicators,
        loaded.observations,
        0,
    )
    assert Observation.objects.count() == loaded.observations
    gdp_2023 = Observation.objects.get(indicator__code="gdp", period="2023", division_id="440100")
    assert gdp_2023.value == Decimal("30355.73")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('"440100":', '"449999":'), "bad.yaml: indicator retail-q: observations.449999: "),
        (('"2024Q2": 2750', '"2024Q2": 2750\n        "2024Q2": 1'), "observations.440100.2024Q2: "),
        (('"2024Q2"', '"2024Q5"'), "indicator retail-q: observations.440100.2024Q5: "),
        (('"2024Q2"', '"2024"'), "observations.440100.2024: a year period in a quarter"),
        (("2750", "lots"), "indicator retail-q: observations.440100.2024Q2: 'lots' is not a"),
        (("    unit: 亿元\n", ""), "bad.yaml: indicator retail-q: unit: missing"),
        (("frequency: quarter", "frequency: weekly"), "indicator retail-q: frequency: 'weekly'"),
        (("    source:", "    colour: red\n    source:"), "indicator retail-q: colour: unknown"),
    ],
)
def test_a_bad_file_is_refused_naming_file_indicator_and_field(db, tmp_path, change, expected):
    path = write(tmp_path, QUARTERLY.replace(*change), "bad.yaml")
    with pytest.raises(geo.ReferenceDataError) as caught:
        indicators.load_indicators(path)
    assert expected in str(caught.value)
    assert str(caught.value).startswith("bad.yaml: ")
    assert not Indicator.objects.exists()


def test_a_duplicate_period_is_reported_as_such(db, tmp_path):
    path = write(tmp_path, QUARTERLY.replace('"2023Q4": 2900', '"2024Q1": 2900'))
    with pytest.raises(geo.ReferenceDataError, match=r"observations\.440100\.2024Q1: duplicate"):
        indicators.load_indicators(path)


@pytest.mark.parametrize(
    ("period", "frequency", "start"),
    [
        ("2024", "year", date(2024, 1, 1)),
        ("2024Q3", "quarter", date(2024, 7, 1)),
        ("2024-07", "month", date(2024, 7, 1)),
    ],
)
def test_periods_know_their_first_day(period, frequency, start):
    assert indicators.parse_period(period) == (frequency, start)


@pytest.mark.parametrize("period", ["24", "2024Q0", "2024-13", "2024-7", "Q3 2024", ""])
def test_malformed_periods_are_rejected(period):
    with pytest.raises(ValueError, match="is not a period"):
        indicators.parse_period(period)


# --- trends --------------------------------------------------------------------------------


def test_a_trend_is_in_period_order(db, tmp_path):
    indicators.load_indicators(write(tmp_path, QUARTERLY))
    trend = indicators.trend("retail-q", "440100")
    assert [p for p, _v in trend.points] == ["2023Q4", "2024Q1", "2024Q2", "2024Q3"]
    assert trend.indicator.frequency == "quarter"
    assert trend.division.name == "广州市"


def test_a_trend_is_cut_by_start_and_end_periods(db, tmp_path):
    indicators.load_indicators(write(tmp_path, QUARTERLY))
    assert [p for p, _ in indicators.trend("retail-q", "440100", "2024Q2").points] == [
        "2024Q2",
        "2024Q3",
    ]
    # A year as the end takes in its quarters.
    assert [p for p, _ in indicators.trend("retail-q", "440100", end="2023").points] == ["2023Q4"]
    assert [p for p, _ in indicators.trend("retail-q", "440100", "2024", "2024Q1").points] == [
        "2024Q1"
    ]


def test_yearly_trend_from_2018_to_2020(loaded):
    trend = indicators.trend("gdp", "440100", start="2018", end="2020")
    assert trend.points == [
        ("2018", Decimal("22859.35")),
        ("2019", Decimal("23628.60")),
        ("2020", Decimal("25019.11")),
    ]


def test_trend_errors_name_the_parameter(loaded):
    from django.core.exceptions import ValidationError

    with pytest.raises(indicators.IndicatorNotFound):
        indicators.trend("happiness", "440100")
    with pytest.raises(ValidationError) as caught:
        indicators.trend("gdp", "449999", start="2018年")
    assert set(caught.value.message_dict) == {"division", "start"}
    with pytest.raises(ValidationError) as caught:
        indicators.trend("gdp", "440100", start="2020", end="2018")
    assert set(caught.value.message_dict) == {"end"}


# --- API -----------------------------------------------------------------------------------


def test_anyone_can_list_the_indicators(api, loaded):
    response = api.get("/api/v1/registry/indicators/")
    assert response.status_code == 200
    gdp = next(i for i in response.json() if i["code"] == "gdp")
    assert gdp == {
        "code": "gdp",
        "name": "地区生产总值",
        "name_en": "Gross regional product",
        "unit": "亿元",
        "unit_en": "100 million yuan",
        "source": "广州市统计局",
        "frequency": "year",
        "description": gdp["description"],
    }


def test_the_trend_endpoint_serves_chart_points(api, loaded):
    response = api.get(
        "/api/v1/registry/indicators/gdp/trend",
        {"division": "440100", "start": "2022", "end": "2024"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["indicator"]["unit"] == "亿元"
    assert body["division"] == {"code": "440100", "name": "广州市"}
    assert body["points"] == [
        {"period": "2022", "value": 28839.0},
        {"period": "2023", "value": 30355.73},
        {"period": "2024", "value": 31032.5},
    ]


def test_the_trend_endpoint_defaults_to_the_city(api, loaded):
    body = api.get("/api/v1/registry/indicators/resident-population/trend").json()
    assert body["division"]["code"] == "440100"
    assert len(body["points"]) == 10


@pytest.mark.parametrize(
    ("query", "field"),
    [({"division": "449999"}, "division"), ({"start": "2018-13"}, "start"), ({"end": "x"}, "end")],
)
def test_the_trend_endpoint_answers_400_naming_the_parameter(api, loaded, query, field):
    response = api.get("/api/v1/registry/indicators/gdp/trend", query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_an_unknown_indicator_is_404(api, loaded):
    response = api.get("/api/v1/registry/indicators/happiness/trend")
    assert response.status_code == 404
    assert response.json() == {"detail": zh("There is no indicator with this code.")}


def test_locate_answers_the_district_of_a_point(api, db):
    geo.load_boundaries()
    response = api.get("/api/v1/registry/divisions/locate", {"lng": "113.33", "lat": "23.13"})
    assert response.status_code == 200
    assert response.json() == {"code": "440106", "name": "天河区", "level": "county"}
    outside = api.get("/api/v1/registry/divisions/locate", {"lng": "116.4", "lat": "39.9"})
    assert outside.status_code == 404
    assert outside.json() == {"detail": zh("No district boundary covers this point.")}


def test_locate_rejects_bad_coordinates_naming_the_parameter(api, db):
    response = api.get("/api/v1/registry/divisions/locate", {"lng": "113.33", "lat": "north"})
    assert response.status_code == 400
    assert response.json() == {
        "lat": [zh("Enter the latitude as a number of degrees, such as 23.13.")]
    }
    missing = api.get("/api/v1/registry/divisions/locate")
    assert set(missing.json()) == {"lng", "lat"}


def test_standard_addresses_are_for_officials_only(api, db):
    geo.load_boundaries()
    geo.load_places()
    assert api.get("/api/v1/registry/places/").status_code in (401, 403)
    api.force_authenticate(CitizenFactory())
    refused = api.get("/api/v1/registry/places/", {"division": "440106"})
    assert refused.status_code == 403
    assert refused.json() == {"detail": zh("Standard addresses are for government officials.")}

    api.force_authenticate(OfficialFactory())
    page = api.get("/api/v1/registry/places/", {"division": "440106", "limit": 5}).json()
    assert page["count"] == 50
    assert len(page["results"]) == 5
    assert page["next"]
    first = page["results"][0]
    assert first["code"] == "440106-000001"
    assert isinstance(first["latitude"], float)
    tianhe_road = api.get("/api/v1/registry/places/", {"division": "440106", "street": "天河路"})
    assert {p["street"] for p in tianhe_road.json()["results"]} == {"天河路"}
    bad = api.get("/api/v1/registry/places/", {"division": "449999"})
    assert bad.status_code == 400
    assert list(bad.json()) == ["division"]


# --- the page ------------------------------------------------------------------------------


def test_the_indicators_page_shows_the_city_gdp_table_in_chinese(client, loaded):
    response = client.get("/data/indicators/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{zh('Economic indicators')}</h1>" in html
    assert "地区生产总值 · 广州市" in html
    assert '<th scope="row">2023</th><td class="numeric">30355.73</td>' in html
    assert '<script id="trend-data" type="application/json">' in html
    assert "vendor/echarts-6.1.0/echarts.min.js" in html
    assert "style=" not in html
    assert "<script>" not in html


def test_the_indicators_page_in_english_shows_english_names(client, loaded):
    response = client.get(
        "/data/indicators/", {"indicator": "cpi", "division": "440100"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "<h1>Economic indicators</h1>" in html
    assert "Consumer price index (previous year = 100)" in html
    assert '<th scope="row">2021</th><td class="numeric">101.0</td>' in html


def test_a_district_without_figures_says_so_and_draws_no_chart(client, loaded):
    html = client.get(
        "/data/indicators/",
        {"indicator": "cpi", "division": "440106"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "There are no figures for this indicator in this area yet." in html
    assert "echarts.min.js" not in html


def test_an_unknown_choice_shows_the_form_error(client, loaded):
    html = client.get(
        "/data/indicators/", {"indicator": "happiness"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "<title>Error: Economic indicators" in html
    assert "Select a valid choice." in html
