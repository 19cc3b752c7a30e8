"""Seed the working calendar from the ``chinesecalendar`` package's holiday arrangements.

Runs from a data migration (with historical models) and from ``onewindow seed-calendar``
after the package is upgraded. Rows an administrator entered are never overwritten.
"""

from __future__ import annotations

import chinese_calendar

SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _name(holiday: str) -> str:
    return HOLIDAY_NAMES_ZH.get(holiday, holiday)


def seed(calendar_day_model, calendar_year_model) -> dict[str, int]:
    """Insert the package's holidays and adjusted working days; return counts.

    Bulk reads and writes: this runs in a migration, so in every fresh database.
    """
    wanted: dict = {}
    for day, holiday in chinese_calendar.holidays.items():
        wanted[day] = ("holiday", _name(holiday))
    for day, holiday in chinese_calendar.workdays.items():
        wanted[day] = ("workday", _name(holiday))
    years = sorted({day.year for day in wanted})

    existing = {row.date: row for row in calendar_day_model.objects.filter(date__in=wanted)}
    new, changed = [], []
    for day, (kind, name) in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            new.append(calendar_day_model(date=day, kind=kind, name=name, source="seed"))
        elif row.source != "admin" and (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            changed.append(row)
    calendar_day_model.objects.bulk_create(new, batch_size=500)
    calendar_day_model.objects.bulk_update(changed, ["kind", "name"], batch_size=500)

    known_years = set(
        calendar_year_model.objects.filter(year__in=years).values_list("year", flat=True)
    )
    calendar_year_model.objects.bulk_create(
        [
            calendar_year_model(year=y, published=True, source=SOURCE)
            for y in years
            if y not in known_years
        ]
    )
    calendar_year_model.objects.filter(year__in=known_years).update(published=True, source=SOURCE)
    return {"years": len(years), "created": len(new), "updated": len(changed)}
