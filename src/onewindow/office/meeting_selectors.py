"""Every read of meetings, limited to who may see them: the invitees and the convening
department's office (``office.meetings.SCHEDULE_ROLES``); 404 to everyone else, as for a
meeting that does not exist. The video PIN is only ever shown to invitees."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from onewindow.office import authority
from onewindow.office.meeting_models import Meeting, MeetingRoom, MeetingStatus
from onewindow.office.meetings import SCHEDULE_ROLES


def _official(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_official", False))


def meetings_for(user) -> QuerySet[Meeting]:
    """The meetings ``user`` is invited to or whose department's office they work in."""
    if not _official(user):
        return Meeting.objects.none()
    # the convening department's office staff see its meetings (they draft the minutes)
    convening = authority.departments_with(user, (*SCHEDULE_ROLES, *authority.OFFICE_ROLES))
    ids = Meeting.objects.filter(
        Q(attendees__user=user) | Q(department_id__in=convening) | Q(organiser=user)
    ).values("pk")
    return Meeting.objects.filter(pk__in=ids).select_related("room", "department", "chair")


def upcoming(user, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return meetings_for(user).filter(ends_at__gte=now, status=MeetingStatus.SCHEDULED)


def past(user, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return (
        meetings_for(user)
        .filter(Q(ends_at__lt=now) | ~Q(status=MeetingStatus.SCHEDULED))
        .order_by("-starts_at", "-pk")
    )


def today(user, now=None) -> QuerySet[Meeting]:
    """The meetings of ``user``'s day still to come or going on (the to-do list)."""
    now = timezone.localtime(now or timezone.now())
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return upcoming(user, now).filter(starts_at__lt=midnight)


def meeting_for(user, pk: int) -> Meeting:
    """The meeting, for those who may see it; 404 to everyone else."""
    found = meetings_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def attendee_of(user, meeting: Meeting):
    return meeting.attendees.filter(user_id=getattr(user, "pk", None)).first()


def rooms() -> QuerySet[MeetingRoom]:
    """The rooms a convening office may book, by department."""
    return MeetingRoom.objects.select_related("department").order_by("department__code", "name")


def seating(meeting: Meeting) -> list[tuple[str, list]]:
    """The room's rows, front first, as (row letter, its seats: the attendee seated there or
    None)."""
    room = meeting.room
    if room is None:
        return []
    grid = [[None] * room.columns for _ in range(room.rows)]
    for attendee in meeting.attendees.filter(seat_row__isnull=False).select_related("user"):
        if attendee.seat_row <= room.rows and attendee.seat_column <= room.columns:
            grid[attendee.seat_row - 1][attendee.seat_column - 1] = attendee
    return [(chr(ord("A") + number), row) for number, row in enumerate(grid)]


def attendance(meeting: Meeting) -> dict[int, dict]:
    """Per user: first join, last leave, and whether they are (by the log) in the room now."""
    found: dict[int, dict] = {}
    for row in meeting.attendance.order_by("at", "pk"):
        entry = found.setdefault(row.user_id, {"joined": None, "left": None, "present": False})
        if row.event == "joined":
            entry["joined"] = entry["joined"] or row.at
            entry["present"] = True
        else:
            entry["left"] = row.at
            entry["present"] = False
    return found
