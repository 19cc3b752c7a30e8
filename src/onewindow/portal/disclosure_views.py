"""Proactive disclosure, the public side (政府信息公开, no sign-in): the home page, each agency's
guide and catalogue, a category across agencies, the document page, search, Atom feeds
(RFC 4287) and the catalogue as open data."""

from __future__ import annotations

import json

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from onewindow.core.localized import localized
from onewindow.disclosure import datasets
from onewindow.disclosure.selectors import public
from onewindow.disclosure.vocab import Category
from onewindow.portal.disclosure_forms import SearchForm

PAGE = 20
FEED_ENTRIES = 50


def _category(code: str) -> public.CategoryCount:
    for category in public.category_counts():
        if category.code == code:
            return category
    raise Http404


@require_safe
def home(request):
    return render(
        request,
        "portal/disclosure/home.html",
        {
            "form": SearchForm(),
            "agencies": public.agencies(),
            "categories": public.category_counts(),
            "latest": public.latest(),
        },
    )


@require_safe
def agency(request, code):
    department = public.agency(code)
    if department is None:
        raise Http404
    return render(
        request,
        "portal/disclosure/agency.html",
        {
            "agency": department,
            "guide": public.guide(department),
            "sections": public.catalogue(department),
        },
    )


@require_safe
def category(request, code):
    found = _category(code)
    page = Paginator(public.in_category(code), PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/disclosure/category.html", {"category": found, "page": page})


@require_safe
def document(request, index_number):
    doc = public.document(index_number)
    if doc is None:
        raise Http404
    return render(
        request,
        "portal/disclosure/document.html",
        {
            "doc": doc,
            "title": public.title(doc),
            "body": localized(doc, "body"),
            "category": _category(doc.category),
            "ended": public.ended(doc),
            "replaces": public.replaces(doc),
        },
    )


@require_safe
def search(request):
    form = SearchForm(request.GET)
    results = None
    pages = None
    if form.is_valid():
        number = form.cleaned_data.get("page") or 1
        results = public.search(
            form.cleaned_data["q"], form.filters(), offset=(number - 1) * PAGE, limit=PAGE
        )
        last = max(1, -(-results.total // PAGE))
        query = request.GET.copy()
        query.pop("page", None)

        def link(n):
            query["page"] = n
            return "?" + query.urlencode()

        pages = {
            "number": number,
            "last": last,
            "previous": link(number - 1) if number > 1 else None,
            "next": link(number + 1) if number < last else None,
        }
    return render(
        request,
        "portal/disclosure/search.html",
        {"form": form, "results": results, "pages": pages},
        status=200 if form.is_valid() else 400,
    )


class _DisclosureFeed(Feed):
    feed_type = Atom1Feed

    def author_name(self):
        return gettext("OneWindow government information disclosure")

    def item_title(self, item):
        return public.title(item)

    def item_description(self, item):
        return localized(item, "body")[:500]

    def item_link(self, item):
        return reverse("portal:disclosure-document", args=[item.index_number])

    def item_guid(self, item):
        return f"urn:onewindow:disclosure:{item.index_number}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [Category(item.category).label, item.agency.display_name]


class AgencyFeed(_DisclosureFeed):
    """An agency's newest published documents."""

    def get_object(self, request, code):
        department = public.agency(code)
        if department is None:
            raise Http404
        return department

    def title(self, obj):
        return gettext("%(agency)s: government information disclosure") % {
            "agency": obj.display_name
        }

    def subtitle(self, obj):
        return gettext("Documents the agency published proactively, newest first.")

    def link(self, obj):
        return reverse("portal:disclosure-agency", args=[obj.code])

    def feed_url(self, obj):
        return reverse("portal:disclosure-agency-feed", args=[obj.code])

    def items(self, obj):
        return public.for_feed(agency=obj, count=FEED_ENTRIES)


class CategoryFeed(_DisclosureFeed):
    """A category's newest published documents across agencies."""

    def get_object(self, request, code):
        return _category(code)

    def title(self, obj):
        return gettext("Government information disclosure: %(category)s") % {"category": obj.label}

    def subtitle(self, obj):
        return gettext("Documents published proactively in this category, newest first.")

    def link(self, obj):
        return reverse("portal:disclosure-category", args=[obj.code])

    def feed_url(self, obj):
        return reverse("portal:disclosure-category-feed", args=[obj.code])

    def items(self, obj):
        return public.for_feed(category=obj.code, count=FEED_ENTRIES)


agency_feed = require_safe(AgencyFeed())
category_feed = require_safe(CategoryFeed())


@require_safe
def dataset_page(request):
    return render(request, "portal/disclosure/datasets.html", {"dictionary": datasets.DICTIONARY})


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def dataset_csv(request):
    response = HttpResponse(
        datasets.as_csv(datasets.records(_base_url(request))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{datasets.NAME}.csv"'
    return response


@require_safe
def dataset_json(request):
    body = json.dumps(datasets.as_json(datasets.records(_base_url(request))), ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
