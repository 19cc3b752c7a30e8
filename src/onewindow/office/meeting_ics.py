"""A meeting's invitation as iCalendar (RFC 5545), built with the ``icalendar`` library.

One VEVENT per meeting whose UID never changes; SEQUENCE is the meeting's revision, raised by
every change and by the cancellation (RFC 5545 §3.8.7.4), so calendar programs replace the one
event. While the meeting stands it is sent with METHOD:REQUEST and each invitee as an ATTENDEE
with their answer as PARTSTAT (RFC 5546 §3.2.2); once cancelled, with METHOD:CANCEL and
STATUS:CANCELLED (§3.2.5). Times carry TZID=Asia/Shanghai with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.office.meeting_models import Meeting, MeetingStatus

TZID = "Asia/Shanghai"
PRODID = "-//OneWindow//Office meetings//ZH"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@onewindow"


def _address(user) -> icalendar.vCalAddress:
    """A person's calendar address: their e-mail, else a URN naming the platform's account."""
    value = f"mailto:{user.email}" if user.email else f"urn:onewindow:user:{user.pk}"
    address = icalendar.vCalAddress(value)
    address.params["cn"] = icalendar.vText(user.display_name)
    return address


def _description(meeting: Meeting) -> str:
    lines = [
        f"{item.position}. {item.title}"
        + (f" ({item.presenter})" if item.presenter else "")
        + (f" [{item.document.number or item.document.title}]" if item.document else "")
        for item in meeting.agenda.select_related("document")
    ]
    if meeting.video:
        lines.append(_("Video conference PIN: %(pin)s") % {"pin": meeting.pin})
    return "\n".join(lines)


def invitation(meeting: Meeting, *, url: str = "") -> bytes:
    """The .ics of ``meeting`` as it stands now (a cancellation once cancelled)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("created", meeting.created_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    local = ZoneInfo(TZID)
    event.add("dtstart", meeting.starts_at.astimezone(local))
    event.add("dtend", meeting.ends_at.astimezone(local))
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("summary", meeting.title)
    places = []
    if meeting.room:
        places.append(", ".join(filter(None, [meeting.room.name, meeting.room.address])))
    if meeting.video:
        places.append(_("Video conference"))
    event.add("location", " / ".join(places))
    event.add("description", _description(meeting))
    if url:
        event.add("url", url)
    event.add("organizer", _address(meeting.organiser))
    for attendee in meeting.attendees.select_related("user", "department"):
        address = _address(attendee.user)
        address.params["role"] = icalendar.vText(
            "CHAIR" if attendee.user_id == meeting.chair_id else "REQ-PARTICIPANT"
        )
        address.params["partstat"] = icalendar.vText(attendee.response)
        address.params["rsvp"] = icalendar.vText("TRUE")
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}-{meeting.sequence}.ics"


def response(meeting: Meeting, *, url: str = "") -> HttpResponse:
    """The invitation as a download a calendar program opens."""
    answer = HttpResponse(invitation(meeting, url=url), content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{filename(meeting)}"'
    return answer
