"""Every write of the annual report (政府信息公开条例 Art. 49–50) and of table 4's reviews and
lawsuits: one transaction each, audited, authorized here.

Who may do what to an agency's report is one table, ``ALLOWED``: its disclosure officers and
the head of its disclosure office edit the text and record remedies; only the head publishes.
``actor=None`` is the platform itself (the ``open-disclosure-reports`` command, the demo).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, RoleAssignment
from onewindow.core import audit
from onewindow.disclosure import annual_report, report_ledger
from onewindow.disclosure.models import Guide
from onewindow.disclosure.report_models import SECTIONS, AnnualReport, Remedy, ReportStatus
from onewindow.disclosure.vocab import RemedyKind, RemedyResult

ALLOWED = {
    "edit": (Role.DISCLOSURE_OFFICER, Role.DISCLOSURE_HEAD),
    "publish": (Role.DISCLOSURE_HEAD,),
    "remedy": (Role.DISCLOSURE_OFFICER, Role.DISCLOSURE_HEAD),
}
SECTION_LIMIT = 20000  # characters per text section
FIRST_YEAR = 2008  # the first reports, on 2008 (政府信息公开条例 2007, in force 2008)


def may(user, action: str, agency_id: int) -> bool:
    if user is None:
        return True
    if not (user.is_authenticated and user.is_official):
        return False
    return RoleAssignment.objects.filter(
        user=user, department_id=agency_id, role__in=ALLOWED[action]
    ).exists()


def _require(user, action: str, agency_id: int) -> None:
    if not may(user, action, agency_id):
        raise PermissionDenied(_("You may not do this for this agency's annual report."))


def _check_year(year) -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": _("Enter a year between 2008 and this year.")})
    return year


@transaction.atomic
def open_report(agency: Department, year: int, *, actor=None) -> AnnualReport:
    """The draft of ``agency``'s report on ``year`` (made once) and its row in the ledger,
    due 31 January of the next year."""
    _require(actor, "edit", agency.pk)
    _check_year(year)
    report, created = AnnualReport.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    if created:
        report_ledger.track(report)
        audit.record(
            "disclosure.report_opened",
            object_type="disclosure_report",
            object_id=report.pk,
            actor=actor,
            data={"agency": agency.code, "year": year},
        )
    return report


def open_reports(year: int) -> list[AnnualReport]:
    """Open ``year``'s drafts for every agency with a disclosure guide (the command)."""
    agencies = Department.objects.filter(pk__in=Guide.objects.values("agency_id")).select_related(
        "division"
    )
    return [open_report(agency, year) for agency in agencies]


def _locked(report: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update()
        .select_related("agency__division")
        .get(pk=report.pk)
    )


@transaction.atomic
def save_sections(report: AnnualReport, data: dict, *, actor) -> AnnualReport:
    """Replace the draft's text sections given in ``data`` (``overview``, ``overview_en`` …)."""
    report = _locked(report)
    _require(actor, "edit", report.agency_id)
    if report.is_published:
        raise ValidationError(_("A published report cannot be changed."))
    fields = [f"{name}{suffix}" for name in SECTIONS for suffix in ("", "_en")]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError({unknown[0]: _("There is no such section.")})
    errors = {}
    for field, value in data.items():
        if not isinstance(value, str):
            errors[field] = _("Enter text.")
        elif len(value) > SECTION_LIMIT:
            errors[field] = _("At most %(n)d characters.") % {"n": SECTION_LIMIT}
    if errors:
        raise ValidationError(errors)
    changed = sorted(f for f, v in data.items() if getattr(report, f) != v.strip())
    for field in changed:
        setattr(report, field, data[field].strip())
    if changed:
        report.version += 1
        report.save(update_fields=[*changed, "version", "updated_at"])
        audit.record(
            "disclosure.report_edited",
            object_type="disclosure_report",
            object_id=report.pk,
            actor=actor,
            data={"sections": changed, "version": report.version},
        )
    return report


