"""Major-event operations command: the reads, with their permissions.

The event pages are for officials at an emergency desk (duty officers, commanders and heads,
as for resources): the structure in force and its groups, the venues and today's schedule,
the incidents and 12345 tickets near the venues, the response tasks of the structure's
departments with their clocks, the fast-track permits, and the daily reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from onewindow.cases.models import OPEN_STATUSES as CASE_OPEN
from onewindow.emergency import authority, plan_selectors
from onewindow.emergency.event_models import (
    CommandStructure,
    Competition,
    DailyReport,
    EventPermit,
    MajorEvent,
)
from onewindow.emergency.events import (
    bounding_box,
    day_bounds,
    is_headquarters,
    next_structure,
    structure_on,
    venue_near,
)
from onewindow.emergency.incident_models import Incident, IncidentState
from onewindow.emergency.plan_models import Assignment
from onewindow.hotline.models import OPEN_STATUSES as TICKET_OPEN
from onewindow.hotline.models import Ticket

TASK_STATES = {
    "assigned": pgettext_lazy("task in a daily report", "Assigned, not acknowledged"),
    "acknowledged": pgettext_lazy("task in a daily report", "Acknowledged, to report back"),
    "reported": pgettext_lazy("task in a daily report", "Reported back"),
    "overdue": pgettext_lazy("task in a daily report", "Overdue"),
    "withdrawn": pgettext_lazy("task in a daily report", "Withdrawn"),
}
TICKET_DAYS = 7  # the board lists the open tickets received near the venues in the last week
ROWS = 50


def _reader(user) -> None:
    if not user.is_authenticated or not authority.tasked_for(user):
        raise PermissionDenied(_("The event pages are for officials at an emergency desk."))


def events_for(user) -> list[MajorEvent]:
    _reader(user)
    return list(MajorEvent.objects.select_related("department"))


def event_for(user, code: str) -> MajorEvent:
    _reader(user)
    event = MajorEvent.objects.select_related("department").filter(code=code).first()
    if event is None:
        raise Http404(code)
    return event


def departments_of(structure: CommandStructure | None) -> set[int]:
    """Every department in the structure's groups, leads and members."""
    if structure is None:
        return set()
    ids = set(structure.groups.values_list("lead_id", flat=True))
    ids |= set(structure.groups.values_list("members__id", flat=True)) - {None}
    return ids


@dataclass
class Near:
    """An incident or ticket and the venue it is near."""

    row: object
    venue: object


@dataclass
class EventBoard:
    event: MajorEvent
    today: date
    structure: CommandStructure | None
    upcoming: CommandStructure | None
    groups: list
    venues: list
    competitions: list
    incidents: list[Near]
    tickets: list[Near]
    tasks: list
    permits: list
    may_compile: bool
    reports: list
    map_data: dict = field(default_factory=dict)

    @property
    def phase(self) -> str:
        """ "before" the first structure, "committee" under a structure of its own working
        groups, "unified" under the event's operations headquarters."""
        if self.structure is None:
            return "before"
        return "unified" if self.structure.unified else "committee"


def incidents_near(event: MajorEvent, venues, *, since=None, until=None, open_only=False):
    box = bounding_box(venues)
    if box is None:
        return []
    rows = Incident.objects.filter(**box).select_related("division", "department")
    if open_only:
        rows = rows.filter(state=IncidentState.OPEN)
    if since is not None:
        rows = rows.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))
    if until is not None:
        rows = rows.filter(occurred_at__lt=until)
    found = []
    for incident in rows.order_by("-occurred_at")[:500]:
        venue = venue_near(venues, incident.latitude, incident.longitude)
        if venue is not None:
            found.append(Near(incident, venue))
    return found


def tickets_near(event: MajorEvent, venues, *, since, until, open_only=False):
    box = bounding_box(venues)
    if box is None:
        return []
    rows = Ticket.objects.filter(**box, received_at__gte=since, received_at__lt=until)
    if open_only:
        rows = rows.filter(status__in=TICKET_OPEN)
    found = []
    for ticket in rows.select_related("category").order_by("-received_at")[:500]:
        venue = venue_near(venues, ticket.latitude, ticket.longitude)
        if venue is not None:
            found.append(Near(ticket, venue))
    return found


