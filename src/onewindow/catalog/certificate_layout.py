"""What a certificate type prints, and where each value comes from when a grant issues it.

A type in ``certificate_types.yaml`` names its holder (``person`` or ``entity``), its validity
in years (``null``: long-term) and its ``fields``. Each field lists candidate sources, tried in
order, the first with a value winning:

- ``form.<property>``: a (non-file) property of the granted application's form;
- ``case.number``, ``case.decided_on``, ``item.name``: facts of the case;
- ``text:<words>``: a constant the item fixes.

The holder is the applicant, unless the item's ``output`` names another person: an
employer applying for its foreign employee's work permit gives
``holder: {name: [form.foreigner_name]}``, optionally with ``id_number: [form.…]``.

``type_problems`` checks a type on its own; ``output_problems`` checks that every item issuing
the type can fill every field and that a named holder comes from the form.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from onewindow.catalog.form_schema import field_kind

HOLDERS = ("person", "entity")
CASE_SOURCES = ("case.number", "case.decided_on", "item.name")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_VALIDITY_YEARS = 100


def split_source(source: str) -> tuple[str, str]:
    """``form.name`` -> ("form", "name"); ``text:…`` -> ("text", "…"); others -> (source, "")."""
    if source.startswith("text:"):
        return "text", source.removeprefix("text:")
    if source.startswith("form."):
        return "form", source.removeprefix("form.")
    return source, ""


def type_problems(cert: dict) -> list[tuple[str, str]]:
    """(field, message) for every rule a certificate type's own entry breaks."""
    problems = []
    if cert.get("holder") not in HOLDERS:
        problems.append(("holder", _("the holder is person or entity")))
    years = cert.get("validity_years")
    if years is not None and not (
        isinstance(years, int) and not isinstance(years, bool) and 0 < years <= MAX_VALIDITY_YEARS
    ):
        problems.append(
            ("validity_years", _("give the validity in whole years, or null for long-term"))
        )
    fields = cert.get("fields")
    if not isinstance(fields, list) or not fields:
        return [*problems, ("fields", _("list at least one field the certificate prints"))]
    keys: set[str] = set()
    for index, entry in enumerate(fields):
        where = f"fields.{index}"
        if not isinstance(entry, dict):
            problems.append((where, _("each field has a key, a title and its sources")))
            continue
        key = entry.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append((f"{where}.key", _("use a snake_case key")))
        elif key in keys:
            problems.append((f"{where}.key", _("this key is used twice")))
        keys.add(key)
        if not entry.get("title") or not entry.get("title_en"):
            problems.append((f"{where}.title", _("give the title in Chinese and English")))
        sources = entry.get("from")
        if not isinstance(sources, list) or not sources:
            problems.append((f"{where}.from", _("list at least one source")))
            continue
        for source in sources:
            kind, argument = split_source(str(source))
            if kind not in ("form", "text", *CASE_SOURCES) or (
                kind in ("form", "text") and not argument
            ):
                problems.append((f"{where}.from", _("%(v)s is not a known source") % {"v": source}))
    return problems


def output_problems(cert: dict, item: dict) -> list[tuple[str, str]]:
    """(field, message) for each field of ``cert`` that ``item``'s application cannot fill."""
    properties = (item.get("form") or {}).get("properties") or {}
    problems = []
    for index, entry in enumerate(cert.get("fields") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("from"), list):
            continue
        if not any(_resolvable(str(source), properties) for source in entry["from"]):
            problems.append(
                (
                    "output.certificate",
                    _("the form gives no value for field %(field)s of certificate %(code)s")
                    % {"field": entry.get("key", index), "code": cert.get("code")},
                )
            )
    return problems


def holder_problems(item: dict) -> list[tuple[str, str]]:
    """(field, message) if the item's ``output.holder`` is not a person named by its form."""
    output = item.get("output")
    holder = output.get("holder") if isinstance(output, dict) else None
    if holder is None:
        return []
    properties = (item.get("form") or {}).get("properties") or {}
    if not isinstance(holder, dict) or set(holder) - {"name", "id_number"}:
        return [("output.holder", _("name the holder's name and ID number fields only"))]
    problems = []
    for part in ("name", "id_number"):
        sources = holder.get(part, [] if part == "id_number" else None)
        if not isinstance(sources, list) or (part == "name" and not sources):
            problems.append((f"output.holder.{part}", _("list the form fields to take it from")))
            continue
        for source in sources:
            if split_source(str(source))[0] != "form" or not _resolvable(str(source), properties):
                problems.append(
                    (f"output.holder.{part}", _("%(v)s is not a field of the form") % {"v": source})
                )
    return problems


def _resolvable(source: str, properties: dict) -> bool:
    kind, argument = split_source(source)
    if kind != "form":
        return True
    spec = properties.get(argument)
    return isinstance(spec, dict) and field_kind(spec) != "file"
