"""Writes on incidents: record, report up, acknowledge, update, close. Each one transaction,
audited; every report's clock is in the e-supervision ledger (kind "emergency-report", hours).

An incident is recorded by a department's duty officer (received on duty, reported by another
department, or escalated from a 12345 ticket). It then goes up the emergency management tree
one level at a time (生产安全事故报告和调查处理条例 Art. 10): an ordinary one to the city, a larger
one to the province, a major or especially major one to the province too, which passes it to the
State Council outside the platform. Each level has 2 hours (Art. 11) from when it learned of the
incident, recording it or acknowledging the report below (接报), to report it on.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core import audit, clock
from onewindow.emergency import authority, checks, duty, events
from onewindow.emergency import messages as emergency_messages
from onewindow.emergency.incident_models import (
    GRADE_RANK,
    EventClass,
    Grade,
    Incident,
    IncidentReport,
    IncidentState,
    Source,
)
from onewindow.hotline import authority as hotline_authority
from onewindow.hotline import services as hotline
from onewindow.hotline.models import Ticket
from onewindow.notifications import services as notifications
from onewindow.registry import geo
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "emergency-report"
STAGE = "reporting"
REPORT_HOURS = 2  # 生产安全事故报告和调查处理条例 Art. 11: each level within 2 hours
BUREAU = "YJGL"  # the emergency management department of each level: <division>-YJGL
# Art. 10: the highest level each grade is reported to on the platform (the province passes
# major and especially major incidents on to the State Council, outside it)
TOP_LEVEL = {
    Grade.ORDINARY: "prefecture",
    Grade.LARGER: "province",
    Grade.MAJOR: "province",
    Grade.GRAVEST: "province",
}
LEVEL_ORDER = ["county", "prefecture", "province"]
MAX_TEXT = 4000


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Incident report"),
        stages={STAGE: pgettext_lazy("stage of a supervised incident report", "Reporting up")},
    )


# ---------------------------------------------------------------------------------------------
# Checking input


def _text(data: dict, field: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    return checks.text(data, field, required=required, limit=limit)


def _count(data: dict, field: str) -> int:
    value = data.get(field)
    if value in (None, ""):
        return 0
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Enter a whole number.")}) from None
    if not 0 <= number <= 10_000_000:
        raise ValidationError({field: _("Enter a number from 0 to 10,000,000.")})
    return number


def _money(data: dict, field: str) -> Decimal:
    value = data.get(field)
    if value in (None, ""):
        return Decimal(0)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({field: _("Enter an amount in 10,000 yuan.")}) from None
    if not amount.is_finite() or not Decimal(0) <= amount < Decimal("10000000000"):
        raise ValidationError({field: _("Enter an amount in 10,000 yuan.")})
    return amount.quantize(Decimal("0.01"))


def _moment(data: dict, field: str, default: datetime) -> datetime:
    found = checks.moment(data, field, default)
    if found > timezone.now():
        raise ValidationError({field: _("This time lies in the future.")})
    return found


def clean(data: dict, *, partial: bool = False) -> dict:
    """What a duty officer gives, checked; a ``ValidationError`` names the field."""
    out: dict = {}
    if not partial:
        event_class = str(data.get("event_class") or "")
        if event_class not in EventClass.values:
            raise ValidationError({"event_class": _("Choose the class of the event.")})
        out["event_class"] = event_class
        out["title"] = _text(data, "title", required=True, limit=160)
        out["title_en"] = _text(data, "title_en", required=False, limit=240)
        out["description"] = _text(data, "description", required=True)
        out["description_en"] = _text(data, "description_en", required=False)
        out["address"] = _text(data, "address", required=False, limit=200)
        out["occurred_at"] = _moment(data, "occurred_at", timezone.now())
        out["longitude"], out["latitude"] = geo.validate_coordinates(
            data.get("longitude"), data.get("latitude")
        )
    grade = str(data.get("grade") or "")
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose the grade.")})
    out["grade"] = grade
    for field in ("deaths", "injured", "missing", "affected"):
        out[field] = _count(data, field)
    out["losses"] = _money(data, "losses")
    return out


# ---------------------------------------------------------------------------------------------
# The tree of emergency management departments


def _level(department: Department) -> str:
    return department.division.level


def bureau_above(department: Department) -> Department | None:
    """The emergency management department one level up, or None at the province."""
    division = department.division.parent
    while division is not None:
        found = Department.objects.filter(code=f"{division.code}-{BUREAU}").first()
        if found is not None:
            return found
        division = division.parent
    return None


def _needs_report(department: Department, grade: str) -> bool:
    """Whether ``department`` passes an incident of ``grade`` on (Art. 10)."""
    level = _level(department)
    if level not in LEVEL_ORDER:
        return True  # a street office reports to its district
    return LEVEL_ORDER.index(level) < LEVEL_ORDER.index(TOP_LEVEL[grade])


def _duty(actor, department: Department) -> None:
    if department.pk not in authority.issuing_for(actor):
        raise PermissionDenied(
            _("Only a duty officer of %(department)s may do this.")
            % {"department": department.name}
        )


def _number(department: Department, now: datetime) -> str:
    prefix = f"{department.code}-SJ-{timezone.localtime(now).year}-"
    count = Incident.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


# ---------------------------------------------------------------------------------------------
# Recording, reporting up, acknowledging


@transaction.atomic
def record(actor, *, department: Department, data: dict) -> Incident:
    """Record an incident at ``department`` (a duty officer's); its report up starts now."""
    _duty(actor, department)
    source = Source.DEPARTMENT if data.get("source") == Source.DEPARTMENT else Source.DUTY
    return _create(actor, department, clean(data), source=source)


@transaction.atomic
def escalate_ticket(actor, *, number: str, department: Department, data: dict) -> Incident:
    """A 12345 dispatcher or operator hands a ticket about an emergency to a department's
    emergency duty desk: the incident is recorded there, its duty officers are told, the
    ticket's timeline says so, and each links to the other."""
    if not hotline_authority.is_centre(actor):
        raise PermissionDenied(
            _("Only the 12345 hotline's operators and dispatchers escalate tickets.")
        )
    ticket = Ticket.objects.select_for_update().filter(number=number).first()
    if ticket is None:
        raise ValidationError(
            {"ticket": _("There is no 12345 ticket %(number)s.") % {"number": number}}
        )
    if Incident.objects.filter(ticket_number=number).exists():
        raise ValidationError({"ticket": _("This ticket was already escalated.")})
    if not department.code.endswith(f"-{BUREAU}"):
        raise ValidationError({"department": _("Choose an emergency management department.")})
    given = {k: v for k, v in data.items() if v not in (None, "")}
    placed = ticket.latitude is not None and ticket.longitude is not None
    if not placed and ("latitude" not in given or "longitude" not in given):
        where = _("Ticket %(number)s has no place on the map: give the incident's latitude and "
                  "longitude.") % {"number": number}  # fmt: skip
        raise ValidationError({"latitude": where, "longitude": where})
    content = clean(
        {
            "title": ticket.title,
            "description": ticket.description,
            "address": ticket.address,
            "latitude": ticket.latitude,
            "longitude": ticket.longitude,
            **given,
        }
    )
    incident = _create(actor, department, content, source=Source.HOTLINE, ticket=number)
    _tell_duty(department, incident, emergency_messages.INCIDENT_RECEIVED)
    hotline.note_incident(ticket, actor=actor, incident=incident.number, department=department)
    return incident


def _create(actor, department, content: dict, *, source: str, ticket: str = "") -> Incident:
    Department.objects.select_for_update().filter(pk=department.pk).first()  # numbered in turn
    located = geo.locate(content["longitude"], content["latitude"])
    if located is None:
        raise ValidationError({"latitude": _("The place is outside the districts on the map.")})
    now = timezone.now()
    incident = Incident.objects.create(
        number=_number(department, now),
        department=department,
        division=located,
        source=source,
        ticket_number=ticket,
        recorded_at=now,
        recorded_by=actor,
        **content,
    )
    audit.record(
        "emergency.incident_recorded",
        object_type="incident",
        object_id=incident.number,
        actor=actor,
        data={"grade": incident.grade, "class": incident.event_class, "source": source,
              "ticket": ticket},
    )  # fmt: skip
    _next_report(incident, department, since=now)
    events.route_incident(incident)  # near a venue under a unified event command: its desk too
    return incident


def report_key(report: IncidentReport) -> str:
    return f"{report.incident.number}/{report.recipient.code}"


def _next_report(incident: Incident, department: Department, *, since: datetime) -> None:
    """The report ``department`` owes the level above, with its clock, if the grade asks."""
    if not _needs_report(department, incident.grade):
        return
    above = bureau_above(department)
    if above is None or IncidentReport.objects.filter(incident=incident, recipient=above).exists():
        return
    report = IncidentReport.objects.create(
        incident=incident,
        sender=department,
        recipient=above,
        started_at=since,
        due_at=clock.add_hours(since, clock.Hours(REPORT_HOURS)),
    )
    supervision.track(
        kind=KIND,
        key=report_key(report),
        title=f"{incident.title} → {above.name}",
        title_en=f"{incident.title_en or incident.title} → {above.name_en or above.name}",
        department=department.pk,
        division_code=incident.division_id,
        started_at=since,
        unit=Unit.HOURS,
        limit=REPORT_HOURS,
        stage=STAGE,
        link=reverse("workbench:emergency-incident", args=[incident.number]),
    )


@transaction.atomic
def report_up(actor, report: IncidentReport, *, note: str) -> IncidentReport:
    """The sender's duty officer passes the incident on to the level above."""
    report = (
        IncidentReport.objects.select_for_update()
        .select_related("incident", "sender", "recipient")
        .get(pk=report.pk)
    )
    _duty(actor, report.sender)
    if report.sent_at is not None:
        raise ValidationError({"report": _("This report was already sent.")})
    note = _text({"note": note}, "note", required=True)
    now = timezone.now()
    report.sent_at, report.sent_by, report.note = now, actor, note
    report.save(update_fields=["sent_at", "sent_by", "note"])
    supervision.close(kind=KIND, key=report_key(report), at=now)
    audit.record(
        "emergency.incident_reported",
        object_type="incident",
        object_id=report.incident.number,
        actor=actor,
        data={"to": report.recipient.code, "late": report.late},
    )
    _tell_duty(report.recipient, report.incident, emergency_messages.INCIDENT_REPORTED)
    return report


@transaction.atomic
def acknowledge(actor, report: IncidentReport) -> IncidentReport:
    """The recipient's duty officer or commander acknowledges the report (接报); its own clock to
    report on starts now, if the grade goes higher."""
    report = (
        IncidentReport.objects.select_for_update()
        .select_related("incident", "sender", "recipient")
        .get(pk=report.pk)
    )
    if report.recipient_id not in authority.desk_for(actor):
        raise PermissionDenied(
            _("Only the duty desk of %(department)s acknowledges its reports.")
            % {"department": report.recipient.name}
        )
    if report.sent_at is None:
        raise ValidationError({"report": _("This report has not been sent yet.")})
    if report.acknowledged_at is not None:
        raise ValidationError({"report": _("This report was already acknowledged.")})
    now = timezone.now()
    report.acknowledged_at, report.acknowledged_by = now, actor
    report.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit.record(
        "emergency.incident_acknowledged",
        object_type="incident",
        object_id=report.incident.number,
        actor=actor,
        data={"at": report.recipient.code},
    )
    _next_report(report.incident, report.recipient, since=now)
    return report


@transaction.atomic
def update(actor, incident: Incident, *, data: dict) -> Incident:
    """New figures (grade, casualties, losses) from a department on the incident's chain. A
    higher grade may take the report further up: the chain grows from the top level reached."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    chain = involved(incident)
    if not chain & authority.issuing_for(actor):
        raise PermissionDenied(_("Only a duty officer on the incident's chain may update it."))
    if incident.state != IncidentState.OPEN:
        raise ValidationError({"incident": _("This incident is closed.")})
    figures = clean(data, partial=True)
    before = incident.grade
    for field, value in figures.items():
        setattr(incident, field, value)
    incident.save()
    audit.record(
        "emergency.incident_updated",
        object_type="incident",
        object_id=incident.number,
        actor=actor,
        data={"grade": [before, incident.grade], "deaths": incident.deaths},
    )
    if GRADE_RANK[incident.grade] > GRADE_RANK[before]:
        top = _top_reached(incident)
        _next_report(incident, top, since=timezone.now())
    return incident


def _top_reached(incident: Incident) -> Department:
    """The highest department that knows of the incident: the last acknowledged recipient."""
    last = (
        IncidentReport.objects.filter(incident=incident, acknowledged_at__isnull=False)
        .select_related("recipient")
        .order_by("-acknowledged_at")
        .first()
    )
    return last.recipient if last else incident.department


@transaction.atomic
def close(actor, incident: Incident, *, note: str) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.department_id not in authority.issuing_for(actor):
        raise PermissionDenied(_("Only a duty officer of the recording department closes it."))
    note = _text({"note": note}, "note", required=True)
    if IncidentReport.objects.filter(incident=incident, sent_at__isnull=True).exists():
        raise ValidationError({"note": _("Report the incident up before closing it.")})
    now = timezone.now()
    incident.state, incident.closed_at = IncidentState.CLOSED, now
    incident.save(update_fields=["state", "closed_at"])
    audit.record(
        "emergency.incident_closed", object_type="incident", object_id=incident.number,
        actor=actor, data={"note": note},
    )  # fmt: skip
    return incident


def involved(incident: Incident) -> set[int]:
    """The departments on the incident's chain: the recording one and those reported to."""
    recipients = IncidentReport.objects.filter(incident=incident).values_list(
        "recipient_id", flat=True
    )
    return {incident.department_id, *recipients}


def _tell_duty(department: Department, incident: Incident, kind: str) -> None:
    """Whoever is on duty at ``department`` now (its roster), at night too; a department
    without a roster for now: every duty officer and commander."""
    people = duty.reachable(department)
    params = {
        **incident.notice_params(),
        "department": incident.department.name,
        "department_en": incident.department.name_en or incident.department.name,
    }
    link = reverse("workbench:emergency-incident", args=[incident.number])
    notifications.notify_many(notifications.Notice(user, kind, params, link) for user in people)
