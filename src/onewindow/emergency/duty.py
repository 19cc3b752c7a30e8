"""The duty roster (值班): arranging shifts, handing over and taking over, and who is on duty.

Every write is one transaction and audited. The department's commander or head arranges the
roster (排班): a leader on duty from its commanders and head, duty officers from its duty
officers. Whoever is on duty hands over at the end of the duty day with notes; the next day's
shift takes over (接班). ``reachable`` is who an incident or report reaches: those on duty now,
or, for a department without a roster for now, all of its duty officers and commanders.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.core import audit
from onewindow.emergency import authority, checks
from onewindow.emergency.duty_models import DutyShift, Handover, Post

HANDOVER = time(8, 30)  # a duty day runs from 08:30 to 08:30 the next morning
ROSTER_DAYS_AHEAD = 62  # the roster is arranged at most two months ahead (the platform's own)
POST_ROLES = {
    Post.LEADER: (Role.COMMANDER, Role.HEAD),
    Post.OFFICER: (Role.DUTY_OFFICER,),
}


def duty_day(at: datetime | None = None) -> date:
    """The duty day a moment falls in: before 08:30 it is still the day before's."""
    local = timezone.localtime(at or timezone.now())
    return (local - timedelta(hours=HANDOVER.hour, minutes=HANDOVER.minute)).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, HANDOVER))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), HANDOVER))


def on_duty(department: Department | int, at: datetime | None = None) -> list[DutyShift]:
    """The shifts of ``department`` at ``at`` (now), the leader first."""
    return list(
        DutyShift.objects.filter(department=department, day=duty_day(at))
        .select_related("user")
        .order_by("post", "pk")
    )


def reachable(department: Department, at: datetime | None = None) -> list[int]:
    """Who an incident or report for ``department`` reaches: the people on duty now, else (no
    roster for now) every duty officer and commander of the department."""
    shifts = on_duty(department, at)
    if shifts:
        return [shift.user_id for shift in shifts]
    return list(
        RoleAssignment.objects.filter(department=department, role__in=list(authority.DESK_ROLES))
        .values_list("user_id", flat=True)
        .distinct()
    )


def _arranger(actor, department: Department) -> None:
    if department.pk not in authority.commanding_for(actor):
        raise PermissionDenied(
            _("Only the commander or head of %(department)s arranges its duty roster.")
            % {"department": department.name}
        )


def eligible(department: Department, post: str):
    """The people who may stand ``post`` at ``department``."""
    return User.objects.filter(
        role_assignments__department=department,
        role_assignments__role__in=list(POST_ROLES.get(post, ())),
        is_active=True,
    ).distinct()


def _day(value) -> date:
    found = value if isinstance(value, date) else parse_date(str(value or ""))
    if found is None:
        raise ValidationError({"day": _("Enter a date, e.g. 2026-12-08.")})
    today = duty_day()
    if found < today:
        raise ValidationError({"day": _("A past duty day cannot be changed.")})
    if found > today + timedelta(days=ROSTER_DAYS_AHEAD):
        raise ValidationError(
            {
                "day": _("Arrange the roster at most %(days)s days ahead.")
                % {"days": ROSTER_DAYS_AHEAD}
            }
        )
    return found


@transaction.atomic
def set_shift(actor, department: Department, *, day, post: str, user) -> DutyShift:
    """Put ``user`` on duty at ``department`` on ``day`` in ``post``."""
    _arranger(actor, department)
    day = _day(day)
    if post not in Post.values:
        raise ValidationError({"post": _("Choose the leader on duty or a duty officer.")})
    person = eligible(department, post).filter(pk=getattr(user, "pk", user)).first()
    if person is None:
        raise ValidationError(
            {"user": _("This person does not hold that post's role at %(department)s.")
             % {"department": department.name}}
        )  # fmt: skip
    try:
        with transaction.atomic():
            shift = DutyShift.objects.create(
                department=department, day=day, post=post, user=person,
                arranged_by=actor, arranged_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError({"user": _("This person is already on duty that day.")}) from None
    audit.record(
        "emergency.duty_arranged",
        object_type="department",
        object_id=department.code,
        actor=actor,
        data={"day": day.isoformat(), "post": post, "user": person.username},
    )
    return shift


@transaction.atomic
def remove_shift(actor, shift: DutyShift) -> None:
    shift = (
        DutyShift.objects.select_for_update().select_related("department", "user").get(pk=shift.pk)
    )
    _arranger(actor, shift.department)
    _day(shift.day)  # a past day stays as it was
    audit.record(
        "emergency.duty_removed",
        object_type="department",
        object_id=shift.department.code,
        actor=actor,
        data={"day": shift.day.isoformat(), "post": shift.post, "user": shift.user.username},
    )
    shift.delete()


@transaction.atomic
def hand_over(actor, department: Department, *, notes: str) -> Handover:
    """Whoever is on duty now hands the day over, with notes for the next shift."""
    day = duty_day()
    if not DutyShift.objects.filter(department=department, day=day, user=actor).exists():
        raise PermissionDenied(
            _("Only those on duty at %(department)s today hand the day over.")
            % {"department": department.name}
        )
    notes = checks.text({"notes": notes}, "notes", required=True, limit=4000)
    if Handover.objects.filter(department=department, day=day).exists():
        raise ValidationError({"notes": _("Today's duty was already handed over.")})
    handover = Handover.objects.create(
        department=department, day=day, notes=notes, handed_by=actor, handed_at=timezone.now()
    )
    audit.record(
        "emergency.duty_handed_over",
        object_type="department",
        object_id=department.code,
        actor=actor,
        data={"day": day.isoformat()},
    )
    return handover


@transaction.atomic
def take_over(actor, handover: Handover) -> Handover:
    """The next duty day's shift takes over (接班): it has read the notes."""
    handover = Handover.objects.select_for_update().select_related("department").get(pk=handover.pk)
    following = handover.day + timedelta(days=1)
    if not DutyShift.objects.filter(
        department=handover.department, day=following, user=actor
    ).exists():
        raise PermissionDenied(_("Only the next duty day's shift takes the day over."))
    if handover.taken_at is not None:
        raise ValidationError({"handover": _("This handover was already taken over.")})
    handover.taken_by, handover.taken_at = actor, timezone.now()
    handover.save(update_fields=["taken_by", "taken_at"])
    audit.record(
        "emergency.duty_taken_over",
        object_type="department",
        object_id=handover.department.code,
        actor=actor,
        data={"day": handover.day.isoformat()},
    )
    return handover
