"""Writes on warnings: propose, approve or refuse, send, cancel. Each one transaction, audited.

A duty officer proposes a change (issue, update, raise, lower, cancel). A change whose level is
orange or red waits for a second person (``APPROVED_LEVELS``): the department's commander or head,
never the proposer. Sending applies the change to the warning, signs it as an OASIS CAP 1.2
alert with the department's SM2 key (the key published at ``/api/v1/exchange/keys/``) and
queues it for every registered resident of the area (``reach``), in the same transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, RoleAssignment
from onewindow.core import audit
from onewindow.core.localized import in_chinese, in_english
from onewindow.core.models import Division
from onewindow.emergency import area as areas
from onewindow.emergency import authority, cap, checks, reach
from onewindow.emergency import messages as warning_messages
from onewindow.emergency.models import (
    APPROVED_LEVELS,
    GRADE,
    RANK,
    Change,
    Hazard,
    Level,
    MessageState,
    Warning,
    WarningMessage,
    WarningState,
    levels_of,
)
from onewindow.notifications import services as notifications
from onewindow.registry import signing

MAX_DAYS = 30  # a warning stays in force at most this long before it must be sent again
MAX_TEXT = 2000
# CAP 1.2 <info> values by level: severity and urgency (certainty is "Likely" for a forecast)
SEVERITY = {
    Level.RED: "Extreme",
    Level.ORANGE: "Severe",
    Level.YELLOW: "Moderate",
    Level.BLUE: "Minor",
}
URGENCY = {
    Level.RED: "Immediate",
    Level.ORANGE: "Immediate",
    Level.YELLOW: "Expected",
    Level.BLUE: "Expected",
}
CATEGORY = {
    Hazard.GEOLOGICAL: "Geo",
    Hazard.FOREST_FIRE: "Fire",
    Hazard.EPIDEMIC: "Health",
    Hazard.DROUGHT: "Env",
    Hazard.OTHER: "Other",
}  # the weather hazards and floods are "Met"
GEOCODE = "GB/T 2260"


# ---------------------------------------------------------------------------------------------
# Checking what a duty officer gives


def _text(data: dict, field: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    return checks.text(data, field, required=required, limit=limit)


def clean(data: dict, department: Department, *, warning: Warning | None, change: str) -> dict:
    """The content a change gives the warning, checked; a ``ValidationError`` names the field."""
    now = timezone.now()
    content: dict = {}
    hazard = warning.hazard if warning else str(data.get("hazard") or "")
    if hazard not in Hazard.values:
        raise ValidationError({"hazard": _("Choose the kind of hazard.")})
    content["hazard"] = hazard
    level = str(data.get("level") or (warning.level if warning else ""))
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level: blue, yellow, orange or red.")})
    if level not in levels_of(hazard):
        raise ValidationError(
            {
                "level": _("A %(hazard)s warning has no %(level)s level.")
                % {"hazard": Hazard(hazard).label, "level": Level(level).label}
            }
        )
    if warning is not None:
        before, after = RANK[warning.level], RANK[level]
        if change == Change.RAISE and after <= before:
            raise ValidationError(
                {"level": _("Raising needs a higher level than the present one.")}
            )
        if change == Change.LOWER and after >= before:
            raise ValidationError(
                {"level": _("Lowering needs a lower level than the present one.")}
            )
        if change == Change.UPDATE and after != before:
            raise ValidationError({"level": _("To change the level, raise or lower the warning.")})
    content["level"] = level
    content["headline"] = _text(data, "headline", required=False, limit=160)
    content["headline_en"] = _text(data, "headline_en", required=False, limit=240)
    content["description"] = _text(data, "description", required=False)
    content["description_en"] = _text(data, "description_en", required=bool(content["description"]))
    content["advice"] = _text(data, "advice", required=True)
    content["advice_en"] = _text(data, "advice_en", required=True)
    content["divisions"] = _divisions(data.get("divisions"), department)
    content["polygon"] = _polygon(data.get("polygon"), department)
    if not content["divisions"] and not content["polygon"]:
        raise ValidationError(
            {"divisions": _("Choose the divisions warned, or draw the area on the map.")}
        )
    content["responsible"] = _departments(data.get("responsible"))
    effective = checks.moment(data, "effective_at", warning.effective_at if warning else now)
    expires = checks.moment(data, "expires_at", warning.expires_at if warning else None)
    if expires <= max(effective, now):
        raise ValidationError({"expires_at": _("The warning must stay in force after now.")})
    if expires - effective > timedelta(days=MAX_DAYS):
        raise ValidationError(
            {
                "expires_at": _("A warning stays in force at most %(days)s days.")
                % {"days": MAX_DAYS}
            }
        )
    content["effective_at"] = effective.isoformat()
    content["expires_at"] = expires.isoformat()
    return content


def _codes(value) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(",", " ").split() if part]
    if not isinstance(value, list | tuple) or not all(isinstance(code, str) for code in value):
        raise TypeError
    return sorted(set(value))


def _divisions(value, department: Department) -> list[str]:
    try:
        codes = _codes(value)
    except TypeError:
        raise ValidationError({"divisions": _("Give the divisions as a list of codes.")}) from None
    found = {d.code: d for d in Division.objects.filter(code__in=codes)}
    for code in codes:
        if code not in found:
            raise ValidationError(
                {"divisions": _("There is no division %(code)s.") % {"code": code}}
            )
        if not found[code].path.startswith(department.division.path):
            raise ValidationError(
                {
                    "divisions": _("%(division)s is outside the area of %(department)s.")
                    % {"division": found[code].name, "department": department.name}
                }
            )
    return codes


def _polygon(value, department: Department) -> list[list[float]]:
    ring = areas.polygon_ring(value)
    if ring:
        area = areas.Area((), tuple(tuple(point) for point in ring))
        allowed = {d.code for d in areas.districts_of(department)}
        if not allowed & {d.code for d in area.districts()}:
            raise ValidationError(
                {
                    "polygon": _("The area drawn lies outside %(department)s's districts.")
                    % {"department": department.name}
                }
            )
    return ring


def _departments(value) -> list[str]:
    try:
        codes = _codes(value)
    except TypeError:
        raise ValidationError(
            {"responsible": _("Give the responsible departments as a list of codes.")}
        ) from None
    known = set(Department.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in known:
            raise ValidationError(
                {"responsible": _("There is no department %(code)s.") % {"code": code}}
            )
    return codes


# ---------------------------------------------------------------------------------------------
# Proposing, approving, refusing


def _issuer(actor, department: Department) -> None:
    if department.pk not in authority.issuing_for(actor):
        raise PermissionDenied(
            _("Only a duty officer of %(department)s may issue or change its warnings.")
            % {"department": department.name}
        )


def _number(department: Department, now: datetime) -> str:
    year = timezone.localtime(now).year
    prefix = f"{department.code}-YJ-{year}-"
    count = Warning.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


@transaction.atomic
def issue(actor, *, department: Department, data: dict) -> WarningMessage:
    """Propose a new warning; sent at once unless it is orange or red."""
    _issuer(actor, department)
    content = clean(data, department, warning=None, change=Change.ISSUE)
    # one issue at a time per department: its warnings are numbered in sequence
    Department.objects.select_for_update().filter(pk=department.pk).first()
    now = timezone.now()
    warning = Warning(
        number=_number(department, now),
        department=department,
        state=WarningState.PROPOSED,
        created_at=now,
        created_by=actor,
    )
    _apply(warning, content)
    warning.save()
    _apply_relations(warning, content)
    return _propose(actor, warning, Change.ISSUE, content, note="", now=now)


@transaction.atomic
def change(actor, warning: Warning, *, change: str, data: dict, note: str = "") -> WarningMessage:
    """Propose an update, a raise or a lowering of a warning in force."""
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    _issuer(actor, warning.department)
    if change not in (Change.UPDATE, Change.RAISE, Change.LOWER):
        raise ValidationError({"change": _("Choose update, raise or lower.")})
    _in_force(warning)
    _no_pending(warning)
    content = clean(data, warning.department, warning=warning, change=change)
    note = _text({"note": note}, "note", required=False, limit=500)
    return _propose(actor, warning, change, content, note=note, now=timezone.now())


@transaction.atomic
def cancel(actor, warning: Warning, *, note: str = "") -> WarningMessage:
    """Lift a warning in force; never waits for approval. A change awaiting approval is
    withdrawn with it."""
    warning = Warning.objects.select_for_update().get(pk=warning.pk)
    _issuer(actor, warning.department)
    _in_force(warning)
    note = _text({"note": note}, "note", required=True, limit=500)
    WarningMessage.objects.filter(warning=warning, state=MessageState.PENDING).update(
        state=MessageState.WITHDRAWN
    )
    return _propose(
        actor, warning, Change.CANCEL, _content_of(warning), note=note, now=timezone.now()
    )


def _in_force(warning: Warning) -> None:
    if warning.state != WarningState.ACTIVE or warning.expires_at <= timezone.now():
        raise ValidationError({"warning": _("This warning is no longer in force.")})


def _no_pending(warning: Warning) -> None:
    if WarningMessage.objects.filter(warning=warning, state=MessageState.PENDING).exists():
        raise ValidationError(
            {"warning": _("A change to this warning awaits approval; wait for it first.")}
        )


def needs_approval(change: str, level: str) -> bool:
    return change != Change.CANCEL and level in APPROVED_LEVELS


def _propose(actor, warning, change, content, *, note, now) -> WarningMessage:
    message = WarningMessage.objects.create(
        warning=warning,
        change=change,
        level=content["level"],
        content=content,
        note=note,
        proposed_by=actor,
        proposed_at=now,
    )
    audit.record(
        "emergency.warning_proposed",
        object_type="warning",
        object_id=warning.number,
        actor=actor,
        data={"message": message.pk, "change": change, "level": message.level},
    )
    if needs_approval(change, message.level):
        _ask_approval(message)
    else:
        _send(message, now)
    return message


def _ask_approval(message: WarningMessage) -> None:
    warning = message.warning
    approvers = (
        RoleAssignment.objects.filter(
            department=warning.department, role__in=list(authority.APPROVE_ROLES)
        )
        .exclude(user=message.proposed_by)
        .values_list("user_id", flat=True)
        .distinct()
    )
    params = {
        "proposer": message.proposed_by.display_name,
        "change": in_chinese(Change(message.change).label),
        "change_en": in_english(Change(message.change).label),
        **reach.level_params(message.level, warning.hazard),
        "headline": message.content["headline"] or headline(warning, message.content, "zh"),
        "headline_en": headline(warning, message.content, "en"),
    }
    link = reverse("workbench:emergency-warning", args=[warning.number])
    notifications.notify_many(
        notifications.Notice(user, warning_messages.TO_APPROVE, params, link) for user in approvers
    )


def _decider(actor, message: WarningMessage) -> None:
    if message.warning.department_id not in authority.approving_for(actor):
        raise PermissionDenied(
            _("Only the commander or head of %(department)s may approve its warnings.")
            % {"department": message.warning.department.name}
        )
    if message.proposed_by_id == actor.pk:
        raise PermissionDenied(_("A second person must approve a warning you proposed."))
    if message.state != MessageState.PENDING:
        raise ValidationError({"message": _("This change was already decided.")})


@transaction.atomic
def approve(actor, message: WarningMessage) -> WarningMessage:
    message = (
        WarningMessage.objects.select_for_update()
        .select_related("warning__department", "proposed_by")
        .get(pk=message.pk)
    )
    _decider(actor, message)
    now = timezone.now()
    if message.change != Change.ISSUE:
        _in_force(message.warning)
    expires = datetime.fromisoformat(message.content["expires_at"])
    if expires <= now:
        raise ValidationError(
            {"message": _("This change ran out before it was approved; propose it again.")}
        )
    message.decided_by, message.decided_at = actor, now
    message.save(update_fields=["decided_by", "decided_at"])
    audit.record(
        "emergency.warning_approved",
        object_type="warning",
        object_id=message.warning.number,
        actor=actor,
        data={"message": message.pk, "level": message.level},
    )
    _send(message, now)
    return message


@transaction.atomic
def refuse(actor, message: WarningMessage, *, reasons: str) -> WarningMessage:
    message = (
        WarningMessage.objects.select_for_update()
        .select_related("warning__department", "proposed_by")
        .get(pk=message.pk)
    )
    _decider(actor, message)
    reasons = _text({"reasons": reasons}, "reasons", required=True)
    now = timezone.now()
    message.state, message.reasons = MessageState.REFUSED, reasons
    message.decided_by, message.decided_at = actor, now
    message.save(update_fields=["state", "reasons", "decided_by", "decided_at"])
    warning = message.warning
    if message.change == Change.ISSUE:
        warning.state, warning.ended_at = WarningState.REFUSED, now
        warning.save(update_fields=["state", "ended_at"])
    audit.record(
        "emergency.warning_refused",
        object_type="warning",
        object_id=warning.number,
        actor=actor,
        data={"message": message.pk, "reasons": reasons},
    )
    notifications.notify(
        message.proposed_by,
        kind=warning_messages.REFUSED,
        params={
            "approver": actor.display_name,
            "reasons": reasons,
            "headline": warning.headline,
            "headline_en": warning.headline_en,
            **reach.level_params(message.level, warning.hazard),
        },
        link=reverse("workbench:emergency-warning", args=[warning.number]),
    )
    return message


# ---------------------------------------------------------------------------------------------
# Sending


def headline(warning: Warning, content: dict, language: str) -> str:
    """The headline given, else one composed from the department, hazard and level."""
    if language == "en":
        if content.get("headline_en"):
            return content["headline_en"]
        name = warning.department.name_en or warning.department.name
        return "%s: %s %s warning" % (  # noqa: UP031
            name,
            in_english(Level(content["level"]).label),
            in_english(Hazard(content["hazard"]).label).lower(),
        )
    if content.get("headline"):
        return content["headline"]
    return (
        f"{warning.department.name}发布{in_chinese(Hazard(content['hazard']).label)}"
        f"{in_chinese(Level(content['level']).label)}预警"
    )


def _apply(warning: Warning, content: dict) -> None:
    warning.hazard, warning.level = content["hazard"], content["level"]
    warning.headline = headline(warning, content, "zh")
    warning.headline_en = headline(warning, content, "en")
    for field in ("description", "description_en", "advice", "advice_en", "polygon"):
        setattr(warning, field, content[field])
    warning.effective_at = datetime.fromisoformat(content["effective_at"])
    warning.expires_at = datetime.fromisoformat(content["expires_at"])


def _apply_relations(warning: Warning, content: dict) -> None:
    warning.divisions.set(Division.objects.filter(code__in=content["divisions"]))
    warning.responsible.set(Department.objects.filter(code__in=content["responsible"]))


def _content_of(warning: Warning) -> dict:
    return {
        "hazard": warning.hazard,
        "level": warning.level,
        "headline": warning.headline,
        "headline_en": warning.headline_en,
        "description": warning.description,
        "description_en": warning.description_en,
        "advice": warning.advice,
        "advice_en": warning.advice_en,
        "divisions": sorted(warning.divisions.values_list("code", flat=True)),
        "polygon": warning.polygon,
        "responsible": sorted(warning.responsible.values_list("code", flat=True)),
        "effective_at": warning.effective_at.isoformat(),
        "expires_at": warning.expires_at.isoformat(),
    }


def sender(department: Department) -> str:
    """CAP's <sender>: the department's code at the platform's host, unique to it."""
    host = urlsplit(settings.ONEWINDOW_PUBLIC_URL).hostname or "localhost"
    return f"{department.code}@{host}"


