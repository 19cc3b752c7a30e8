"""Every write on meetings, one transaction each, audited as ``office.meeting_<action>``.

A department's office (its document clerk, head or authorised signer) schedules a meeting with
its agenda, the officials invited and a room, physical (booked: two meetings never share a room
at once) or on video, or both. Each invitee is told, and answers (参会回执: will attend, will
not, or sends someone else); a change of time or place asks everyone again, and every change
and the cancellation raise the invitation's SEQUENCE (RFC 5546 §2.1.4). The office places the
accepted attendees in the room (座次: the chair in the middle of the front row, then the others
alternately to the chair's left and right, row by row). The video room opens on the Janus
server when the first person comes in; joins and leaves are logged; the chair or organiser may
mute or remove a participant and ends the meeting. The minutes are drafted as a 公文 of the
kind 纪要 from the agenda and the decisions; when they are issued each decision becomes an
instruction (督办) of the acting department, clocked in working days.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.core import audit
from onewindow.notifications import messages as notification_messages
from onewindow.notifications import services as notifications
from onewindow.office import authority, incoming
from onewindow.office import services as office
from onewindow.office.conferencing import rooms
from onewindow.office.conferencing.janus import JanusError, JanusUnavailable
from onewindow.office.incoming_models import DEFAULT_INSTRUCTION_DAYS
from onewindow.office.meeting_models import (
    AgendaItem,
    AttendanceEvent,
    Attendee,
    Decision,
    Meeting,
    MeetingRoom,
    MeetingStatus,
    Response,
)
from onewindow.office.models import DocumentKind, DocumentStatus, OutgoingDocument

S = MeetingStatus
SCHEDULE_ROLES = (Role.DOCUMENT_CLERK, Role.HEAD, Role.DOCUMENT_SIGNER)
MAX_AGENDA = 20
MAX_ATTENDEES = 200
MAX_DECISIONS = 30
MAX_HOURS = 12

INVITED = "office.meeting_invited"
CHANGED = "office.meeting_changed"
CANCELLED = "office.meeting_cancelled"
NOTIFICATIONS = {
    INVITED: (
        gettext_lazy("Meeting invitation: %(title)s"),
        gettext_lazy("You are invited to “%(title)s” on %(when)s (%(where)s). Please answer."),
    ),
    CHANGED: (
        gettext_lazy("Meeting changed: %(title)s"),
        gettext_lazy("“%(title)s” is now on %(when)s (%(where)s). Please answer again."),
    ),
    CANCELLED: (
        gettext_lazy("Meeting cancelled: %(title)s"),
        gettext_lazy("“%(title)s” on %(when)s is cancelled: %(reason)s"),
    ),
}


def register_notifications() -> None:
    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def _audit(action: str, meeting: Meeting, actor, **data) -> None:
    audit.record(
        f"office.meeting_{action}",
        object_type="meeting",
        object_id=meeting.pk,
        actor=actor,
        data=data,
    )


def _tell(meeting: Meeting, user_ids, kind: str, **extra) -> int:
    try:
        target = reverse("workbench:office-meeting", args=[meeting.pk])
    except NoReverseMatch:
        target = ""
    params = {"title": meeting.title, "when": when(meeting), "where": where(meeting), **extra}
    return notifications.notify_many(
        notifications.Notice(user_id, kind, params, target) for user_id in set(user_ids)
    )


def when(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def where(meeting: Meeting) -> str:
    places = [meeting.room.name] if meeting.room else []
    if meeting.video:
        places.append(_("video conference"))
    return " / ".join(places)


# --- who may act ------------------------------------------------------------------------------


def may_schedule(user, department: Department) -> bool:
    return department.pk in authority.departments_with(user, SCHEDULE_ROLES)


def may_manage(user, meeting: Meeting) -> bool:
    """The organiser, the chair and the convening department's office."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk in (meeting.organiser_id, meeting.chair_id) or may_schedule(
        user, meeting.department
    )


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied(_("You may not do this to this meeting now."))


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# --- the invitation ---------------------------------------------------------------------------


