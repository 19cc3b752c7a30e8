"""Checking an application against its service item: form data by the item's schema, and
the materials (uploads checked, registry and e-certificate ones attached by reference)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onewindow.cases.uploads import CheckedFile, check_upload
from onewindow.catalog import form_schema
from onewindow.catalog.form_schema import applicant_fields, field_kind
from onewindow.catalog.models import localized_entry
from onewindow.catalog.vocabulary import Requirement, SourceKind
from onewindow.core import identifiers
from onewindow.core.models import Division


def _text(value, field: dict, errors: list[str]) -> str | None:
    if not isinstance(value, str):
        errors.append(_("Enter text."))
        return None
    value = value.strip()
    if len(value) > field.get("maxLength", 5000):
        errors.append(_("Enter at most %(n)d characters.") % {"n": field.get("maxLength", 5000)})
    if len(value) < field.get("minLength", 0):
        errors.append(_("Enter at least %(n)d characters.") % {"n": field["minLength"]})
    if field.get("pattern") and not re.fullmatch(field["pattern"], value):
        errors.append(_("The value does not have the expected format."))
    return value


def _number(value, field: dict, errors: list[str]):
    if isinstance(value, str):
        try:
            value = float(value) if "." in value else int(value)
        except ValueError:
            errors.append(_("Enter a number."))
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        errors.append(_("Enter a number."))
        return None
    if field.get("type") == "integer":
        if value != int(value):
            errors.append(_("Enter a whole number."))
            return None
        value = int(value)
    if "minimum" in field and value < field["minimum"]:
        errors.append(_("Enter a number no less than %(n)s.") % {"n": field["minimum"]})
    if "maximum" in field and value > field["maximum"]:
        errors.append(_("Enter a number no greater than %(n)s.") % {"n": field["maximum"]})
    return value


def _choice(value, field: dict, errors: list[str]) -> str | None:
    options, options_en = field["enum"], field.get("enum_en", [])
    if value in options:
        return value
    if value in options_en:
        return options[options_en.index(value)]
    errors.append(_("Choose one of the listed options."))
    return None


def _formatted(value, field: dict, errors: list[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors.append(_("Enter a value."))
        return None
    value, kind = value.strip(), field["format"]
    try:
        if kind == "date":
            return date.fromisoformat(value).isoformat()
        if kind == "id-number":
            value = identifiers.normalize_id_number(value)
            identifiers.validate_id_number(value)
        elif kind == "uscc":
            value = identifiers.normalize_uscc(value)
            identifiers.validate_uscc(value)
        elif kind == "phone":
            value = identifiers.normalize_phone(value)
            identifiers.validate_phone(value)
        elif kind == "division" and not Division.objects.filter(code=value).exists():
            errors.append(_("Choose an administrative division by its six-digit code."))
            return None
    except ValueError:
        errors.append(_("Enter a date as YYYY-MM-DD."))
        return None
    except ValidationError as exc:
        errors.extend(exc.messages)
        return None
    return value


_CHECKS = {"text": _text, "number": _number, "choice": _choice, "formatted": _formatted}


def required_message(field: dict) -> str:
    """What an empty required field says, without repeating its label (the page shows the
    label next to it, and the error summary names it)."""
    kind = field_kind(field)
    if kind == "choice":
        return _("Choose an option.")
    if kind == "formatted":
        return {
            "date": _("Enter a date."),
            "id-number": _("Enter an ID number."),
            "uscc": _("Enter a unified social credit code."),
            "phone": _("Enter a phone number."),
            "division": _("Choose a district."),
        }.get(field.get("format"), _("This field is required."))
    if kind == "number":
        return _("Enter a number.")
    return _("This field is required.")


def _field_problems(name: str, field: dict, value, required: bool) -> tuple[object, list[str]]:
    """One field's cleaned value and its problems. Messages do not repeat the field's title:
    they are shown beside the field, and an error summary names the field."""
    if value is None or value == "":
        if required:
            return None, [required_message(field)]
        return None, []
    errors: list[str] = []
    result = _CHECKS[field_kind(field)](value, field, errors)
    return result, errors


def titled(item, errors: dict) -> dict:
    """Errors keyed ``form.<field>`` with each message led by the field's title, for a page
    that lists them away from their fields (the messages themselves do not name it)."""
    properties = (item.form_schema or {}).get("properties", {})
    shown = {}
    for key, messages in (errors or {}).items():
        name = key.removeprefix("form.")
        if key.startswith("form.") and name in properties:
            title = localized_entry(properties[name], "title")
            messages = [
                _("%(label)s: %(message)s") % {"label": title, "message": m} for m in messages
            ]
        shown[key] = messages
    return shown


def field_problems(item, name: str, value) -> list[str]:
    """The problems of a non-empty value of one field, whether or not it is required (a
    draft may be saved half filled, never with a malformed value)."""
    field = (item.form_schema or {}).get("properties", {}).get(name)
    if field is None or field_kind(field) == "file" or value in (None, ""):
        return []
    return _field_problems(name, field, value, False)[1]


def clean_field(item, name: str, value) -> list[str]:
    """The problems of one field's value (inline validation); an empty list when it is fine."""
    schema = item.form_schema or {"properties": {}}
    field = schema.get("properties", {}).get(name)
    if field is None or field_kind(field) == "file":
        return [_("This form has no field %(name)s.") % {"name": name}]
    return _field_problems(name, field, value, name in schema.get("required", []))[1]


