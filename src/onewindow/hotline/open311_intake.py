"""Open311 intake: the clients' API keys (kept as SM3 hashes, shown once) and a POSTed request
becoming a ticket through ``hotline.services.report`` on the Open311 channel."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.core.crypto import sm3_hex

from . import services
from .models import Channel, Kind, Open311Client, Open311Request, Ticket
from .open311 import (
    POSTED_KINDS,
    Open311Error,
    active_categories,
    check_jurisdiction,
    service_notice,
)

# ---- API keys ------------------------------------------------------------------------------


def _hash(key: str) -> str:
    return sm3_hex(key.encode())


def issue_key(*, name: str, actor=None, key: str = "") -> tuple[Open311Client, str]:
    """A new client and its API key, which is shown once and stored only as a hash (``key``
    only for the demo's published key)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the client a name.")})
    if Open311Client.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A client with this name already exists.")})
    key = key or secrets.token_urlsafe(32)
    with transaction.atomic():
        client = Open311Client.objects.create(
            name=name, key_prefix=key[:8], key_hash=_hash(key), created=timezone.now()
        )
        audit.record(
            "open311.key_issued",
            object_type="open311_client",
            object_id=client.pk,
            actor=actor,
            data={"name": name, "key_prefix": client.key_prefix},
        )
    return client, key


def revoke_key(*, client: Open311Client, actor=None) -> None:
    """The client's key stops working at once."""
    with transaction.atomic():
        Open311Client.objects.filter(pk=client.pk).update(active=False)
        audit.record(
            "open311.key_revoked",
            object_type="open311_client",
            object_id=client.pk,
            actor=actor,
            data={"name": client.name},
        )


def client_for(key: str | None) -> Open311Client:
    """The active client holding ``key``; 403 otherwise, as the spec says."""
    client = Open311Client.objects.filter(key_hash=_hash(key), active=True).first() if key else None
    if client is None:
        raise Open311Error(403, _("api_key was not provided or is invalid"))
    return client


# ---- posting a request ---------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    ticket: Ticket
    token: str
    account_id: str

    def answer(self) -> dict:
        cat = self.ticket.category
        return {
            "service_request_id": self.ticket.number,
            "token": self.token,
            "service_notice": service_notice(cat) if cat else "",
            "account_id": self.account_id or None,
        }


def _coordinate(params, name: str, limit: int) -> Decimal | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise Open311Error(400, _("%(name)s is not a number") % {"name": name}) from None
    if not value.is_finite() or abs(value) > limit:
        raise Open311Error(400, _("%(name)s is out of range") % {"name": name})
    return value.quantize(Decimal("0.000001"))


def _caller_name(first: str, last: str) -> str:
    if (first + last).isascii():
        return " ".join(filter(None, [first, last]))
    return last + first  # 张 + 三


def _attributes(params) -> dict:
    """attribute[code]=value, and attribute[code][]=… for a multivaluelist, by code."""
    found = {}
    for key in params:
        if key.startswith("attribute[") and key.endswith("[]"):
            found[key[len("attribute[") : -3]] = params.getlist(key)
        elif key.startswith("attribute[") and key.endswith("]"):
            found[key[len("attribute[") : -1]] = params.get(key)
    return found


def post_request(params, *, client: Open311Client, now: datetime | None = None) -> Posted:
    """POST requests: one ticket through ``hotline.services.report`` on the Open311 channel."""
    check_jurisdiction(params.get("jurisdiction_id"))
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided"))
    cat = active_categories().filter(code=code).first()
    if cat is None:
        raise Open311Error(400, _("service_code not found"))
    latitude = _coordinate(params, "lat", 90)
    longitude = _coordinate(params, "long", 180)
    if (latitude is None) != (longitude is None):
        raise Open311Error(400, _("lat and long go together"))
    address = (params.get("address_string") or "").strip()
    address_id = (params.get("address_id") or "").strip()
    if latitude is None and not address and not address_id:
        raise Open311Error(400, _("lat/long, address_string, or address_id are required"))
    kind = (params.get("attribute[kind]") or Kind.HELP).strip()
    if kind not in POSTED_KINDS:
        raise Open311Error(400, _("attribute[kind] is not one of the service's values"))
    description = (params.get("description") or "").strip()
    title = (params.get("attribute[title]") or "").strip() or (description or cat.name)[:30]
    email = (params.get("email") or "").strip()
    media_url = (params.get("media_url") or "").strip()
    for name, value, check in (
        ("email", email, EmailValidator()),
        ("media_url", media_url, URLValidator(schemes=["http", "https"])),
    ):
        if value:
            try:
                check(value)
            except ValidationError:
                raise Open311Error(400, _("%(name)s is not valid") % {"name": name}) from None
    first = (params.get("first_name") or "").strip()
    last = (params.get("last_name") or "").strip()
    account_id = (params.get("account_id") or "").strip()[:64]
    attributes = _attributes(params)
    token = secrets.token_hex(16)
    with transaction.atomic():
        ticket = services.report(
            channel=Channel.OPEN311,
            kind=kind,
            title=title[:100],
            description=description or cat.name,
            caller_name=_caller_name(first, last)[:64],
            caller_phone=(params.get("phone") or "").strip(),
            address=(address or address_id)[:200],
            latitude=latitude,
            longitude=longitude,
            category=cat,
            public_allowed=True,
            now=now,
            coordinate_fields=("long", "lat"),
        )
        Ticket.objects.filter(pk=ticket.pk).update(open311_token=token)
        ticket.open311_token = token
        Open311Request.objects.create(
            ticket=ticket,
            client=client,
            account_id=account_id,
            device_id=(params.get("device_id") or "").strip()[:64],
            email=email,
            address_id=address_id[:64],
            media_url=media_url[:500],
            attributes=attributes,
        )
        audit.record(
            "open311.request_posted",
            object_type="ticket",
            object_id=ticket.number,
            data={"client": client.name, "service_code": cat.code},
        )
    return Posted(ticket=ticket, token=token, account_id=account_id)
