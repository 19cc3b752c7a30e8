"""The enterprise's annual reports (年报) in the hall: the year open now with its period, the
reports filed, its entries on the abnormal-operation list (经营异常名录), and the form that
files or corrects the report on the open year (企业信息公示暂行条例 Art. 8, 9, 17).

Writes go through ``market.reports.file``; reads through ``market.reports`` and
``market.lists``. Only an enterprise on the registry has these pages (``reports.entity_of``).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from onewindow.market import lists, reports
from onewindow.market.credit_models import AnnualReport, ListKind, ListReason
from onewindow.portal.annual_report_forms import AnnualReportForm
from onewindow.registry.models import EntityStatus


def enterprise_only(view):
    """Signed in, as an enterprise on the registry: others get 403 with the service's reason."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            entity = reports.entity_of(request.user)
        except PermissionDenied as refused:
            return render(
                request,
                "portal/annual_reports/refused.html",
                {"reason": str(refused)},
                status=403,
            )
        return view(request, entity, *args, **kwargs)

    return wrapped


def _open_entry(entity, year: int):
    """The entity's open entry for not filing the report on ``year``, if any."""
    return (
        lists.entries_of(entity)
        .filter(kind=ListKind.ABNORMAL, reason=ListReason.NO_REPORT, year=year, removed_on=None)
        .first()
    )


def _open(entity, today, filed: list[AnnualReport]) -> dict | None:
    """The year the enterprise may file or correct now, its period and where it stands:
    due (in the period, not filed), correctable (filed, period running) or late."""
    year = reports.open_year(entity, today)
    if year is None or entity.status != EntityStatus.ACTIVE:
        return None
    opens, closes = reports.window(year)
    report = next((r for r in filed if r.year == year), None)
    state = "late" if today > closes else "correctable" if report else "due"
    return {
        "year": year,
        "opens": opens,
        "closes": closes,
        "report": report,
        "state": state,
        "listed": _open_entry(entity, year) if state == "late" else None,
    }


@require_safe
@enterprise_only
def annual_reports(request, entity):
    """The year open now, the reports filed and the entries on the credit lists."""
    today = timezone.localdate()
    english = (get_language() or "").startswith("en")
    entries = [
        {"entry": entry, "basis": (entry.basis_en or entry.basis) if english else entry.basis}
        for entry in lists.entries_of(entity)
    ]
    filed = reports.reports_of(request.user)
    context = {
        "entity": entity,
        "open": _open(entity, today, filed),
        "filed": filed,
        "entries": entries,
    }
    return render(request, "portal/annual_reports/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@enterprise_only
def file_report(request, entity, year: int):
    """The report on ``year``, filed or corrected; only the year open now."""
    today = timezone.localdate()
    open_ = _open(entity, today, reports.reports_of(request.user))
    if open_ is None or open_["year"] != year:
        raise Http404(
            _("The report on %(year)d cannot be filed or corrected now.") % {"year": year}
        )
    if request.method != "POST":
        form = AnnualReportForm.of_report(open_["report"])
        return render(request, "portal/annual_reports/form.html", _form_context(open_, form))
    form = AnnualReportForm(request.POST)
    listed = open_["listed"]
    try:
        report = reports.file(actor=request.user, data=form.report_data(), year=year)
    except ValidationError as error:
        form.take_errors(error)
        return render(
            request, "portal/annual_reports/form.html", _form_context(open_, form), status=400
        )
    if open_["report"] is not None:
        text = _("Your annual report on %(year)d is corrected.")
    elif report.late:
        text = _("Your annual report on %(year)d is filed, after 30 June.")
    else:
        text = _("Your annual report on %(year)d is filed.")
    messages.success(request, text % {"year": year})
    if listed is not None and not _open_entry(entity, year):
        messages.success(
            request,
            _("You are taken off the abnormal-operation list (listed on %(day)s).")
            % {"day": date_format(listed.listed_on)},
        )
    return redirect("portal:annual-reports")


def _form_context(open_: dict, form: AnnualReportForm) -> dict:
    return {"open": open_, "year": open_["year"], "form": form}