def clean_form(item, data) -> dict:
    """The form data cleaned by the item's schema, or a ValidationError naming each field."""
    if not isinstance(data, dict):
        raise ValidationError({"form": [_("The form data must be an object of fields.")]})
    schema = item.form_schema or {"properties": {}}
    fields = schema.get("properties", {})
    required = set(schema.get("required", []))
    problems: dict[str, list[str]] = {}
    cleaned = {}
    for name in data:
        if name not in fields:
            problems[f"form.{name}"] = [_("This form has no field %(name)s.") % {"name": name}]
    for name, field in fields.items():
        if field_kind(field) == "file":
            continue  # a material slot: checked with the materials
        result, errors = _field_problems(name, field, data.get(name), name in required)
        if errors:
            problems[f"form.{name}"] = errors
        elif result is not None:
            cleaned[name] = result
    if problems:
        raise ValidationError(problems)
    return cleaned


def _account_value(item, name: str, attribute: str, applicant) -> object:
    """The account's value of an identity field, cleaned like a typed value."""
    value = getattr(applicant, attribute, "") or ""
    field = item.form_schema["properties"][name]
    return _field_problems(name, field, value, False)[0] if value else None


def bound_identity(item, applicant, data) -> tuple[dict, dict[str, list[str]]]:
    """The form with every field naming the applicant filled from the account, and the
    problems of the fields whose typed value names anyone else (or is malformed)."""
    if not isinstance(data, dict):
        return data, {}
    bound = applicant_fields(item.form_schema, getattr(applicant, "kind", ""))
    data = dict(data)
    problems: dict[str, list[str]] = {}
    for name, attribute in bound.items():
        expected = _account_value(item, name, attribute, applicant)
        given = data.get(name)
        data[name] = expected
        if given is None or given == "":
            continue
        field = item.form_schema["properties"][name]
        cleaned, errors = _field_problems(name, field, given, False)
        if errors:
            problems[f"form.{name}"] = errors
        elif cleaned != expected:
            problems[f"form.{name}"] = [
                _(
                    "This field names the applicant: it is filled from your real-name account "
                    "and cannot name anyone else."
                )
            ]
    return data, problems


def bind_identity(item, applicant, data) -> dict:
    """``bound_identity``, refusing (a ValidationError naming each field) any other identity.

    The applicant is who signed in (real-name account), not what the form claims.
    """
    data, problems = bound_identity(item, applicant, data)
    if problems:
        raise ValidationError(problems)
    return data


def changed_fields(item, before: dict, after: dict) -> list[str]:
    """The form properties whose cleaned value differs between two versions of a form."""
    names = [
        n
        for n, f in (item.form_schema or {}).get("properties", {}).items()
        if field_kind(f) != "file"
    ]
    return [name for name in names if before.get(name) != after.get(name)]


def field_titles(item, names: list[str]) -> list[str]:
    """The titles of form properties in the reader's language."""
    properties = (item.form_schema or {}).get("properties", {})
    return [
        localized_entry(properties[name], "title") if name in properties else name for name in names
    ]


def shown_value(field: dict, value) -> str:
    """A form value as a change record or a page shows it: personal numbers masked."""
    if value is None:
        return ""
    return str(form_schema.masked_value(field, value))


def diff(item, before: dict, after: dict, names: list[str]) -> list[dict]:
    """Field by field, old -> new, for the timeline and every reviewing department."""
    properties = (item.form_schema or {}).get("properties", {})
    return [
        {
            "field": name,
            "title": properties[name].get("title", name),
            "title_en": properties[name].get("title_en", ""),
            "old": shown_value(properties[name], before.get(name)),
            "new": shown_value(properties[name], after.get(name)),
        }
        for name in names
    ]


