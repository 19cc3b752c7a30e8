"""The 12345 workbench: the centre's queue (take, dispatch, check, call back), a department's
hotline inbox, and the ticket page with its timeline and the actions the viewer may take.

Each view parses, calls one selector or service, renders; which actions a page offers comes
from ``hotline.authority`` (the table the services enforce).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from onewindow.emergency import incident_selectors
from onewindow.hotline import actions, authority, duplicates, selectors, services
from onewindow.hotline import inbox as hotline_inbox
from onewindow.hotline.errors import TicketNotFound
from onewindow.hotline.models import OPEN_STATUSES, AssignmentStatus, ExtensionStatus, Status
from onewindow.hotline.models import Role as AssignmentRole
from onewindow.workbench import hotline_forms as f
from onewindow.workbench.access import official_required
from onewindow.workbench.emergency_incident_views import EscalateForm

PAGE = 50


def _rows(tickets, now):
    return [{"ticket": t, "colour": selectors.deadline_colour(t, now)} for t in tickets]


def _page(request, tickets):
    return Paginator(tickets, PAGE).get_page(request.GET.get("page"))


@require_GET
@official_required
def queue(request):
    """The 12345 centre's queue: what waits for the hotline, urgent and escalated first."""
    if not authority.is_centre(request.user):
        if authority.handling_departments(request.user):
            return redirect("workbench:hotline-inbox")
        raise PermissionDenied(_("The dispatch queue is for the 12345 hotline's staff."))
    form = f.QueueFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    page = _page(request, selectors.dispatcher_queue(request.user, **filters))
    now = timezone.now()
    context = {"form": form, "page": page, "rows": _rows(page, now), "query": _query(request)}
    return render(request, "workbench/hotline/queue.html", context)


@require_GET
@official_required
def inbox(request):
    """A department's hotline tickets (lead and co-handled), soonest due first, paged by key."""
    form = f.QueueFilterForm(request.GET or None, departments=False)
    filters = form.filters() if form.is_bound and form.is_valid() else {}
    keys = {name: request.GET.get(name, "") for name in ("after", "before")}
    parsed = {name: hotline_inbox.Key.parse(text) for name, text in keys.items() if text}
    if None in parsed.values():
        messages.error(request, _("This page link is not valid; start again from the first page."))
        parsed = {}
    page = hotline_inbox.department_inbox(request.user, size=PAGE, **parsed, **filters)
    count = hotline_inbox.inbox_count(request.user, **filters)
    query = _query(request)
    links = {}
    for name, key, rel in (
        ("before", page.previous_key, "previous"),
        ("after", page.next_key, "next"),
    ):
        if key is not None:
            links[rel] = "?" + "&".join(
                part for part in (query, urlencode({name: str(key)})) if part
            )
    context = {
        "form": form,
        "page": page,
        "rows": _rows(page.rows, timezone.now()),
        "links": links,
        "count": count,
        "cap": hotline_inbox.COUNT_CAP,
    }
    return render(request, "workbench/hotline/inbox.html", context)


def _query(request) -> str:
    query = request.GET.copy()
    for paging in ("page", "after", "before"):
        query.pop(paging, None)
    return query.urlencode()


def _ticket_or_404(request, number):
    try:
        return selectors.ticket_for(request.user, number)
    except TicketNotFound as error:
        raise Http404(str(error)) from error


FORMS = {
    "take": f.TakeForm,
    "not_accept": f.NotAcceptForm,
    "dispatch": f.DispatchForm,
    "return_dispatch": f.ReturnForm,
    "record_opinion": f.OpinionForm,
    "request_extension": f.ExtensionForm,
    "reply": f.ReplyForm,
    "check_reply": f.CheckForm,
    "callback": f.CallbackForm,
    "reopen": f.ReopenForm,
    "reveal_caller": f.RevealForm,
}


