"""Incidents (突发事件) on the workbench: a duty officer records one on the map, reports it to the
level above within its clock (shown as a time and a colour), the level above acknowledges it
(接报) and, if the grade asks, reports it on; figures are updated as they come in. A 12345
dispatcher escalates a ticket to a district's duty desk. Who may do what is in the services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.emergency import authority, incident_selectors, incidents
from onewindow.emergency.incident_models import EventClass, Grade, IncidentState
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FiguresForm(forms.Form):
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), choices=Grade.choices)
    deaths = forms.IntegerField(label=gettext_lazy("Dead"), min_value=0, initial=0, required=False)
    injured = forms.IntegerField(
        label=gettext_lazy("Injured"), min_value=0, initial=0, required=False
    )
    missing = forms.IntegerField(
        label=gettext_lazy("Missing"), min_value=0, initial=0, required=False
    )
    affected = forms.IntegerField(
        label=gettext_lazy("People affected"), min_value=0, initial=0, required=False
    )
    losses = forms.DecimalField(
        label=gettext_lazy("Direct losses (10,000 yuan)"), min_value=0, initial=0,
        max_digits=12, decimal_places=2, required=False,
    )  # fmt: skip


class IncidentForm(FiguresForm):
    event_class = forms.ChoiceField(
        label=gettext_lazy("Class of event"), choices=EventClass.choices
    )
    title = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=160)
    title_en = forms.CharField(
        label=gettext_lazy("Title (English)"), max_length=240, required=False
    )
    description = forms.CharField(
        label=gettext_lazy("What happened (Chinese)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=gettext_lazy("What happened (English)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    address = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    latitude = forms.DecimalField(label=gettext_lazy("Latitude"), max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=gettext_lazy("Longitude"), max_digits=9, decimal_places=6)
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("Occurred at (empty: now)"), widget=DATETIME, required=False
    )
    field_order = ["event_class", "grade", "title", "title_en", "description", "description_en",
                   "address", "latitude", "longitude", "occurred_at"]  # fmt: skip


class ReportForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Report (what is known, what is being done)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How it ended"), widget=forms.Textarea(attrs={"rows": 2})
    )


def _duty_department(user) -> Department:
    mine = authority.issuing_for(user)
    if not mine:
        raise PermissionDenied(_("Incidents are recorded by emergency duty officers."))
    return Department.objects.filter(pk__in=mine).order_by("code").first()


@require_safe
@official_required
def desk(request):
    rows = incident_selectors.incidents_for(request.user)[:200]
    return render(
        request,
        "workbench/emergency/incidents.html",
        {
            "incidents": rows,
            "to_send": incident_selectors.to_send(request.user),
            "to_acknowledge": incident_selectors.to_acknowledge(request.user),
            "may_record": bool(authority.issuing_for(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
@official_required
def new(request):
    department = _duty_department(request.user)
    if request.method == "GET":
        form = IncidentForm()
        status = 200
    else:
        form = IncidentForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                incident = incidents.record(
                    request.user, department=department, data=form.cleaned_data
                )
            except ValidationError as error:
                put_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(number)s is recorded; report it to %(above)s by the time shown.")
                    % {"number": incident.number, "above": _above_name(incident)},
                )
                return redirect("workbench:emergency-incident", incident.number)
    return render(
        request,
        "workbench/emergency/incident_form.html",
        {"form": form, "department": department},
        status=status,
    )


def _above_name(incident) -> str:
    steps = incident_selectors.steps(incident)
    return localized(steps[0].report.recipient, "name") if steps else "—"


def _page(request, incident, *, status=200, failed=None):
    failed = failed or {}
    steps = incident_selectors.steps(incident)
    desks = authority.desk_for(request.user)
    duty = authority.issuing_for(request.user)
    for step in steps:
        report = step.report
        step_form = None
        if report.sent_at is None and report.sender_id in duty:
            step_form = failed.get(("report", report.pk)) or ReportForm(
                auto_id=f"id_%s_{report.pk}"
            )
        step.form = step_form
        step.may_acknowledge = (
            report.sent_at is not None
            and report.acknowledged_at is None
            and report.recipient_id in desks
        )
    chain = incidents.involved(incident)
    open_ = incident.state == IncidentState.OPEN
    return render(
        request,
        "workbench/emergency/incident.html",
        {
            "incident": incident,
            "steps": steps,
            "figures_form": (
                failed.get("update") or FiguresForm(initial=_figures(incident), auto_id="id_f_%s")
            )
            if open_ and chain & duty
            else None,
            "close_form": (failed.get("close") or CloseForm(auto_id="id_c_%s"))
            if open_ and incident.department_id in duty
            else None,
            "has_errors": status == 400,
        },
        status=status,
    )


def _figures(incident) -> dict:
    return {f: getattr(incident, f) for f in FiguresForm.base_fields}


@require_safe
@official_required
def detail(request, number):
    return _page(request, _visible(request, number))


def _visible(request, number):
    try:
        return incident_selectors.incident_for(request.user, number)
    except PermissionDenied:
        raise Http404 from None


@require_POST
@official_required
def step(request, number, action):
    incident = _visible(request, number)
    back = reverse("workbench:emergency-incident", args=[incident.number])
    if action == "report":
        report = incident_selectors.report_for(request.user, int(request.POST.get("report") or 0))
        form = ReportForm(request.POST, auto_id=f"id_%s_{report.pk}")

        def act(data):
            incidents.report_up(request.user, report, note=data["note"])
            return _("Reported to %(department)s.") % {
                "department": localized(report.recipient, "name")
            }

        key = ("report", report.pk)
    elif action == "acknowledge":
        report = incident_selectors.report_for(request.user, int(request.POST.get("report") or 0))
        form = None

        def act(_data):
            incidents.acknowledge(request.user, report)
            return _("Acknowledged. If the incident goes higher, your report is due as shown.")

        key = None
    elif action == "update":
        form = FiguresForm(request.POST, auto_id="id_f_%s")

        def act(data):
            incidents.update(request.user, incident, data=data)
            return _("The figures are updated.")

        key = "update"
    elif action == "close":
        form = CloseForm(request.POST, auto_id="id_c_%s")

        def act(data):
            incidents.close(request.user, incident, note=data["note"])
            return _("%(number)s is closed.") % {"number": incident.number}

        key = "close"
    else:
        raise Http404
    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, incident, status=400, failed={key: bad}),
        back=back,
    )


class EscalateForm(forms.Form):
    department = forms.ChoiceField(label=gettext_lazy("Emergency duty desk"))
    event_class = forms.ChoiceField(
        label=gettext_lazy("Class of event"), choices=EventClass.choices
    )
    grade = forms.ChoiceField(label=gettext_lazy("Grade"), choices=Grade.choices)
    # asked for only when the ticket has no place on the map (a call without coordinates)
    latitude = forms.DecimalField(
        label=gettext_lazy("Latitude of the incident"), required=False, max_digits=9,
        decimal_places=6,
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=gettext_lazy("Longitude of the incident"), required=False, max_digits=9,
        decimal_places=6,
    )  # fmt: skip

    def __init__(self, *args, placed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if placed:
            del self.fields["latitude"], self.fields["longitude"]
        self.fields["department"].choices = [
            (d.code, localized(d, "name"))
            for d in Department.objects.filter(code__endswith=f"-{incidents.BUREAU}").order_by(
                "code"
            )
        ]


@require_POST
@official_required
def escalate(request, number):
    """A 12345 ticket handed to an emergency duty desk (from the ticket's page)."""
    form = EscalateForm(request.POST, placed=False)  # a place, if the ticket has none
    back = reverse("workbench:hotline-ticket", args=[number])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    department = Department.objects.get(code=form.cleaned_data["department"])
    try:
        incident = incidents.escalate_ticket(
            request.user, number=number, department=department, data=form.cleaned_data
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(
        request,
        _("Escalated to %(department)s as incident %(incident)s.")
        % {"department": localized(department, "name"), "incident": incident.number},
    )
    return redirect(back)
