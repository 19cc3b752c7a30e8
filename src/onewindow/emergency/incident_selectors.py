"""Reads on incidents, with the permissions of whoever reads: the duty desks of the departments
on an incident's chain (the recording one and those it was reported to) see it; the 12345 centre
sees the incidents escalated from its tickets; nobody else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from onewindow.emergency import authority, clocks
from onewindow.emergency.incident_models import (
    Incident,
    IncidentReport,
    IncidentState,
)
from onewindow.emergency.incidents import KIND, report_key
from onewindow.hotline import authority as hotline_authority
from onewindow.supervision.models import Matter


def _visible(user) -> Q:
    desks = authority.desk_for(user)
    seen = Q(department_id__in=desks) | Q(reports__recipient_id__in=desks)
    if hotline_authority.is_centre(user):
        seen |= ~Q(ticket_number="")
    return seen


def incidents_for(user) -> QuerySet[Incident]:
    """The incidents ``user`` sees, open ones first, the latest first."""
    if not authority.desk_for(user) and not hotline_authority.is_centre(user):
        raise PermissionDenied
    return (
        Incident.objects.filter(_visible(user))
        .distinct()
        .select_related("department", "division")
        .order_by("state", "-occurred_at", "-pk")
    )


def incident_for(user, number: str) -> Incident:
    """One incident ``user`` may see; 404 for anyone else."""
    found = (
        Incident.objects.filter(_visible(user), number=number)
        .distinct()
        .select_related("department", "division", "recorded_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def for_ticket(number: str) -> Incident | None:
    """The incident a 12345 ticket was escalated to (for the ticket's own page)."""
    return Incident.objects.filter(ticket_number=number).first()


@dataclass
class Step:
    """A report up the tree with its clock as the pages show it: a date-time and a colour (and,
    on a page, the form of whoever acts on it)."""

    report: IncidentReport
    matter: Matter | None
    colour: str  # "red" overdue, "yellow" nearly due, "green" in time, "done", "late"
    form: object = None
    may_acknowledge: bool = False

    @property
    def due_at(self) -> datetime:
        return self.report.due_at


def steps(incident: Incident, now: datetime | None = None) -> list[Step]:
    now = now or timezone.now()
    reports = list(
        IncidentReport.objects.filter(incident=incident)
        .select_related("incident", "sender", "recipient", "sent_by", "acknowledged_by")
        .order_by("started_at", "pk")
    )
    keys = [report_key(r) for r in reports]
    matters = {m.key: m for m in Matter.objects.filter(kind=KIND, key__in=keys)}
    found = [(r, matters.get(key)) for r, key in zip(reports, keys, strict=True)]
    return [
        Step(r, matter, clocks.colour(r.due_at, now, matter, done_at=r.sent_at))
        for r, matter in found
    ]


def to_send(user) -> list[IncidentReport]:
    """Reports the user's duty desks owe the level above, the most urgent first."""
    return list(
        IncidentReport.objects.filter(
            sender_id__in=authority.issuing_for(user), sent_at__isnull=True
        )
        .select_related("incident", "recipient")
        .order_by("due_at")
    )


def to_acknowledge(user) -> list[IncidentReport]:
    """Reports sent to the user's duty desks and not acknowledged yet, oldest first."""
    return list(
        IncidentReport.objects.filter(
            recipient_id__in=authority.desk_for(user),
            sent_at__isnull=False,
            acknowledged_at__isnull=True,
        )
        .select_related("incident", "sender")
        .order_by("sent_at")
    )


def open_count() -> int:
    return Incident.objects.filter(state=IncidentState.OPEN).count()


def report_for(user, pk: int) -> IncidentReport:
    """A report the user's desk sends or receives; 404 for anyone else."""
    desks = authority.desk_for(user)
    found = (
        IncidentReport.objects.filter(Q(sender_id__in=desks) | Q(recipient_id__in=desks), pk=pk)
        .select_related("incident", "sender", "recipient")
        .first()
    )
    if found is None:
        raise Http404
    return found
