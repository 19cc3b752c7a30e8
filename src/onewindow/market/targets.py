"""The two lists a draw is made from: the inspection targets, kept from the legal entity
registry, and the inspectors (their entries are kept in the admin by the system administrator).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.market import authority, industries
from onewindow.market.models import RiskGrade, Target
from onewindow.registry.models import EntityStatus, LegalEntity

BATCH = 5000


@transaction.atomic
def sync(*, actor=None, district: str = "") -> dict[str, int]:
    """Bring the target list up to the registry: every enterprise in business is a target
    (classified by industry), one that closed is taken off. ``district`` limits it to one
    district's entities. Returns how many were added, updated and taken off."""
    if actor is not None and not authority.plans_for(actor):
        raise PermissionDenied(_("Only a market-supervision head keeps the target list."))
    entities = LegalEntity.objects.filter(entity_type__in=authority.ENTERPRISE_TYPES)
    if district:
        entities = entities.filter(division_id=district)
    known = {
        t.entity_id: t
        for t in Target.objects.filter(entity__in=entities.values("pk")).only(
            "pk", "entity_id", "industry", "district_id", "active"
        )
    }
    new, changed = [], []
    for entity in entities.only("pk", "business_scope", "division_id", "status").iterator(
        chunk_size=BATCH
    ):
        industry = industries.classify(entity.business_scope)
        active = entity.status == EntityStatus.ACTIVE
        target = known.get(entity.pk)
        if target is None:
            new.append(
                Target(
                    entity_id=entity.pk,
                    industry=industry,
                    district_id=entity.division_id,
                    active=active,
                )
            )
        elif (target.industry, target.district_id, target.active) != (
            industry,
            entity.division_id,
            active,
        ):
            target.industry, target.district_id, target.active = (
                industry,
                entity.division_id,
                active,
            )
            changed.append(target)
    Target.objects.bulk_create(new, batch_size=BATCH)
    Target.objects.bulk_update(changed, ["industry", "district", "active"], batch_size=BATCH)
    counts = {
        "added": len(new),
        "updated": sum(1 for t in changed if t.active),
        "taken_off": sum(1 for t in changed if not t.active),
    }
    audit.record(
        "market.targets_synced",
        object_type="target_list",
        object_id=district or "all",
        actor=actor,
        data=counts,
    )
    return counts


@transaction.atomic
def grade(target: Target, risk_grade: str, *, actor, reason: str) -> Target:
    """Set a target's credit risk grade (企业信用风险分类), with the reason."""
    if not authority.plans_for(actor):
        raise PermissionDenied(_("Only a market-supervision head grades credit risk."))
    if risk_grade not in RiskGrade.values:
        raise ValidationError({"risk_grade": _("Choose a grade from A to D.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the grade changes.")})
    target = Target.objects.select_for_update().get(pk=target.pk)
    before = target.risk_grade
    target.risk_grade = risk_grade
    target.save(update_fields=["risk_grade", "updated_at"])
    audit.record(
        "market.target_graded",
        object_type="target",
        object_id=target.pk,
        actor=actor,
        data={"from": before, "to": risk_grade, "reason": reason[:300]},
    )
    return target
