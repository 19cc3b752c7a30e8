"""Economic and population indicators: load them from ``data/indicators.yaml``, read trends.

A period is a year ("2024"), a quarter ("2024Q3") or a month ("2024-07"); each observation
also stores the first day of its period, which is what trends order and filter by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from onewindow.core.models import Division
from onewindow.registry.geo import DATA_DIR, ReferenceDataError
from onewindow.registry.models import Indicator, Observation

INDICATORS_FILE = DATA_DIR / "indicators.yaml"
CITY = "440100"  # the division trends default to: Guangzhou
REQUIRED = ("code", "name", "name_en", "unit", "unit_en", "source")
OPTIONAL = ("frequency", "description", "observations")
_PERIODS = (
    (Indicator.Frequency.YEAR, re.compile(r"(\d{4})")),
    (Indicator.Frequency.QUARTER, re.compile(r"(\d{4})Q([1-4])")),
    (Indicator.Frequency.MONTH, re.compile(r"(\d{4})-(0[1-9]|1[0-2])")),
)
_VALUE_LIMIT = Decimal("1e14")  # max_digits=18 with 4 decimal places


class IndicatorNotFound(LookupError):
    pass


# ---------------------------------------------------------------------------------------------
# Periods


def parse_period(text: str) -> tuple[str, date]:
    """("year" | "quarter" | "month", first day) of a period, or ValueError."""
    for frequency, pattern in _PERIODS:
        match = pattern.fullmatch(str(text))
        if match:
            year = int(match.group(1))
            if frequency == Indicator.Frequency.YEAR:
                return frequency, date(year, 1, 1)
            if frequency == Indicator.Frequency.QUARTER:
                return frequency, date(year, 3 * int(match.group(2)) - 2, 1)
            return frequency, date(year, int(match.group(2)), 1)
    raise ValueError(f"{text!r} is not a period such as 2024, 2024Q3 or 2024-07")


def _period_end(text: str) -> date:
    """The first day after the period."""
    frequency, start = parse_period(text)
    months = {"year": 12, "quarter": 3, "month": 1}[frequency]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


# ---------------------------------------------------------------------------------------------
# Loading


class _Mapping(dict):
    """A YAML mapping that remembers the keys it saw more than once."""

    duplicates: list


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    seen, duplicates = set(), []
    mapping = _Mapping()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if str(key) in seen:
            duplicates.append(str(key))
        seen.add(str(key))
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.duplicates = duplicates
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _duplicates(mapping) -> list:
    return getattr(mapping, "duplicates", [])


@dataclass
class LoadSummary:
    indicators: int = 0
    observations: int = 0
    created: int = 0
    updated: int = 0


def _read(path: Path) -> list[dict]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{path.name}: not readable YAML ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise ReferenceDataError(f"{path.name}: indicators: expected a list of indicators")
    return document["indicators"]


def _check_indicator(entry, number: int, path: Path, seen: set[str], known: set[str]):
    """The indicator's model fields and its observations as (division, period, start, value)."""
    if not isinstance(entry, dict):
        raise ReferenceDataError(f"{path.name}: indicator {number}: expected a mapping")
    code = str(entry.get("code") or f"#{number}")
    where = f"{path.name}: indicator {code}"
    if _duplicates(entry):
        raise ReferenceDataError(f"{where}: {_duplicates(entry)[0]}: given twice")
    for field in entry:
        if field not in REQUIRED + OPTIONAL:
            raise ReferenceDataError(f"{where}: {field}: unknown field")
    for field in REQUIRED:
        if not str(entry.get(field) or "").strip():
            raise ReferenceDataError(f"{where}: {field}: missing")
    if code in seen:
        raise ReferenceDataError(f"{where}: code: defined twice")
    seen.add(code)
    frequency = str(entry.get("frequency") or Indicator.Frequency.YEAR)
    if frequency not in Indicator.Frequency.values:
        choices = ", ".join(Indicator.Frequency.values)
        raise ReferenceDataError(f"{where}: frequency: {frequency!r} is not one of {choices}")
    fields = {f: str(entry[f]).strip() for f in REQUIRED if f != "code"}
    fields["frequency"] = frequency
    fields["description"] = str(entry.get("description") or "").strip()

    observations = entry.get("observations") or {}
    if not isinstance(observations, dict):
        raise ReferenceDataError(f"{where}: observations: expected {{division: {{period: value}}}}")
    if _duplicates(observations):
        division = _duplicates(observations)[0]
        raise ReferenceDataError(f"{where}: observations.{division}: division given twice")
    rows = []
    for division, series in observations.items():
        field = f"observations.{division}"
        if str(division) not in known:
            raise ReferenceDataError(f"{where}: {field}: no such division")
        if not isinstance(series, dict):
            raise ReferenceDataError(f"{where}: {field}: expected {{period: value}}")
        if _duplicates(series):
            period = _duplicates(series)[0]
            raise ReferenceDataError(f"{where}: {field}.{period}: duplicate period")
        for period, raw in series.items():
            try:
                kind, start = parse_period(str(period))
            except ValueError as exc:
                raise ReferenceDataError(f"{where}: {field}.{period}: {exc}") from None
            if kind != frequency:
                raise ReferenceDataError(
                    f"{where}: {field}.{period}: a {kind} period in a {frequency} indicator"
                )
            try:
                value = Decimal(str(raw))
                if isinstance(raw, bool) or not value.is_finite() or abs(value) >= _VALUE_LIMIT:
                    raise InvalidOperation
            except InvalidOperation:
                raise ReferenceDataError(
                    f"{where}: {field}.{period}: {raw!r} is not a number"
                ) from None
            rows.append((str(division), str(period), start, value))
    return code, fields, rows


