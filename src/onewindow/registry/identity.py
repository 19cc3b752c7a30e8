"""The built-in real-name verification provider: the platform's own base registries.

It answers from the population registry (人口基础信息库) and the legal entity registry
(法人基础信息库). Registered under "registry" when the app is ready.
"""

from __future__ import annotations

from onewindow.accounts.identity.base import IdentityProvider, Verdict
from onewindow.accounts.identity.registry import register
from onewindow.accounts.services import ID_INDEX
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import normalize_id_number, normalize_uscc
from onewindow.registry.models import EntityStatus, LegalEntity, Person


def _same_name(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


@register("registry")
class RegistryProvider(IdentityProvider):
    label = "Platform base registries"
    assurance = "registry"

    def check_person(self, real_name: str, id_number: str) -> Verdict:
        index = blind_index(ID_INDEX, normalize_id_number(id_number))
        person = (
            Person.objects.filter(id_number_index=index).only("name").first() if index else None
        )
        if person is None:
            return Verdict(False, "not in the population registry")
        if not _same_name(person.name, real_name):
            return Verdict(False, "name differs from the population registry")
        return Verdict(True)

    def check_enterprise(self, uscc: str, name: str) -> Verdict:
        entity = (
            LegalEntity.objects.filter(uscc=normalize_uscc(uscc)).only("name", "status").first()
        )
        if entity is None:
            return Verdict(False, "not in the legal entity registry")
        if not _same_name(entity.name, name):
            return Verdict(False, "name differs from the legal entity registry")
        if entity.status != EntityStatus.ACTIVE:
            return Verdict(False, f"entity status {entity.status}")
        return Verdict(True)

    def is_legal_representative(self, uscc: str, id_number: str) -> bool:
        index = blind_index(ID_INDEX, normalize_id_number(id_number))
        return (
            bool(index)
            and LegalEntity.objects.filter(
                uscc=normalize_uscc(uscc), legal_representative__id_number_index=index
            ).exists()
        )
