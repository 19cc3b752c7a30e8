"""What the exchange serves: each registry's provider, key and fields, and the datasets
(the catalogue's ``registry:<dataset>`` materials) as named field sets of one registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Registry:
    code: str
    name: Promise
    provider: str  # department code
    key_name: Promise
    fields: dict[str, Promise]


PERSON = Registry(
    code="person",
    name=_("population registry"),
    provider="440100-GA",
    key_name=_("ID number"),
    fields={
        "id_number": _("ID number"),
        "name": _("name"),
        "sex": _("sex"),
        "birth_date": _("date of birth"),
        "household_division": _("household registration division"),
        "household_address": _("household registration address"),
        "marital_status": _("marital status"),
        "spouse": _("spouse"),
        "parents": _("parents"),
        "children": _("children"),
    },
)

ENTITY = Registry(
    code="entity",
    name=_("legal entity registry"),
    provider="440100-SCJG",
    key_name=_("unified social credit code"),
    fields={
        "uscc": _("unified social credit code"),
        "name": _("name"),
        "entity_type": _("type"),
        "legal_representative": _("legal representative"),
        "legal_representative_id_number": _("legal representative's ID number"),
        "registered_capital": _("registered capital (yuan)"),
        "established_on": _("established on"),
        "registration_authority": _("registration authority"),
        "business_scope": _("business scope"),
        "status": _("status"),
        "division": _("division"),
        "address": _("address"),
    },
)

PLACE = Registry(
    code="place",
    name=_("standard address registry"),
    provider="440100-GHZY",
    key_name=_("address code"),
    fields={
        "code": _("address code"),
        "address": _("address"),
        "division": _("division"),
        "street": _("street or road"),
        "number": _("building number"),
        "building": _("building"),
        "latitude": _("latitude"),
        "longitude": _("longitude"),
    },
)

REGISTRIES = {registry.code: registry for registry in (PERSON, ENTITY, PLACE)}


@dataclass(frozen=True)
class Dataset:
    registry: Registry
    fields: tuple[str, ...]


# The catalogue's registry materials this platform's registries hold. The others (education,
# social insurance, provident fund, real estate, tax) live in sectoral systems not yet
# connected; their materials stay references that the reviewing department checks itself.
DATASETS = {
    "person.identity": Dataset(PERSON, ("id_number", "name", "sex", "birth_date")),
    "person.household": Dataset(PERSON, ("name", "household_division", "household_address")),
    "person.residence": Dataset(PERSON, ("name", "household_division", "household_address")),
    "person.marriage": Dataset(PERSON, ("name", "marital_status", "spouse")),
    "person.birth": Dataset(PERSON, ("name", "children")),
    "entity.registration": Dataset(
        ENTITY,
        (
            "uscc",
            "name",
            "entity_type",
            "legal_representative",
            "registered_capital",
            "established_on",
            "registration_authority",
            "business_scope",
            "status",
            "address",
        ),
    ),
    "entity.credit": Dataset(ENTITY, ("name", "status")),
}

# Application form fields a registry fills, by the field's name in the item's form schema.
FORM_FIELDS = {
    "person": {
        "applicant_name": "name",
        "household_address": "household_address",
    },
    "entity": {
        "enterprise_name": "name",
        "unit_name": "name",
        "legal_rep_name": "legal_representative",
        "registered_capital": "registered_capital",
        "business_scope": "business_scope",
        "address": "address",
    },
}