MATERIAL_FIELD = "materials."  # file fields and errors name a material as materials.<key>


def uploads_from(files) -> dict[str, tuple[str, bytes]]:
    """The materials of a multipart request (``request.FILES``), by material key."""
    return {
        field.removeprefix(MATERIAL_FIELD): (upload.name, upload.read())
        for field, upload in files.items()
        if field.startswith(MATERIAL_FIELD)
    }


@dataclass(frozen=True)
class MaterialPlan:
    """What a submission attaches: checked uploads and references for 免提交 materials."""

    uploads: dict[str, CheckedFile]
    references: dict[str, str]  # key -> "registry:<field>" / "certificate:<type>"


def plan_materials(
    item,
    uploads: dict[str, tuple[str, bytes]],
    *,
    only: set[str] | None = None,
    deferred: set[str] | frozenset[str] = frozenset(),
) -> MaterialPlan:
    """Check ``uploads`` (key -> (file name, bytes)) against the item's materials.

    ``only`` restricts the check to the materials a correction notice named; then each of
    them must be uploaded again. ``deferred`` materials may follow later (容缺受理).
    """
    materials = {m.key: m for m in item.materials.select_related("certificate_type")}
    problems: dict[str, list[str]] = {}
    checked: dict[str, CheckedFile] = {}
    references: dict[str, str] = {}
    for key in uploads:
        material = materials.get(key)
        if material is None:
            problems[f"materials.{key}"] = [
                _("This service asks for no material %(key)s.") % {"key": key}
            ]
        elif material.source_kind != SourceKind.UPLOAD:
            problems[f"materials.{key}"] = [
                _("%(name)s comes from %(source)s; it need not be uploaded.")
                % {"name": material.display_name, "source": material.source_label}
            ]
        elif only is not None and key not in only:
            problems[f"materials.{key}"] = [
                _("%(name)s was not named in the correction notice.")
                % {"name": material.display_name}
            ]
    for key, material in materials.items():
        if only is not None and key not in only:
            continue
        if material.source_kind != SourceKind.UPLOAD:
            references[key] = material.source
            continue
        if key in uploads and f"materials.{key}" not in problems:
            name, content = uploads[key]
            try:
                checked[key] = check_upload(name, content, field=f"materials.{key}")
            except ValidationError as exc:
                problems.update(exc.message_dict)
        elif key not in uploads and (
            only is not None
            or (material.requirement == Requirement.MANDATORY and key not in deferred)
        ):
            problems[f"materials.{key}"] = [_("Upload %(name)s.") % {"name": material.display_name}]
    if problems:
        raise ValidationError(problems)
    return MaterialPlan(uploads=checked, references=references)


def material_items(item, items, *, empty_message: str) -> list[dict]:
    """A correction or supplement list: each entry names an uploaded material (``key``) or a
    form field (``field``) and its problem. Only what is listed may change in the answer."""
    materials = {m.key: m for m in item.materials.all()}
    properties = (item.form_schema or {}).get("properties", {})
    bound = {name for name, field in properties.items() if "applicant" in field}
    problems: dict[str, list[str]] = {}
    rows, seen = [], set()
    if not items:
        problems["items"] = [empty_message]
    for index, entry in enumerate(items or []):
        entry = entry if isinstance(entry, dict) else {}
        problem = str(entry.get("problem", "")).strip()
        if entry.get("field"):
            name = str(entry["field"])
            field = properties.get(name)
            if field is None or field_kind(field) == "file" or name in bound:
                problems[f"items.{index}.field"] = [
                    _("%(field)s is not a form field the applicant can correct.") % {"field": name}
                ]
            elif f"form.{name}" in seen:
                problems[f"items.{index}.field"] = [_("%(key)s is listed twice.") % {"key": name}]
            else:
                rows.append({"field": name, "name": field.get("title", name), "problem": problem})
            seen.add(f"form.{name}")
        else:
            key = str(entry.get("key", ""))
            material = materials.get(key)
            if material is None or material.source_kind != SourceKind.UPLOAD:
                problems[f"items.{index}.key"] = [
                    _("%(key)s is not a material the applicant uploads for this service.")
                    % {"key": key}
                ]
            elif key in seen:
                problems[f"items.{index}.key"] = [_("%(key)s is listed twice.") % {"key": key}]
            seen.add(key)
            if material is not None:
                rows.append({"key": key, "name": material.name, "problem": problem})
        if not problem:
            problems[f"items.{index}.problem"] = [_("Say what is missing or wrong.")]
    if problems:
        raise ValidationError(problems)
    return rows
