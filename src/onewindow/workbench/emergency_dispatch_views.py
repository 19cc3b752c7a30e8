"""Dispatch and requests for resources on the workbench: from an incident's page a duty desk on
its chain dispatches a resource (its keeper acknowledges within the hour, the clock shown as a
time and a colour) or asks another department for some; the keeper moves a dispatch along (en
route, on site, done); the department asked grants or refuses on the requests page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.emergency import authority, dispatches, incident_selectors, incidents
from onewindow.emergency import resource_selectors as selectors
from onewindow.emergency.incident_models import IncidentState
from onewindow.emergency.plan_models import Assignment
from onewindow.emergency.resource_models import DispatchStatus, Resource, ResourceKind
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import flash_errors, put_errors

TEMPLATES = "workbench/emergency/"


def _resource_choices(rows) -> list[tuple[int, str]]:
    return [
        (r.pk, f"{r.display_name} · {r.get_kind_display()} · {r.get_status_display()} · "
               f"{localized(r.department, 'name')}")
        for r in rows
    ]  # fmt: skip


class DispatchForm(forms.Form):
    resource = forms.TypedChoiceField(label=gettext_lazy("Resource"), coerce=int)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity (supplies only)"), min_value=1, required=False
    )
    assignment = forms.TypedChoiceField(
        label=gettext_lazy("Task of the response (if any)"), coerce=int, required=False,
        empty_value=None,
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("Orders"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, resources, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = _resource_choices(resources)
        tasks = Assignment.objects.filter(activation__incident=incident, withdrawn_at__isnull=True)
        self.fields["assignment"].choices = [("", "—")] + [
            (a.pk, f"{a.activation.number} · {a.display_text[:60]}")
            for a in tasks.select_related("activation")
        ]


class RequestForm(forms.Form):
    sender = forms.TypedChoiceField(label=gettext_lazy("On behalf of"), coerce=int)
    recipient = forms.TypedChoiceField(label=gettext_lazy("Department asked"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of resource"), choices=ResourceKind.choices)
    quantity = forms.IntegerField(label=gettext_lazy("How many"), min_value=1, initial=1)
    text = forms.CharField(
        label=gettext_lazy("What is needed (Chinese)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        label=gettext_lazy("What is needed (English)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, senders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].choices = [(d.pk, localized(d, "name")) for d in senders]
        self.fields["recipient"].choices = [
            (d.pk, localized(d, "name"))
            for d in Department.objects.filter(kind=Department.Kind.DEPARTMENT).order_by("code")
        ]


def _incident(request, number):
    try:
        return incident_selectors.incident_for(request.user, number)
    except PermissionDenied:
        raise Http404 from None


def incident_section(user, incident) -> dict:
    """What the incident page shows of resources: its dispatches with their clocks, its
    requests, and whether the reader may dispatch or ask for more."""
    chain = incidents.involved(incident)
    open_ = incident.state == IncidentState.OPEN
    return {
        "incident": incident,
        "jobs": selectors.incident_dispatches(user, incident),
        "asks": selectors.incident_requests(user, incident),
        "shown": authority.sees_resources(user),
        "may_dispatch": open_ and selectors.dispatchable(user, incident).exists(),
        "may_request": open_ and bool(authority.requesting_for(user, chain)),
    }


@require_http_methods(["GET", "POST"])
@official_required
def dispatch_new(request, number):
    incident = _incident(request, number)
    rows = selectors.dispatchable(request.user, incident)
    if not rows.exists():
        raise PermissionDenied(_("You have no resources ready to dispatch to this incident."))
    form = DispatchForm(request.POST or None, resources=rows, incident=incident)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = dispatches.dispatch(
                request.user, incident=incident, resource=rows.get(pk=data["resource"]), data=data
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("%(resource)s is dispatched; its keeper acknowledges by the time shown.")
                % {"resource": sent.resource.display_name},
            )
            return redirect("workbench:emergency-incident", incident.number)
    return render(
        request,
        TEMPLATES + "dispatch_form.html",
        {"form": form, "incident": incident, "has_errors": bool(form.errors)},
        status=400 if request.method == "POST" else 200,
    )


def _back(request, default: str) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


@require_POST
@official_required
def dispatch_step(request, pk, action):
    """A keeper's status button (acknowledged, en route, on site, done) or a cancellation."""
    found = selectors.dispatch_for(request.user, pk)
    back = _back(request, reverse("workbench:emergency-resource", args=[found.resource_id]))
    try:
        if action == "cancel":
            dispatches.cancel(request.user, found, reason=request.POST.get("reason", ""))
            done = _("The dispatch is cancelled.")
        elif action in DispatchStatus.values:
            moved = dispatches.advance(request.user, found, status=action)
            done = _("The dispatch is now: %(status)s.") % {"status": moved.get_status_display()}
        else:
            raise Http404
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(back)
    messages.success(request, done)
    return redirect(back)


