"""The hot-spot map of open hotline tickets (hotline: kbmap): a page whose tables hold the same
numbers as the map (the accessible version), and the JSON the map script reads.

Who may see what is ``hotline.hotspots.scope_of``: dispatchers and supervisors everything,
a department its own tickets, others 403.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from onewindow.core.models import Division
from onewindow.hotline import hotspots
from onewindow.hotline.models import Category
from onewindow.workbench.access import official_required


def _params(request) -> tuple[str, str]:
    category = request.GET.get("category", "").strip()[:32]
    if category and not Category.objects.filter(code=category).exists():
        category = ""
    district = request.GET.get("district", "").strip()[:12]
    return category, district


def _ticket_url(number: str) -> str:
    """The ticket's workbench page when the hotline pages provide one."""
    try:
        return reverse("workbench:hotline-ticket", args=[number])
    except NoReverseMatch:
        return ""


def _district(request, code: str, category: str) -> dict:
    try:
        data = hotspots.district(request.user, code, category=category)
    except Division.DoesNotExist:
        raise Http404 from None
    for ticket in data["tickets"]:
        ticket["url"] = _ticket_url(ticket["number"])
    return data


@require_GET
@official_required
def hotline_map(request):
    category, code = _params(request)
    overview = hotspots.overview(request.user, category=category, geometry=False)
    detail = _district(request, code, category) if code else None
    data_url = reverse("workbench:hotline-map-data")
    query = "&".join(
        part
        for part in (f"category={category}" if category else "", f"district={code}" if code else "")
        if part
    )
    context = {
        "overview": overview,
        "detail": detail,
        "categories": Category.objects.filter(active=True).order_by("order", "code"),
        "category": category,
        "data_url": f"{data_url}?{query}" if query else data_url,
    }
    return render(request, "workbench/hotline/map.html", context)


@require_GET
@official_required
def hotline_map_data(request):
    category, code = _params(request)
    data = {"overview": hotspots.overview(request.user, category=category)}
    if code:
        detail = _district(request, code, category)
        for ticket in detail["tickets"]:
            ticket["received_at"] = ticket["received_at"].isoformat()
        data["district"] = detail
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
