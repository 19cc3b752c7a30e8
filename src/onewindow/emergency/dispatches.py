"""Writes on dispatches and requests for resources. Each one transaction, audited; the clocks
are in the e-supervision ledger in hours: the keeper acknowledges a dispatch within 1 hour
("emergency-dispatch"), the department asked answers a request within 2 hours
("emergency-request").

No statute sets either limit. The hour to acknowledge is the one the plans give their tasks
(``PlanTask.acknowledge_hours``, 1 by default); the two hours to answer a request are those
each level has to report an incident on (生产安全事故报告和调查处理条例 Art. 11), the nearest
rule in force for passing word between departments in an emergency.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core import audit, clock
from onewindow.core.localized import in_chinese, in_english
from onewindow.emergency import authority, checks, duty, incidents
from onewindow.emergency import messages as emergency_messages
from onewindow.emergency.incident_models import Incident, IncidentState
from onewindow.emergency.plan_models import Assignment
from onewindow.emergency.resource_models import (
    LIVE,
    ONE_AT_A_TIME,
    Dispatch,
    DispatchStatus,
    RequestState,
    Resource,
    ResourceKind,
    ResourceRequest,
    ResourceStatus,
)
from onewindow.emergency.resources import count
from onewindow.notifications import services as notifications
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

DISPATCH_KIND = "emergency-dispatch"
REQUEST_KIND = "emergency-request"
ACKNOWLEDGE_HOURS = 1  # as PlanTask.acknowledge_hours; no statute sets it
ANSWER_HOURS = 2  # 生产安全事故报告和调查处理条例 Art. 11, by analogy
STAMP = {"en_route": "en_route_at", "on_site": "on_site_at", "done": "done_at"}


def register_kinds() -> None:
    kinds.register(
        DISPATCH_KIND,
        label=pgettext_lazy("kind of supervised matter", "Resource dispatch"),
        stages={"acknowledging": pgettext_lazy("stage of a supervised dispatch", "Acknowledging")},
    )
    kinds.register(
        REQUEST_KIND,
        label=pgettext_lazy("kind of supervised matter", "Request for resources"),
        stages={"answering": pgettext_lazy("stage of a supervised request", "Answering")},
    )


def dispatch_key(dispatch: Dispatch) -> str:
    return f"{dispatch.incident.number}/D{dispatch.pk}"


def request_key(request: ResourceRequest) -> str:
    return f"{request.incident.number}/R{request.pk}"


def _tell(department: Department, kind: str, params: dict, link: str) -> None:
    """Whoever is on duty at ``department`` now (as incidents._tell_duty)."""
    people = duty.reachable(department)
    notifications.notify_many(notifications.Notice(user, kind, params, link) for user in people)


def _params(incident: Incident, department: Department, **more) -> dict:
    return {
        "number": incident.number,
        "title": incident.title,
        "title_en": incident.title_en or incident.title,
        "department": department.name,
        "department_en": department.name_en or department.name,
        **more,
    }


def _open_incident(incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.state != IncidentState.OPEN:
        raise ValidationError({"incident": _("This incident is closed.")})
    return incident


# ---------------------------------------------------------------------------------------------
# Dispatch


@transaction.atomic
def dispatch(actor, *, incident: Incident, resource: Resource, data: dict) -> Dispatch:
    """Send ``resource`` to ``incident`` (and to a task of a response to it, if given); its
    keeper is told and acknowledges within the hour. Supplies leave the stock at once."""
    incident = _open_incident(incident)
    resource = _locked_resource(resource)
    department = authority.dispatching_department(actor, resource, incidents.involved(incident))
    if department is None:
        raise PermissionDenied(
            _("Only the keeper of %(resource)s or a duty desk above it on the incident's chain "
              "may dispatch it.") % {"resource": resource.name}
        )  # fmt: skip
    return _dispatch(actor, incident, resource, department, data)


def _locked_resource(resource: Resource) -> Resource:
    return (
        Resource.objects.select_for_update()
        .select_related("department__division")
        .get(pk=resource.pk)
    )


def _dispatch(actor, incident, resource, department, data: dict) -> Dispatch:
    assignment = _assignment(incident, data.get("assignment"))
    quantity = _take(resource, data)
    note = checks.text(data, "note", required=False, limit=2000)
    now = timezone.now()
    found = Dispatch.objects.create(
        resource=resource, incident=incident, assignment=assignment, department=department,
        quantity=quantity, note=note, dispatched_at=now, dispatched_by=actor,
        acknowledge_by=clock.add_hours(now, clock.Hours(ACKNOWLEDGE_HOURS)),
    )  # fmt: skip
    audit.record(
        "emergency.resource_dispatched", object_type="incident", object_id=incident.number,
        actor=actor, data={"dispatch": found.pk, "resource": resource.pk, "quantity": quantity,
                           "by": department.code},
    )  # fmt: skip
    link = reverse("workbench:emergency-resource", args=[resource.pk])
    supervision.track(
        kind=DISPATCH_KIND, key=dispatch_key(found),
        title=f"{resource.name} → {incident.title}",
        title_en=f"{resource.name_en or resource.name} → {incident.title_en or incident.title}",
        department=resource.department_id, division_code=resource.division_id, started_at=now,
        unit=Unit.HOURS, limit=ACKNOWLEDGE_HOURS, stage="acknowledging", link=link,
    )  # fmt: skip
    params = _params(incident, department, due=found.acknowledge_by.isoformat())
    params |= {"resource": resource.name, "resource_en": resource.name_en or resource.name}
    _tell(resource.department, emergency_messages.RESOURCE_DISPATCHED, params, link)
    return found


def _assignment(incident: Incident, value) -> Assignment | None:
    if value in (None, ""):
        return None
    pk = str(getattr(value, "pk", value))
    found = (
        Assignment.objects.filter(pk=int(pk), activation__incident=incident).first()
        if pk.isdigit()
        else None
    )
    if found is None:
        raise ValidationError({"assignment": _("Choose a task of a response to this incident.")})
    return found


def _take(resource: Resource, data: dict) -> int:
    """What dispatching ``resource`` takes from it: a team or expert becomes deployed; supplies
    leave the stock (the quantity returned); a shelter must be open."""
    if resource.status == ResourceStatus.UNAVAILABLE:
        raise ValidationError({"resource": _("This resource is not available.")})
    if resource.kind in ONE_AT_A_TIME:
        if (
            resource.status == ResourceStatus.DEPLOYED
            or resource.dispatches.filter(status__in=LIVE).exists()
        ):
            raise ValidationError(
                {"resource": _("%(resource)s is already dispatched; it is free again once "
                               "that dispatch is done or cancelled.")
                 % {"resource": resource.name}}
            )  # fmt: skip
        resource.status = ResourceStatus.DEPLOYED
        resource.save(update_fields=["status"])
        return 0
    if resource.kind == ResourceKind.SHELTER:
        if resource.status != ResourceStatus.OPEN:
            raise ValidationError(
                {"resource": _("This shelter is closed; its keeper opens it first.")}
            )
        return 0
    quantity = count(data, "quantity", required=True, least=1)
    if quantity > resource.quantity:
        raise ValidationError(
            {"quantity": _("Only %(count)s %(unit)s are in stock.")
             % {"count": resource.quantity, "unit": resource.unit}}
        )  # fmt: skip
    resource.quantity -= quantity
    resource.save(update_fields=["quantity"])
    return quantity


def _locked(found: Dispatch) -> Dispatch:
    return (
        Dispatch.objects.select_for_update()
        .select_related("resource__department", "incident", "department")
        .get(pk=found.pk)
    )


@transaction.atomic
def advance(actor, found: Dispatch, *, status: str) -> Dispatch:
    """The keeper's desk moves a dispatch on: acknowledged (接令, closing its clock), en route,
    on site, done. A team or expert is free again once done."""
    found = _locked(found)
    if found.resource.department_id not in authority.keeping_for(actor):
        raise PermissionDenied(
            _("Only the desk of %(department)s reports on its resources.")
            % {"department": found.resource.department.name}
        )
    if status not in authority.dispatch_moves(actor, found) or status == DispatchStatus.CANCELLED:
        raise ValidationError(
            {"status": _("This dispatch is %(status)s; it cannot become %(next)s.")
             % {"status": found.get_status_display(), "next": _status_label(status)}}
        )  # fmt: skip
    now = timezone.now()
    found.status = status
    if status == DispatchStatus.ACKNOWLEDGED:
        found.acknowledged_at, found.acknowledged_by = now, actor
        supervision.close(kind=DISPATCH_KIND, key=dispatch_key(found), at=now)
    else:
        setattr(found, STAMP[status], now)
    found.save()
    if status == DispatchStatus.DONE:
        _free(found.resource)
    audit.record(
        "emergency.dispatch_status", object_type="incident", object_id=found.incident.number,
        actor=actor, data={"dispatch": found.pk, "status": status, "late": found.late},
    )  # fmt: skip
    return found


def acknowledge(actor, found: Dispatch) -> Dispatch:
    """The keeper's desk has the order (接令) and passes it to the team."""
    return advance(actor, found, status=DispatchStatus.ACKNOWLEDGED)


