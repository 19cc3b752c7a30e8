"""Every write on random inspections (双随机一公开), one transaction each, audited as
``market.<action>``.

A market-supervision head makes a plan: the item each department of the plan inspects, the
scope of targets (district, industries, a licence held, credit risk grades), the sample ratio
and the period. Committing the plan freezes the two lists the draw is made from and publishes
them with the SM3 commitment of a secret seed; the draw (``market.draw``) then picks the targets
and each visit's team, and the seed is published so anyone can re-run it. On the visit each
department records its finding on its own item on one shared record, with photos, and the
party signs or refuses; the record's closing starts the publication clock in the ledger, which
publication closes.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.models import Department
from onewindow.certificates.models import Certificate
from onewindow.core import audit
from onewindow.core.crypto import sm3_hex
from onewindow.core.models import Division
from onewindow.market import (
    authority,
    draw,
    industries,
    inspection_ledger,
    lists,
    parsing,
    rectification,
)
from onewindow.market.models import (
    PUBLISH_WITHIN,
    RISK_WEIGHTS,
    Finding,
    Inspection,
    InspectionItem,
    InspectionStatus,
    Inspector,
    Photo,
    Plan,
    PlanPart,
    PlanStatus,
    Result,
    RiskGrade,
    Target,
    TeamMember,
)

MAX_PARTS = 6
MAX_PHOTO_BYTES = 10 * 1024 * 1024
IMAGE_MAGIC = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}

DRAWN = "market.inspector_drawn"
NOTIFICATIONS = {
    DRAWN: (
        gettext_lazy("Random inspection: you are drawn for %(count)s visits"),
        gettext_lazy(
            "The draw of plan %(plan)s (“%(title)s”) sends you on %(count)s visits between "
            "%(starts)s and %(ends)s."
        ),
    ),
}


def register_notifications() -> None:
    from onewindow.notifications import messages as notification_messages

    for kind, (title, body) in NOTIFICATIONS.items():
        notification_messages.register(kind, title=title, body=body)


def _audit(action: str, obj, actor, **data) -> None:
    audit.record(
        f"market.{action}",
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        actor=actor,
        data=data,
    )


def _require(ok: bool, message=None) -> None:
    if not ok:
        raise PermissionDenied(message or _("You may not do this to this inspection now."))


# --- the plan -----------------------------------------------------------------------------------


def _parts(data, lead: Department | None, errors: dict) -> list[dict]:
    parts, seen = [], set()
    for number, row in enumerate(data or [], start=1):
        if not isinstance(row, dict) or not row.get("item"):
            continue
        item = InspectionItem.objects.filter(
            pk=parsing.integer(row.get("item")), active=True
        ).first()
        if item is None:
            errors["parts"] = _("Line %(n)d: choose an inspection item in force.") % {"n": number}
            continue
        if item.department_id in seen:
            errors["parts"] = _("Line %(n)d: one item per department.") % {"n": number}
        seen.add(item.department_id)
        count = parsing.integer(row.get("inspectors") or 2)
        if count is None or not 2 <= count <= 5:
            errors["parts"] = _("Line %(n)d: two to five inspectors per visit.") % {"n": number}
        parts.append({"item": item, "department_id": item.department_id, "inspectors": count})
    if not parts:
        errors.setdefault("parts", _("Choose the inspection item of at least one department."))
    elif lead is not None and lead.pk not in seen:
        errors.setdefault("parts", _("The lead department inspects an item of its own list."))
    if len(parts) > MAX_PARTS:
        errors["parts"] = _("At most %(n)d departments in one plan.") % {"n": MAX_PARTS}
    return parts


def _clean_plan(actor, data: dict, today: date) -> dict:
    errors: dict[str, str] = {}
    allowed = authority.plans_for(actor)
    lead_id = parsing.integer(data.get("department")) or (
        next(iter(allowed)) if len(allowed) == 1 else None
    )
    lead = Department.objects.filter(pk=lead_id).first() if lead_id in allowed else None
    if lead is None:
        errors["department"] = _("Choose a department whose plans you make.")
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = _("This field is required.")
    elif len(title) > 200:
        errors["title"] = _("At most %(n)d characters.") % {"n": 200}
    title_en = str(data.get("title_en") or "").strip()[:200]
    district = Division.objects.filter(
        code=str(data.get("district") or ""), level=Division.Level.COUNTY
    ).first()
    if district is None:
        errors["district"] = _("Choose a district.")
    chosen = data.get("industries") or []
    if isinstance(chosen, str):
        chosen = [chosen]
    if any(code not in industries.BY_CODE for code in chosen):
        errors["industries"] = _("Choose industries from the list.")
    grades = data.get("risk_grades") or []
    if isinstance(grades, str):
        grades = [grades]
    if any(g not in RiskGrade.values for g in grades):
        errors["risk_grades"] = _("Choose grades from A to D.")
    licence = str(data.get("licence_type") or "").strip()
    if licence:
        from onewindow.catalog.models import CertificateType

        if not CertificateType.objects.filter(code=licence).exists():
            errors["licence_type"] = _("Choose a kind of licence from the list.")
    try:
        ratio = Decimal(str(data.get("ratio") or "")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        ratio = None
    if ratio is None or not ratio.is_finite() or not Decimal("0.01") <= ratio <= 100:
        errors["ratio"] = _("Give a percentage between 0.01 and 100.")
    starts = parsing.day(data.get("starts_on"), "starts_on", errors)
    ends = parsing.day(data.get("ends_on"), "ends_on", errors)
    if starts and starts < today:
        errors["starts_on"] = _("Inspections start today or later.")
    if starts and ends and not starts <= ends <= date(starts.year + 1, 12, 31):
        errors["ends_on"] = _("The period ends after it starts, by the end of next year.")
    within = parsing.integer(data.get("publish_within") or PUBLISH_WITHIN)
    if within is None or not 1 <= within <= 60:
        errors["publish_within"] = _("Between 1 and 60 working days.")
    parts = _parts(data.get("parts"), lead, errors)
    if errors:
        raise ValidationError(errors)
    return {
        "department": lead,
        "title": title,
        "title_en": title_en,
        "district": district,
        "industries": sorted(set(chosen)),
        "risk_grades": sorted(set(grades)),
        "licence_type": licence,
        "weighted": bool(data.get("weighted", True)),
        "ratio": ratio,
        "starts_on": starts,
        "ends_on": ends,
        "publish_within": within,
        "parts": parts,
    }


def _number(district: Division, year: int) -> str:
    prefix = f"SJ-{district.code}-{year}-"
    last = (
        Plan.objects.select_for_update()
        .filter(number__startswith=prefix)
        .aggregate(Max("number"))["number__max"]
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:03d}"


@transaction.atomic
def create_plan(*, actor, data: dict) -> Plan:
    """A draft plan from ``data`` (the fields of ``Plan`` and ``parts``: a list of
    ``{"item": id, "inspectors": n}``), or ValidationError naming each field at fault."""
    _require(
        bool(authority.plans_for(actor)),
        _("Only the head of a department with an inspection-item list makes plans."),
    )
    today = timezone.localdate()
    clean = _clean_plan(actor, data, today)
    parts = clean.pop("parts")
    plan = Plan.objects.create(
        number=_number(clean["district"], clean["starts_on"].year), created_by=actor, **clean
    )
    PlanPart.objects.bulk_create(
        PlanPart(
            plan=plan, department_id=p["department_id"], item=p["item"], inspectors=p["inspectors"]
        )
        for p in parts
    )
    _audit("plan_created", plan, actor, number=plan.number, departments=len(parts))
    return plan


def may_plan(user, plan: Plan) -> bool:
    return plan.department_id in authority.plans_for(user)


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def targets_in_scope(plan: Plan):
    rows = Target.objects.filter(district_id=plan.district_id, active=True)
    if plan.industries:
        rows = rows.filter(industry__in=plan.industries)
    if plan.risk_grades:
        rows = rows.filter(risk_grade__in=plan.risk_grades)
    if plan.licence_type:
        today = timezone.localdate()
        holders = Certificate.objects.filter(
            certificate_type__code=plan.licence_type, revoked_at__isnull=True, valid_from__lte=today
        ).exclude(valid_until__lt=today)
        rows = rows.filter(entity__uscc__in=holders.values("holder_uscc"))
    return rows


def _last_teams(target_ids: list[int]) -> dict[int, list[str]]:
    """Each target's team on its latest inspection, by certificate number."""
    latest = {}
    for inspection_id, target_id in (
        Inspection.objects.filter(target_id__in=target_ids)
        .order_by("target_id", "plan__drawn_at", "pk")
        .values_list("pk", "target_id")
        .iterator(chunk_size=5000)
    ):
        latest[target_id] = inspection_id
    teams: dict[int, list[str]] = {}
    members = TeamMember.objects.filter(inspection_id__in=latest.values()).values_list(
        "inspection__target_id", "inspector__certificate_number"
    )
    for target_id, certificate in members.iterator(chunk_size=5000):
        teams.setdefault(target_id, []).append(certificate)
    return teams