@transaction.atomic
def load_indicators(path: Path = INDICATORS_FILE) -> LoadSummary:
    """Check the whole file, then insert or update every indicator and observation."""
    path = Path(path)
    known = set(Division.objects.values_list("code", flat=True))
    seen: set[str] = set()
    checked = [
        _check_indicator(entry, number, path, seen, known)
        for number, entry in enumerate(_read(path), start=1)
    ]
    summary = LoadSummary()
    for code, fields, rows in checked:
        indicator, _created = Indicator.objects.update_or_create(code=code, defaults=fields)
        summary.indicators += 1
        for division, period, start, value in rows:
            _obs, created = Observation.objects.update_or_create(
                indicator=indicator,
                division_id=division,
                period=period,
                defaults={"period_start": start, "value": value},
            )
            summary.observations += 1
            summary.created += created
            summary.updated += not created
    return summary


# ---------------------------------------------------------------------------------------------
# Reading


def localized(indicator: Indicator) -> tuple[str, str]:
    """The indicator's name and unit in the active language."""
    if (get_language() or "zh-hans").startswith("zh"):
        return indicator.name, indicator.unit
    return indicator.name_en, indicator.unit_en


def all_indicators():
    return Indicator.objects.order_by("code")


def divisions_with_observations():
    """Divisions that have at least one observation, city first."""
    codes = Observation.objects.values("division_id")
    return Division.objects.filter(code__in=codes).order_by("code")


@dataclass
class Trend:
    indicator: Indicator
    division: Division
    points: list[tuple[str, Decimal]]


def _bound(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        parse_period(str(value))
    except ValueError:
        raise ValidationError(
            {field: _("Enter a period such as 2024, 2024Q3 or 2024-07.")}, code="invalid"
        ) from None
    return str(value)


def trend(indicator_code: str, division_code: str, start=None, end=None) -> Trend:
    """The indicator's values for a division in period order, from ``start`` to ``end``
    (periods, inclusive; either may be omitted).

    Unknown indicator: ``IndicatorNotFound``; unknown division or bad period:
    ``ValidationError`` naming ``division``, ``start`` or ``end``.
    """
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise IndicatorNotFound(indicator_code)
    division = Division.objects.filter(pk=division_code).first() if division_code else None
    errors = {}
    if division is None:
        errors["division"] = [_("There is no administrative division with this code.")]
    start, end = (_bound_or_collect(v, f, errors) for v, f in ((start, "start"), (end, "end")))
    if not errors and start and end and parse_period(start)[1] >= _period_end(end):
        errors["end"] = [_("The end period must not be before the start period.")]
    if errors:
        raise ValidationError(errors)
    observations = Observation.objects.filter(indicator=indicator, division=division)
    if start:
        observations = observations.filter(period_start__gte=parse_period(start)[1])
    if end:
        observations = observations.filter(period_start__lt=_period_end(end))
    points = list(observations.order_by("period_start").values_list("period", "value"))
    return Trend(indicator, division, points)


def _bound_or_collect(value, field: str, errors: dict) -> str | None:
    try:
        return _bound(value, field)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None
