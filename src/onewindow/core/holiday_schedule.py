"""A year's holiday arrangement as an administrator writes it from the State Council's notice
(国务院办公厅关于20XX年部分节假日安排的通知), read strictly.

The file is YAML (format and a complete example in docs/operations.md)::

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）
    holidays:
      - name: 春节
        name_en: Spring Festival      # optional
        from: 2027-02-06
        to: 2027-02-13
        workdays: [2027-02-14]       # make-up working days (调休上班), weekends only

Every problem is reported with its line and field; nothing is written unless the whole file
is right (``core.services.import_holidays`` writes it in one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOP_KEYS = {"year", "source", "holidays"}
HOLIDAY_KEYS = {"name", "name_en", "from", "to", "workdays"}
MAX_HOLIDAY_LENGTH = 15  # the longest arrangement so far is 9 days (Spring Festival 2026)


@dataclass(frozen=True)
class Holiday:
    name: str
    first: date
    last: date
    workdays: tuple[date, ...]

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Schedule:
    year: int
    source: str
    holidays: tuple[Holiday, ...]

    def entries(self) -> dict[date, tuple[str, str]]:
        """date -> (kind, name): every holiday day and every make-up working day."""
        found: dict[date, tuple[str, str]] = {}
        for holiday in self.holidays:
            for day in holiday.days():
                found[day] = ("holiday", holiday.name)
            for day in holiday.workdays:
                found[day] = ("workday", holiday.name)
        return dict(sorted(found.items()))


class _Problems:
    def __init__(self):
        self.lines: list[str] = []

    def add(self, node, field: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.lines.append(
            _("line %(line)d, %(field)s: %(message)s")
            % {"line": line, "field": field, "message": message}
        )


def _mapping(node) -> dict[str, tuple[object, object]]:
    """A YAML mapping node as key -> (key node, value node)."""
    return {str(k.value): (k, v) for k, v in node.value}


def _date(node, field: str, problems: _Problems) -> date | None:
    value = getattr(node, "value", None)
    if not isinstance(node, yaml.ScalarNode):
        problems.add(node, field, _("expected a date like 2027-01-01."))
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.add(node, field, _("%(value)r is not a date like 2027-01-01.") % {"value": value})
        return None


def parse(text: str) -> Schedule:
    """The schedule in ``text``, or a ValidationError whose ``file`` entry lists every problem
    (each naming its line and field)."""
    problems = _Problems()
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ValidationError(
            {"file": [_("line %(line)d: not valid YAML.") % {"line": line}]}, code="yaml"
        ) from exc
    if not isinstance(root, yaml.MappingNode):
        raise ValidationError(
            {"file": [_("The file must be a mapping with year, source and holidays.")]},
            code="shape",
        )
    top = _mapping(root)
    for key, (key_node, _value) in top.items():
        if key not in TOP_KEYS:
            problems.add(key_node, key, _("unknown field."))
    for key in sorted(TOP_KEYS - set(top)):
        problems.add(root, key, _("this field is required."))

    year = None
    if "year" in top:
        node = top["year"][1]
        try:
            year = int(node.value) if isinstance(node, yaml.ScalarNode) else None
        except ValueError:
            year = None
        if year is None or not 2000 <= year <= 9999:
            problems.add(node, "year", _("expected a year such as 2027."))
            year = None
    source = ""
    if "source" in top:
        node = top["source"][1]
        source = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
        if not source or len(source) > 200:
            problems.add(
                node, "source", _("name the State Council notice (at most 200 characters).")
            )

    holidays: list[Holiday] = []
    seen: dict[date, str] = {}
    if "holidays" in top:
        node = top["holidays"][1]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            problems.add(node, "holidays", _("expected a list of holidays."))
        else:
            for index, entry in enumerate(node.value, 1):
                holiday = _holiday(entry, index, year, problems, seen)
                if holiday is not None:
                    holidays.append(holiday)
    if problems.lines:
        raise ValidationError({"file": problems.lines}, code="invalid")
    return Schedule(year=year, source=source, holidays=tuple(holidays))


def _holiday(entry, index: int, year, problems: _Problems, seen: dict) -> Holiday | None:
    where = f"holidays[{index}]"
    if not isinstance(entry, yaml.MappingNode):
        problems.add(entry, where, _("expected name, from, to and workdays."))
        return None
    fields = _mapping(entry)
    before = len(problems.lines)
    for key, (key_node, _value) in fields.items():
        if key not in HOLIDAY_KEYS:
            problems.add(key_node, f"{where}.{key}", _("unknown field."))
    for key in ("name", "from", "to"):
        if key not in fields:
            problems.add(entry, f"{where}.{key}", _("this field is required."))
    name = ""
    if "name" in fields:
        node = fields["name"][1]
        name = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
        if not name or len(name) > 64:
            problems.add(
                node, f"{where}.name", _("give the holiday's name (at most 64 characters).")
            )
    first = _date(fields["from"][1], f"{where}.from", problems) if "from" in fields else None
    last = _date(fields["to"][1], f"{where}.to", problems) if "to" in fields else None
    workdays: list[date] = []
    if "workdays" in fields:
        node = fields["workdays"][1]
        if not isinstance(node, yaml.SequenceNode):
            problems.add(node, f"{where}.workdays", _("expected a list of dates (or [])."))
        else:
            for n, item in enumerate(node.value, 1):
                day = _date(item, f"{where}.workdays[{n}]", problems)
                if day is None:
                    continue
                if day.weekday() < 5:
                    problems.add(
                        item,
                        f"{where}.workdays[{n}]",
                        _("%(day)s is a weekday; a make-up working day is a Saturday or Sunday.")
                        % {"day": day},
                    )
                workdays.append(day)
    if first and last:
        if last < first:
            problems.add(fields["to"][1], f"{where}.to", _("ends before it starts."))
        elif (last - first).days >= MAX_HOLIDAY_LENGTH:
            problems.add(
                fields["to"][1],
                f"{where}.to",
                _("a holiday of more than %(n)d days is not plausible.")
                % {"n": MAX_HOLIDAY_LENGTH},
            )
    for key, day in (("from", first), ("to", last)):
        if day and year and day.year != year:
            problems.add(
                fields[key][1],
                f"{where}.{key}",
                _("%(day)s is not in %(year)d.") % {"day": day, "year": year},
            )
    for n, day in enumerate(workdays, 1):
        if year and day.year != year:
            problems.add(
                fields["workdays"][1].value[n - 1],
                f"{where}.workdays[{n}]",
                _("%(day)s is not in %(year)d.") % {"day": day, "year": year},
            )
    if len(problems.lines) > before or not (first and last):
        return None
    holiday = Holiday(name=name, first=first, last=last, workdays=tuple(workdays))
    for n, day in enumerate([*holiday.days(), *workdays]):
        node = entry if n < len(holiday.days()) else fields["workdays"][1]
        if day in seen:
            problems.add(
                node,
                where,
                _("%(day)s is already given by %(other)s.") % {"day": day, "other": seen[day]},
            )
        seen[day] = name
    return holiday