def frozen_lists(plan: Plan, *, today: date) -> dict:
    """The lists the draw is made from, as published (``market.draw``'s input). Streets are
    published as opaque groups, made with a secret that is thrown away here: the draw can
    keep an inspector away from the street they live in without the file saying which it is."""
    secret = secrets.token_bytes(32)

    def group(street: str | None) -> str:
        return sm3_hex(secret + street.encode())[:16] if street else ""

    parts = list(plan.parts.select_related("department", "item"))
    rows = list(
        targets_in_scope(plan)
        .order_by("entity__uscc")
        .values_list("pk", "entity__uscc", "risk_grade", "district_id", "street_id")
    )
    teams = _last_teams([r[0] for r in rows]) if Inspection.objects.exists() else {}
    people = Inspector.objects.filter(
        department__in=[p.department_id for p in parts],
        active=True,
        certificate_valid_until__gte=today,
    ).order_by("certificate_number")
    return {
        "format": draw.FORMAT,
        "plan": plan.number,
        "ratio": str(plan.ratio),
        "weighted": plan.weighted,
        "parts": [
            {"department": p.department.code, "item": p.item.code, "inspectors": p.inspectors}
            for p in parts
        ],
        "targets": [
            {
                "uscc": uscc,
                "weight": RISK_WEIGHTS[grade] if plan.weighted else 1,
                "district": district,
                "group": group(street),
                "excluded": sorted(teams.get(pk, [])),
            }
            for pk, uscc, grade, district, street in rows
        ],
        "inspectors": [
            {
                "certificate": certificate,
                "department": department,
                "district": district or "",
                "groups": [group(street)] if street else [],
            }
            for certificate, department, district, street in people.values_list(
                "certificate_number", "department__code", "district_id", "street_id"
            )
        ],
    }


