"""What the exchange serves: each registry's provider, key and fields, and the datasets
(the catalogue's ``registry:<dataset>`` materials) as named field sets of one registry."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
        "name": pgettext_lazy("person", "name"),
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
        "name": pgettext_lazy("legal entity", "name"),
        "entity_type": pgettext_lazy("legal entity", "type"),
        "legal_representative": _("legal representative"),
        "legal_representative_id_number": _("legal representative's ID number"),
        "registered_capital": _("registered capital (yuan)"),
        "established_on": _("established on"),
        "registration_authority": _("registration authority"),
        "business_scope": _("business scope"),
        "status": pgettext_lazy("legal entity", "status"),
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

# A grant that names this pseudo-field lets answers carry relatives' full ID numbers; without
# it a spouse's, parent's or child's ID number is masked (个人信息保护法 Art. 6: minimum necessary).
RELATIVES_ID_NUMBER = "relatives_id_number"


@dataclass(frozen=True)
class StatutoryPurpose:
    """A purpose the law gives a department for reading registry data without a case."""

    code: str
    name: Promise
    legal_basis: str  # the citation, in Chinese as the law is published
    legal_basis_en: str


# Purposes a grant may name (个人信息保护法 Art. 34: a state organ processes personal data
# only within its statutory duties). Citations name the regulation that gives the duty.
STATUTORY_PURPOSES = {
    purpose.code: purpose
    for purpose in (
        StatutoryPurpose(
            "social_assistance",
            _("Checking a family's income and assets for social assistance"),
            "《社会救助暂行办法》（国务院令第649号）第六十条",
            "Interim Measures for Social Assistance (State Council Decree No. 649), Art. 60",
        ),
        StatutoryPurpose(
            "housing_security",
            _("Eligibility review for public rental housing"),
            "《公共租赁住房管理办法》（住房和城乡建设部令第11号）",
            "Measures for the Administration of Public Rental Housing (MOHURD Decree No. 11)",
        ),
        StatutoryPurpose(
            "tax_administration",
            _("Checking a taxpayer's registration for tax administration"),
            "《中华人民共和国税收征收管理法》第六条",
            "Law of the PRC on the Administration of Tax Collection, Art. 6",
        ),
        StatutoryPurpose(
            "household_registration",
            _("Household registration administration"),
            "《中华人民共和国户口登记条例》",
            "Regulations of the PRC on Household Registration",
        ),
        StatutoryPurpose(
            "market_registration",
            _("Registration and supervision of market entities"),
            "《中华人民共和国市场主体登记管理条例》",
            "Regulations of the PRC on the Registration of Market Entities",
        ),
    )
}