def _send(message: WarningMessage, now: datetime) -> None:
    warning = message.warning
    previous = (
        WarningMessage.objects.filter(warning=warning, state=MessageState.SENT)
        .order_by("-sent_at", "-pk")
        .first()
    )
    if message.change != Change.CANCEL:
        _apply(warning, message.content)
        _apply_relations(warning, message.content)
    sequence = WarningMessage.objects.filter(warning=warning, state=MessageState.SENT).count() + 1
    message.identifier = f"{warning.number}.{sequence}"
    message.sent_at, message.refers_to, message.state = now, previous, MessageState.SENT
    if message.change == Change.CANCEL:
        warning.state, warning.ended_at = WarningState.CANCELLED, now
    else:
        warning.state = WarningState.ACTIVE
    warning.sent_at = now
    warning.save()
    message.key_id = signing.active_key(warning.department).key_id
    signed = cap.sign(
        cap.to_xml(alert_of(message)), key_id=message.key_id, signer=_signer(warning.department)
    )
    message.xml = signed.decode()
    message.save()
    counts = reach.queue(message)
    audit.record(
        f"emergency.warning_{'cancelled' if message.change == Change.CANCEL else 'sent'}",
        object_type="warning",
        object_id=warning.number,
        actor=message.decided_by or message.proposed_by,
        data={
            "message": message.pk,
            "identifier": message.identifier,
            "change": message.change,
            "level": message.level,
            "reached": counts,
        },
    )


