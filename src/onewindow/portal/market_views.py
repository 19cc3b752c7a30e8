"""Random inspections (双随机一公开, 国办发〔2015〕58号), the public side, no sign-in: every plan
from its commitment on, and a plan's page with its scope, the commitment and the frozen lists
to download, the published seed and the drawn targets, and the published results, so anyone can
check the draw. Never the inspectors: the teams stay in the workbench."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from onewindow.market import draw, industries, inspections, selectors
from onewindow.market.models import RISK_WEIGHTS, RiskGrade

PAGE = 20


@require_safe
def plan_list(request):
    page = Paginator(selectors.public_plans(), PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/market/plans.html", {"page": page})


@require_safe
def plan(request, number):
    found = selectors.public_plan(number)
    context = {
        "plan": found,
        "industries": [(code, industries.label(code)) for code in found.industries],
        "risk_grades": [RiskGrade(grade).label for grade in found.risk_grades],
        "weights": [(RiskGrade(grade).label, weight) for grade, weight in RISK_WEIGHTS.items()],
        "sample": draw.sample_size(found.target_count, found.ratio),
        "lists_name": _lists_name(found),
        "drawn": list(selectors.drawn_targets(found)),
        "results": list(selectors.published_results(found)),
    }
    return render(request, "portal/market/plan.html", context)


@require_safe
def plan_lists(request, number):
    """The frozen lists exactly as stored and digested when the seed was committed."""
    found = selectors.public_plan(number)
    _lists, content = inspections.read_lists(found)
    response = HttpResponse(content, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_lists_name(found)}"'
    return response


def _lists_name(plan) -> str:
    return f"{plan.number}.json"
