"""Reads on warnings, with the permissions of whoever reads.

The warnings sent (in force or ended) and their signed CAP alerts are public; a warning still
awaiting its first approval, or refused, is seen only at its department's desk.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from onewindow.emergency import authority
from onewindow.emergency.area import Area
from onewindow.emergency.models import (
    RANK,
    MessageState,
    Reach,
    Warning,
    WarningMessage,
    WarningState,
)
from onewindow.registry.models import Person

RECENT_DAYS = 7  # ended warnings stay on the public pages and in the CAP feed this long
PUBLIC_STATES = (WarningState.ACTIVE, WarningState.CANCELLED)


def _with_relations(warnings: QuerySet[Warning]) -> QuerySet[Warning]:
    return warnings.select_related("department").prefetch_related("divisions", "responsible")


def in_force(now=None) -> list[Warning]:
    """The warnings in force now, the highest level first."""
    now = now or timezone.now()
    found = _with_relations(
        Warning.objects.filter(state=WarningState.ACTIVE, expires_at__gt=now)
    ).order_by("-sent_at")
    return sorted(found, key=lambda warning: -RANK[warning.level])


def recently_ended(now=None) -> list[Warning]:
    """Warnings cancelled or run out in the last days, the latest first."""
    now = now or timezone.now()
    since = now - timedelta(days=RECENT_DAYS)
    ended = Q(state=WarningState.CANCELLED, ended_at__gte=since) | Q(
        state=WarningState.ACTIVE, expires_at__lte=now, expires_at__gte=since
    )
    return list(_with_relations(Warning.objects.filter(ended)).order_by("-sent_at")[:50])


def is_in_force(warning: Warning, now=None) -> bool:
    return warning.state == WarningState.ACTIVE and warning.expires_at > (now or timezone.now())


def public_warning(number: str) -> Warning:
    """A warning that was sent, for anyone; 404 for any other."""
    warning = (
        _with_relations(Warning.objects.filter(state__in=PUBLIC_STATES))
        .filter(number=number)
        .first()
    )
    if warning is None:
        raise Http404
    return warning


def sent_messages(warning: Warning) -> list[WarningMessage]:
    return list(
        WarningMessage.objects.filter(warning=warning, state=MessageState.SENT)
        .select_related("refers_to")
        .order_by("sent_at", "pk")
    )


def cap_alert(identifier: str) -> WarningMessage:
    """A sent message by its CAP identifier, for anyone."""
    message = (
        WarningMessage.objects.filter(identifier=identifier, state=MessageState.SENT)
        .select_related("warning")
        .first()
    )
    if message is None:
        raise Http404
    return message


def feed(now=None) -> list[WarningMessage]:
    """The CAP feed: every message of the warnings in force and of those ended lately, newest
    first."""
    warnings = [w.pk for w in in_force(now)] + [w.pk for w in recently_ended(now)]
    return list(
        WarningMessage.objects.filter(warning_id__in=warnings, state=MessageState.SENT)
        .select_related("warning__department")
        .order_by("-sent_at", "-pk")
    )


def for_resident(user, now=None) -> list[Warning]:
    """The warnings in force where ``user`` lives (by their registry person); none if they are
    not in the population registry."""
    if not (user.is_authenticated and user.id_number_index):
        return []
    person = (
        Person.objects.filter(id_number_index=user.id_number_index)
        .select_related("residence__division", "household_division")
        .first()
    )
    if person is None:
        return []
    return [
        warning
        for warning in in_force(now)
        if Area(tuple(warning.divisions.all()), tuple(map(tuple, warning.polygon))).covers(person)
    ]


# ---------------------------------------------------------------------------------------------
# The duty desk


def desk(user) -> dict:
    """What a duty officer, commander or head sees: the department's warnings awaiting approval,
    in force and ended."""
    departments = authority.desk_for(user)
    if not departments:
        raise PermissionDenied
    now = timezone.now()
    own = _with_relations(Warning.objects.filter(department_id__in=departments))
    pending = list(
        WarningMessage.objects.filter(
            warning__department_id__in=departments, state=MessageState.PENDING
        )
        .select_related("warning__department", "proposed_by")
        .order_by("proposed_at")
    )
    return {
        "pending": pending,
        "in_force": sorted(
            own.filter(state=WarningState.ACTIVE, expires_at__gt=now).order_by("-sent_at"),
            key=lambda warning: -RANK[warning.level],
        ),
        "ended": list(
            own.filter(
                Q(state__in=(WarningState.CANCELLED, WarningState.REFUSED))
                | Q(state=WarningState.ACTIVE, expires_at__lte=now)
            ).order_by("-created_at")[:30]
        ),
        "may_issue": bool(authority.issuing_for(user)),
    }


def desk_warning(user, number: str) -> Warning:
    """A warning at its department's desk; 404 for anyone else (its number is not a secret, but
    a warning awaiting approval is)."""
    warning = _with_relations(
        Warning.objects.filter(number=number, department_id__in=authority.desk_for(user))
    ).first()
    if warning is None:
        raise Http404
    return warning


def desk_message(user, pk: int) -> WarningMessage:
    """A message of a warning at ``user``'s desk; 404 for anyone else."""
    found = (
        WarningMessage.objects.filter(pk=pk, warning__department_id__in=authority.desk_for(user))
        .select_related("warning__department", "proposed_by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def pending_message(warning: Warning) -> WarningMessage | None:
    return (
        WarningMessage.objects.filter(warning=warning, state=MessageState.PENDING)
        .select_related("proposed_by")
        .first()
    )


def all_messages(warning: Warning) -> list[WarningMessage]:
    return list(
        WarningMessage.objects.filter(warning=warning)
        .select_related("proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )


def reach_of(message: WarningMessage | None) -> dict:
    """A sent message's reach: rows per district with a count per channel, and totals."""
    if message is None:
        return {"rows": [], "channels": [], "totals": {}}
    rows: dict = defaultdict(dict)
    names = {}
    for reach in Reach.objects.filter(message=message).select_related("district"):
        rows[reach.district_id][reach.channel] = reach.count
        names[reach.district_id] = reach.district
    channels = sorted(
        {c for counts in rows.values() for c in counts}, key=lambda c: (c != "inbox", c)
    )
    totals = dict(
        Reach.objects.filter(message=message)
        .values_list("channel")
        .annotate(total=Sum("count"))
        .values_list("channel", "total")
    )
    return {
        "rows": [
            {"district": names[code], "counts": [rows[code].get(c, 0) for c in channels]}
            for code in sorted(rows)
        ],
        "channels": channels,
        "totals": [totals.get(c, 0) for c in channels],
    }
