"""The citizen's side of the 12345 hotline in the service hall: what 12345 is, one report form
(signed in, or anonymous with a phone number proven by an SMS code), the confirmation with the
ticket number and its look-up code, the ticket with its public timeline and reply, the rating,
and reopening when the citizen is not satisfied.

Every write goes through ``hotline.services``; reads through ``hotline.selectors`` and, for the
look-up by number and code, ``hotline.portal_selectors``. A caller without an account who proved
a ticket's code may see that ticket in this browser session; rating and reopening on the web
need the account that reported it (callers without one are asked on the callback).
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.accounts.identity import throttle
from onewindow.accounts.identity.throttle import RateLimited
from onewindow.core.localized import localized
from onewindow.hotline import portal_selectors, selectors, services
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import Channel, Kind, Status
from onewindow.notifications import codes
from onewindow.portal.account_views import SEND_CODE, _attach, _send, _typed
from onewindow.portal.hotline_forms import LookupForm, RatingForm, ReopenForm, ReportForm

logger = logging.getLogger(__name__)

FIND_PLACE = "find_place"
# The citizen's word for a status where the model's label reads differently on its own.
CITIZEN_STATUS = {
    Status.RECEIVED: pgettext_lazy("hotline status", "Received, waiting to be accepted"),
}
CLOCK_RUNS = (Status.ACCEPTED, Status.DISPATCHED, Status.HANDLING)
SESSION_PROVEN = "hotline_tickets"  # numbers this browser proved with their code
SESSION_REPORTED = "hotline_reported"  # the ticket just reported, for the confirmation page
PROVEN_KEPT = 10
PAGE_SIZE = 20


def status_label(ticket) -> str:
    return str(CITIZEN_STATUS.get(ticket.status) or ticket.get_status_display())


def _citizen(request) -> bool:
    return request.user.is_authenticated and not request.user.is_official


def _no_officials(request) -> None:
    if request.user.is_authenticated and request.user.is_official:
        raise PermissionDenied(_("Officials take hotline tickets in the hotline console."))


def _citizen_only(view):
    """Pages of the citizen's own tickets; officials use the hotline console."""

    @login_required
    def wrapped(request, *args, **kwargs):
        _no_officials(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_safe
def landing(request):
    """12345 in the hall: what it takes, what it does not (emergencies), how to report."""
    kinds = [(value, label) for value, label in Kind.choices]
    return render(request, "portal/hotline/landing.html", {"kinds": kinds})


def report(request):
    """One form for every kind of request. "Send code" and "Find address" come back to the
    form with what was typed; "Send" reports, with the code spent only if the ticket is made."""
    _no_officials(request)
    signed_in = _citizen(request)
    categories = list(selectors.categories())
    action = request.POST.get("action") if request.method == "POST" else None
    status, places = None, []
    if request.method != "POST":
        initial = {"kind": request.GET.get("kind", "")}
        if request.GET.get("category"):
            initial["category"] = request.GET["category"]
        form = ReportForm(initial=initial, categories=categories, signed_in=signed_in)
    elif action in (SEND_CODE, FIND_PLACE):
        typed = _typed(ReportForm, request.POST)
        typed["anonymous"] = bool(request.POST.get("anonymous"))
        typed["public_allowed"] = bool(request.POST.get("public_allowed"))
        form = ReportForm(initial=typed, categories=categories, signed_in=signed_in)
        if action == SEND_CODE and not signed_in:
            status = _send(request, request.POST.get("phone", ""), codes.Purpose.HOTLINE)
        else:
            places = portal_selectors.standard_addresses(request.POST.get("address", ""))
            form.places_searched = True
    else:
        form = ReportForm(request.POST, categories=categories, signed_in=signed_in)
        ticket = _report(request, form) if form.is_valid() else None
        if ticket is not None:
            request.session[SESSION_REPORTED] = ticket.number
            _prove(request, ticket.number)
            logger.info("Hotline ticket %s reported on the web", ticket.number)
            return redirect("portal:hotline-reported")
        places = portal_selectors.standard_addresses(request.POST.get("address", ""))
    context = {
        "form": form,
        "status": status,
        "places": places,
        "chosen_place": request.POST.get("place", ""),
        "signed_in": signed_in,
    }
    return render(request, "portal/hotline/report.html", context)


def _report(request, form: ReportForm):
    """Make the ticket; a caller without an account spends the code on it."""
    data = form.cleaned_data
    place = portal_selectors.place_by_code(data.get("place", ""))
    if data.get("place") and place is None:
        form.add_error("address", _("Choose one of the standard addresses found, or none."))
        return None
    values = {
        "channel": Channel.WEB,
        "kind": data["kind"],
        "title": data["title"].strip(),
        "description": data["description"].strip(),
        "address": portal_selectors.place_label(place) if place else data["address"].strip(),
        "latitude": place.latitude if place else data.get("latitude"),
        "longitude": place.longitude if place else data.get("longitude"),
        "category": data["category"],
        "anonymous": data["anonymous"],
        "public_allowed": data["public_allowed"],
        "idempotency_key": data["idempotency_key"],
    }
    try:
        if form.signed_in:
            user = request.user
            return services.report(**values, caller=user)
        with codes.redeem(
            data["phone"],
            codes.Purpose.HOTLINE,
            data["code"],
            address=throttle.client_address(request),
        ):
            return services.report(
                **values, caller_name=data["caller_name"].strip(), caller_phone=data["phone"]
            )
    except ValidationError as error:
        _attach(form, error)
    except RateLimited as error:
        form.add_error(None, str(error))
    return None


def _prove(request, number: str) -> None:
    proven = [n for n in request.session.get(SESSION_PROVEN, []) if n != number]
    request.session[SESSION_PROVEN] = [number, *proven][:PROVEN_KEPT]


@require_safe
def reported(request):
    """The confirmation: the ticket number and the code to look it up (shown once here)."""
    number = request.session.get(SESSION_REPORTED)
    ticket = portal_selectors.visible_ticket(number) if number else None
    if ticket is None:
        return redirect("portal:hotline-report")
    context = {
        "ticket": ticket,
        "code": portal_selectors.lookup_code(ticket.number),
        "category_name": localized(ticket.category, "name") if ticket.category else "",
    }
    return render(request, "portal/hotline/reported.html", context)


@require_safe
def places(request):
    """The standard addresses matching what was typed, as radios (htmx swaps them in)."""
    found = portal_selectors.standard_addresses(request.GET.get("address", ""))
    context = {"places": found, "searched": True, "chosen_place": request.GET.get("place", "")}
    return render(request, "portal/hotline/_places.html", context)


def lookup(request):
    """A caller without an account finds a ticket by its number and code."""
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        try:
            throttle.hit(throttle.TRY_PER_ADDRESS, throttle.client_address(request))
        except RateLimited as error:
            form.add_error(None, str(error))
        else:
            ticket = portal_selectors.ticket_by_code(number, form.cleaned_data["code"])
            if ticket is not None:
                _prove(request, ticket.number)
                return redirect("portal:hotline-ticket", number=ticket.number)
            form.add_error(None, _("No ticket has this number and code. Check both and retry."))
    return render(request, "portal/hotline/lookup.html", {"form": form})


def _ticket(request, number: str):
    """The ticket if this visitor reported it (signed in) or proved its code; else 404."""
    if _citizen(request):
        try:
            return selectors.ticket_for(request.user, number), True
        except TicketNotFound:
            pass
    if number in request.session.get(SESSION_PROVEN, []):
        ticket = portal_selectors.visible_ticket(number)
        if ticket is not None:
            owner = _citizen(request) and ticket.caller_id == request.user.pk
            return ticket, owner
    raise Http404(_("No ticket %(number)s is open to you.") % {"number": number})


@require_safe
def ticket_page(request, number):
    ticket, owner = _ticket(request, number)
    return _render_ticket(request, ticket, owner)


def _render_ticket(request, ticket, owner, *, rating=None, reopening=None):
    viewer = request.user if owner else None
    context = {
        "ticket": ticket,
        "owner": owner,
        "events": selectors.timeline(viewer, ticket),
        "category_name": localized(ticket.category, "name") if ticket.category else "",
        "reply": localized(ticket, "reply"),
        "reply_visible": portal_selectors.reply_visible(ticket),
        "department": ticket.lead_department,
        "can_rate": owner and portal_selectors.can_rate(request.user, ticket),
        "can_reopen": owner and portal_selectors.can_reopen(request.user, ticket),
        "reopens_left": portal_selectors.MAX_REOPENS - ticket.reopen_count,
        "rating_form": rating or RatingForm(),
        "reopen_form": reopening or ReopenForm(),
        "status_label": status_label(ticket),
        "due_shown": ticket.status in CLOCK_RUNS and ticket.due_at is not None,
    }
    return render(request, "portal/hotline/ticket.html", context)


def _own_ticket(request, number):
    ticket, owner = _ticket(request, number)
    if not owner:
        raise PermissionDenied(_("Only the citizen who reported the ticket can do this."))
    return ticket


@_citizen_only
@require_POST
def rate(request, number):
    ticket = _own_ticket(request, number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(
                number=ticket.number,
                citizen=request.user,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"].strip(),
            )
        except ValidationError as error:
            _attach(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("portal:hotline-ticket", number=ticket.number)
        else:
            messages.success(request, _("Thank you for rating the reply."))
            return redirect("portal:hotline-ticket", number=ticket.number)
    return _render_ticket(request, ticket, True, rating=form)


@_citizen_only
@require_POST
def reopen(request, number):
    ticket = _own_ticket(request, number)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            after = services.reopen(
                number=ticket.number, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _attach(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("portal:hotline-ticket", number=ticket.number)
        else:
            if after.reopen_count > ticket.reopen_count:
                text = _("Your ticket is open again. The department will handle it again.")
            else:
                text = _("Your ticket has been passed to the supervisor.")
            messages.success(request, text)
            return redirect("portal:hotline-ticket", number=ticket.number)
    return _render_ticket(request, ticket, True, reopening=form)


@_citizen_only
@require_safe
def my_tickets(request):
    """The signed-in citizen's tickets, newest first, open ones marked."""
    tickets = list(selectors.citizen_tickets(request.user)[:200])
    for ticket in tickets:
        ticket.category_name = localized(ticket.category, "name") if ticket.category else ""
        ticket.needs_rating = portal_selectors.can_rate(request.user, ticket)
        ticket.status_label = status_label(ticket)
    waiting = [t for t in tickets if t.needs_rating]
    context = {"tickets": tickets, "waiting": waiting, "statuses": Status}
    return render(request, "portal/hotline/my_tickets.html", context)
