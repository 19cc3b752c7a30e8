"""The command board (指挥一张图): one read of everything a commander watches, for the duty desks
of the emergency management departments, which run the command centres. Its scope is the
highest division among the reader's (the city bureau sees the city, a district bureau its
district): the warnings in force over the district boundaries, the open incidents and the
resources on the map; every running clock (reports up the tree, plan tasks, dispatches waiting
for acknowledgement) with its time and colour; the timeline of reports and decisions; and the
key figures. The pages poll it; nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.core.models import Division
from onewindow.emergency import authority, plan_selectors, resource_selectors, selectors
from onewindow.emergency.clocks import colour as clock_colour
from onewindow.emergency.event_models import MajorEvent
from onewindow.emergency.events import structure_on
from onewindow.emergency.incident_models import Incident, IncidentReport, IncidentState
from onewindow.emergency.incidents import BUREAU, report_key
from onewindow.emergency.incidents import KIND as REPORT_KIND
from onewindow.emergency.models import MessageState, WarningMessage, level_words
from onewindow.emergency.plan_models import (
    NUMERAL,
    Activation,
    ActivationState,
    Assignment,
    LevelChange,
)
from onewindow.emergency.resource_models import Dispatch, Resource
from onewindow.emergency.warning_map import area_map, cards
from onewindow.supervision.models import Matter

TIMELINE_HOURS = 48  # the timeline reaches back two days
TIMELINE_ROWS = 40


def _command_desks(user) -> set[int]:
    """The reader's desks at emergency management departments (<division>-YJGL), which run the
    command centres; other departments' duty officers work from their tasks and dispatches."""
    return set(
        Department.objects.filter(
            pk__in=authority.desk_for(user), code__endswith=f"-{BUREAU}"
        ).values_list("pk", flat=True)
    )


def may_see(user) -> bool:
    return bool(_command_desks(user))


def scope_of(user) -> Division | None:
    """The highest division among the reader's command desks."""
    divisions = Division.objects.filter(
        pk__in=Department.objects.filter(pk__in=_command_desks(user)).values("division_id")
    )
    return min(divisions, key=lambda d: (d.path.count("/"), d.code), default=None)


@dataclass
class Clock:
    kind: str  # words: "Report up", "Plan task", "Dispatch"
    title: str
    who: str
    due_at: datetime
    colour: str
    link: str


@dataclass
class Event:
    at: datetime
    text: str
    link: str


@dataclass
class Board:
    scope: Division | None
    figures: dict
    warnings: list
    responses: list
    clocks: list[Clock]
    timeline: list[Event]
    map_data: dict
    shelters: list = field(default_factory=list)
    incidents: list = field(default_factory=list)
    events: list = field(default_factory=list)  # (major event, its structure in force)


def _in_scope(scope: Division | None, prefix: str = "division__path__startswith"):
    return {prefix: scope.path} if scope is not None else {}


def board(user, now: datetime | None = None) -> Board:
    now = now or timezone.now()
    scope = scope_of(user)
    incidents = list(
        Incident.objects.filter(state=IncidentState.OPEN, **_in_scope(scope))
        .select_related("division")
        .order_by("-occurred_at")[:200]
    )
    resources = list(
        Resource.objects.filter(**_in_scope(scope)).select_related("department", "division")
    )
    shown = cards(selectors.in_force(now), now)
    map_data, _rows = area_map(shown)
    map_data["incidents"] = [_incident_point(i) for i in incidents]
    map_data["resources"] = [_resource_point(r) for r in resources]
    responses = [r for r in plan_selectors.responses_for(user) if r.state == ActivationState.ACTIVE]
    clocks = _clocks(user, scope, responses, now)
    stock = resource_selectors.figures(scope.code if scope else "")
    affected = Incident.objects.filter(
        state=IncidentState.OPEN, **_in_scope(scope)
    ).aggregate(
        affected=Sum("affected"), deaths=Sum("deaths"), injured=Sum("injured"),
        missing=Sum("missing"),
    )  # fmt: skip
    figures = {
        "warnings": len(shown),
        "incidents": len(incidents),
        "affected": affected["affected"] or 0,
        "casualties": {k: affected[k] or 0 for k in ("deaths", "injured", "missing")},
        "responses": len(responses),
        "overdue": sum(1 for c in clocks if c.colour == "red"),
        "stock": stock,
    }
    shelters = sorted(
        (r for r in resources if r.kind == "shelter" and r.status == "open"),
        key=lambda r: -(r.occupancy / r.capacity if r.capacity else 0),
    )
    return Board(
        scope=scope,
        figures=figures,
        warnings=shown,
        responses=responses,
        clocks=clocks,
        timeline=_timeline(scope, now),
        map_data=map_data,
        shelters=shelters,
        incidents=incidents,
        events=_events(timezone.localdate(now)),
    )


