"""The officials' workbench: the departments' inbox, the case page, files and e-supervision.

Each view parses its input, calls one selector and renders; the case actions are in
``action_views``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from onewindow.accounts import duties
from onewindow.accounts import selectors as account_selectors
from onewindow.cases import downloads, rating_stats, selectors, worklists
from onewindow.cases import inbox as inbox_selectors
from onewindow.cases import rollup as rollup_selectors
from onewindow.cases.errors import CaseNotFound
from onewindow.core import selectors as core_selectors
from onewindow.supervision import selectors as ledger_selectors
from onewindow.workbench import casepage
from onewindow.workbench.access import official_required, supervisor_required
from onewindow.workbench.forms import InboxFilterForm, LedgerFilterForm


def page_size() -> int:
    return int(
        getattr(settings, "ONEWINDOW_WORKBENCH_PAGE_SIZE", inbox_selectors.DEFAULT_PAGE_SIZE)
    )


def _links(path: str, page: inbox_selectors.Page | None, query: dict) -> dict[str, str]:
    """The previous and next page links: the filters plus the key to seek from."""
    if page is None:
        return {}
    links = {}
    if page.previous_key is not None:
        links["previous"] = f"{path}?{urlencode({**query, 'before': str(page.previous_key)})}"
    if page.next_key is not None:
        links["next"] = f"{path}?{urlencode({**query, 'after': str(page.next_key)})}"
    return links


def _wants_results_only(request) -> bool:
    """htmx (filters, paging links) asks for the results region only."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def _partial_or_page(request, full: str, partial: str, context: dict):
    template = partial if _wants_results_only(request) else full
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@official_required
def inbox(request):
    """My departments' work, oldest due first, filtered and paged by key."""
    form = InboxFilterForm(request.GET)
    page = None
    if form.is_valid():
        page = inbox_selectors.inbox(
            request.user,
            form.filters(),
            after=form.cleaned_data["after"],
            before=form.cleaned_data["before"],
            size=page_size(),
            desk=request.desk,
        )
    context = {
        "form": form,
        "page": page,
        "links": _links(request.path, page, form.filter_query() if form.is_valid() else {}),
        "filtered": form.is_valid() and bool(form.filter_query()),
    }
    if not _wants_results_only(request):
        if not (request.GET.get("after") or request.GET.get("before")):  # tab badges: page 1
            context["counts"] = worklists.counts(request.user, request.desk)
        context["roles"] = roles = account_selectors.roles_of(request.user)
        if any(duties.is_duty(role.role) for role in roles):  # no query for anyone else
            context["calendar_warning"] = core_selectors.calendar_warning(
                request.user, timezone.localdate()
            )
    return _partial_or_page(
        request, "workbench/inbox.html", "workbench/_inbox_results.html", context
    )


@require_GET
@supervisor_required
def supervision(request):
    """e-supervision: red and yellow cards per department and the carded matters of every kind,
    earliest due first, all read from the ledger (``supervision.selectors``)."""
    form = LedgerFilterForm(
        request.GET,
        kinds=ledger_selectors.kinds_present(),
        user=request.user,
        suggest_url=reverse("workbench:supervision-departments"),
    )
    page, filters = None, {}
    if form.is_valid():
        filters = form.filters()
        try:
            page = ledger_selectors.flagged(
                request.user, after=form.cleaned_data["after"], size=page_size(), **filters
            )
        except ValueError:
            page = None
    links = {}
    if page is not None and page.next_key:
        links["next"] = f"{request.path}?{urlencode({**filters, 'after': page.next_key})}"
    if page is not None and not page.first:
        links["previous"] = f"{request.path}?{urlencode(filters)}"
    context = {"form": form, "page": page, "links": links}
    if not _wants_results_only(request):
        typed = form.data.get("department", "")
        context["departments"] = ledger_selectors.suggest_departments(request.user, typed)
        kind = filters.get("kind", "")
        context["counts"] = ledger_selectors.card_counts(request.user, kind=kind)
        context["totals"] = ledger_selectors.card_totals(request.user, kind=kind)
        context["rectifications"] = rating_stats.open_rectifications(request.user)
    return _partial_or_page(
        request, "workbench/supervision.html", "workbench/_flagged_results.html", context
    )


@require_GET
@supervisor_required
def department_suggestions(request):
    """The department filter's suggestions for what is typed (htmx: the datalist's options)."""
    typed = request.GET.get("department", "")[:200]
    found = ledger_selectors.suggest_departments(request.user, typed)
    return render(request, "workbench/_department_options.html", {"departments": found})


@require_GET
@supervisor_required
def rollup(request):
    """The province's roll-up: per city and district, finished on time and open overdue."""
    return render(
        request, "workbench/rollup.html", {"rollup": rollup_selectors.rollup(request.user)}
    )


def case_file_or_404(request, number: str) -> selectors.CaseFile:
    try:
        return selectors.case_file(request.user, number)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from exc


@require_GET
@official_required
def case(request, number):
    """The shared file of one case and the actions the official may take on it."""
    file = case_file_or_404(request, number)
    return render(request, "workbench/case.html", casepage.context(request.desk, file))


@require_GET
@official_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})
def material(request, number, material):
    """An uploaded material, shown inline (the case page frames PDFs and shows images)."""
    try:
        found = selectors.material_for(request.user, number, material)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from exc
    return downloads.material_response(found, attachment=False)


@require_GET
@official_required
def document(request, number, document):
    """A notice or decision the case issued, as PDF."""
    try:
        found = selectors.document_for(request.user, number, document)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from exc
    return downloads.document_response(found)