def _signer(department: Department):
    def sign(data: bytes) -> str:
        return signing.sign_bytes(department, data)[1]

    return sign


def alert_of(message: WarningMessage) -> cap.Alert:
    """The CAP 1.2 alert of a sent message: one <info> in Chinese and one in English."""
    warning = message.warning
    content = message.content
    department = warning.department
    division_codes = content["divisions"]
    names = dict(Division.objects.filter(code__in=division_codes).values_list("code", "name"))
    names_en = dict(Division.objects.filter(code__in=division_codes).values_list("code", "name_en"))
    ring = tuple(tuple(point) for point in content["polygon"])
    web = settings.ONEWINDOW_PUBLIC_URL.rstrip("/") + reverse(
        "portal:warning", args=[warning.number]
    )
    infos = []
    for language, code in (("zh", "zh-CN"), ("en", "en-US")):
        english = language == "en"
        label = in_english if english else in_chinese
        area_names = [
            (names_en.get(c) or names[c]) if english else names[c] for c in division_codes
        ]
        drawn = "Area drawn on the map" if english else "地图划定区域"
        areas_ = []
        if division_codes:
            areas_.append(
                cap.Area(
                    description=", ".join(area_names) if english else "、".join(area_names),
                    geocodes=tuple((GEOCODE, c) for c in division_codes),
                )
            )
        if ring:
            areas_.append(cap.Area(description=drawn, polygons=(ring,)))
        infos.append(
            cap.Info(
                language=code,
                categories=(CATEGORY.get(content["hazard"], "Met"),),
                event=label(Hazard(content["hazard"]).label),
                urgency="Past" if message.change == Change.CANCEL else URGENCY[content["level"]],
                severity=SEVERITY[content["level"]],
                certainty="Likely",
                sender_name=(department.name_en or department.name) if english else department.name,
                headline=headline(warning, content, language),
                description=(content["description_en"] if english else content["description"])
                or headline(warning, content, language),
                instruction=(content["advice_en"] if english else content["advice"]),
                effective=datetime.fromisoformat(content["effective_at"]),
                expires=datetime.fromisoformat(content["expires_at"]),
                web=web,
                contact=department.phone,
                event_codes=(("OneWindow hazard", content["hazard"]),),
                parameters=(("level", content["level"]), ("grade", GRADE[content["level"]])),
                response_types=("AllClear",) if message.change == Change.CANCEL else ("Prepare",),
                areas=tuple(areas_),
            )
        )
    references = ()
    if message.refers_to_id:
        earlier = message.refers_to
        references = (
            cap.Reference(
                sender=sender(department), identifier=earlier.identifier, sent=earlier.sent_at
            ),
        )
    return cap.Alert(
        identifier=message.identifier,
        sender=sender(department),
        sent=message.sent_at,
        status="Actual",
        msg_type=message.message_type,
        scope="Public",
        references=references,
        note=message.note,
        infos=tuple(infos),
    )
