"""Which items need a legal review: an item cites a law in the version it was written against,
and the central list of laws (``Law``) holds each law's current version."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onewindow.catalog.models import Law, ServiceItem


def current_versions() -> dict[str, str]:
    return {
        name: version.isoformat() for name, version in Law.objects.values_list("name", "version")
    }


def review_reasons(item: ServiceItem, versions: dict[str, str] | None = None) -> list[str]:
    """Why the item must be checked against its laws again; empty when it is up to date."""
    versions = current_versions() if versions is None else versions
    reasons = []
    for basis in item.legal_basis:
        law, cited = basis.get("law", ""), basis.get("version")
        current = versions.get(law)
        if current is None:
            reasons.append(_("%(law)s is not in the list of laws") % {"law": law})
        elif not cited:
            reasons.append(_("%(law)s: the version relied on is not recorded") % {"law": law})
        elif str(cited) != current:
            reasons.append(
                _(
                    "%(law)s changed: the item relies on the version of %(cited)s, "
                    "current is %(current)s"
                )
                % {"law": law, "cited": cited, "current": current}
            )
    return list(dict.fromkeys(reasons))


def items_needing_review(items=None) -> list[int]:
    """Primary keys of the items whose laws changed since they were written."""
    versions = current_versions()
    items = ServiceItem.objects.all() if items is None else items
    return [item.pk for item in items.only("pk", "legal_basis") if review_reasons(item, versions)]
