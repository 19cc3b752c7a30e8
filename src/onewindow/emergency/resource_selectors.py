"""Reads on resources, dispatches and requests, with the permissions of whoever reads: every
official at an emergency desk sees the resources (they are public to responders); a dispatch is
seen by its keeper's desk, the dispatching desk and the desks that see its incident; a request
by the two departments it is between. Each clock comes as a date-time with a colour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from onewindow.core.models import Division
from onewindow.emergency import authority, clocks, incidents
from onewindow.emergency.dispatches import (
    DISPATCH_KIND,
    REQUEST_KIND,
    dispatch_key,
    request_key,
)
from onewindow.emergency.incident_models import Incident
from onewindow.emergency.resource_models import (
    LIVE,
    READY,
    Dispatch,
    RequestState,
    Resource,
    ResourceKind,
    ResourceRequest,
    ResourceStatus,
)
from onewindow.supervision.models import Matter


def _within(code: str) -> Q:
    """Resources in division ``code`` or below it."""
    return (
        Q(division_id=code)
        | Q(division__path__contains=f"/{code}/")
        | Q(division__path__startswith=f"{code}/")
    )


def resources_for(user, *, kind: str = "", status: str = "", division: str = "") -> QuerySet:
    """The resources, by kind, then division and name; filtered by kind, status and division
    (a code, with the divisions below it) when given."""
    if not authority.sees_resources(user):
        raise PermissionDenied
    rows = Resource.objects.select_related("department", "division")
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if division:
        rows = rows.filter(_within(division))
    return rows.order_by("kind", "division_id", "name", "pk")


def resource_for(user, pk: int) -> Resource:
    """One resource; 404 for anyone not at an emergency desk."""
    if not authority.sees_resources(user):
        raise Http404
    found = Resource.objects.select_related("department", "division").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def districts(user) -> QuerySet[Division]:
    """The districts (county-level divisions) that have resources, to filter the list by."""
    paths = resources_for(user).values_list("division__path", flat=True).distinct()
    codes = {path.split("/")[2] for path in paths if path.count("/") >= 3}
    return Division.objects.filter(pk__in=codes).order_by("code")


def dispatchable(user, incident: Incident) -> QuerySet[Resource]:
    """The resources ``user`` may dispatch to ``incident`` now, ready to go."""
    chain = incidents.involved(incident)
    rows = Resource.objects.filter(authority.dispatchable(user, chain)).filter(READY)
    return rows.select_related("department").order_by("kind", "name", "pk")


def grantable(request: ResourceRequest) -> QuerySet[Resource]:
    """The resources the department asked may dispatch to grant ``request``, ready to go."""
    rows = Resource.objects.filter(department=request.recipient_id, kind=request.kind)
    return rows.filter(READY).select_related("department").order_by("name", "pk")


@dataclass
class Job:
    """A dispatch with its clock as the pages show it: the time to acknowledge by and a colour
    ("red" overdue, "yellow" nearly due, "green" in time, "done", "late" acknowledged late, "off"
    cancelled), and what the reader may do to it."""

    dispatch: Dispatch
    matter: Matter | None
    colour: str
    moves: list[str] = field(default_factory=list)

    @property
    def due_at(self) -> datetime:
        return self.dispatch.acknowledge_by


def _jobs(user, rows, now: datetime | None = None) -> list[Job]:
    now = now or timezone.now()
    rows = list(
        rows.select_related(
            "resource__department", "resource__division", "incident", "department",
            "acknowledged_by", "assignment",
        )
    )  # fmt: skip
    keys = [dispatch_key(d) for d in rows]
    matters = {m.key: m for m in Matter.objects.filter(kind=DISPATCH_KIND, key__in=keys)}
    jobs = []
    for d, key in zip(rows, keys, strict=True):
        if d.status == "cancelled" and d.acknowledged_at is None:
            colour = "off"
        else:
            colour = clocks.colour(
                d.acknowledge_by, now, matters.get(key), done_at=d.acknowledged_at
            )
        moves = authority.dispatch_moves(user, d) if user is not None else []
        jobs.append(Job(d, matters.get(key), colour, moves))
    return jobs


def incident_dispatches(user, incident: Incident, now: datetime | None = None) -> list[Job]:
    """The dispatches to an incident the reader has already been shown (``incident_for``)."""
    if not authority.sees_resources(user):
        return []
    return _jobs(user, Dispatch.objects.filter(incident=incident).order_by("dispatched_at"), now)


def resource_dispatches(user, resource: Resource) -> list[Job]:
    """A resource's dispatches, the latest first (its keeper acts on them here)."""
    if not authority.sees_resources(user):
        return []
    return _jobs(user, Dispatch.objects.filter(resource=resource).order_by("-dispatched_at"))


def _incident_within(code: str) -> Q:
    return (
        Q(incident__division_id=code)
        | Q(incident__division__path__contains=f"/{code}/")
        | Q(incident__division__path__startswith=f"{code}/")
    )


def live_jobs(division: str = "", now: datetime | None = None) -> list[Job]:
    """Dispatches not yet done or cancelled, to incidents in ``division`` (a code, with those
    below it; every one when empty), the most urgent clock first: for a situation board, which
    shows counts and clocks to every official at an emergency desk (no moves offered)."""
    rows = Dispatch.objects.filter(status__in=LIVE)
    if division:
        rows = rows.filter(_incident_within(division))
    return _jobs(None, rows.order_by("acknowledge_by"), now)