@transaction.atomic
def publish(report: AnnualReport, *, actor, at=None) -> AnnualReport:
    """Publish the report: its tables are computed one last time and frozen, its ledger matter
    closed (late if after 31 January). The year must be over and the overview written in
    Chinese."""
    report = _locked(report)
    _require(actor, "publish", report.agency_id)
    at = at or timezone.now()
    if report.is_published:
        raise ValidationError(_("This report is already published."))
    if timezone.localdate(at) <= date(report.year, 12, 31):
        raise ValidationError({"year": _("A report is published once its year is over.")})
    if not report.overview.strip():
        raise ValidationError({"overview": _("Write the overview before publishing.")})
    report.tables = annual_report.compute(report.agency, report.year)
    report.status = ReportStatus.PUBLISHED
    report.published_at = at
    report.published_by = actor
    report.version += 1
    report.save()
    report_ledger.close(report, at)
    audit.record(
        "disclosure.report_published",
        object_type="disclosure_report",
        object_id=report.pk,
        actor=actor,
        data={"agency": report.agency.code, "year": report.year},
    )
    return report


def _remedy_fields(data: dict) -> dict:
    errors = {}
    kind = data.get("kind", "")
    if kind not in RemedyKind.values:
        errors["kind"] = _("Choose the kind of review or lawsuit.")
    reference = (data.get("reference") or "").strip()
    if not reference or len(reference) > 64:
        errors["reference"] = _("Enter the case reference (at most 64 characters).")
    filed_on, concluded_on = data.get("filed_on"), data.get("concluded_on")
    today = timezone.localdate()
    if not isinstance(filed_on, date) or filed_on > today:
        errors["filed_on"] = _("Enter the day it was filed, not in the future.")
    result = data.get("result") or RemedyResult.PENDING
    if result not in RemedyResult.values:
        errors["result"] = _("Choose a result.")
    elif concluded_on is None and result != RemedyResult.PENDING:
        errors["concluded_on"] = _("Enter the day it was concluded.")
    elif concluded_on is not None and result == RemedyResult.PENDING:
        errors["result"] = _("Choose the result of a concluded review or lawsuit.")
    if concluded_on is not None and (
        not isinstance(concluded_on, date)
        or concluded_on > today
        or (isinstance(filed_on, date) and concluded_on < filed_on)
    ):
        errors["concluded_on"] = _("Enter a day between the filing and today.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "reference": reference,
        "filed_on": filed_on,
        "concluded_on": concluded_on,
        "result": result,
        "note": (data.get("note") or "").strip()[:2000],
    }


@transaction.atomic
def record_remedy(agency: Department, data: dict, *, actor) -> Remedy:
    """Record an administrative review or a lawsuit about the agency's disclosure (table 4)."""
    _require(actor, "remedy", agency.pk)
    fields = _remedy_fields(data)
    if Remedy.objects.filter(
        agency=agency, kind=fields["kind"], reference=fields["reference"]
    ).exists():
        raise ValidationError({"reference": _("This review or lawsuit is already recorded.")})
    remedy = Remedy.objects.create(agency=agency, recorded_by=actor, **fields)
    audit.record(
        "disclosure.remedy_recorded",
        object_type="disclosure_remedy",
        object_id=remedy.pk,
        actor=actor,
        data={"agency": agency.code, "kind": remedy.kind, "result": remedy.result},
    )
    return remedy


@transaction.atomic
def conclude_remedy(remedy: Remedy, data: dict, *, actor) -> Remedy:
    """Record the result of a pending review or lawsuit."""
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    _require(actor, "remedy", remedy.agency_id)
    if remedy.concluded_on is not None:
        raise ValidationError({"result": _("This review or lawsuit is already concluded.")})
    fields = _remedy_fields(
        {
            "kind": remedy.kind,
            "reference": remedy.reference,
            "filed_on": remedy.filed_on,
            "note": remedy.note,
            **data,
        }
    )
    if fields["concluded_on"] is None:
        raise ValidationError({"concluded_on": _("Enter the day it was concluded.")})
    remedy.concluded_on, remedy.result = fields["concluded_on"], fields["result"]
    remedy.save(update_fields=["concluded_on", "result"])
    audit.record(
        "disclosure.remedy_concluded",
        object_type="disclosure_remedy",
        object_id=remedy.pk,
        actor=actor,
        data={"result": remedy.result},
    )
    return remedy
