"""The published annual reports on government information disclosure (政府信息公开条例 Art. 49–50):
a list, each report's page with the template's tables, and its PDF. No sign-in."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from onewindow.disclosure import report_layout, report_pdf
from onewindow.disclosure.selectors import reports as selectors


@require_safe
def report_list(request):
    return render(
        request, "portal/disclosure/reports.html", {"reports": selectors.published_list()}
    )


@require_safe
def report(request, agency, year):
    found = selectors.published(agency, year)
    context = {"report": found, "rows": report_layout.layout(found.tables)}
    return render(request, "portal/disclosure/report.html", context)


@require_safe
def report_pdf_view(request, agency, year):
    found = selectors.published(agency, year)
    response = HttpResponse(report_pdf.render(found, found.tables), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{found.agency.code}-{year}.pdf"'
    return response