def board(user, event: MajorEvent, now: datetime | None = None) -> EventBoard:
    """The event's board for ``user`` (``event_for`` has let them in)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    structure = structure_on(event, today)
    venues = list(event.venues.select_related("division"))
    start, end = day_bounds(today)
    incidents = incidents_near(event, venues, open_only=True)
    tickets = tickets_near(
        event, venues, since=now - timedelta(days=TICKET_DAYS), until=now,
        open_only=True,
    )  # fmt: skip
    departments = departments_of(structure)
    open_tasks = Assignment.objects.filter(
        department_id__in=departments, withdrawn_at__isnull=True, reported_at__isnull=True
    ).select_related("activation", "activation__plan", "department")[:ROWS]
    permits = list(
        EventPermit.objects.filter(event=event)
        .select_related("case", "case__item", "case__lead_department", "venue")
        .order_by("case__promised_due", "pk")[:ROWS]
    )
    groups = []
    if structure is not None:
        groups = list(structure.groups.select_related("lead", "area").prefetch_related("members"))
    board = EventBoard(
        event=event,
        today=today,
        structure=structure,
        upcoming=next_structure(event, today),
        groups=groups,
        venues=venues,
        competitions=list(
            Competition.objects.filter(
                venue__event=event, starts_at__lt=end, ends_at__gte=start
            ).select_related("venue")
        ),
        incidents=incidents,
        tickets=tickets,
        tasks=plan_selectors.clocks(open_tasks, now),
        permits=[_permit_row(p, today) for p in permits],
        may_compile=is_headquarters(user, event),
        reports=list(DailyReport.objects.filter(event=event).order_by("-day")[:14]),
    )
    board.map_data = _map(board)
    return board


@dataclass
class PermitRow:
    permit: EventPermit
    colour: str  # red overdue, yellow due within two days, green, done
    open: bool


def _permit_row(permit: EventPermit, today: date) -> PermitRow:
    case = permit.case
    if case.status not in CASE_OPEN:
        return PermitRow(permit, "done", False)
    due = case.promised_due
    if due is None:
        return PermitRow(permit, "green", True)
    if case.red_at is not None or due < today:
        return PermitRow(permit, "red", True)
    if case.yellow_at is not None:
        return PermitRow(permit, "yellow", True)
    return PermitRow(permit, "green", True)


def _map(board: EventBoard) -> dict:
    return {
        "venues": [
            {
                "lat": float(v.latitude),
                "lon": float(v.longitude),
                "radius": v.radius_m,
                "tip": v.display_name,
            }
            for v in board.venues
        ],
        "incidents": [
            {
                "lat": float(n.row.latitude),
                "lon": float(n.row.longitude),
                "tip": f"{n.row.display_title} · {n.row.get_grade_display()}",
                "url": reverse("workbench:emergency-incident", args=[n.row.number]),
            }
            for n in board.incidents
        ],
        "tickets": [
            {
                "lat": float(n.row.latitude),
                "lon": float(n.row.longitude),
                "tip": f"12345 {n.row.number}",
            }
            for n in board.tickets
        ],
    }


def permit_of(case) -> EventPermit | None:
    """The case's flag as a permit linked to a major event, if any (the case page shows it to
    whoever the page is shown)."""
    return EventPermit.objects.filter(case=case).select_related("event", "venue").first()


def reports_for(user, event: MajorEvent) -> list[DailyReport]:
    return list(DailyReport.objects.filter(event=event).select_related("compiled_by"))


def report_for(user, event: MajorEvent, day: date) -> DailyReport:
    report = (
        DailyReport.objects.filter(event=event, day=day)
        .select_related("structure", "compiled_by")
        .first()
    )
    if report is None:
        raise Http404(str(day))
    return report


# ---------------------------------------------------------------------------------------------
# What a daily report holds: plain data in both languages, frozen when compiled


def compile_day(event: MajorEvent, day: date) -> dict:
    start, end = day_bounds(day)
    venues = list(event.venues.all())
    structure = structure_on(event, day)
    incidents = incidents_near(event, venues, since=start, until=end)
    tickets = tickets_near(event, venues, since=start, until=end)
    departments = departments_of(structure)
    tasks = Assignment.objects.filter(department_id__in=departments, assigned_at__lt=end).filter(
        Q(reported_at__isnull=True, withdrawn_at__isnull=True)
        | Q(reported_at__gte=start)
        | Q(assigned_at__gte=start)
    )
    tasks = list(tasks.select_related("department", "activation__plan"))
    permits = list(
        EventPermit.objects.filter(event=event, flagged_at__lt=end).select_related(
            "case", "case__item", "venue"
        )
    )
    schedule = Competition.objects.filter(
        venue__event=event, starts_at__lt=end, ends_at__gte=start
    ).select_related("venue")
    content = {
        "structure": _names(structure),
        "schedule": [
            {
                "time": timezone.localtime(c.starts_at).strftime("%H:%M"),
                **_names(c, "title"),
                "venue": _names(c.venue),
            }
            for c in schedule
        ],
        "incidents": [
            {
                "number": n.row.number,
                **_names(n.row, "title"),
                "grade": n.row.grade,
                "state": n.row.state,
                "occurred_at": timezone.localtime(n.row.occurred_at).isoformat(),
                "venue": _names(n.venue),
                "casualties": n.row.deaths + n.row.injured + n.row.missing,
            }
            for n in incidents
        ],
        "tickets": [
            {
                "number": n.row.number,
                "title": n.row.title,
                "category": _names(n.row.category) if n.row.category_id else {},
                "status": n.row.status,
                "venue": _names(n.venue),
            }
            for n in tickets
        ],
        "tasks": [
            {
                "department": _names(a.department),
                "text": a.text,
                "text_en": a.text_en or a.text,
                "plan": _names(a.activation.plan, "title"),
                "state": _task_state(a, end),
            }
            for a in tasks
        ],
        "permits": [
            {
                "case": p.case.number,
                "kind": p.kind,
                "item": _names(p.case.item),
                "venue": _names(p.venue) if p.venue else {},
                "open": p.case.status in CASE_OPEN,
            }
            for p in permits
        ],
    }
    content["figures"] = {
        "incidents": len(content["incidents"]),
        "incidents_open": sum(1 for i in content["incidents"] if i["state"] == "open"),
        "tickets": len(content["tickets"]),
        "tasks": len(content["tasks"]),
        "tasks_reported": sum(1 for t in content["tasks"] if t["state"] == "reported"),
        "tasks_overdue": sum(1 for t in content["tasks"] if t["state"] == "overdue"),
        "permits": len(content["permits"]),
        "permits_open": sum(1 for p in content["permits"] if p["open"]),
        "competitions": len(content["schedule"]),
    }
    return content


def _names(obj, attr: str = "name") -> dict:
    if obj is None:
        return {}
    value = getattr(obj, attr)
    return {attr: value, f"{attr}_en": getattr(obj, f"{attr}_en", "") or value}


def _task_state(a: Assignment, end: datetime) -> str:
    if a.withdrawn_at is not None and a.withdrawn_at < end:
        return "withdrawn"
    if a.reported_at is not None and a.reported_at < end:
        return "reported"
    due = a.report_by if a.acknowledged_at else a.acknowledge_by
    if due is not None and due < end:
        return "overdue"
    return "acknowledged" if a.acknowledged_at else "assigned"


def localized_dict(row: dict, attr: str) -> str:
    """A name from a report's frozen data in the language of the page."""
    if (get_language() or "").startswith("en"):
        return row.get(f"{attr}_en") or row.get(attr, "")
    return row.get(attr, "")
