"""Major-event operations command: the writes (see ``event_models`` for the rules).

- An incident recorded near a venue while a unified structure is in force reaches the
  headquarters' duty desk as well as the chain above the recording department (one incident
  flow); before the switch it goes up the tree only.
- The headquarters' duty desk flags a case as a permit linked to the event (fast track); the
  head of the department handling the case may flag it too.
- The duty desk compiles the daily report of a day from the incidents and 12345 tickets near
  the venues, the response tasks of the structure's departments and the flagged permits.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role
from onewindow.cases.authority import departments_with_role
from onewindow.cases.models import Case
from onewindow.core import audit
from onewindow.emergency import authority, duty
from onewindow.emergency import messages as emergency_messages
from onewindow.emergency.event_models import (
    CommandStructure,
    DailyReport,
    EventPermit,
    MajorEvent,
    PermitKind,
    Venue,
)
from onewindow.emergency.incident_models import Incident
from onewindow.notifications import services as notifications

EARTH_RADIUS_M = 6_371_000
REPORT_DAYS_AFTER = 7  # a daily report may be compiled up to a week after the last day


# ---------------------------------------------------------------------------------------------
# Where and when: the rules the pages read too


def structure_on(event: MajorEvent, day: date) -> CommandStructure | None:
    """The command structure in force on ``day``: the latest that has started."""
    return (
        CommandStructure.objects.filter(event=event, in_force_from__lte=day)
        .order_by("-in_force_from")
        .first()
    )


def next_structure(event: MajorEvent, day: date) -> CommandStructure | None:
    """The structure that takes over after ``day``, if one is planned."""
    return (
        CommandStructure.objects.filter(event=event, in_force_from__gt=day)
        .order_by("in_force_from")
        .first()
    )


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine), enough at a city's scale."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def venue_near(venues, latitude, longitude) -> Venue | None:
    """The nearest of ``venues`` whose ring holds the place, or None."""
    if latitude is None or longitude is None:
        return None
    best, best_m = None, None
    for venue in venues:
        metres = distance_m(venue.latitude, venue.longitude, latitude, longitude)
        if metres <= venue.radius_m and (best_m is None or metres < best_m):
            best, best_m = venue, metres
    return best


def bounding_box(venues) -> dict | None:
    """A latitude/longitude box around every venue's ring: a cheap first filter for the
    database before the exact distance."""
    venues = list(venues)
    if not venues:
        return None
    lat_pad = max(v.radius_m for v in venues) / 111_000
    lats = [float(v.latitude) for v in venues]
    lons = [float(v.longitude) for v in venues]
    lon_pad = lat_pad / max(math.cos(math.radians(max(abs(x) for x in lats))), 0.1)
    return {
        "latitude__gte": min(lats) - lat_pad,
        "latitude__lte": max(lats) + lat_pad,
        "longitude__gte": min(lons) - lon_pad,
        "longitude__lte": max(lons) + lon_pad,
    }


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants that open and close ``day`` in the platform's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def is_headquarters(user, event: MajorEvent) -> bool:
    """The headquarters' duty desk: its duty officers and commanders."""
    return event.department_id in authority.desk_for(user)


# ---------------------------------------------------------------------------------------------
# One incident flow


def route_incident(incident: Incident) -> list[MajorEvent]:
    """Called when an incident is recorded: tell the headquarters' duty desk of every event
    whose unified structure is in force today and one of whose venues is near. The events
    told."""
    today = timezone.localdate(incident.recorded_at)
    told = []
    for event in MajorEvent.objects.filter(ends_on__gte=today).select_related("department"):
        structure = structure_on(event, today)
        if structure is None or not structure.unified:
            continue
        venue = venue_near(event.venues.all(), incident.latitude, incident.longitude)
        if venue is None:
            continue
        people = duty.reachable(event.department)
        params = {
            **incident.notice_params(),
            "venue": venue.name,
            "venue_en": venue.name_en or venue.name,
            "event": event.name,
            "event_en": event.name_en or event.name,
        }
        link = reverse("workbench:emergency-event", args=[event.code])
        notifications.notify_many(
            notifications.Notice(user, emergency_messages.NEAR_VENUE, params, link)
            for user in people
        )
        audit.record(
            "emergency.incident_near_venue",
            object_type="incident",
            object_id=incident.number,
            data={"event": event.code, "venue": venue.code, "structure": structure.code},
        )
        told.append(event)
    return told