def _status_label(status: str) -> str:
    return str(DispatchStatus(status).label) if status in DispatchStatus.values else status


def _free(resource: Resource) -> None:
    if resource.kind in ONE_AT_A_TIME and resource.status == ResourceStatus.DEPLOYED:
        resource.status = ResourceStatus.AVAILABLE
        resource.save(update_fields=["status"])


@transaction.atomic
def cancel(actor, found: Dispatch, *, reason: str) -> Dispatch:
    """The dispatching desk or the keeper calls a dispatch off before it is done: a team or
    expert is free again, supplies not yet used go back into stock."""
    found = _locked(found)
    if DispatchStatus.CANCELLED not in authority.dispatch_moves(actor, found):
        if found.status not in LIVE:
            raise ValidationError({"status": _("This dispatch is over.")})
        raise PermissionDenied(_("Only the dispatching desk or the keeper cancels a dispatch."))
    reason = checks.text({"reason": reason}, "reason", required=True, limit=2000)
    now = timezone.now()
    found.status, found.cancelled_at = DispatchStatus.CANCELLED, now
    found.cancel_reason = reason
    found.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    resource = Resource.objects.select_for_update().get(pk=found.resource_id)
    _free(resource)
    if resource.kind == ResourceKind.SUPPLY and found.quantity:
        resource.quantity += found.quantity
        resource.save(update_fields=["quantity"])
    supervision.close(kind=DISPATCH_KIND, key=dispatch_key(found), at=now)
    audit.record(
        "emergency.dispatch_cancelled", object_type="incident", object_id=found.incident.number,
        actor=actor, data={"dispatch": found.pk, "reason": reason},
    )  # fmt: skip
    params = _params(found.incident, found.department, reason=reason)
    params |= {"resource": resource.name, "resource_en": resource.name_en or resource.name}
    link = reverse("workbench:emergency-resource", args=[resource.pk])
    _tell(resource.department, emergency_messages.DISPATCH_CANCELLED, params, link)
    return found


