"""The disclosure office's annual report pages: the drafts, a draft's text sections with the
tables' preview and the head's publication, and the reviews and lawsuits of table 4.

Each view parses its input, calls one selector or service of ``disclosure`` and renders; who may
do what is ``disclosure.services.reports.ALLOWED``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.accounts.models import Department
from onewindow.disclosure import report_layout, report_ledger
from onewindow.disclosure.selectors import reports as selectors
from onewindow.disclosure.services import reports
from onewindow.workbench.access import official_required
from onewindow.workbench.disclosure_report_forms import (
    ConcludeForm,
    OpenForm,
    RemedyForm,
    SectionsForm,
)
from onewindow.workbench.form_errors import put_errors


def _agencies(user) -> list[Department]:
    return list(Department.objects.filter(pk__in=selectors.require_office(user)))


@require_http_methods(["GET", "POST"])
@official_required
def report_list(request):
    """The reports of the user's agencies, and opening one on a year."""
    agencies = _agencies(request.user)
    form = OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.open_report(agencies[0], form.cleaned_data["year"], actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("workbench:disclosure-report", report.pk)
    context = {
        "reports": selectors.reports_for(request.user),
        "agencies": agencies,
        "form": form,
    }
    return render(
        request, "workbench/disclosure/reports.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@official_required
def report(request, pk):
    """A draft's text sections (saved on POST) and the preview of its tables; a published
    report's frozen tables."""
    found = selectors.report_for(request.user, pk)
    # the form validates a copy: the service reads the report again, locked
    form = SectionsForm(request.POST or None, instance=selectors.report_for(request.user, pk))
    if request.method == "POST" and form.is_valid():
        try:
            reports.save_sections(found, form.cleaned_data, actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The report's text is saved."))
            return redirect("workbench:disclosure-report", found.pk)
    context = {
        "report": found,
        "form": form,
        "rows": report_layout.layout(selectors.tables(found)),
        "due_on": report_ledger.due_on(found.year),
        "can_publish": reports.may(request.user, "publish", found.agency_id),
    }
    return render(
        request, "workbench/disclosure/report.html", context, status=400 if form.errors else 200
    )


@require_POST
@official_required
def publish(request, pk):
    found = selectors.report_for(request.user, pk)
    try:
        reports.publish(found, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is published; its tables are frozen."))
    return redirect("workbench:disclosure-report", found.pk)


@require_http_methods(["GET", "POST"])
@official_required
def remedies(request):
    """The reviews and lawsuits about the agency's disclosure, and recording a new one."""
    agencies = _agencies(request.user)
    form = RemedyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reports.record_remedy(agencies[0], form.cleaned_data, actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The review or lawsuit is recorded."))
            return redirect("workbench:disclosure-remedies")
    context = {
        "remedies": selectors.remedies_for(request.user),
        "form": form,
        "conclude": ConcludeForm(),
    }
    return render(
        request, "workbench/disclosure/remedies.html", context, status=400 if form.errors else 200
    )


@require_POST
@official_required
def conclude(request, pk):
    remedy = selectors.remedy_for(request.user, pk)
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
        return redirect("workbench:disclosure-remedies")
    try:
        reports.conclude_remedy(remedy, form.cleaned_data, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result is recorded."))
    return redirect("workbench:disclosure-remedies")