def _instant(value, field: str, errors: dict) -> datetime | None:
    if isinstance(value, str):
        from django.utils.dateparse import parse_datetime

        try:
            value = parse_datetime(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        errors[field] = _("Give a date and time.")
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _int(value) -> int | None:
    """An id from a form or a payload, or None when it is not a whole number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _agenda(items, actor, errors: dict) -> list[dict]:
    cleaned = []
    for number, item in enumerate(items or [], start=1):
        title = str(item.get("title") or "").strip()
        if not title:
            continue
        if len(title) > 200:
            errors["agenda"] = _("Item %(n)d: at most 200 characters.") % {"n": number}
        try:
            planned = int(item.get("minutes") or 15)
        except (TypeError, ValueError):
            planned = 0
        if not 1 <= planned <= 480:
            errors["agenda"] = _("Item %(n)d: between 1 and 480 minutes.") % {"n": number}
        document = None
        if item.get("document"):
            document = OutgoingDocument.objects.filter(pk=_int(item["document"])).first()
            if document is None or not authority.may_read(actor, document):
                errors["agenda"] = _("Item %(n)d: choose a document you may read.") % {"n": number}
        cleaned.append(
            {
                "title": title,
                "presenter": str(item.get("presenter") or "").strip()[:100],
                "minutes_planned": planned,
                "document": document,
            }
        )
    if not cleaned:
        errors.setdefault("agenda", _("Give at least one agenda item."))
    if len(cleaned) > MAX_AGENDA:
        errors["agenda"] = _("At most %(n)d agenda items.") % {"n": MAX_AGENDA}
    return cleaned


def _officials(ids, field: str, errors: dict) -> dict[int, User]:
    try:
        wanted = {int(i) for i in ids or []}
    except (TypeError, ValueError):
        errors[field] = _("Choose officials from the list.")
        return {}
    found = {u.pk: u for u in User.objects.filter(pk__in=wanted, kind=User.Kind.OFFICIAL)}
    if len(found) != len(wanted):
        errors[field] = _("Choose officials from the list.")
    return found


def _clean(department: Department, data: dict, actor, *, meeting: Meeting | None, now) -> dict:
    """The meeting's fields, agenda and invitees from ``data``, or ValidationError naming each
    field at fault."""
    errors: dict[str, str] = {}
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = _("This field is required.")
    elif len(title) > 200:
        errors["title"] = _("At most %(n)d characters.") % {"n": 200}
    starts = _instant(data.get("starts_at"), "starts_at", errors)
    ends = _instant(data.get("ends_at"), "ends_at", errors)
    if starts and starts < now:
        errors["starts_at"] = _("A meeting is scheduled for a time still to come.")
    if starts and ends and not starts < ends <= starts + timedelta(hours=MAX_HOURS):
        errors["ends_at"] = _("A meeting ends after it starts, within %(n)d hours.") % {
            "n": MAX_HOURS
        }
    room = None
    if data.get("room"):
        room_id = _int(data["room"])
        room = MeetingRoom.objects.select_for_update().filter(pk=room_id).first()
        if room is None:
            errors["room"] = _("Choose a room from the list.")
    video = bool(data.get("video"))
    if room is None and not video and "room" not in errors:
        errors["room"] = _("Choose a room, a video conference, or both.")
    if room and starts and ends and "room" not in errors:
        taken = (
            Meeting.objects.filter(
                room=room, status=S.SCHEDULED, starts_at__lt=ends, ends_at__gt=starts
            )
            .exclude(pk=getattr(meeting, "pk", None))
            .first()
        )
        if taken:
            errors["room"] = _("%(room)s is booked then for “%(title)s” (%(when)s).") % {
                "room": room.display_name,
                "title": taken.title,
                "when": when(taken),
            }
    agenda = _agenda(data.get("agenda"), actor, errors)
    chair = next(iter(_officials([data.get("chair") or actor.pk], "chair", errors).values()), None)
    invited = _officials(data.get("attendees"), "attendees", errors)
    if chair:
        invited.setdefault(chair.pk, chair)
    if len(invited) < 2 and "attendees" not in errors:
        errors["attendees"] = _("Invite at least one official besides the chair.")
    if len(invited) > MAX_ATTENDEES:
        errors["attendees"] = _("At most %(n)d attendees.") % {"n": MAX_ATTENDEES}
    if room and len(invited) > room.seats and "room" not in errors:
        errors["room"] = _("%(room)s has %(n)d seats for %(m)d invited.") % {
            "room": room.display_name,
            "n": room.seats,
            "m": len(invited),
        }
    if errors:
        raise ValidationError(errors)
    return {
        "fields": {
            "title": title,
            "title_en": str(data.get("title_en") or "").strip()[:300],
            "starts_at": starts,
            "ends_at": ends,
            "room": room,
            "video": video,
            "chair": chair,
        },
        "agenda": agenda,
        "invited": invited,
    }


def _home_departments(user_ids) -> dict[int, int]:
    """Each official's department: the first where they hold a role, by department code."""
    found: dict[int, int] = {}
    rows = (
        RoleAssignment.objects.filter(user_id__in=user_ids)
        .order_by("department__code", "pk")
        .values_list("user_id", "department_id")
    )
    for user_id, department_id in rows:
        found.setdefault(user_id, department_id)
    return found


def _invite(meeting: Meeting, invited: dict[int, User], fallback: Department) -> list[int]:
    """Add the new invitees, drop those no longer invited; returns the ids added."""
    current = set(meeting.attendees.values_list("user_id", flat=True))
    meeting.attendees.exclude(user_id__in=invited).delete()
    added = [pk for pk in invited if pk not in current]
    homes = _home_departments(added)
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, user_id=pk, department_id=homes.get(pk, fallback.pk))
        for pk in added
    )
    return added


