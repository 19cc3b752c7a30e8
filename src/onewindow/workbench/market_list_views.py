"""The abnormal-operation list (经营异常名录) on the workbench: a market-supervision head's page
of the entries their departments listed, filtered by reason and by whether the enterprise is
still on the list, and the short form that takes off an enterprise found reachable again
(企业经营异常名录管理暂行办法 Art. 13). Who may decide is ``market.lists.may_decide``; the view
parses, calls ``market.lists`` and redirects."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.market import authority, lists
from onewindow.market.credit_models import ListReason
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import take_step

PAGE = 50
OPEN_CHOICES = [
    ("", gettext_lazy("On the list or taken off")),
    ("true", gettext_lazy("On the list")),
    ("false", gettext_lazy("Taken off")),
]


class ListFilterForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        required=False,
        choices=[("", gettext_lazy("Any reason")), *ListReason.choices],
    )
    open = forms.ChoiceField(label=gettext_lazy("Status"), required=False, choices=OPEN_CHOICES)


class ReachedForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How the enterprise was reached"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("E.g. a visit to its registered address, or a new address."),
    )


def _heads_only(user) -> None:
    if not authority.plans_for(user):
        raise PermissionDenied(
            _("The abnormal-operation list is kept by market-supervision heads.")
        )


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page(request, *, status=200, failed=None):
    """The list page (or, to htmx, its results region); ``failed`` is ``(pk, form)`` of a
    take-off form that did not go through, shown on its row."""
    form = ListFilterForm(request.GET)
    rows = lists.entries_for(request.user)
    if form.is_valid():
        if form.cleaned_data["reason"]:
            rows = rows.filter(reason=form.cleaned_data["reason"])
        if form.cleaned_data["open"]:
            rows = rows.filter(removed_on__isnull=form.cleaned_data["open"] == "true")
    else:
        rows, status = rows.none(), 400
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.may_take_off = (
            entry.removed_on is None
            and entry.reason == ListReason.UNREACHABLE
            and lists.may_decide(request.user, entry)
        )
        if entry.may_take_off:
            entry.form = (
                failed[1]
                if failed and failed[0] == entry.pk
                else ReachedForm(auto_id=f"id_%s_{entry.pk}")
            )
    query = _query(request)
    links = {}
    prefix = f"{request.path}?{query}&" if query else f"{request.path}?"
    if page.has_previous():
        links["previous"] = f"{prefix}page={page.previous_page_number()}"
    if page.has_next():
        links["next"] = f"{prefix}page={page.next_page_number()}"
    context = {
        "form": form,
        "page": page,
        "links": links,
        "query": request.GET.urlencode(),
    }
    htmx = request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")
    template = "workbench/market/_list_results.html" if htmx else "workbench/market/lists.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
@official_required
def entries(request):
    """The entries of my departments' abnormal-operation list, those still on it first."""
    _heads_only(request.user)
    return _page(request)


@require_POST
@official_required
def reached(request, pk):
    """Take an enterprise listed as unreachable off the list: the head says how it was reached."""
    _heads_only(request.user)
    entry = lists.entries_for(request.user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    form = ReachedForm(request.POST, auto_id=f"id_%s_{pk}")

    def act(data):
        lists.take_off_reached(entry, actor=request.user, note=data["note"])
        return _("%(name)s is taken off the abnormal-operation list.") % {"name": entry.entity.name}

    query = request.GET.urlencode()
    back = reverse("workbench:market-lists") + (f"?{query}" if query else "")
    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, status=400, failed=(pk, bad)),
        back=back,
    )
