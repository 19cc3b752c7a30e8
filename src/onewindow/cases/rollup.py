"""The province's roll-up (全省汇总): per city and per district, cases finished, finished on
time and open with a red card, for supervisors.

A case counts where it is numbered: its ``division_code`` (the district, or the city for
city-level instances). Finished means decided; on time means decided on or before the promised
due date the applicant was given. A province-level supervisor sees every city of the province,
a city-level supervisor their own city; every city of the division tree appears, with zeros
where there are no cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role, User
from onewindow.cases.ledger import KIND as ledger_kind
from onewindow.cases.models import OPEN_STATUSES, Case
from onewindow.core.models import Division
from onewindow.supervision import selectors as ledger


@dataclass
class Tally:
    division: Division
    received: int = 0
    finished: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0  # open with a red card
    districts: list[Tally] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        """Finished on time / finished, or None when nothing is finished."""
        return round(self.on_time / self.finished, 4) if self.finished else None

    def add(self, other: Tally) -> None:
        self.received += other.received
        self.finished += other.finished
        self.on_time += other.on_time
        self.open += other.open
        self.overdue += other.overdue


@dataclass
class Rollup:
    scope: Division  # the province or the city the supervisor watches
    cities: list[Tally]
    total: Tally


def supervised_scope(user: User) -> Division:
    """The widest division where ``user`` is a supervisor: their department's province or city."""
    if not (user.is_authenticated and user.is_official):
        raise PermissionDenied(_("Only supervisors can see the roll-up."))
    divisions = list(
        Division.objects.filter(
            departments__role_assignments__user=user,
            departments__role_assignments__role=Role.SUPERVISOR,
        ).distinct()
    )
    if not divisions:
        raise PermissionDenied(_("Only supervisors can see the roll-up."))
    province = [d for d in divisions if d.level == Division.Level.PROVINCE]
    if province:
        return province[0]
    codes = sorted({d.code[:4] + "00" for d in divisions})
    return Division.objects.get(code=codes[0])


def rollup(user: User) -> Rollup:
    """The roll-up the supervisor may see; PermissionDenied for anyone else."""
    scope = supervised_scope(user)
    if scope.level == Division.Level.PROVINCE:
        cities = list(Division.objects.filter(parent=scope, level=Division.Level.PREFECTURE))
    else:
        cities = [scope]
    counties = Division.objects.filter(parent__in=cities, level=Division.Level.COUNTY)
    prefix = scope.code[:2] if scope.level == Division.Level.PROVINCE else scope.code[:4]
    rows = (
        Case.objects.filter(division_code__startswith=prefix)
        .values("division_code")
        .annotate(
            received=Count("pk"),
            finished=Count("pk", filter=Q(decided_on__isnull=False)),
            on_time=Count(
                "pk", filter=Q(decided_on__isnull=False, decided_on__lte=F("promised_due"))
            ),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
    )
    counts = {row.pop("division_code"): row for row in rows}
    # Red cards come from the e-supervision ledger, like every other card count.
    for code, red in ledger.red_by_division(kind=ledger_kind, prefix=prefix).items():
        counts.setdefault(code, {"received": 0, "finished": 0, "on_time": 0, "open": 0})
        counts[code]["overdue"] = red
    total = Tally(scope)
    result = []
    by_city: dict[str, list[Division]] = {}
    for county in counties:
        by_city.setdefault(county.parent_id, []).append(county)
    for city in sorted(cities, key=lambda d: d.code):
        tally = Tally(city)
        own = Tally(city, **counts.get(city.code, {}))  # the city's own departments
        if own.received:
            tally.districts.append(own)
        tally.add(own)
        for county in sorted(by_city.get(city.code, []), key=lambda d: d.code):
            district = Tally(county, **counts.get(county.code, {}))
            tally.districts.append(district)
            tally.add(district)
        total.add(tally)
        result.append(tally)
    return Rollup(scope=scope, cities=result, total=total)