def _set_agenda(meeting: Meeting, agenda: list[dict]) -> None:
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=number, **item)
        for number, item in enumerate(agenda, start=1)
    )


@transaction.atomic
def schedule(department: Department, data: dict, *, actor, now: datetime | None = None) -> Meeting:
    """A new meeting convened by ``department``; every invitee is told (``now``: the demo's
    back-dated meetings)."""
    if not may_schedule(actor, department):
        raise PermissionDenied(_("You may not convene meetings for this department."))
    now = now or timezone.now()
    cleaned = _clean(department, data, actor, meeting=None, now=now)
    fields = cleaned["fields"]
    meeting = Meeting.objects.create(
        department=department,
        organiser=actor,
        pin=f"{secrets.randbelow(10**6):06d}" if fields["video"] else "",
        created_at=now,
        updated_at=now,
        **fields,
    )
    _set_agenda(meeting, cleaned["agenda"])
    _invite(meeting, cleaned["invited"], department)
    # the chair and the organiser answer by convening it
    meeting.attendees.filter(user_id__in={actor.pk, meeting.chair_id}).update(
        response=Response.ACCEPTED, responded_at=now
    )
    _audit("scheduled", meeting, actor, invited=sorted(cleaned["invited"]))
    _tell(meeting, [pk for pk in cleaned["invited"] if pk != actor.pk], INVITED)
    return meeting


@transaction.atomic
def change(meeting: Meeting, data: dict, *, actor) -> Meeting:
    """A new revision of the invitation. A new time or place asks everyone to answer again
    (RFC 5546 §2.1.5); newly invited officials get the invitation, those no longer invited
    are dropped."""
    meeting = _locked(meeting)
    _require(meeting.status == S.SCHEDULED and may_manage(actor, meeting))
    cleaned = _clean(meeting.department, data, actor, meeting=meeting, now=timezone.now())
    fields = cleaned["fields"]
    moved = any(
        getattr(meeting, name) != fields[name] for name in ("starts_at", "ends_at", "room", "video")
    )
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.video and not meeting.pin:
        meeting.pin = f"{secrets.randbelow(10**6):06d}"
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    _set_agenda(meeting, cleaned["agenda"])
    added = _invite(meeting, cleaned["invited"], meeting.department)
    if moved:
        meeting.attendees.exclude(user_id__in={actor.pk, meeting.chair_id}).update(
            response=Response.PENDING, responded_at=None, delegate=""
        )
    meeting.attendees.exclude(response__in=(Response.ACCEPTED, Response.DELEGATED)).update(
        seat_row=None, seat_column=None
    )
    _audit("changed", meeting, actor, sequence=meeting.sequence, moved=moved, added=added)
    others = [pk for pk in cleaned["invited"] if pk != actor.pk and pk not in added]
    _tell(meeting, added, INVITED)
    if moved:
        _tell(meeting, others, CHANGED)
    return meeting


@transaction.atomic
def cancel(meeting: Meeting, *, actor, reason: str) -> Meeting:
    """The meeting is called off: everyone invited is told, with the reason."""
    meeting = _locked(meeting)
    _require(meeting.status == S.SCHEDULED and may_manage(actor, meeting))
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("At most %(n)d characters.") % {"n": 200}})
    meeting.status = S.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    _audit("cancelled", meeting, actor, reason=reason)
    invited = meeting.attendees.exclude(user=actor).values_list("user_id", flat=True)
    _tell(meeting, list(invited), CANCELLED, reason=reason)
    if meeting.video and rooms.configured():
        transaction.on_commit(lambda: rooms.close_room(meeting.pk))
    return meeting


