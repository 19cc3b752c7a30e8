"""Seed the working calendar from the ``chinesecalendar`` package's holiday arrangements.

Runs from a data migration (with historical models) and from ``onewindow seed-calendar``
after the package is upgraded. Rows an administrator entered are never overwritten.
"""

from __future__ import annotations

from collections import defaultdict

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
    """Insert the package's holidays and adjusted working days; return counts."""
    by_year: dict[int, list] = defaultdict(list)
    for day, holiday in chinese_calendar.holidays.items():
        by_year[day.year].append((day, "holiday", _name(holiday)))
    for day, holiday in chinese_calendar.workdays.items():
        by_year[day.year].append((day, "workday", _name(holiday)))

    admin_dates = set(
        calendar_day_model.objects.filter(source="admin").values_list("date", flat=True)
    )
    created = updated = 0
    for year, rows in sorted(by_year.items()):
        calendar_year_model.objects.update_or_create(
            year=year, defaults={"published": True, "source": SOURCE}
        )
        for day, kind, name in rows:
            if day in admin_dates:
                continue
            _, was_created = calendar_day_model.objects.update_or_create(
                date=day, defaults={"kind": kind, "name": name, "source": "seed"}
            )
            created += was_created
            updated += not was_created
    return {"years": len(by_year), "created": created, "updated": updated}
