"""The iCalendar (RFC 5545) invitation of a booking, built with the ``icalendar`` library.

One VEVENT per booking: its UID stays the same for the booking's life and SEQUENCE grows with
each change (RFC 5545 §3.8.7.4), so calendar programs update the one event; a cancelled
booking is sent with METHOD:CANCEL and STATUS:CANCELLED (RFC 5546 §3.2.5). Times carry
TZID=Asia/Shanghai with its VTIMEZONE in the same calendar.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.appointments.models import Booking, BookingStatus

TZID = "Asia/Shanghai"
PRODID = "-//OneWindow//Appointments//ZH"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid(booking: Booking) -> str:
    return f"{booking.uid}@onewindow"


def invitation(booking: Booking) -> bytes:
    """The .ics file of ``booking`` as it stands (a cancellation once cancelled)."""
    zone = ZoneInfo(TZID)
    slot, centre = booking.slot, booking.slot.centre
    cancelled = booking.status == BookingStatus.CANCELLED
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid(booking))
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("dtstart", datetime.combine(slot.day, slot.start, tzinfo=zone))
    event.add("dtend", datetime.combine(slot.day, slot.end, tzinfo=zone))
    event.add("sequence", booking.sequence)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add(
        "summary",
        _("Appointment %(reference)s: %(item)s")
        % {"reference": booking.reference, "item": booking.item.display_name},
    )
    event.add("location", ", ".join(filter(None, [centre.display_name, centre.display_address])))
    event.add(
        "description",
        _("Bring your ID card and the original materials. Reference %(reference)s.")
        % {"reference": booking.reference},
    )
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = icalendar.vText(centre.display_name)
    event.add("organizer", organizer)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def filename(booking: Booking) -> str:
    return f"appointment-{booking.reference}.ics"


def response(booking: Booking) -> HttpResponse:
    """The invitation as a download (an attachment a calendar program opens)."""
    answer = HttpResponse(invitation(booking), content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{filename(booking)}"'
    return answer
