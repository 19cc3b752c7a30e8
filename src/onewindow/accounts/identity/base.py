"""The contract of a real-name verification provider (实名核验).

A provider answers whether a name and an ID number belong together, whether a credit code and
a name belong together, and who an entity's legal representative is. The built-in provider
asks the platform's own base registries; a national real-name service is another plug-in.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """A provider's answer: ``matched`` or not; ``reason`` is for the audit log, never shown."""

    matched: bool
    reason: str = ""


class IdentityProvider:
    """Base class of verification plug-ins; subclasses register with ``@register``."""

    name: str = ""
    label: str = ""
    # "registry": the platform's own records (name + ID number only); "national": a service that
    # also checks the person is present (liveness / face match), strong enough for a reclaim.
    assurance: str = "registry"

    def check_person(self, real_name: str, id_number: str) -> Verdict:
        raise NotImplementedError

    def check_enterprise(self, uscc: str, name: str) -> Verdict:
        raise NotImplementedError

    def is_legal_representative(self, uscc: str, id_number: str) -> bool:
        raise NotImplementedError