def _events(today) -> list[tuple]:
    """The major events not yet over whose command structure is in force today."""
    found = []
    for event in MajorEvent.objects.filter(ends_on__gte=today).order_by("starts_on"):
        structure = structure_on(event, today)
        if structure is not None:
            found.append((event, structure))
    return found


def _incident_point(incident: Incident) -> dict:
    return {
        "lat": float(incident.latitude),
        "lon": float(incident.longitude),
        "grade": incident.grade,
        "tip": f"{incident.get_grade_display()} · {incident.display_title}",
        "url": reverse("workbench:emergency-incident", args=[incident.number]),
    }


def _resource_point(resource: Resource) -> dict:
    tip = f"{resource.get_kind_display()} · {localized(resource, 'name')} · "
    if resource.kind == "shelter":
        tip += f"{resource.occupancy} / {resource.capacity}"
    tip += f" · {resource.get_status_display()}"
    return {
        "lat": float(resource.latitude),
        "lon": float(resource.longitude),
        "kind": resource.kind,
        "status": resource.status,
        "tip": tip,
        "url": reverse("workbench:emergency-resource", args=[resource.pk]),
    }


def _clocks(user, scope, responses, now) -> list[Clock]:
    rows: list[Clock] = []
    reports = IncidentReport.objects.filter(
        sent_at__isnull=True, incident__state=IncidentState.OPEN,
        **_in_scope(scope, "incident__division__path__startswith"),
    ).select_related("incident", "sender", "recipient")  # fmt: skip
    reports = list(reports)
    keys = [report_key(r) for r in reports]
    matters = {m.key: m for m in Matter.objects.filter(kind=REPORT_KIND, key__in=keys)}
    for report, key in zip(reports, keys, strict=True):
        colour = clock_colour(report.due_at, now, matters.get(key))
        rows.append(
            Clock(
                _("Report up"),
                report.incident.display_title,
                f"{localized(report.sender, 'name')} → {localized(report.recipient, 'name')}",
                report.due_at,
                colour,
                reverse("workbench:emergency-incident", args=[report.incident.number]),
            )
        )
    open_tasks = Assignment.objects.filter(
        activation__in=responses, withdrawn_at__isnull=True, reported_at__isnull=True
    ).select_related("activation", "activation__plan", "department")
    for row in plan_selectors.clocks(open_tasks, now):
        a = row.assignment
        rows.append(
            Clock(
                _("Plan task: acknowledge")
                if row.stage == "acknowledge"
                else _("Plan task: report back"),
                a.display_text,
                localized(a.department, "name"),
                row.due_at,
                row.colour,
                reverse("workbench:emergency-response", args=[a.activation.number]),
            )
        )
    division = scope.code if scope else ""
    for job in resource_selectors.live_jobs(division, now):
        d = job.dispatch
        if d.acknowledged_at is not None:
            continue  # acknowledged: its clock has stopped; the timeline follows it
        rows.append(
            Clock(
                _("Dispatch: acknowledge"),
                f"{localized(d.resource, 'name')} → {d.incident.display_title}",
                localized(d.resource.department, "name"),
                job.due_at,
                job.colour,
                reverse("workbench:emergency-incident", args=[d.incident.number]),
            )
        )
    for ask in resource_selectors.open_asks(division, now):
        r = ask.request
        rows.append(
            Clock(
                _("Request: answer"),
                f"{r.get_kind_display()} → {r.incident.display_title}",
                f"{localized(r.sender, 'name')} → {localized(r.recipient, 'name')}",
                ask.due_at,
                ask.colour,
                reverse("workbench:emergency-requests"),
            )
        )
    order = {"red": 0, "yellow": 1, "green": 2}
    return sorted(rows, key=lambda c: (order.get(c.colour, 3), c.due_at))