def _initial(action: str, ticket) -> dict:
    if action == "take":
        return {
            "category": ticket.proposed_category
            or (ticket.category.code if ticket.category else ""),
            "kind": ticket.kind,
            "urgent": ticket.urgent,
        }
    if action == "dispatch" and ticket.lead_department:
        return {"department": ticket.lead_department.code}
    return {}


def _offered(user, ticket) -> list[str]:
    """The page's actions: the table's, less those with nothing to act on for this user."""
    offered = [a for a in authority.allowed_actions(user, ticket) if a != "answer"]
    if "accept_dispatch" in offered:
        departments = authority.handling_departments(user)
        pending = ticket.assignments.filter(
            department_id__in=departments, status=AssignmentStatus.PENDING
        ).exists()
        if not pending:
            offered.remove("accept_dispatch")
    if "record_opinion" in offered:
        accepted = ticket.assignments.filter(
            department_id__in=authority.handling_departments(user),
            role=AssignmentRole.CO,
            status=AssignmentStatus.ACCEPTED,
        ).exists()
        if not accepted:
            offered.remove("record_opinion")
    if (
        "request_extension" in offered
        and ticket.extensions.filter(status=ExtensionStatus.PENDING).exists()
    ):
        offered.remove("request_extension")
    return offered


def _ticket_page(request, ticket, bound: dict | None = None, status: int = 200):
    user = request.user
    offered = _offered(user, ticket)
    bound = bound or {}
    forms = {
        action: bound.get(action) or FORMS[action](initial=_initial(action, ticket), prefix=action)
        for action in offered
        if action in FORMS
    }
    pending = list(
        ticket.extensions.filter(status=ExtensionStatus.PENDING).select_related("requested_by")
    )
    context = {
        "ticket": ticket,
        "colour": selectors.deadline_colour(ticket),
        "matter": selectors.ledger_row(ticket),
        "caller": selectors.caller_view(user, ticket),
        "revealed": bound.get("_revealed"),
        "timeline": selectors.timeline(user, ticket),
        "assignments": ticket.assignments.select_related("department", "handler").order_by(
            "dispatched_at", "pk"
        ),
        "extensions": ticket.extensions.select_related("requested_by").order_by("requested_at"),
        "forms": forms,
        "action_forms": [
            {
                "action": action,
                "form": form,
                "url": reverse(
                    f"workbench:hotline-{action.replace('_', '-')}", args=[ticket.number]
                ),
            }
            for action, form in forms.items()
            if action != "reveal_caller"
        ],
        "can_accept": "accept_dispatch" in offered,
        "decide_extensions": pending if "decide_extension" in offered else [],
        "decision_form": bound.get("decide_extension") or f.ExtensionDecisionForm(),
        "decision_id": bound.get("_extension_id"),
        "opinions": selectors.co_opinions(user, ticket),
        "terminal": ticket.status in (Status.CLOSED, Status.NOT_ACCEPTED, Status.ANSWERED),
        "duplicates": _duplicates(user, ticket),
        **_incident(user, ticket),
    }
    return render(request, "workbench/hotline/ticket.html", context, status=status)


def _incident(user, ticket) -> dict:
    """The incident the ticket was escalated to, and the form to escalate it (the centre's
    staff, while it has none): 突发事件 go to an emergency duty desk, not to a department."""
    incident = incident_selectors.for_ticket(ticket.number)
    offer = incident is None and authority.is_centre(user) and not ticket.merged_into_id
    placed = ticket.latitude is not None and ticket.longitude is not None
    return {
        "incident": incident,
        "escalate_form": EscalateForm(placed=placed) if offer else None,
    }


def _duplicates(user, ticket) -> list:
    """Open tickets about the same place and problem, proposed for merging to the centre."""
    if not duplicates.can_merge(user) or ticket.status not in OPEN_STATUSES:
        return []
    return duplicates.near_duplicates(ticket)


