"""Reads for the citizen's hotline pages that the core selectors do not cover: the code that
lets a caller without an account look up a ticket, the ticket's public timeline, what the
citizen may do on it now, and the standard-address lookup of the report form.

The lookup code is derived from the ticket number with a key of its own (HMAC-SM3), so it is
never stored, an operator can read it out on the phone, and a number alone reveals nothing.
"""

from __future__ import annotations

import hmac

from django.db.models import Q

from onewindow.core import crypto, keys
from onewindow.hotline import authority
from onewindow.hotline.models import Status, Ticket
from onewindow.registry.models import Place

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read out on the phone
CODE_LENGTH = 8
MAX_REOPENS = 2  # 国办发〔2020〕53号: reopened at most twice, then escalated (hotline.services)
RATEABLE = (Status.CALLBACK, Status.CLOSED)
PLACES_SHOWN = 8


def lookup_code(number: str) -> str:
    """The 8-character code printed on the confirmation page beside the ticket number."""
    key = crypto.derive_key(keys.master_key(), "hotline-ticket-lookup")
    digest = crypto.hmac_sm3(key, number.encode())
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])


def normalize_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").upper()


def ticket_by_code(number: str, code: str) -> Ticket | None:
    """The ticket with this number if the code matches it; None for any mistake, alike."""
    number = (number or "").strip().upper()
    if not number or len(number) > 24:
        return None
    expected = lookup_code(number)
    if not hmac.compare_digest(expected, normalize_code(code)):
        return None
    return Ticket.objects.select_related("category").filter(number=number).first()


def visible_ticket(number: str) -> Ticket | None:
    """A ticket the caller has already proven (by its code or as its owner) they may see."""
    return (
        Ticket.objects.select_related("category", "lead_department").filter(number=number).first()
    )


def reply_visible(ticket: Ticket) -> bool:
    """The department's reply reaches the citizen once the hotline has checked it."""
    return ticket.status in RATEABLE and bool(ticket.reply)


def can_rate(user, ticket: Ticket) -> bool:
    """The reporting citizen may rate a checked reply they have not rated yet."""
    return ticket.score is None and reply_visible(ticket) and authority.may(user, "rate", ticket)


def can_reopen(user, ticket: Ticket) -> bool:
    """Not satisfied: reopen, twice at most; a third time the service escalates instead, once."""
    if ticket.reopen_count >= MAX_REOPENS and ticket.escalated:
        return False
    return authority.may(user, "reopen", ticket)


def standard_addresses(query: str, *, limit: int = PLACES_SHOWN) -> list[Place]:
    """Standard addresses (标准地址) whose street, number or building matches what was typed."""
    words = (query or "").split()[:4]
    if not words or len("".join(words)) < 2:
        return []
    places = Place.objects.select_related("division")
    for word in words:
        places = places.filter(
            Q(street__icontains=word)
            | Q(number__icontains=word)
            | Q(building__icontains=word)
            | Q(division__name__icontains=word)
        )
    return list(places.order_by("street", "code")[:limit])


def place_by_code(code: str) -> Place | None:
    if not code:
        return None
    return Place.objects.select_related("division").filter(code=code).first()


def place_label(place: Place) -> str:
    """广州市荔湾区 中山七路42号 2号楼: the division's name, street, number and building."""
    parts = [place.division.name, f"{place.street}{place.number}", place.building]
    return " ".join(part for part in parts if part)
