"""The public service catalogue: browse, search, service guides (办事指南) and their diagrams."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from onewindow.catalog import form_pdf, selectors
from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import english_active, localized_entry
from onewindow.catalog.processes import localized_bpmn
from onewindow.catalog.vocabulary import Delivery
from onewindow.core.clock import BeyondTheCalendar, WorkingCalendar, WorkingDays
from onewindow.portal.forms import CatalogueSearchForm

# What the catalogue page offers to try when a search finds nothing (synonyms.yaml knows them).
EXAMPLE_QUERIES = ["领证", "开公司", "上户口", "社保卡丢了", "身份证", "公积金", "居住证", "jhdj"]
# The same everyday searches in the words of an English reader (item names in English match).
EXAMPLE_QUERIES_EN = [
    "marriage",
    "start a business",
    "birth",
    "social security card",
    "identity card",
    "housing provident fund",
    "residence permit",
    "passport",
]


@require_safe
def catalogue(request):
    departments = selectors.departments_with_items()
    form = CatalogueSearchForm(request.GET or None, departments=[d for d, _n in departments])
    results = found = None
    if form.is_valid() and any(form.cleaned_data.values()):
        data = form.cleaned_data
        filters = {
            "domain": data["domain"],
            "life_event": data["event"],
            "department": data["department"],
        }
        if data["q"].strip():
            found = selectors.search_items(q=data["q"], **filters)
            results = found.found
        else:
            results = list(selectors.find_items(**filters))
    return render(
        request,
        "portal/catalogue.html",
        {
            "form": form,
            "results": results,
            "found": found,
            "examples": EXAMPLE_QUERIES_EN if english_active() else EXAMPLE_QUERIES,
            "domains": selectors.domain_counts(),
            "events": selectors.life_event_counts(),
            "departments": departments,
        },
    )


FIELD_KIND_LABELS = {
    "text": _("text"),
    "number": _("number"),
    "choice": _("choice"),
    "file": _("file upload"),
    "date": _("date"),
    "id-number": _("ID number"),
    "uscc": _("unified social credit code"),
    "division": _("administrative division"),
    "phone": _("mobile phone"),
}


def _form_fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", []))
    fields = []
    for name, field in schema.get("properties", {}).items():
        kind = field_kind(field)
        if kind == "formatted":
            kind = field["format"]
        title = localized_entry(field, "title") or name
        fields.append(
            {"title": title, "kind": FIELD_KIND_LABELS[kind], "required": name in required}
        )
    return fields


def _faq(entries: list[dict]) -> list[dict]:
    return [{"q": localized_entry(e, "q"), "a": localized_entry(e, "a")} for e in entries]


def _promised_due(item):
    if item.instant:
        return None
    try:
        return WorkingCalendar().add_working_days(
            timezone.localdate(), WorkingDays(item.promised_limit)
        )
    except BeyondTheCalendar:
        return None


@require_safe
def guide(request, code):
    item = selectors.item_by_code(code)
    if item is None:
        raise Http404
    departments = selectors.departments_of(item)
    parallel = [departments[c] for c in item.parallel_department_codes if c in departments]
    benefits = [
        benefit
        for benefit in (
            selectors.item_by_code(c) for c in item.process_parameters.get("benefits", [])
        )
        if benefit is not None
    ]
    steps = item.localized_steps()
    overlays = {}
    if parallel:
        overlays["department_reviews"] = [d.display_name for d in parallel]
    if benefits:
        overlays["benefits"] = [b.display_name for b in benefits]
    return render(
        request,
        "portal/guide.html",
        {
            "item": item,
            "materials": list(item.materials.all()),
            "co_departments": list(item.co_departments.all()),
            "parallel": parallel,
            "benefits": benefits,
            "overlays": overlays,
            "fields": _form_fields(item.form_schema),
            "faq": _faq(item.faq),
            "promised_due": _promised_due(item),
            "where": _where(item),
            "steps": steps,
            "depth_label": ONLINE_DEPTH_LABELS.get(item.online_depth, ""),
            # 在线办理 when the application can be sent online (level 2 and up); 预约 when the
            # law asks for a visit, or when nothing can be done online (level 1).
            "can_apply": item.online_depth >= 2,
            "can_book": bool(steps) or item.online_depth == 1,
            "locations": item.localized_locations(),
            "delivery": [DELIVERY_LABELS[d] for d in item.delivery_methods if d in DELIVERY_LABELS],
        },
    )


def _where(item) -> dict:
    groups, total = selectors.places_for(item, limit=1000)
    return {"groups": groups, "total": total}


DELIVERY_LABELS = dict(Delivery.choices)

# What each level of 网上办理深度 means for the applicant, in plain words.
ONLINE_DEPTH_LABELS = {
    1: _("Information online; apply in person"),
    2: _("Apply online for a check, then finish in person"),
    3: _("Apply online; at most one visit"),
    4: _("Fully online; no visit"),
}


@require_safe
def form_download(request, code, kind):
    """The item's blank form (空白表格) or filled-in sample (示范文本) as a PDF download."""
    item = selectors.item_by_code(code)
    if item is None or kind not in ("blank", "sample"):
        raise Http404
    response = HttpResponse(
        form_pdf.render(item, sample=kind == "sample"), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{item.code}-{kind}.pdf"'
    return response


@require_safe
def diagram(request, code):
    """The item's process as BPMN XML with labels in the active language, for bpmn-js."""
    item = selectors.item_by_code(code)
    if item is None:
        raise Http404
    return HttpResponse(localized_bpmn(item.process.bpmn), content_type="application/xml")