# ---------------------------------------------------------------------------------------------
# Fast-track permits


@transaction.atomic
def flag_permit(actor, event: MajorEvent, *, data: dict) -> EventPermit:
    """Flag case ``data["case"]`` (its number) as a permit linked to ``event``. Only the
    headquarters' desk learns whether a number it gives exists; a head learns it of their own
    department's cases alone."""
    headquarters = is_headquarters(actor, event)
    heads = departments_with_role(actor, (Role.HEAD,))
    refused = PermissionDenied(
        _("Only the headquarters' duty desk or the head of the department handling the case "
          "flags it for the event.")
    )  # fmt: skip
    if not headquarters and not heads:
        raise refused
    number = str(data.get("case") or "").strip()
    if not number:
        raise ValidationError({"case": _("Give the number of the case.")})
    cases = Case.objects.filter(number=number)
    if not headquarters:
        cases = cases.filter(lead_department_id__in=heads)
    case = cases.first()
    if case is None and not headquarters:
        raise refused
    if case is None:
        raise ValidationError({"case": _("There is no case %(number)s.") % {"number": number}})
    kind = str(data.get("kind") or "")
    if kind not in PermitKind.values:
        raise ValidationError({"kind": _("Choose the kind of permit.")})
    venue = None
    if data.get("venue"):
        venue = Venue.objects.filter(event=event, code=str(data["venue"])).first()
        if venue is None:
            raise ValidationError({"venue": _("That is not a venue of this event.")})
    if EventPermit.objects.filter(case=case).exists():
        raise ValidationError(
            {"case": _("Case %(number)s is already flagged for an event.") % {"number": number}}
        )
    permit = EventPermit.objects.create(
        event=event, case=case, kind=kind, venue=venue, flagged_by=actor,
        flagged_at=timezone.now(),
    )  # fmt: skip
    audit.record(
        "emergency.permit_flagged",
        object_type="case",
        object_id=case.number,
        actor=actor,
        data={"event": event.code, "kind": kind, "venue": venue.code if venue else ""},
    )
    return permit


# ---------------------------------------------------------------------------------------------
# The daily report


def report_days(event: MajorEvent) -> tuple[date, date]:
    """The days a daily report may cover: from the first structure's date (or the first day of
    competition) to the last day of competition."""
    first = (
        CommandStructure.objects.filter(event=event)
        .order_by("in_force_from")
        .values_list("in_force_from", flat=True)
        .first()
    )
    return min(first or event.starts_on, event.starts_on), event.ends_on


@transaction.atomic
def compile_daily_report(actor, event: MajorEvent, day: date) -> DailyReport:
    """Compile (or compile again) the daily report of ``day``; the day must have ended or be
    today, and lie within the event's reporting days."""
    from onewindow.emergency import event_selectors

    if not is_headquarters(actor, event):
        raise PermissionDenied(_("Only the headquarters' duty desk compiles the daily report."))
    first, last = report_days(event)
    today = timezone.localdate()
    if not first <= day <= last:
        raise ValidationError(
            {"day": _("Reports cover %(first)s to %(last)s.") % {"first": first, "last": last}}
        )
    if day > today:
        raise ValidationError({"day": _("A day is reported once it has begun.")})
    if today > last + timedelta(days=REPORT_DAYS_AFTER):
        raise ValidationError({"day": _("The event's reports are closed.")})
    structure = structure_on(event, day)
    content = event_selectors.compile_day(event, day)
    report, created = DailyReport.objects.update_or_create(
        event=event,
        day=day,
        defaults={
            "structure": structure,
            "content": content,
            "compiled_by": actor,
            "compiled_at": timezone.now(),
        },
    )
    audit.record(
        "emergency.daily_report_compiled",
        object_type="major_event",
        object_id=event.code,
        actor=actor,
        data={"day": day.isoformat(), "again": not created, "figures": content["figures"]},
    )
    return report