@require_POST
@official_required
def merge(request, number):
    """Merge this ticket into the one chosen (``into``): handled once, each caller replied."""
    _ticket_or_404(request, number)
    into = request.POST.get("into", "").strip()
    try:
        services.merge(number=number, into=into, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workbench:hotline-ticket", number)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("workbench:hotline-ticket", number)
    messages.success(
        request,
        _("Ticket %(number)s is merged into %(into)s; its caller will get that reply.")
        % {"number": number, "into": into},
    )
    return redirect("workbench:hotline-ticket", into)


@require_GET
@official_required
def ticket(request, number):
    return _ticket_page(request, _ticket_or_404(request, number))


def _call(action: str, request, number: str, data: dict):
    if action not in actions.ACTIONS:
        raise Http404(action)
    return actions.perform(action, actor=request.user, key=number, data=data)


DONE = {
    "take": gettext_lazy("Ticket accepted; its clock is running."),
    "not_accept": gettext_lazy("Ticket not accepted; the caller is told why."),
    "dispatch": gettext_lazy("Ticket dispatched."),
    "accept_dispatch": gettext_lazy("Your department has accepted the ticket."),
    "return_dispatch": gettext_lazy("Ticket returned to the hotline."),
    "record_opinion": gettext_lazy(
        "Your department's opinion is recorded for the lead department."
    ),
    "request_extension": gettext_lazy("Extension requested; the hotline decides."),
    "reply": gettext_lazy("Reply sent to the hotline for checking."),
    "check_reply": gettext_lazy("Reply checked."),
    "callback": gettext_lazy("Callback recorded; the ticket is closed."),
    "reopen": gettext_lazy("Ticket reopened."),
}


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# (URL segment, action, URL name) of each ticket action's POST
ACTION_URLS = [  # (slug, action, URL name) of the table's actions on a ticket's number
    (action.replace("_", "-"), action, f"hotline-{action.replace('_', '-')}")
    for action, entry in actions.ACTIONS.items()
    if entry.key == "number"
]


@require_POST
@official_required
def act(request, number, action):
    """One action on a ticket: its form, then its service; back to the ticket page."""
    ticket = _ticket_or_404(request, number)
    form = FORMS[action](request.POST, prefix=action) if action in FORMS else None
    if form is not None and not form.is_valid():
        return _ticket_page(request, ticket, {action: form}, status=400)
    data = form.cleaned_data if form is not None else {}
    try:
        result = _call(action, request, number, data)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("workbench:hotline-ticket", number)
        _errors_onto(form, error)
        return _ticket_page(request, ticket, {action: form}, status=400)
    except (PermissionDenied, TicketNotFound) as error:
        messages.error(request, str(error) or _("You may not do this."))
        return redirect("workbench:hotline-ticket", number)
    if action == "reveal_caller":
        ticket = _ticket_or_404(request, number)
        return _ticket_page(request, ticket, {"_revealed": result})
    if action == "reopen" and result.status in (Status.CALLBACK, Status.CLOSED):
        messages.warning(request, _("Reopened twice already: the ticket went to the supervisor."))
    else:
        messages.success(request, DONE[action])
    if (
        action == "return_dispatch"
        or not selectors.visible_tickets(request.user).filter(number=number).exists()
    ):
        return redirect("workbench:hotline-inbox")
    return redirect("workbench:hotline-ticket", number)


@require_POST
@official_required
def decide_extension(request, number, extension_id):
    ticket = _ticket_or_404(request, number)
    if not ticket.extensions.filter(pk=extension_id).exists():
        raise Http404(str(extension_id))
    form = f.ExtensionDecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.perform(
                "decide_extension", actor=request.user, key=extension_id, data=form.cleaned_data
            )
        except ValidationError as error:
            _errors_onto(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("workbench:hotline-ticket", number)
    if form.errors:
        bound = {"decide_extension": form, "_extension_id": extension_id}
        return _ticket_page(request, ticket, bound, status=400)
    messages.success(request, _("Extension decided."))
    return redirect("workbench:hotline-ticket", number)
