"""Emergency plans (应急预案) and responses on the workbench: a commander reads a plan, sees what
triggers it now and activates it at a response level; the departments assigned tasks
acknowledge them (接报) and report back (反馈) within their clocks, shown as a time and a colour;
the commander raises, lowers or ends the response. Who may do what is in the services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.core.localized import localized
from onewindow.emergency import incident_selectors, plan_selectors, plans
from onewindow.emergency import selectors as warning_selectors
from onewindow.emergency.plan_models import NUMERAL, ActivationState
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step


def _level_choices(plan) -> list[tuple[int, str]]:
    return [
        (lv.level, f"{NUMERAL[lv.level]} · {lv.get_level_display()}") for lv in plan.levels.all()
    ]


class ActivateForm(forms.Form):
    level = forms.TypedChoiceField(label=gettext_lazy("Response level"), coerce=int)
    reason = forms.CharField(
        label=gettext_lazy("Reason (what the situation is)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    incident = forms.ChoiceField(label=gettext_lazy("For the incident"), required=False)
    warning = forms.ChoiceField(label=gettext_lazy("For the warning"), required=False)

    def __init__(self, *args, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices(plan)
        none = [("", gettext_lazy("— none —"))]
        try:
            open_incidents = incident_selectors.incidents_for(user).filter(state="open")[:50]
        except PermissionDenied:
            open_incidents = []
        self.fields["incident"].choices = none + [
            (i.number, f"{i.number} · {i.display_title}") for i in open_incidents
        ]
        self.fields["warning"].choices = none + [
            (w.number, f"{w.number} · {localized(w, 'headline')}")
            for w in warning_selectors.in_force()
        ]


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(label=gettext_lazy("New response level"), coerce=int)
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _level_choices(plan)


class EndForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why the response ends"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=gettext_lazy("Report back (what your department did)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _responder(request):
    try:
        return plan_selectors.plans_for(request.user)
    except PermissionDenied:
        raise Http404 from None


@require_safe
@official_required
def desk(request):
    plan_rows = list(_responder(request))
    for plan in plan_rows:
        plan.trigger = plan_selectors.triggered(plan)
    responses = list(plan_selectors.responses_for(request.user)[:100])
    return render(
        request,
        "workbench/emergency/plans.html",
        {
            "plans": plan_rows,
            "in_force": [r for r in responses if r.state == ActivationState.ACTIVE],
            "ended": [r for r in responses if r.state != ActivationState.ACTIVE][:20],
            "tasks": plan_selectors.my_tasks(request.user),
        },
    )


def _plan_page(request, plan, *, form=None, status=200):
    trigger = plan_selectors.triggered(plan)
    running = plan.activations.filter(state=ActivationState.ACTIVE).first()
    may = plan_selectors.may_activate(request.user, plan) and running is None
    if may and form is None:
        initial = {"level": trigger.level} if trigger else {}
        if trigger and trigger.incident:
            initial["incident"] = trigger.incident.number
        if trigger and trigger.warning:
            initial["warning"] = trigger.warning.number
        form = ActivateForm(plan=plan, user=request.user, initial=initial)
    return render(
        request,
        "workbench/emergency/plan.html",
        {
            "plan": plan,
            "trigger": trigger,
            "running": running,
            "form": form if may else None,
            "has_errors": status == 400,
        },
        status=status,
    )


@require_safe
@official_required
def plan_detail(request, code):
    return _plan_page(request, plan_selectors.plan_for(request.user, code))


@require_POST
@official_required
def activate(request, code):
    plan = plan_selectors.plan_for(request.user, code)
    if not plan_selectors.may_activate(request.user, plan):
        raise PermissionDenied
    form = ActivateForm(request.POST, plan=plan, user=request.user)
    if form.is_valid():
        try:
            activation = plans.activate(request.user, plan, **form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("%(plan)s is in force at level %(level)s (%(number)s); its tasks are assigned.")
                % {"plan": plan.display_title, "level": activation.numeral,
                   "number": activation.number},
            )  # fmt: skip
            return redirect("workbench:emergency-response", activation.number)
    return _plan_page(request, plan, form=form, status=400)


def _response_page(request, activation, *, status=200, failed=None):
    failed = failed or {}
    tasks = plan_selectors.tasks_of(activation, user=request.user)
    for row in tasks:
        if row.may_act and row.stage == "report":
            row.form = failed.get(("report", row.assignment.pk)) or ReportForm(
                auto_id=f"id_%s_{row.assignment.pk}"
            )
    commander = (
        plan_selectors.is_commander(request.user, activation)
        and activation.state == ActivationState.ACTIVE
    )
    plan = activation.plan
    level = plan.levels.filter(level=activation.level).first()
    return render(
        request,
        "workbench/emergency/response.html",
        {
            "activation": activation,
            "plan": plan,
            "level": level,
            "groups": plan.groups.select_related("department"),
            "history": plan_selectors.history(activation),
            "tasks": tasks,
            "counts": _counts(tasks),
            "level_form": (failed.get("level") or LevelForm(plan=plan, auto_id="id_l_%s"))
            if commander
            else None,
            "end_form": (failed.get("end") or EndForm(auto_id="id_e_%s")) if commander else None,
            "has_errors": status == 400,
        },
        status=status,
    )


def _counts(tasks) -> dict:
    stages = [t.stage for t in tasks]
    return {
        "acknowledge": stages.count("acknowledge"),
        "report": stages.count("report"),
        "reported": stages.count("reported"),
        "overdue": sum(1 for t in tasks if t.colour == "red"),
    }


@require_safe
@official_required
def response_detail(request, number):
    return _response_page(request, plan_selectors.response_for(request.user, number))


@require_POST
@official_required
def response_step(request, number, action):
    activation = plan_selectors.response_for(request.user, number)
    back = reverse("workbench:emergency-response", args=[activation.number])
    key = action
    if action == "level":
        form = LevelForm(request.POST, plan=activation.plan, auto_id="id_l_%s")

        def act(data):
            done = plans.change_level(request.user, activation, **data)
            return _("The response is now at level %(level)s.") % {"level": done.numeral}

    elif action == "end":
        form = EndForm(request.POST, auto_id="id_e_%s")

        def act(data):
            plans.end(request.user, activation, note=data["note"])
            return _("The response %(number)s has ended.") % {"number": activation.number}

    elif action == "acknowledge":
        assignment = plan_selectors.assignment_for(request.user, _pk(request.POST.get("task")))
        form = None

        def act(_data):
            plans.acknowledge(request.user, assignment)
            return _("Acknowledged. Report back by the time shown.")

    elif action == "report":
        assignment = plan_selectors.assignment_for(request.user, _pk(request.POST.get("task")))
        form = ReportForm(request.POST, auto_id=f"id_%s_{assignment.pk}")
        key = ("report", assignment.pk)

        def act(data):
            plans.report_back(request.user, assignment, report=data["report"])
            return _("Your report is with the command.")

    else:
        raise Http404
    return take_step(
        request,
        form,
        act,
        page=lambda bad: _response_page(request, activation, status=400, failed={key: bad}),
        back=back,
    )


def _pk(value) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise Http404 from None
