"""Rectification ordered at an inspection (责令限期整改), for market supervision and work safety.

A finding of a problem to be dealt with may order the party to rectify it by a date. For work
safety, 安全生产法 (2021) Art. 65 (3): a hidden danger found at an inspection is ordered
eliminated, and Art. 41 makes the business investigate and remedy its hidden dangers; the
market-supervision laws order a time-limited correction (责令限期改正) in the same way. The date
is the order's own, so the supervision ledger counts calendar days exactly to it
(``Unit.FIXED_DATE``, kind "inspection-rectification"), from the finding to the review visit
(复查) at which an enforcement officer of the finding's department confirms the rectification.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onewindow.core import audit
from onewindow.market import authority
from onewindow.market.models import Finding, Result
from onewindow.supervision import kinds
from onewindow.supervision import services as supervision
from onewindow.supervision.models import Unit

KIND = "inspection-rectification"
STAGE = "rectifying"
MAX_DAYS = 180  # the longest time an order gives here; a longer one is a typing error
MAX_NOTE = 2000


def register_kind() -> None:
    kinds.register(
        KIND,
        label=pgettext_lazy("kind of supervised matter", "Rectification after an inspection"),
        stages={STAGE: pgettext_lazy("stage of a supervised rectification", "Rectifying")},
    )


def key_of(finding: Finding) -> str:
    return f"{finding.inspection.reference}/{finding.department.code}"


def clean_deadline(value, *, result: str, visited: date | None, errors: dict) -> date | None:
    """The ``rectify_by`` of a finding's input: only for a problem to be dealt with, after the
    visit day and within ``MAX_DAYS`` of it; errors go into ``errors`` under ``rectify_by``."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            errors["rectify_by"] = _("Enter a date as YYYY-MM-DD.")
            return None
    if result != Result.FOLLOW_UP:
        errors["rectify_by"] = _("Only a problem to be dealt with is ordered rectified by a date.")
        return None
    if visited is not None and not visited < day <= visited + timedelta(days=MAX_DAYS):
        errors["rectify_by"] = _("A date after the visit day and within %(days)d days of it.") % {
            "days": MAX_DAYS
        }
        return None
    return day


def _link(finding: Finding) -> str:
    try:
        return reverse("workbench:market-inspection", args=[finding.inspection_id])
    except NoReverseMatch:
        return ""


def track(finding: Finding) -> None:
    """Register (or bring up to date) the finding's rectification clock, or close it when the
    finding no longer orders one."""
    if finding.rectify_by is None:
        supervision.close(kind=KIND, key=key_of(finding), at=timezone.now())
        return
    inspection = finding.inspection
    plan = inspection.plan
    started = timezone.localdate(finding.recorded_at)
    name = inspection.target.entity.name
    supervision.track(
        kind=KIND,
        key=key_of(finding),
        title=f"{name}：{finding.item.name}",
        title_en=f"{name}: {finding.item.name_en or finding.item.name}",
        department=finding.department_id,
        division_code=plan.district_id,
        started_at=finding.recorded_at,
        unit=Unit.FIXED_DATE,
        limit=max((finding.rectify_by - started).days, 0),
        stage=STAGE,
        link=_link(finding),
    )


def may_review(user, finding: Finding) -> bool:
    return (
        finding.rectify_by is not None
        and finding.rectified_at is None
        and finding.department_id in authority.inspecting_for(user)
    )


@transaction.atomic
def review(finding: Finding, *, actor, data: dict) -> Finding:
    """A review visit (复查) confirms the rectification: an enforcement officer of the finding's
    department says what they saw (``note``); the ledger's clock stops, on time or late."""
    finding = (
        Finding.objects.select_for_update()
        .select_related("inspection", "department", "item")
        .get(pk=finding.pk)
    )
    if not may_review(actor, finding):
        raise PermissionDenied(
            _("Only an enforcement officer of the department that ordered it confirms a "
              "rectification that is still open.")
        )  # fmt: skip
    note = str(data.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what the review visit found.")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("At most %(n)d characters.") % {"n": MAX_NOTE}})
    now = timezone.now()
    finding.rectified_at = now
    finding.rectification_note = note
    finding.reviewed_by = actor
    finding.save(update_fields=["rectified_at", "rectification_note", "reviewed_by"])
    supervision.close(kind=KIND, key=key_of(finding), at=now)
    audit.record(
        "market.rectification_confirmed",
        object_type="inspection",
        object_id=finding.inspection.reference,
        actor=actor,
        data={
            "department": finding.department.code,
            "rectify_by": finding.rectify_by.isoformat(),
            "late": timezone.localdate(now) > finding.rectify_by,
        },
    )
    return finding


def row(finding: Finding):
    """The finding's rectification clock in the ledger, if one was ordered."""
    from onewindow.supervision.models import Matter

    return Matter.objects.filter(kind=KIND, key=key_of(finding)).first()