@transaction.atomic
def commit(plan: Plan, *, actor) -> Plan:
    """Freeze the lists and commit to a secret seed: its SM3 digest is published with the
    lists (and theirs) before the draw, so nobody can choose the seed after seeing them."""
    plan = _locked(plan)
    _require(plan.status == PlanStatus.DRAFT and may_plan(actor, plan))
    now = timezone.now()
    lists = frozen_lists(plan, today=timezone.localdate())
    if not lists["targets"]:
        raise ValidationError({"scope": _("No target on the list is in this plan's scope.")})
    for part in lists["parts"]:
        posted = [i for i in lists["inspectors"] if i["department"] == part["department"]]
        if len(posted) < part["inspectors"]:
            raise ValidationError(
                {
                    "parts": _("%(department)s has fewer than %(n)d inspectors on its list.")
                    % {"department": part["department"], "n": part["inspectors"]}
                }
            )
    seed = secrets.token_hex(32)
    lists["commitment"] = draw.commitment(seed)
    content = draw.canonical(lists)
    plan.seed = seed
    plan.commitment = lists["commitment"]
    plan.lists_digest = sm3_hex(content)
    plan.lists.save(f"{plan.number}.json", ContentFile(content), save=False)
    plan.target_count = len(lists["targets"])
    plan.committed_at = now
    plan.status = PlanStatus.COMMITTED
    plan.save()
    _audit(
        "plan_committed",
        plan,
        actor,
        commitment=plan.commitment,
        lists=plan.lists_digest,
        targets=plan.target_count,
    )
    return plan


