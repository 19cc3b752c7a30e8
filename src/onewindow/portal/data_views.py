"""Open data pages: economic indicators as a table and a line chart (宏观经济数据)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from onewindow.registry import indicators as registry_indicators

DEFAULT_INDICATOR = "gdp"


class IndicatorChoiceForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    division = forms.ChoiceField(label=_("Area"))

    def __init__(self, data, *, indicators, divisions):
        super().__init__(data)
        self.fields["indicator"].choices = [
            (i.code, registry_indicators.localized(i)[0]) for i in indicators
        ]
        self.fields["division"].choices = [(d.code, d.name) for d in divisions]


def _decimals(values: list[Decimal]) -> int:
    """How many decimal places the figures of a series were published with."""
    return max((max(-v.normalize().as_tuple().exponent, 0) for v in values), default=0)


@require_safe
def indicators(request):
    """Pick an indicator and an area; the figures show as a table, and as a chart with script."""
    choices = list(registry_indicators.all_indicators())
    divisions = list(registry_indicators.divisions_with_observations())
    codes = [i.code for i in choices]
    initial = {
        "indicator": DEFAULT_INDICATOR if DEFAULT_INDICATOR in codes else (codes or [""])[0],
        "division": registry_indicators.CITY,
    }
    form = IndicatorChoiceForm(
        {**initial, **request.GET.dict()}, indicators=choices, divisions=divisions
    )
    trend = rows = chart = None
    if form.is_valid():
        trend = registry_indicators.trend(
            form.cleaned_data["indicator"], form.cleaned_data["division"]
        )
        name, unit = registry_indicators.localized(trend.indicator)
        places = _decimals([value for _period, value in trend.points])
        rows = [(period, f"{value:.{places}f}") for period, value in trend.points]
        chart = {
            "title": f"{name} · {trend.division.name}",
            "name": name,
            "unit": unit,
            "periods": [period for period, _value in rows],
            "values": [float(value) for _period, value in trend.points],
            "decimals": places,
        }
    return render(
        request,
        "portal/indicators.html",
        {
            "form": form,
            "trend": trend,
            "rows": rows,
            "chart": chart,
            "indicator_name": chart and chart["name"],
            "indicator_unit": chart and chart["unit"],
        },
    )
