"""属地 routing: which item instance (实施清单) takes an application.

The instance of the applicant's chosen place, or else of their registered division (a
citizen's household registration, an enterprise's registered address), the deepest first:
a street's own instance, else its district's, else the city's. An item with no instances is
decided by its lead department as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.catalog.models import ItemInstance, ServiceItem
from onewindow.core.models import Division
from onewindow.registry.models import LegalEntity, Person


@dataclass(frozen=True)
class Route:
    instance: ItemInstance | None
    department: Department
    division_code: str  # the county-level (or city) code the case is numbered and sharded by
    promised_limit: int


def registered_division(applicant: User) -> str:
    """The applicant's registered division code from the base registry, or ""."""
    if applicant.kind == User.Kind.ENTERPRISE and applicant.uscc:
        found = LegalEntity.objects.filter(uscc=applicant.uscc).values_list("division", flat=True)
        return next(iter(found), "") or ""
    if applicant.id_number_index:
        found = Person.objects.filter(id_number_index=applicant.id_number_index).values_list(
            "household_division", flat=True
        )
        return next(iter(found), "") or ""
    return ""


def _case_division(division: Division) -> str:
    """Cases are numbered by a 6-digit GB/T 2260 code: a street's district."""
    return division.code[:6]


def route(item: ServiceItem, applicant: User, place: str = "") -> Route:
    """The instance that takes ``applicant``'s application for ``item``; ValidationError on
    ``division`` when the chosen or registered place has none."""
    instances = list(
        ItemInstance.objects.filter(item=item, published=True).select_related(
            "department", "division"
        )
    )
    place = (place or "").strip()
    chosen = None
    if place:
        chosen = Division.objects.filter(code=place).first()
        if chosen is None:
            raise ValidationError(
                {"division": [_("There is no division %(code)s.") % {"code": place}]}
            )
    if not instances:
        lead = item.lead_department
        return Route(None, lead, _case_division(lead.division), item.promised_limit)
    division = chosen
    if division is None:
        code = registered_division(applicant)
        division = Division.objects.filter(code=code).first() if code else None
    if division is not None:
        by_division = {i.division_id: i for i in instances}
        for code in reversed([c for c in division.path.split("/") if c]):
            if code in by_division:
                return _route(by_division[code])
    # No instance where the applicant chose, or is registered: the city's instance serves
    # everyone a closer one does not, unless the applicant chose a place it does not cover.
    city = [i for i in instances if i.level == "city"]
    if city and chosen is None:
        return _route(city[0])
    if division is None:
        raise ValidationError(
            {"division": [_("Choose the district or street where you want to apply.")]}
        )
    raise ValidationError(
        {
            "division": [
                _("%(item)s is not handled in %(place)s. Choose another district or street.")
                % {"item": item.display_name, "place": division.display_name}
            ]
        }
    )


def nearest(item: ServiceItem, division_code: str) -> ItemInstance | None:
    """The published instance of ``item`` nearest to ``division_code`` by the division tree:
    one in the same district first, then in the same city, then the province; within a
    subtree the highest level (a district's own instance before its streets), then by code."""
    origin = Division.objects.filter(code=division_code).first()
    instances = list(
        ItemInstance.objects.filter(item=item, published=True).select_related("division")
    )
    if origin is None or not instances:
        return None
    for code in reversed([c for c in origin.path.split("/") if c]):
        inside = [i for i in instances if code in i.division.path.split("/")]
        if inside:
            return min(inside, key=lambda i: (i.division.path.count("/"), i.division_id))
    return None


def _route(instance: ItemInstance) -> Route:
    return Route(
        instance, instance.department, _case_division(instance.division), instance.promised_limit
    )