# ---------------------------------------------------------------------------------------------
# Requests for resources between departments and districts


@transaction.atomic
def request(actor, *, incident: Incident, sender: Department, recipient: Department,
            data: dict) -> ResourceRequest:  # fmt: skip
    """A desk on the incident's chain asks ``recipient`` for resources; it answers within 2
    hours, granting (dispatching one of its own) or refusing with a reason."""
    incident = _open_incident(incident)
    if sender.pk not in authority.requesting_for(actor, incidents.involved(incident)):
        raise PermissionDenied(_("Only a duty desk on the incident's chain requests resources."))
    if recipient.pk == sender.pk:
        raise ValidationError({"recipient": _("Ask another department.")})
    kind = str(data.get("kind") or "")
    if kind not in ResourceKind.values:
        raise ValidationError({"kind": _("Choose the kind of resource.")})
    quantity = count(data, "quantity", required=True, least=1)
    text = checks.text(data, "text", required=True, limit=2000)
    text_en = checks.text(data, "text_en", required=False, limit=2000)
    now = timezone.now()
    asked = ResourceRequest.objects.create(
        incident=incident, sender=sender, recipient=recipient, kind=kind, quantity=quantity,
        text=text, text_en=text_en, sent_at=now, sent_by=actor,
        answer_by=clock.add_hours(now, clock.Hours(ANSWER_HOURS)),
    )  # fmt: skip
    audit.record(
        "emergency.resources_requested", object_type="incident", object_id=incident.number,
        actor=actor, data={"request": asked.pk, "to": recipient.code, "kind": kind,
                           "quantity": quantity},
    )  # fmt: skip
    link = reverse("workbench:emergency-requests")
    supervision.track(
        kind=REQUEST_KIND, key=request_key(asked), title=f"{incident.title} ← {sender.name}",
        title_en=f"{incident.title_en or incident.title} ← {sender.name_en or sender.name}",
        department=recipient.pk, division_code=incident.division_id, started_at=now,
        unit=Unit.HOURS, limit=ANSWER_HOURS, stage="answering", link=link,
    )  # fmt: skip
    label = ResourceKind(kind).label
    params = _params(incident, sender, quantity=quantity, text=text, text_en=text_en or text,
                     kind=in_chinese(label), kind_en=in_english(label),
                     due=asked.answer_by.isoformat())  # fmt: skip
    _tell(recipient, emergency_messages.RESOURCES_REQUESTED, params, link)
    return asked


