"""Consent to serious-dishonesty listings (严重违法失信名单) on the workbench: the head of a
market-supervision department sees the listings the departments one level below sent for its
consent, the one still waiting first, each with its penalty decision and the grounds, and agrees
(the enterprise is listed from today) or refuses with reasons the department is told. Who may
decide is ``market.serious_list.may_consent``; the views parse, call the service and redirect."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.market import authority, serious_list
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import take_step

CHOICES = [
    ("agree", gettext_lazy("Agree: the enterprise is listed today")),
    ("refuse", gettext_lazy("Refuse")),
]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=CHOICES, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reasons (required to refuse; the department is told them)"),
        max_length=serious_list.MAX_GROUNDS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _heads_only(user) -> None:
    if not authority.departments_with(user, authority.PLAN_ROLES):
        raise PermissionDenied(_("Listings are consented to by the heads of departments."))


def _page(request, *, status=200, failed=None):
    proposals = list(serious_list.proposals_for(request.user)[:200])
    for proposal in proposals:
        if serious_list.may_consent(request.user, proposal):
            proposal.form = (
                failed[1]
                if failed and failed[0] == proposal.pk
                else ConsentForm(auto_id=f"id_%s_{proposal.pk}")
            )
    return render(
        request,
        "workbench/market/listings.html",
        {"proposals": proposals, "has_errors": failed is not None},
        status=status,
    )


@require_safe
@official_required
def proposals(request):
    _heads_only(request.user)
    return _page(request)


@require_POST
@official_required
def decide(request, pk):
    _heads_only(request.user)
    proposal = serious_list.proposals_for(request.user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    form = ConsentForm(request.POST, auto_id=f"id_%s_{pk}")

    def act(data):
        agree = data["decision"] == "agree"
        serious_list.consent(proposal, actor=request.user, agree=agree, reason=data["reason"])
        if agree:
            return _("%(name)s is on the serious-dishonesty list.") % {"name": proposal.entity.name}
        return _("The listing of %(name)s is refused; %(department)s is told why.") % {
            "name": proposal.entity.name,
            "department": proposal.department.display_name,
        }

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, status=400, failed=(pk, bad)),
        back=reverse("workbench:market-listings"),
    )
