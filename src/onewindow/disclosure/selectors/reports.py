"""Reads of the annual reports: published ones for everyone, drafts and remedies for the
agency's disclosure office (the roles of ``services.reports.ALLOWED``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from onewindow.accounts.models import RoleAssignment
from onewindow.disclosure import annual_report
from onewindow.disclosure.report_models import AnnualReport, Remedy, ReportStatus
from onewindow.disclosure.services.reports import ALLOWED, may


def published(agency_code: str, year: int) -> AnnualReport:
    if not 2008 <= year <= 9999:  # a year no report is on (and no integer column overflows)
        raise Http404
    report = (
        AnnualReport.objects.select_related("agency")
        .filter(agency__code=agency_code, year=year, status=ReportStatus.PUBLISHED)
        .first()
    )
    if report is None:
        raise Http404
    return report


def published_list() -> list[AnnualReport]:
    return list(
        AnnualReport.objects.select_related("agency")
        .filter(status=ReportStatus.PUBLISHED)
        .order_by("-year", "agency__code")
    )


def agencies_of(user) -> list[int]:
    """The agencies whose reports ``user`` works on."""
    if not (user.is_authenticated and user.is_official):
        return []
    return sorted(
        set(
            RoleAssignment.objects.filter(user=user, role__in=ALLOWED["edit"]).values_list(
                "department_id", flat=True
            )
        )
    )


def require_office(user) -> list[int]:
    agencies = agencies_of(user)
    if not agencies:
        raise PermissionDenied
    return agencies


def reports_for(user) -> list[AnnualReport]:
    return list(
        AnnualReport.objects.select_related("agency")
        .filter(agency_id__in=require_office(user))
        .order_by("-year", "agency__code")
    )


def report_for(user, pk: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("agency__division").filter(pk=pk).first()
    if report is None:
        raise Http404
    if not may(user, "edit", report.agency_id):
        raise PermissionDenied
    return report


def tables(report: AnnualReport) -> dict:
    """The frozen tables of a published report; a draft's are computed now (a preview)."""
    if report.is_published:
        return report.tables
    return annual_report.compute(report.agency, report.year)


def remedies_for(user) -> list[Remedy]:
    return list(Remedy.objects.select_related("agency").filter(agency_id__in=require_office(user)))


def remedy_for(user, pk: int) -> Remedy:
    remedy = Remedy.objects.filter(pk=pk).first()
    if remedy is None:
        raise Http404
    if not may(user, "remedy", remedy.agency_id):
        raise PermissionDenied
    return remedy