def _timeline(scope, now) -> list[Event]:
    since = now - timedelta(hours=TIMELINE_HOURS)
    events: list[Event] = []
    for m in WarningMessage.objects.filter(
        state=MessageState.SENT, sent_at__gte=since
    ).select_related("warning", "warning__department")[:TIMELINE_ROWS]:
        events.append(
            Event(
                m.sent_at,
                _("%(department)s: %(change)s, %(level)s %(hazard)s warning")
                % {
                    "department": localized(m.warning.department, "name"),
                    "change": m.get_change_display(),
                    "level": level_words(m.level),
                    "hazard": m.warning.get_hazard_display(),
                },
                reverse("workbench:emergency-warning", args=[m.warning.number]),
            )
        )
    incidents = Incident.objects.filter(recorded_at__gte=since, **_in_scope(scope))
    for i in incidents.select_related("department")[:TIMELINE_ROWS]:
        events.append(
            Event(
                i.recorded_at,
                _("%(department)s recorded %(title)s (%(grade)s)")
                % {
                    "department": localized(i.department, "name"),
                    "title": i.display_title,
                    "grade": i.get_grade_display(),
                },
                reverse("workbench:emergency-incident", args=[i.number]),
            )
        )
    reports = IncidentReport.objects.filter(
        sent_at__gte=since, **_in_scope(scope, "incident__division__path__startswith")
    ).select_related("incident", "sender", "recipient")
    for r in reports[:TIMELINE_ROWS]:
        events.append(
            Event(
                r.sent_at,
                _("%(sender)s reported %(title)s to %(recipient)s")
                % {
                    "sender": localized(r.sender, "name"),
                    "title": r.incident.display_title,
                    "recipient": localized(r.recipient, "name"),
                },
                reverse("workbench:emergency-incident", args=[r.incident.number]),
            )
        )
    for c in LevelChange.objects.filter(at__gte=since).select_related(
        "activation", "activation__plan"
    )[:TIMELINE_ROWS]:
        events.append(
            Event(
                c.at,
                _("%(plan)s: level %(level)s response")
                % {"plan": c.activation.plan.display_title, "level": NUMERAL[c.level]},
                reverse("workbench:emergency-response", args=[c.activation.number]),
            )
        )
    for a in Activation.objects.filter(ended_at__gte=since).select_related("plan"):
        events.append(
            Event(
                a.ended_at,
                _("%(plan)s: the response ended") % {"plan": a.plan.display_title},
                reverse("workbench:emergency-response", args=[a.number]),
            )
        )
    for a in Assignment.objects.filter(reported_at__gte=since).select_related(
        "activation", "department"
    )[:TIMELINE_ROWS]:
        events.append(
            Event(
                a.reported_at,
                _("%(department)s reported back: %(report)s")
                % {"department": localized(a.department, "name"), "report": a.report[:80]},
                reverse("workbench:emergency-response", args=[a.activation.number]),
            )
        )
    dispatches = Dispatch.objects.filter(
        dispatched_at__gte=since, **_in_scope(scope, "incident__division__path__startswith")
    ).select_related("resource", "incident")
    for d in dispatches[:TIMELINE_ROWS]:
        events.append(
            Event(
                d.dispatched_at,
                _("%(resource)s dispatched to %(title)s")
                % {"resource": localized(d.resource, "name"), "title": d.incident.display_title},
                reverse("workbench:emergency-incident", args=[d.incident.number]),
            )
        )
        if d.on_site_at:
            events.append(
                Event(
                    d.on_site_at,
                    _("%(resource)s on site at %(title)s")
                    % {
                        "resource": localized(d.resource, "name"),
                        "title": d.incident.display_title,
                    },
                    reverse("workbench:emergency-incident", args=[d.incident.number]),
                )
            )
    events.sort(key=lambda e: e.at, reverse=True)
    return events[:TIMELINE_ROWS]
