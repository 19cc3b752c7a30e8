"""Credit repair (信用修复) on the workbench: a head's queue of the applications made to their
departments, the one still to decide first with its date from the ledger, and the application's
page: the record, what the enterprise did, its evidence and commitment, and the decision form
(grant, or refuse with reasons the enterprise is told). Who may decide is
``market.credit_repair.may_decide``; the views parse, call the service and redirect."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.market import authority, credit_repair
from onewindow.supervision.models import Matter
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import take_step

DECISIONS = [
    ("grant", gettext_lazy("Grant: the record ends today")),
    ("refuse", gettext_lazy("Refuse")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=DECISIONS, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reasons (required to refuse; the enterprise is told them)"),
        max_length=credit_repair.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _heads_only(user) -> None:
    if not authority.repairing_for(user):
        raise PermissionDenied(
            _("Credit repair is decided by the heads of market-supervision departments.")
        )


def _matters(applications) -> dict[str, Matter]:
    keys = [a.reference for a in applications]
    return {m.key: m for m in Matter.objects.filter(kind=credit_repair.KIND, key__in=keys)}


@require_safe
@official_required
def queue(request):
    _heads_only(request.user)
    applications = list(credit_repair.queue_for(request.user)[:200])
    matters = _matters(applications)
    for application in applications:
        application.matter = matters.get(application.reference)
    return render(request, "workbench/market/repairs.html", {"applications": applications})


def _found(request, pk):
    _heads_only(request.user)
    found = credit_repair.queue_for(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _page(request, application, *, form=None, status=200):
    decide = application.status == "pending" and credit_repair.may_decide(request.user, application)
    current = credit_repair.option_of(application)
    context = {
        "application": application,
        "matter": _matters([application]).get(application.reference),
        "current": current,
        "form": (form or DecisionForm()) if decide else None,
    }
    return render(request, "workbench/market/repair.html", context, status=status)


@require_safe
@official_required
def application(request, pk):
    return _page(request, _found(request, pk))


@require_POST
@official_required
def decide(request, pk):
    found = _found(request, pk)
    form = DecisionForm(request.POST)

    def act(data):
        grant = data["decision"] == "grant"
        credit_repair.decide(found, actor=request.user, grant=grant, reason=data["reason"])
        if grant:
            return _("Credit repair %(reference)s is granted.") % {"reference": found.reference}
        return _("Credit repair %(reference)s is refused.") % {"reference": found.reference}

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, found, form=bad, status=400),
        back=reverse("workbench:market-repair", args=[pk]),
    )


@require_safe
@official_required
def evidence(request, pk):
    found = _found(request, pk)
    if not found.evidence:
        raise Http404
    return FileResponse(
        found.evidence.open("rb"), as_attachment=True, filename=found.evidence_name or "evidence"
    )