@require_http_methods(["GET", "POST"])
@official_required
def request_new(request, number):
    incident = _incident(request, number)
    senders = Department.objects.filter(
        pk__in=authority.requesting_for(request.user, incidents.involved(incident))
    ).order_by("code")
    if not senders:
        raise PermissionDenied(_("Requests are sent by the duty desks on the incident's chain."))
    form = RequestForm(request.POST or None, senders=senders)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispatches.request(
                request.user, incident=incident, sender=senders.get(pk=data["sender"]),
                recipient=Department.objects.get(pk=data["recipient"]), data=data,
            )  # fmt: skip
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The request is sent; it is answered by the time shown."))
            return redirect("workbench:emergency-incident", incident.number)
    return render(
        request,
        TEMPLATES + "request_form.html",
        {"form": form, "incident": incident, "has_errors": bool(form.errors)},
        status=400 if request.method == "POST" else 200,
    )


class GrantForm(forms.Form):
    resource = forms.TypedChoiceField(label=gettext_lazy("Resource to dispatch"), coerce=int)
    note = forms.CharField(
        label=gettext_lazy("Orders"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].choices = _resource_choices(selectors.grantable(asked))


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it cannot be granted"), widget=forms.Textarea(attrs={"rows": 2})
    )


def _requests_page(request, *, failed=None, status=200):
    failed = failed or {}
    asks = selectors.requests_to_answer(request.user)
    for ask in asks:
        pk = ask.request.pk
        ask.form = failed.get(("grant", pk)) or GrantForm(asked=ask.request, auto_id=f"id_g{pk}_%s")
        ask.refuse_form = failed.get(("refuse", pk)) or RefuseForm(auto_id=f"id_r{pk}_%s")
    return render(
        request,
        TEMPLATES + "requests.html",
        {"to_answer": asks, "others": selectors.requests_sent(request.user),
         "has_errors": status == 400},
        status=status,
    )  # fmt: skip


@require_safe
@official_required
def requests(request):
    if not authority.sees_resources(request.user):
        raise PermissionDenied(_("Requests for resources are for the emergency desks."))
    return _requests_page(request)


@require_POST
@official_required
def request_step(request, pk, action):
    asked = selectors.request_for(request.user, pk)
    if action == "grant":
        form = GrantForm(request.POST, asked=asked, auto_id=f"id_g{pk}_%s")
    elif action == "refuse":
        form = RefuseForm(request.POST, auto_id=f"id_r{pk}_%s")
    else:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "grant":
                resource = Resource.objects.get(pk=data["resource"])
                dispatches.grant(request.user, asked, resource=resource, data=data)
                done = _("Granted: %(resource)s is dispatched.") % {
                    "resource": resource.display_name
                }
            else:
                dispatches.refuse(request.user, asked, reason=data["reason"])
                done = _("The request is refused; the requesting desk is told why.")
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("workbench:emergency-requests")
    return _requests_page(request, failed={(action, asked.pk): form}, status=400)
