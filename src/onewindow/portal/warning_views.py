"""The public warning pages (预警信息发布): the warnings in force with a map of their areas, one
warning with the history of its messages, the Atom index of the CAP alerts and each signed
OASIS CAP 1.2 alert as it was sent.

Everything here is public and read through ``emergency.selectors``. The map draws the
registry's district boundaries as vector layers (no tiles); the table beside it holds the same
facts for anyone who cannot see or use the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from lxml import etree

from onewindow.core.localized import localized, localized_entry
from onewindow.emergency import selectors
from onewindow.emergency.cap import CAP_NS
from onewindow.emergency.models import WarningMessage, level_words
from onewindow.emergency.warning_map import Card, area_map, cards, legend, level_entry

# The media type CAP feeds and readers use for an alert (OASIS "Example Practices: CAP Feeds");
# the alert declares UTF-8 itself, and the parameter says the same (RFC 7303 §3.2).
CAP_TYPE = "application/cap+xml"
CAP_MAX_AGE = 24 * 3600  # a sent alert never changes; a new message gets a new identifier


# ---------------------------------------------------------------------------------------------
# Pages


@require_safe
def warnings(request):
    """/warnings/: the warnings in force, highest level first, on a map and in a table; then
    those ended in the last days."""
    now = timezone.now()
    in_force = cards(selectors.in_force(now), now)
    map_data, district_rows = area_map(in_force)
    return render(
        request,
        "portal/warnings/warnings.html",
        {
            "in_force": in_force,
            "ended": cards(selectors.recently_ended(now), now),
            "map_data": map_data,
            "district_rows": district_rows,
            "legend": legend(),
            "recent_days": selectors.RECENT_DAYS,
        },
    )


@require_safe
def warning(request, number):
    """One warning: the card, its area, its sent messages with their CAP alerts. A
    notification's ``?message=`` is not needed here: the page lists every message."""
    card = Card(selectors.public_warning(number))
    map_data, district_rows = area_map([card])
    history = [
        {"message": message, **level_entry(message.level)}
        for message in selectors.sent_messages(card.warning)
    ]
    return render(
        request,
        "portal/warnings/warning.html",
        {
            "card": card,
            "history": history,
            "map_data": map_data,
            "district_rows": district_rows,
            "legend": legend(),
            "recent_days": selectors.RECENT_DAYS,
        },
    )


def _message_headline(message: WarningMessage) -> str:
    return localized_entry(message.content, "headline") or localized(message.warning, "headline")


# ---------------------------------------------------------------------------------------------
# CAP alerts and their Atom index


@require_safe
def cap_alert(request, identifier):
    """The signed CAP 1.2 alert exactly as it was sent (its bytes are what the signature
    covers), cacheable by anyone."""
    message = selectors.cap_alert(identifier)
    etag = quote_etag(message.identifier)
    sent = int(message.sent_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=sent)
    if response is None:
        response = HttpResponse(
            message.xml.encode("utf-8"), content_type=f"{CAP_TYPE}; charset=utf-8"
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(sent)
    patch_cache_control(response, public=True, max_age=CAP_MAX_AGE)
    return response


def cap_path(message: WarningMessage) -> str:
    return reverse("portal:warning-cap", args=[message.identifier])


class CapIndex(Atom1Feed):
    """Atom 1.0 whose entries each link to their CAP alert with the type application/cap+xml,
    the way CAP index feeds are read (OASIS "Example Practices: CAP Feeds" 1.0, MeteoAlarm,
    Google Public Alerts); the entry's other alternate link is the warning's page."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "link", "", {"rel": "alternate", "type": CAP_TYPE, "href": item["cap_url"]}
        )


@dataclass(frozen=True)
class Entry:
    message: WarningMessage
    cap_url: str


class CapFeed(Feed):
    """Every CAP message of the warnings in force and of those ended lately, newest first."""

    feed_type = CapIndex

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self):
        return gettext("Early warnings: CAP alerts")

    def subtitle(self):
        return gettext(
            "Every alert issuing, changing or cancelling a warning in force or ended in the "
            "last days, signed by the issuing department, in OASIS CAP 1.2."
        )

    def link(self):
        return reverse("portal:warnings")

    def feed_url(self):
        return reverse("portal:warnings-feed")

    def author_name(self):
        return gettext("OneWindow early warnings")

    def items(self, request):
        return [
            Entry(message, request.build_absolute_uri(cap_path(message)))
            for message in selectors.feed()
        ]

    def item_title(self, entry):
        message = entry.message
        return gettext("%(change)s: %(headline)s (%(level)s)") % {
            "change": message.get_change_display(),
            "headline": _message_headline(message),
            "level": level_words(message.level),
        }

    def item_description(self, entry):
        content = entry.message.content
        return localized_entry(content, "advice") or localized_entry(content, "description")

    def item_link(self, entry):
        return reverse("portal:warning", args=[entry.message.warning.number])

    def item_guid(self, entry):
        return tag_uri(entry.message)

    def item_pubdate(self, entry):
        return entry.message.sent_at

    def item_updateddate(self, entry):
        return entry.message.sent_at

    def item_author_name(self, entry):
        return entry.message.warning.department.display_name

    def item_categories(self, entry):
        return [entry.message.warning.get_hazard_display()]

    def item_extra_kwargs(self, entry):
        return {"cap_url": entry.cap_url}


def tag_uri(message: WarningMessage) -> str:
    """The entry's id (RFC 4151): the alert's sender as tagging entity, the day it was sent as
    its <sent> says, and its identifier; sender and identifier together name an alert uniquely
    (CAP 1.2 §3.2.1), and both are read from the signed alert, so the id never changes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    alert = etree.fromstring(message.xml.encode("utf-8"), parser)
    sender = alert.findtext(f"{{{CAP_NS}}}sender")
    day = alert.findtext(f"{{{CAP_NS}}}sent")[:10]
    return f"tag:{sender},{day}:cap:{quote(message.identifier, safe='-._~!$()*+;=:@')}"