def read_lists(plan: Plan) -> tuple[dict, bytes]:
    import json

    with plan.lists.open("rb") as handle:
        content = handle.read()
    return json.loads(content), content


@transaction.atomic
def run_draw(plan: Plan, *, actor) -> Plan:
    """Draw the targets and teams from the frozen lists with the committed seed, create each
    visit's record, tell each inspector drawn, and publish the seed."""
    plan = _locked(plan)
    _require(plan.status == PlanStatus.COMMITTED and may_plan(actor, plan))
    lists, content = read_lists(plan)
    if sm3_hex(content) != plan.lists_digest or draw.commitment(plan.seed) != plan.commitment:
        raise ValidationError({"lists": _("The frozen lists no longer match their digest.")})
    try:
        drawn = draw.run(lists, plan.seed)
    except draw.DrawError as error:
        department = Department.objects.filter(code=error.department).first()
        entity = Target.objects.filter(entity__uscc=error.uscc).select_related("entity").first()
        raise ValidationError(
            {
                "parts": _(
                    "%(department)s has fewer than %(n)d inspectors without a conflict of "
                    "interest for %(target)s (%(uscc)s): add inspectors to its list, or make "
                    "a new plan."
                )
                % {
                    "department": department.display_name if department else error.department,
                    "n": error.needed,
                    "target": entity.entity.name if entity else "",
                    "uscc": error.uscc,
                }
            }
        ) from error
    targets = dict(
        Target.objects.filter(entity__uscc__in=[d.uscc for d in drawn]).values_list(
            "entity__uscc", "pk"
        )
    )
    departments = dict(
        Department.objects.filter(code__in=[p["department"] for p in lists["parts"]]).values_list(
            "code", "pk"
        )
    )
    certificates = {row["certificate"] for row in lists["inspectors"]}
    inspectors = {
        i.certificate_number: i
        for i in Inspector.objects.filter(certificate_number__in=certificates)
    }
    inspections = Inspection.objects.bulk_create(
        Inspection(plan=plan, target_id=targets[d.uscc], rank=d.rank) for d in drawn
    )
    if not all(i.pk for i in inspections):  # backends that do not return ids (none we run)
        inspections = list(plan.inspections.order_by("rank"))
    members, visits = [], {}
    for inspection, row in zip(inspections, drawn, strict=True):
        for department, team in row.team.items():
            for certificate in team:
                inspector = inspectors[certificate]
                members.append(
                    TeamMember(
                        inspection=inspection,
                        inspector=inspector,
                        department_id=departments[department],
                    )
                )
                visits[inspector.user_id] = visits.get(inspector.user_id, 0) + 1
    TeamMember.objects.bulk_create(members, batch_size=5000)
    plan.status = PlanStatus.DRAWN
    plan.revealed_seed = plan.seed
    plan.drawn_at = timezone.now()
    plan.drawn_by = actor
    plan.save()
    _tell_drawn(plan, visits)
    _audit("plan_drawn", plan, actor, seed=plan.seed, inspections=len(inspections))
    return plan


def _tell_drawn(plan: Plan, visits: dict[int, int]) -> None:
    from onewindow.notifications import services as notifications

    try:
        link = reverse("workbench:market-visits")
    except NoReverseMatch:
        link = ""
    params = {
        "plan": plan.number,
        "title": plan.title,
        "starts": plan.starts_on.isoformat(),
        "ends": plan.ends_on.isoformat(),
    }
    notifications.notify_many(
        notifications.Notice(user_id, DRAWN, {**params, "count": count}, link)
        for user_id, count in visits.items()
    )