@transaction.atomic
def respond(
    meeting: Meeting, *, actor, response: str, delegate: str = "", note: str = ""
) -> Attendee:
    """参会回执: an invitee answers (and may send someone else in their stead)."""
    meeting = _locked(meeting)
    attendee = meeting.attendees.filter(user=actor).first()
    _require(attendee is not None and meeting.status == S.SCHEDULED)
    if response not in (Response.ACCEPTED, Response.DECLINED, Response.DELEGATED):
        raise ValidationError({"response": _("Choose whether you will attend.")})
    delegate = str(delegate or "").strip()
    if response == Response.DELEGATED and not delegate:
        raise ValidationError({"delegate": _("Name who attends instead of you.")})
    if len(delegate) > 60:
        raise ValidationError({"delegate": _("At most %(n)d characters.") % {"n": 60}})
    note = str(note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": 200}})
    attendee.response = response
    attendee.delegate = delegate if response == Response.DELEGATED else ""
    attendee.note = note
    attendee.responded_at = timezone.now()
    if response == Response.DECLINED:
        attendee.seat_row = attendee.seat_column = None
    attendee.save()
    _audit("answered", meeting, actor, response=response)
    return attendee


# --- the seating plan -------------------------------------------------------------------------


def seat_order(columns: int) -> list[int]:
    """The columns of a row in order of precedence: the middle first, then alternately the
    chair's left and right (居中为上，左为上: the chair faces the room, so their left is the
    higher column number as the room sees it)."""
    middle = (columns + 1) // 2
    order = [middle]
    for step in range(1, columns):
        for column in (middle + step, middle - step):
            if 1 <= column <= columns and column not in order:
                order.append(column)
    return order


@transaction.atomic
def arrange_seats(meeting: Meeting, *, actor) -> int:
    """Seat the attendees who come (or send someone): the chair first, then by department code
    and the order they were invited. Returns how many are seated."""
    meeting = _locked(meeting)
    _require(meeting.status == S.SCHEDULED and meeting.room and may_manage(actor, meeting))
    coming = list(
        meeting.attendees.filter(response__in=(Response.ACCEPTED, Response.DELEGATED))
        .select_related("department")
        .order_by("department__code", "pk")
    )
    coming.sort(key=lambda a: a.user_id != meeting.chair_id)  # stable: the chair first
    room = meeting.room
    order = seat_order(room.columns)
    seats = [(row, column) for row in range(1, room.rows + 1) for column in order]
    meeting.attendees.update(seat_row=None, seat_column=None)
    for attendee, (row, column) in zip(coming, seats, strict=False):
        attendee.seat_row, attendee.seat_column = row, column
    Attendee.objects.bulk_update(coming, ["seat_row", "seat_column"])
    _audit("seated", meeting, actor, seated=min(len(coming), len(seats)))
    return min(len(coming), len(seats))


def parse_seat(label: str, room: MeetingRoom) -> tuple[int, int]:
    """'B3' → (2, 3) within the room, else ValidationError on ``seat``."""
    label = str(label or "").strip().upper()
    try:
        row, column = ord(label[0]) - ord("A") + 1, int(label[1:])
    except (IndexError, ValueError):
        row = column = 0
    if not (1 <= row <= room.rows and 1 <= column <= room.columns):
        raise ValidationError(
            {"seat": _("A seat is a row letter and a number, from A1 to %(last)s.") % {
                "last": f"{chr(ord('A') + room.rows - 1)}{room.columns}"
            }}
        )  # fmt: skip
    return row, column


@transaction.atomic
def place(meeting: Meeting, *, actor, attendee_id: int, seat: str) -> Attendee:
    """Move one attendee to a seat; whoever sat there takes the attendee's old seat."""
    meeting = _locked(meeting)
    _require(meeting.status == S.SCHEDULED and meeting.room and may_manage(actor, meeting))
    attendee = meeting.attendees.filter(pk=attendee_id).first()
    if attendee is None or attendee.response == Response.DECLINED:
        raise ValidationError({"attendee": _("Choose an attendee who comes.")})
    row, column = parse_seat(seat, meeting.room)
    other = meeting.attendees.filter(seat_row=row, seat_column=column).exclude(pk=attendee.pk)
    other = other.first()
    old = (attendee.seat_row, attendee.seat_column)
    attendee.seat_row = attendee.seat_column = None
    attendee.save(update_fields=["seat_row", "seat_column"])
    if other is not None:
        other.seat_row, other.seat_column = old
        other.save(update_fields=["seat_row", "seat_column"])
    attendee.seat_row, attendee.seat_column = row, column
    attendee.save(update_fields=["seat_row", "seat_column"])
    _audit("seat_changed", meeting, actor, attendee=attendee.user_id, seat=attendee.seat)
    return attendee


# --- the video room ---------------------------------------------------------------------------


def is_attendee(user, meeting: Meeting) -> bool:
    return meeting.attendees.filter(user_id=getattr(user, "pk", None)).exists()


def open_video(meeting: Meeting, *, actor) -> int:
    """Open the meeting's room on the conferencing server for an invitee (the first to come in
    creates it; the PIN keeps everyone else out)."""
    _require(meeting.video and meeting.status == S.SCHEDULED and is_attendee(actor, meeting))
    return rooms.open_room(meeting.pk, pin=meeting.pin, description=meeting.title[:100])


@transaction.atomic
def record_attendance(meeting: Meeting, *, actor, event: str) -> AttendanceEvent:
    """A join or leave of the video room, as the invitee's page reports it."""
    _require(is_attendee(actor, meeting))
    if event not in AttendanceEvent.Event.values:
        raise ValidationError({"event": _("Joined or left.")})
    return AttendanceEvent.objects.create(meeting=meeting, user=actor, event=event)


def moderate(meeting: Meeting, *, actor, action: str, user_id, kind: str = "audio") -> None:
    """The chair or organiser mutes (``mute``/``unmute``) or removes a participant."""
    _require(meeting.status == S.SCHEDULED and may_manage(actor, meeting))
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise ValidationError({"user_id": _("Choose a participant.")}) from None
    if kind not in rooms.MIDS:
        raise ValidationError({"kind": _("Microphone or camera.")})
    if action not in ("mute", "unmute", "remove"):
        raise ValidationError({"action": _("Mute, unmute or remove.")})
    try:
        if action == "remove":
            rooms.remove(meeting.pk, user_id)
        else:
            rooms.mute(meeting.pk, user_id, kind, muted=action == "mute")
    except JanusUnavailable:
        raise
    except JanusError as error:  # e.g. they left the room meanwhile
        raise ValidationError({"user_id": _("That participant is not in the meeting.")}) from error
    _audit(action, meeting, actor, participant=user_id, kind=kind)


@transaction.atomic
def end(meeting: Meeting, *, actor) -> Meeting:
    """The meeting is over: the video room closes for everyone in it."""
    meeting = _locked(meeting)
    _require(meeting.status == S.SCHEDULED and may_manage(actor, meeting))
    meeting.status = S.ENDED
    meeting.ended_at = timezone.now()
    meeting.save(update_fields=["status", "ended_at"])
    _audit("ended", meeting, actor)
    if meeting.video and rooms.configured():
        transaction.on_commit(lambda: rooms.close_room(meeting.pk))
    return meeting


# --- decisions and minutes --------------------------------------------------------------------


def _minutes_open(meeting: Meeting) -> bool:
    return meeting.minutes_id is None or meeting.minutes.status == DocumentStatus.DRAFT


@transaction.atomic
def set_decisions(meeting: Meeting, decisions, *, actor) -> list[Decision]:
    """会议议定事项: what was decided, the acting department and its working days; replaces
    the list until the minutes leave the draft."""
    meeting = _locked(meeting)
    _require(meeting.status != S.CANCELLED and may_manage(actor, meeting))
    _require(_minutes_open(meeting))
    rows, errors = [], {}
    for number, item in enumerate(decisions or [], start=1):
        text = str(item.get("text") or "").strip()
        if not text:
            continue
        department = Department.objects.filter(code=str(item.get("department") or "")).first()
        if len(text) > 500:
            errors["decisions"] = _("Decision %(n)d: at most 500 characters.") % {"n": number}
        if department is None:
            errors["decisions"] = _("Decision %(n)d: choose the acting department.") % {"n": number}
        try:
            limit = int(item.get("limit") or DEFAULT_INSTRUCTION_DAYS)
        except (TypeError, ValueError):
            limit = 0
        if not 1 <= limit <= incoming.MAX_LIMIT:
            errors["decisions"] = _("Decision %(n)d: between 1 and %(max)d working days.") % {
                "n": number,
                "max": incoming.MAX_LIMIT,
            }
        rows.append(Decision(meeting=meeting, text=text, department=department, limit=limit))
    if len(rows) > MAX_DECISIONS:
        errors["decisions"] = _("At most %(n)d decisions.") % {"n": MAX_DECISIONS}
    if errors:
        raise ValidationError(errors)
    meeting.decisions.all().delete()
    for position, row in enumerate(rows, start=1):
        row.position = position
    made = Decision.objects.bulk_create(rows)
    _audit("decisions_recorded", meeting, actor, count=len(made))
    return made


CHINESE_NUMBERS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMBERS[n - 11]
    return CHINESE_NUMBERS[n // 10 - 1] + "十" + (CHINESE_NUMBERS[n % 10 - 1] if n % 10 else "")


def _names(attendees) -> str:
    return "、".join(
        f"{a.delegate}（代{a.user.display_name}）" if a.delegate else a.user.display_name
        for a in attendees
    )


def minutes_text(meeting: Meeting) -> dict:
    """The 纪要's title, recipients and text, drafted from the agenda and the decisions."""
    start = timezone.localtime(meeting.starts_at)
    attendees = list(meeting.attendees.select_related("user", "department").order_by("pk"))
    present = [a for a in attendees if a.response in (Response.ACCEPTED, Response.DELEGATED)]
    absent = [a for a in attendees if a.response == Response.DECLINED]
    topics = "、".join(item.title for item in meeting.agenda.all())
    place = f"在{meeting.room.name}" if meeting.room else "以视频方式"
    lines = [
        f"{start.year}年{start.month}月{start.day}日，{meeting.chair.display_name}{place}主持召开"
        f"{meeting.title}，研究{topics}等事项。现将会议议定事项纪要如下："
    ]
    decisions = list(meeting.decisions.select_related("department"))
    for n, decision in enumerate(decisions, start=1):
        lines.append(
            f"{_ordinal(n)}、{decision.text.rstrip('。')}。由{decision.department.name}负责，"
            f"{decision.limit}个工作日内办结。"
        )
    if present:
        lines.append(f"出席：{_names(present)}。")
    if absent:
        lines.append(f"请假：{_names(absent)}。")
    title = meeting.title if meeting.title.endswith("纪要") else f"{meeting.title}纪要"
    departments = dict.fromkeys(d.department.name for d in decisions)
    departments.update(dict.fromkeys(a.department.name for a in present))
    departments.pop(meeting.department.name, None)
    return {
        "kind": DocumentKind.MINUTES,
        "title": title[:200],
        "main_recipients": "、".join(departments)[:500] or meeting.department.name,
        "body": "\n".join(lines),
    }


@transaction.atomic
def draft_minutes(meeting: Meeting, *, actor) -> OutgoingDocument:
    """The 纪要 as a draft of the convening department, for the usual review and sign-off."""
    meeting = _locked(meeting)
    _require(meeting.status == S.ENDED and meeting.minutes_id is None)
    if not meeting.decisions.exists():
        raise ValidationError({"decisions": _("Record the meeting's decisions first.")})
    document = office.create_draft(meeting.department, minutes_text(meeting), actor=actor)
    meeting.minutes = document
    meeting.save(update_fields=["minutes"])
    _audit("minutes_drafted", meeting, actor, document=document.pk)
    return document


def on_document_issued(sender, *, document: OutgoingDocument, actor, **kwargs) -> None:
    """Issued minutes turn each decision into an instruction of the acting department, given
    by the meeting's chair and clocked from now (in the issuing transaction)."""
    meeting = Meeting.objects.filter(minutes=document).select_related("chair").first()
    if meeting is None:
        return
    now = timezone.now()
    for decision in meeting.decisions.filter(instruction=None).select_related("department"):
        decision.instruction = incoming.instruct(
            decision.department,
            f"{decision.text}（{meeting.title}，{document.number}）",
            decision.limit,
            actor=meeting.chair,
            at=now,
        )
        decision.save(update_fields=["instruction"])
    _audit("decisions_tracked", meeting, actor, document=document.pk)
