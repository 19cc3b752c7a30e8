"""The workbench's lists besides the inbox: 已办 (cases I acted on), the case search with its
filters, and the official's saved searches. Each view parses, calls one selector or service,
renders."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.accounts import selectors as account_selectors
from onewindow.accounts import services as account_services
from onewindow.accounts.models import SavedFilter
from onewindow.cases import worklists
from onewindow.workbench.access import official_required
from onewindow.workbench.list_forms import CasePagerForm, SaveFilterForm, SearchForm
from onewindow.workbench.views import _partial_or_page, _wants_results_only, page_size


def _links(path: str, page: worklists.Page | None, query: dict) -> dict[str, str]:
    if page is None:
        return {}
    links = {}
    if page.previous_key is not None:
        links["previous"] = f"{path}?{urlencode({**query, 'before': page.previous_key})}"
    if page.next_key is not None:
        links["next"] = f"{path}?{urlencode({**query, 'after': page.next_key})}"
    return links


def _tabs(request, context: dict) -> dict:
    if not _wants_results_only(request):
        context["counts"] = worklists.counts(request.user, request.desk)
    return context


@require_GET
@official_required
def done(request):
    """已办: the cases I acted on, newest first."""
    pager = CasePagerForm(request.GET)
    page = None
    if pager.is_valid():
        page = worklists.done(
            request.user,
            after=pager.cleaned_data["after"],
            before=pager.cleaned_data["before"],
            size=page_size(),
        )
    context = {"form": pager, "page": page, "links": _links(request.path, page, {})}
    return _partial_or_page(
        request, "workbench/done.html", "workbench/_done_results.html", _tabs(request, context)
    )


@require_GET
@official_required
def search(request):
    """Find a case by number, applicant or service, with filters; newest first."""
    form = SearchForm(request.GET, divisions=worklists.divisions_of(request.user))
    page, query = None, {}
    if form.is_valid():
        query = form.filter_query()
        if query:
            page = worklists.search(
                request.user,
                form.search(),
                after=form.cleaned_data["after"],
                before=form.cleaned_data["before"],
                size=page_size(),
            )
    context = {
        "form": form,
        "page": page,
        "searched": bool(query),
        "query_string": urlencode(query),
        "links": _links(request.path, page, query),
        "saved": account_selectors.saved_filters(request.user),
        "save_form": SaveFilterForm(initial={"query": urlencode(query)}, auto_id="id_save_%s"),
    }
    return _partial_or_page(
        request, "workbench/search.html", "workbench/_search_results.html", _tabs(request, context)
    )


@require_POST
@official_required
def save_filter(request):
    """Keep the search just run under a name."""
    form = SaveFilterForm(request.POST)
    query = request.POST.get("query", "")
    if form.is_valid():
        try:
            saved = account_services.save_filter(
                user=request.user, name=form.cleaned_data["name"], query=query
            )
        except ValidationError as error:
            for messages_ in error.message_dict.values():
                for message in messages_:
                    messages.error(request, message)
        else:
            messages.success(request, _("Search saved as “%(name)s”.") % {"name": saved.name})
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, _("Name of this search: %(error)s") % {"error": message})
    return redirect(f"{_search_url()}?{query}" if query else _search_url())


@require_POST
@official_required
def delete_filter(request, filter_id: int):
    try:
        account_services.delete_filter(user=request.user, filter_id=filter_id)
    except SavedFilter.DoesNotExist as error:
        raise Http404(str(error)) from error
    messages.success(request, _("Saved search deleted."))
    return redirect(_search_url())


def _search_url() -> str:
    return reverse("workbench:search")