# --- the visit ----------------------------------------------------------------------------------


def team_departments(user, inspection: Inspection) -> set[int]:
    """The departments ``user`` is on ``inspection``'s team for."""
    if not authority.is_official(user):
        return set()
    return set(
        inspection.team.filter(inspector__user=user, inspector__active=True).values_list(
            "department_id", flat=True
        )
    )


def _locked_inspection(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().select_related("plan").get(pk=inspection.pk)


@transaction.atomic
def record_finding(inspection: Inspection, *, actor, data: dict) -> Finding:
    """A team member's finding for their department's item (``result``, ``description``,
    ``visited_on``, and for a problem to be dealt with ``rectify_by``, the date the party is
    ordered to rectify it by: ``market.rectification``); recorded again, it replaces the
    department's earlier finding until the record is closed."""
    inspection = _locked_inspection(inspection)
    mine = team_departments(actor, inspection)
    _require(inspection.status == InspectionStatus.ASSIGNED and bool(mine))
    errors: dict[str, str] = {}
    department_id = parsing.integer(data.get("department")) or (
        next(iter(mine)) if len(mine) == 1 else None
    )
    if department_id not in mine:
        errors["department"] = _("Choose the department you inspect for.")
    result = str(data.get("result") or "")
    if result not in Result.values:
        errors["result"] = _("Choose a result from the list.")
    description = str(data.get("description") or "").strip()
    if result and result != Result.COMPLIANT and not description:
        errors["description"] = _("Describe what was found.")
    if len(description) > 2000:
        errors["description"] = _("At most %(n)d characters.") % {"n": 2000}
    plan = inspection.plan
    on = data.get("visited_on") or inspection.visited_on or timezone.localdate()
    visited = parsing.day(on, "visited_on", errors)
    if visited and not plan.starts_on <= visited <= min(plan.ends_on, timezone.localdate()):
        errors["visited_on"] = _("A visit day in the plan's period, not in the future.")
    rectify_by = rectification.clean_deadline(
        data.get("rectify_by"), result=result, visited=visited, errors=errors
    )
    if errors:
        raise ValidationError(errors)
    part = plan.parts.get(department_id=department_id)
    finding, created = Finding.objects.update_or_create(
        inspection=inspection,
        department_id=department_id,
        defaults={
            "item": part.item,
            "result": result,
            "description": description,
            "recorded_by": actor,
            "recorded_at": timezone.now(),
            "rectify_by": rectify_by,
        },
    )
    rectification.track(finding)  # 责令限期整改: the ledger counts to the date ordered
    if inspection.visited_on != visited:
        inspection.visited_on = visited
        inspection.save(update_fields=["visited_on"])
    _audit(
        "finding_recorded" if created else "finding_changed",
        inspection,
        actor,
        department=department_id,
        result=result,
        rectify_by=rectify_by.isoformat() if rectify_by else "",
    )
    return finding


def _image(upload, field: str) -> tuple[bytes, str]:
    content = upload.read(MAX_PHOTO_BYTES + 1)
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationError({field: _("At most 10 MB.")})
    for magic, extension in IMAGE_MAGIC.items():
        if content.startswith(magic):
            return content, extension
    raise ValidationError({field: _("Upload a JPEG or PNG image.")})


@transaction.atomic
def add_photo(finding: Finding, *, actor, upload) -> Photo:
    inspection = _locked_inspection(finding.inspection)
    _require(
        inspection.status == InspectionStatus.ASSIGNED
        and finding.department_id in team_departments(actor, inspection)
    )
    if finding.photos.count() >= 20:
        raise ValidationError({"photo": _("At most 20 photos per finding.")})
    content, extension = _image(upload, "photo")
    digest = sm3_hex(content)
    photo = Photo(finding=finding, digest=digest, taken_by=actor)
    photo.image.save(
        f"{inspection.reference}-{digest[:16]}.{extension}", ContentFile(content), save=False
    )
    photo.save()
    _audit("photo_added", inspection, actor, finding=finding.pk, digest=digest)
    return photo


@transaction.atomic
def close_record(inspection: Inspection, *, actor, data: dict, signature=None) -> Inspection:
    """Close the shared record once every department has recorded its finding: the party signs
    (``signed_by`` and the signature image) or refuses (``refused`` with ``refusal_note``, what
    the inspectors witnessed). Starts the publication clock."""
    inspection = _locked_inspection(inspection)
    _require(
        inspection.status == InspectionStatus.ASSIGNED and bool(team_departments(actor, inspection))
    )
    errors: dict[str, str] = {}
    missing = set(inspection.plan.parts.values_list("department_id", flat=True)) - set(
        inspection.findings.values_list("department_id", flat=True)
    )
    if missing:
        names = ", ".join(
            d.display_name for d in Department.objects.filter(pk__in=missing).order_by("code")
        )
        errors["findings"] = _("Waiting for the findings of %(departments)s.") % {
            "departments": names
        }
    refused = str(data.get("refused") or "").lower() in ("1", "true", "on", "yes")
    signed_by = str(data.get("signed_by") or "").strip()
    note = str(data.get("refusal_note") or "").strip()
    content, extension = None, "png"
    if refused:
        if not note:
            errors["refusal_note"] = _("Say who refused and who witnessed it.")
    else:
        if not signed_by:
            errors["signed_by"] = _("Give the name of who signs for the party.")
        if signature is None:
            errors["signature"] = _("The party signs, or the refusal is recorded.")
        else:
            try:
                content, extension = _image(signature, "signature")
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if content is not None:
        inspection.party_signature.save(
            f"{inspection.reference}-{sm3_hex(content)[:16]}.{extension}",
            ContentFile(content),
            save=False,
        )
    inspection.party_signed_by = signed_by[:64] if not refused else ""
    inspection.party_refused = refused
    inspection.refusal_note = note[:300] if refused else ""
    inspection.status = InspectionStatus.RECORDED
    inspection.recorded_at = now
    inspection.save()
    inspection_ledger.track(inspection, at=now)
    _audit("record_closed", inspection, actor, refused=refused)
    return inspection


@transaction.atomic
def publish(inspections, *, actor) -> int:
    """Publish the results of closed records (抽查结果公示); the plan closes when every visit
    is published. Returns how many were published."""
    ids = [i.pk for i in inspections]
    rows = list(
        Inspection.objects.select_for_update()
        .select_related("plan", "target__entity")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for inspection in rows:
        _require(
            inspection.status == InspectionStatus.RECORDED and may_plan(actor, inspection.plan)
        )
    now = timezone.now()
    unreachable = set(
        Finding.objects.filter(inspection__in=rows, result=Result.UNREACHABLE).values_list(
            "inspection_id", flat=True
        )
    )
    for inspection in rows:
        inspection.status = InspectionStatus.PUBLISHED
        inspection.published_at = now
        inspection.save(update_fields=["status", "published_at"])
        inspection_ledger.close(inspection, now)
        _audit("result_published", inspection, actor)
        if inspection.pk in unreachable:  # 企业经营异常名录管理暂行办法 Art. 4 (四), 9
            lists.list_unreachable(inspection, actor=actor, day=timezone.localdate())
    for plan in {i.plan for i in rows}:
        if not plan.inspections.exclude(status=InspectionStatus.PUBLISHED).exists():
            Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.CLOSED)
            _audit("plan_closed", plan, actor)
    return len(rows)


def publish_plan(plan: Plan, *, actor) -> int:
    """Publish every closed record of ``plan``; the count published."""
    _require(may_plan(actor, plan))
    return publish(list(plan.inspections.filter(status=InspectionStatus.RECORDED)), actor=actor)
