"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2): our categories as services, tickets as
service requests, in the spec's JSON and XML.

Every service is ``realtime``: ``report`` gives a ticket its number in the transaction that
creates it, so a POST answers the ``service_request_id`` at once, together with a ``token``
that ``tokens/{token}`` resolves to the same id (for clients written for batch servers).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from onewindow.core.localized import localized

from .models import (
    OPEN_STATUSES,
    Category,
    Kind,
    LimitUnit,
    Status,
    Ticket,
)
from .services import CITY_DIVISION

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
QUERY_WINDOW = timedelta(days=90)  # GET requests: "the most recent 90 days" by default
MAX_REQUESTS = 1000
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# The kinds a client may post; a 举报 keeps the reporter confidential, so it comes by phone or
# the signed-in hall, never through an API whose requests are public.
POSTED_KINDS = (Kind.HELP, Kind.COMPLAINT, Kind.SUGGESTION, Kind.CONSULTATION, Kind.PRAISE)
# XML element names of the items of a list, by the list's element name.
ITEM_NAMES = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed (the discovery document's changeset); move it with the API.
CHANGESET = "2026-12-05T00:00:00+08:00"


class Open311Error(Exception):
    """A refusal in the spec's error format: an HTTP status and a description."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def jurisdiction() -> str:
    """The jurisdiction_id this server answers for: the city whose 12345 this is."""
    return getattr(settings, "ONEWINDOW_OPEN311_JURISDICTION", CITY_DIVISION)


def check_jurisdiction(value: str | None) -> None:
    if value and value != jurisdiction():
        raise Open311Error(404, _("jurisdiction_id not found"))


# ---- services ------------------------------------------------------------------------------


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("department")


def category(code: str) -> Category:
    found = active_categories().filter(code=code).first()
    if found is None:
        raise Open311Error(404, _("service_code not found"))
    return found


def service_notice(cat: Category) -> str:
    if cat.limit_unit == LimitUnit.HOURS:
        return _("Handled within %(count)d hours.") % {"count": cat.limit}
    return _("Handled within %(count)d working days.") % {"count": cat.limit}


def service(cat: Category) -> dict:
    department = localized(cat.department, "name")
    return {
        "service_code": cat.code,
        "service_name": localized(cat, "name"),
        "description": _("Handled by %(department)s. %(notice)s")
        % {"department": department, "notice": service_notice(cat)},
        "metadata": True,
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys(filter(None, [cat.name, cat.name_en, cat.code]))),
        "group": localized(cat, "group"),
    }


def discovery(url: str) -> dict:
    """The service discovery document (wiki.open311.org/Service_discovery) for ``url``."""
    return {
        "changeset": CHANGESET,
        "contact": _("The 12345 citizen hotline"),
        "key_service": _("Ask the platform's security administrator for an api_key."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def services_list() -> list[dict]:
    return [service(cat) for cat in active_categories()]


def definition(cat: Category) -> dict:
    """The service definition: the kind of request and a title, plus notes on what it needs."""
    attributes = [
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("One of the keys; a request for help when left out."),
            "order": 1,
            "description": _("What you want"),
            "values": [{"key": kind.value, "name": str(kind.label)} for kind in POSTED_KINDS],
        },
        {
            "variable": True,
            "code": "title",
            "datatype": "string",
            "required": False,
            "datatype_description": _("At most 100 characters."),
            "order": 2,
            "description": _("A short title for the request"),
            "values": [],
        },
    ]
    notes = []
    if cat.needs_location:
        notes.append(_("Give the place: lat and long, or address_string."))
    if cat.needs_identity:
        notes.append(_("The department needs your name and phone number to handle this."))
    for order, note in enumerate(notes, start=3):
        attributes.append(
            {
                "variable": False,
                "code": f"note-{order - 2}",
                "datatype": "text",
                "required": False,
                "datatype_description": "",
                "order": order,
                "description": note,
                "values": [],
            }
        )
    return {"service_code": cat.code, "attributes": attributes}


# ---- requests ------------------------------------------------------------------------------


def public_tickets() -> QuerySet[Ticket]:
    """The tickets the API shows: those whose caller allowed publication, never a 举报."""
    return (
        Ticket.objects.filter(public_allowed=True)
        .exclude(kind=Kind.REPORT)
        .select_related("category", "lead_department", "merged_into", "open311")
        .annotate(last_event=Max("events__at"))
    )


def moment(value: datetime | None) -> str | None:
    """ISO 8601 with the zone, as the spec's w3 note wants (2026-12-05T09:30:00+08:00)."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def status_of(ticket: Ticket) -> str:
    return "open" if ticket.status in OPEN_STATUSES else "closed"


def status_notes(ticket: Ticket) -> str:
    if ticket.status == Status.NOT_ACCEPTED:
        return ticket.not_accepted_reason or str(Status.NOT_ACCEPTED.label)
    if ticket.status == Status.MERGED and ticket.merged_into_id:
        return _("Handled together with request %(number)s.") % {
            "number": ticket.merged_into.number
        }
    if ticket.reply and ticket.status in (Status.CALLBACK, Status.CLOSED, Status.ANSWERED):
        return localized(ticket, "reply")
    return str(Status(ticket.status).label)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def service_request(ticket: Ticket) -> dict:
    cat = ticket.category
    extra = getattr(ticket, "open311", None)
    updated = max(filter(None, [ticket.received_at, getattr(ticket, "last_event", None)]))
    return {
        "service_request_id": ticket.number,
        "status": status_of(ticket),
        "status_notes": status_notes(ticket),
        "service_name": localized(cat, "name") if cat else "",
        "service_code": cat.code if cat else "",
        "description": ticket.description,
        "agency_responsible": localized(ticket.lead_department, "name")
        if ticket.lead_department
        else "",
        "service_notice": service_notice(cat) if cat else "",
        "requested_datetime": moment(ticket.received_at),
        "updated_datetime": moment(updated),
        "expected_datetime": moment(ticket.due_at),
        "address": ticket.address,
        "address_id": ticket.place_code,
        "zipcode": "",
        "lat": _number(ticket.latitude),
        "long": _number(ticket.longitude),
        "media_url": extra.media_url if extra else "",
    }


def _moment_param(name: str, value: str) -> datetime:
    parsed = parse_datetime(value.strip().replace(" ", "+"))
    if parsed is None:
        raise Open311Error(400, _("%(name)s is not a w3 date and time") % {"name": name})
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def find_requests(params, *, now: datetime | None = None) -> list[dict]:
    """GET requests: by ids (which override every other filter), or by service, status and
    the requested time (the most recent 90 days by default); at most 1000, newest first."""
    tickets = public_tickets()
    if ids := _codes(params.get("service_request_id", "")):
        tickets = tickets.filter(number__in=ids)
    else:
        if codes := _codes(params.get("service_code", "")):
            tickets = tickets.filter(category__code__in=codes)
        if states := _codes(params.get("status", "")):
            if set(states) - {"open", "closed"}:
                raise Open311Error(400, _("status is open or closed"))
            if states == ["open"]:
                tickets = tickets.filter(status__in=OPEN_STATUSES)
            elif states == ["closed"]:
                tickets = tickets.exclude(status__in=OPEN_STATUSES)
        start = params.get("start_date", "")
        end = params.get("end_date", "")
        end_at = _moment_param("end_date", end) if end else None
        start_at = _moment_param("start_date", start) if start else None
        if start_at is None and end_at is None:
            end_at = now or timezone.now()
        if start_at is None:
            start_at = end_at - QUERY_WINDOW
        if end_at is None:
            end_at = start_at + QUERY_WINDOW
        if end_at < start_at:
            raise Open311Error(400, _("end_date is before start_date"))
        if end_at - start_at > QUERY_WINDOW:
            raise Open311Error(400, _("start_date and end_date may not span more than 90 days"))
        tickets = tickets.filter(received_at__gte=start_at, received_at__lte=end_at)
    return [service_request(t) for t in tickets.order_by("-received_at", "-pk")[:MAX_REQUESTS]]


def find_request(number: str) -> dict:
    ticket = public_tickets().filter(number=number).first()
    if ticket is None:
        raise Open311Error(404, _("service_request_id not found"))
    return service_request(ticket)


def find_token(token: str) -> dict:
    ticket = Ticket.objects.filter(open311_token=token).exclude(open311_token="").first()
    if ticket is None:
        raise Open311Error(404, _("token not found"))
    return {"service_request_id": ticket.number, "token": token}


def refusal(error: ValidationError) -> Open311Error:
    """A service's ValidationError as one 400 naming the fields."""
    if hasattr(error, "error_dict"):
        text = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    else:
        text = " ".join(error.messages)
    return Open311Error(400, text)


# ---- rendering -----------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEM_NAMES.get(element.tag, "item")), item)
    else:
        element.text = _text(value)


def render(fmt: str, root: str, item: str | None, content) -> bytes:
    """``content`` in JSON, or in XML under ``root`` (with one ``item`` element per entry
    when it is a list): <services><service>…, <service_requests><request>…, <errors><error>…"""
    if fmt == "json":
        return json.dumps(content, ensure_ascii=False).encode()
    element = ET.Element(root)
    if item is None:
        _fill(element, content)
    else:
        for entry in content:
            _fill(ET.SubElement(element, item), entry)
    return (XML_DECLARATION + ET.tostring(element, encoding="unicode")).encode()


def errors(fmt: str, status: int, description: str) -> bytes:
    return render(fmt, "errors", "error", [{"code": status, "description": description}])
