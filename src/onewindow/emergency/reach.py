"""Reaching the people of a warning's area: every registered resident with an account gets the
message in their inbox and on each channel that reaches them (SMS, email), queued by set-based
SQL in the transaction that sends the warning, and counted per district and channel.
"""

from __future__ import annotations

from django.urls import reverse

from onewindow.core.localized import in_chinese, in_english
from onewindow.core.models import Division
from onewindow.emergency import messages as warning_messages
from onewindow.emergency.area import Area
from onewindow.emergency.models import Change, Hazard, Level, Reach, WarningMessage
from onewindow.notifications import services as notifications

KIND = {
    Change.ISSUE: warning_messages.ISSUED,
    Change.UPDATE: warning_messages.CHANGED,
    Change.RAISE: warning_messages.CHANGED,
    Change.LOWER: warning_messages.CHANGED,
    Change.CANCEL: warning_messages.CANCELLED,
}


def area_of(message: WarningMessage) -> Area:
    content = message.content
    divisions = Division.objects.filter(code__in=content["divisions"]).order_by("code")
    return Area(tuple(divisions), tuple(tuple(point) for point in content["polygon"]))


def _params(message: WarningMessage, area: Area) -> dict:
    warning, content = message.warning, message.content
    names = [d.name for d in area.divisions]
    names_en = [d.name_en or d.name for d in area.divisions]
    if area.ring:
        names.append("地图划定区域")
        names_en.append("the area drawn on the map")
    department = warning.department
    return {
        "department": department.name,
        "department_en": department.name_en or department.name,
        **level_params(content["level"], content["hazard"]),
        "headline": warning.headline,
        "headline_en": warning.headline_en,
        "area": "、".join(names),
        "area_en": ", ".join(names_en),
        "expires": content["expires_at"],
        "advice": content["advice"],
        "advice_en": content["advice_en"],
        "note": message.note,
    }


def level_params(level: str, hazard: str) -> dict:
    """A warning's level and hazard as notification parameters, in Chinese and English."""
    return {
        "level": in_chinese(Level(level).label),
        "level_en": in_english(Level(level).label),
        "hazard": in_chinese(Hazard(hazard).label),
        "hazard_en": in_english(Hazard(hazard).label),
    }


def queue(message: WarningMessage) -> dict[str, int]:
    """Queue ``message`` for the area's residents; the counts by channel, summed over districts.
    One ``Reach`` row per district and channel."""
    area = area_of(message)
    params = _params(message, area)
    link = reverse("portal:warning", args=[message.warning.number]) + f"?message={message.pk}"
    kind = KIND[message.change]
    totals: dict[str, int] = {}
    rows = []
    for district in area.districts():
        counts = notifications.notify_selected(
            area.users(district), kind=kind, params=params, link=link
        )
        for channel, count in counts.items():
            totals[channel] = totals.get(channel, 0) + count
            if count:
                rows.append(Reach(message=message, district=district, channel=channel, count=count))
    Reach.objects.bulk_create(rows)
    message.reached = totals.get("inbox", 0)
    message.save(update_fields=["reached"])
    return totals