def open_asks(division: str = "", now: datetime | None = None) -> list[Ask]:
    """Requests for resources awaiting an answer, about incidents in ``division``, the most
    urgent first: for a situation board (no answers offered)."""
    rows = ResourceRequest.objects.filter(state=RequestState.OPEN)
    if division:
        rows = rows.filter(_incident_within(division))
    return _asks(None, rows.order_by("answer_by"), now)


def to_acknowledge(user) -> list[Job]:
    """Dispatches of the reader's departments' resources awaiting acknowledgement, the most
    urgent first."""
    rows = Dispatch.objects.filter(
        resource__department_id__in=authority.keeping_for(user), status="dispatched"
    )
    return _jobs(user, rows.order_by("acknowledge_by"))


def in_progress(user) -> list[Job]:
    """Dispatches of the reader's resources on their way or at work, the oldest first."""
    rows = Dispatch.objects.filter(
        resource__department_id__in=authority.keeping_for(user),
        status__in=[s for s in LIVE if s != "dispatched"],
    )
    return _jobs(user, rows.order_by("dispatched_at"))


def dispatch_for(user, pk: int) -> Dispatch:
    """A dispatch the reader's desk keeps the resource of or made; 404 for anyone else."""
    mine = authority.keeping_for(user) | authority.desk_for(user)
    found = (
        Dispatch.objects.filter(
            Q(resource__department_id__in=mine) | Q(department_id__in=mine), pk=pk
        )
        .select_related("resource__department", "incident", "department")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class Ask:
    """A request for resources with its clock to answer by, coloured like a ``Job``."""

    request: ResourceRequest
    matter: Matter | None
    colour: str
    may_answer: bool = False
    form: object = None

    @property
    def due_at(self) -> datetime:
        return self.request.answer_by


def _asks(user, rows, now: datetime | None = None, *, limit: int = 500) -> list[Ask]:
    now = now or timezone.now()
    rows = list(
        rows.select_related("incident", "sender", "recipient", "dispatch__resource")[:limit]
    )
    keys = [request_key(r) for r in rows]
    matters = {m.key: m for m in Matter.objects.filter(kind=REQUEST_KIND, key__in=keys)}
    return [
        Ask(
            r,
            matters.get(key),
            clocks.colour(r.answer_by, now, matters.get(key), done_at=r.answered_at),
            user is not None and authority.may_answer(user, r),
        )
        for r, key in zip(rows, keys, strict=True)
    ]


def requests_to_answer(user) -> list[Ask]:
    """Open requests sent to the reader's departments, the most urgent first."""
    rows = ResourceRequest.objects.filter(
        recipient_id__in=authority.keeping_for(user), state=RequestState.OPEN
    )
    return _asks(user, rows.order_by("answer_by"))


def requests_sent(user) -> list[Ask]:
    """Requests the reader's departments sent, or answered, the latest first (the last 100)."""
    mine = authority.keeping_for(user) | authority.desk_for(user)
    rows = ResourceRequest.objects.filter(Q(sender_id__in=mine) | Q(recipient_id__in=mine))
    rows = rows.exclude(state=RequestState.OPEN, recipient_id__in=mine).order_by("-sent_at", "-pk")
    return _asks(user, rows, limit=100)


def incident_requests(user, incident: Incident) -> list[Ask]:
    """The requests about an incident the reader has already been shown (``incident_for``)."""
    if not authority.sees_resources(user):
        return []
    rows = ResourceRequest.objects.filter(incident=incident).order_by("sent_at")
    return _asks(user, rows)


def request_for(user, pk: int) -> ResourceRequest:
    """A request sent from or to one of the reader's departments; 404 for anyone else."""
    mine = authority.keeping_for(user) | authority.desk_for(user)
    found = (
        ResourceRequest.objects.filter(Q(sender_id__in=mine) | Q(recipient_id__in=mine), pk=pk)
        .select_related("incident", "sender", "recipient")
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class Figures:
    """The resources at a glance, for a situation board."""

    shelters_open: int
    shelter_places: int  # the places of the open shelters
    sheltered: int  # the people in them now
    teams: int
    teams_deployed: int
    experts_deployed: int
    dispatches_live: int  # not yet done or cancelled
    requests_open: int


def figures(division: str = "") -> Figures:
    """Counts only, no names or places: the figures a board shows to every official, as the
    shelters themselves are public. ``division``: a code, with the divisions below it."""
    resources = Resource.objects.filter(_within(division)) if division else Resource.objects
    shelters = resources.filter(kind=ResourceKind.SHELTER, status=ResourceStatus.OPEN).aggregate(
        open=Count("pk"), places=Sum("capacity"), people=Sum("occupancy")
    )
    people = resources.filter(kind__in=(ResourceKind.TEAM, ResourceKind.EXPERT)).aggregate(
        teams=Count("pk", filter=Q(kind=ResourceKind.TEAM)),
        teams_deployed=Count(
            "pk", filter=Q(kind=ResourceKind.TEAM, status=ResourceStatus.DEPLOYED)
        ),
        experts_deployed=Count(
            "pk", filter=Q(kind=ResourceKind.EXPERT, status=ResourceStatus.DEPLOYED)
        ),
    )
    dispatches = Dispatch.objects.filter(status__in=LIVE)
    requests = ResourceRequest.objects.filter(state=RequestState.OPEN)
    if division:
        dispatches = dispatches.filter(resource__in=resources)
        requests = requests.filter(_incident_within(division))
    return Figures(
        shelters_open=shelters["open"],
        shelter_places=shelters["places"] or 0,
        sheltered=shelters["people"] or 0,
        teams=people["teams"],
        teams_deployed=people["teams_deployed"],
        experts_deployed=people["experts_deployed"],
        dispatches_live=dispatches.count(),
        requests_open=requests.count(),
    )