def _answering(actor, asked: ResourceRequest) -> ResourceRequest:
    asked = (
        ResourceRequest.objects.select_for_update()
        .select_related("incident", "sender", "recipient")
        .get(pk=asked.pk)
    )
    if asked.recipient_id not in authority.keeping_for(actor):
        raise PermissionDenied(
            _("Only the desk of %(department)s answers its requests.")
            % {"department": asked.recipient.name}
        )
    if asked.state != RequestState.OPEN:
        raise ValidationError({"request": _("This request was already answered.")})
    return asked


@transaction.atomic
def grant(actor, asked: ResourceRequest, *, resource: Resource, data: dict) -> ResourceRequest:
    """The department asked dispatches one of its resources of the kind asked for."""
    asked = _answering(actor, asked)
    if resource.department_id != asked.recipient_id or resource.kind != asked.kind:
        raise ValidationError(
            {"resource": _("Choose a resource of %(department)s of the kind asked for.")
             % {"department": asked.recipient.name}}
        )  # fmt: skip
    incident = _open_incident(asked.incident)
    resource = _locked_resource(resource)
    data = {"quantity": asked.quantity, **data}
    sent = _dispatch(actor, incident, resource, asked.recipient, data)
    now = timezone.now()
    asked.state, asked.answered_at, asked.answered_by, asked.dispatch = "granted", now, actor, sent
    asked.save(update_fields=["state", "answered_at", "answered_by", "dispatch"])
    supervision.close(kind=REQUEST_KIND, key=request_key(asked), at=now)
    audit.record(
        "emergency.request_granted", object_type="incident", object_id=asked.incident.number,
        actor=actor, data={"request": asked.pk, "dispatch": sent.pk, "late": asked.late},
    )  # fmt: skip
    params = _params(asked.incident, asked.recipient, resource=resource.name,
                     resource_en=resource.name_en or resource.name)  # fmt: skip
    link = reverse("workbench:emergency-incident", args=[asked.incident.number])
    _tell(asked.sender, emergency_messages.REQUEST_GRANTED, params, link)
    return asked


@transaction.atomic
def refuse(actor, asked: ResourceRequest, *, reason: str) -> ResourceRequest:
    """The department asked cannot help; the requesting desk is told why."""
    asked = _answering(actor, asked)
    reason = checks.text({"reason": reason}, "reason", required=True, limit=2000)
    now = timezone.now()
    asked.state, asked.answered_at, asked.answered_by, asked.reason = "refused", now, actor, reason
    asked.save(update_fields=["state", "answered_at", "answered_by", "reason"])
    supervision.close(kind=REQUEST_KIND, key=request_key(asked), at=now)
    audit.record(
        "emergency.request_refused", object_type="incident", object_id=asked.incident.number,
        actor=actor, data={"request": asked.pk, "reason": reason, "late": asked.late},
    )  # fmt: skip
    params = _params(asked.incident, asked.recipient, reason=reason)
    link = reverse("workbench:emergency-incident", args=[asked.incident.number])
    _tell(asked.sender, emergency_messages.REQUEST_REFUSED, params, link)
    return asked
