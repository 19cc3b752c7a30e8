"""Application forms: the JSON-Schema subset a service item may use, checked with jsonschema.

A form is an object schema; each property is one of nine field kinds (text, number, date,
choice, ID number, USCC, division, phone, file slot). Anything outside the subset is refused,
so every form the catalogue accepts can be rendered and validated by the platform.
"""

from __future__ import annotations

from jsonschema import Draft202012Validator

from onewindow.catalog.vocabulary import APPLICANT_ACCOUNT, ApplicantField
from onewindow.core.identifiers import mask_id_number, mask_phone

_LABELS = {
    "title": {"type": "string", "minLength": 1, "maxLength": 100},
    "title_en": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": {"type": "string", "maxLength": 500},
    "description_en": {"type": "string", "maxLength": 800},
}


def _kind(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {
        "type": "object",
        "properties": {**_LABELS, **properties},
        "required": ["type", "title", "title_en", *required],
        "additionalProperties": False,
    }


_STRING_FORMATS = ("date", "id-number", "uscc", "division", "phone")
# A property naming the applicant itself: filled from the account (see vocabulary).
_APPLICANT = {"applicant": {"enum": list(ApplicantField.values)}}

FIELD_KINDS = {
    "text": _kind(
        {
            "type": {"const": "string"},
            "maxLength": {"type": "integer", "minimum": 1, "maximum": 5000},
            "minLength": {"type": "integer", "minimum": 0},
            "pattern": {"type": "string", "format": "regex"},
            **_APPLICANT,
        },
        ("maxLength",),
    ),
    "number": _kind(
        {
            "type": {"enum": ["number", "integer"]},
            "minimum": {"type": "number"},
            "maximum": {"type": "number"},
        }
    ),
    "choice": _kind(
        {
            "type": {"const": "string"},
            "enum": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "minItems": 2,
                "uniqueItems": True,
            },
            "enum_en": {"type": "array", "items": {"type": "string", "minLength": 1}},
        },
        ("enum", "enum_en"),
    ),
    "formatted": _kind(
        {"type": {"const": "string"}, "format": {"enum": list(_STRING_FORMATS)}, **_APPLICANT},
        ("format",),
    ),
    "file": _kind(
        {
            "type": {"const": "string"},
            "format": {"const": "file"},
            "material": {"type": "string", "minLength": 1},
        },
        ("format", "material"),
    ),
}

FORM = {
    "type": "object",
    "properties": {
        "type": {"const": "object"},
        "required": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "properties": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
        },
    },
    "required": ["type", "properties"],
    "additionalProperties": False,
}

_FORM_VALIDATOR = Draft202012Validator(FORM, format_checker=Draft202012Validator.FORMAT_CHECKER)
_KIND_VALIDATORS = {
    kind: Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for kind, schema in FIELD_KINDS.items()
}


def field_kind(field: dict) -> str:
    """Which of the subset's kinds a property declares."""
    if not isinstance(field, dict):
        return "text"
    if field.get("format") == "file":
        return "file"
    if "format" in field:
        return "formatted"
    if "enum" in field:
        return "choice"
    if field.get("type") in ("number", "integer"):
        return "number"
    return "text"


# Formats that identify or reach a person: shown masked wherever a case is shown, in full only
# for a stated, logged purpose (个人信息保护法 Art. 6: the minimum necessary).
PERSONAL_FORMATS = {"id-number": mask_id_number, "phone": mask_phone}


def is_personal(field: dict) -> bool:
    return isinstance(field, dict) and field.get("format") in PERSONAL_FORMATS


def masked_value(field: dict, value):
    """``value`` as shown by default: masked if ``field`` holds personal data."""
    if not is_personal(field) or value in (None, ""):
        return value
    return PERSONAL_FORMATS[field["format"]](str(value))


def personal_fields(schema: dict) -> list[str]:
    """The names of the form's properties that hold personal data, in the form's order."""
    fields = (schema or {}).get("properties", {})
    return [name for name, field in fields.items() if is_personal(field)]


def masked_form(schema: dict, data: dict) -> dict:
    """The form data with every personal value masked."""
    fields = (schema or {}).get("properties", {})
    return {name: masked_value(fields.get(name, {}), value) for name, value in data.items()}


def applicant_fields(schema: dict | None, account_kind: str) -> dict[str, str]:
    """The properties that name the applicant, for an account of ``account_kind``:
    property -> the account attribute it must equal."""
    found = {}
    for name, field in ((schema or {}).get("properties") or {}).items():
        binding = APPLICANT_ACCOUNT.get(field.get("applicant")) if isinstance(field, dict) else None
        if binding is not None and binding[0] == account_kind:
            found[name] = binding[1]
    return found


def _path(error) -> str:
    return ".".join(str(part) for part in error.absolute_path)


def form_problems(form, material_keys: set[str]) -> list[tuple[str, str]]:
    """Every way ``form`` departs from the subset, as (path inside the form, message)."""
    problems = [(_path(e), e.message) for e in _FORM_VALIDATOR.iter_errors(form)]
    if problems:
        return problems
    fields = form["properties"]
    for name, field in fields.items():
        kind = field_kind(field)
        for error in _KIND_VALIDATORS[kind].iter_errors(field):
            inner = _path(error)
            problems.append((f"properties.{name}" + (f".{inner}" if inner else ""), error.message))
        if kind == "choice" and len(field.get("enum_en", [])) != len(field.get("enum", [])):
            problems.append((f"properties.{name}.enum_en", "enum_en must match enum one for one"))
        if kind == "file" and field.get("material") not in material_keys:
            problems.append(
                (f"properties.{name}.material", f"no material with key {field.get('material')!r}")
            )
        if field.get("applicant") in APPLICANT_ACCOUNT:
            wanted = APPLICANT_ACCOUNT[field["applicant"]][2]
            if field.get("format", "") != wanted:
                problems.append(
                    (
                        f"properties.{name}.applicant",
                        f"{field['applicant']} needs format {wanted!r}",
                    )
                )
        if (
            kind == "number"
            and {"minimum", "maximum"} <= field.keys()
            and field["minimum"] > field["maximum"]
        ):
            problems.append((f"properties.{name}", "minimum is above maximum"))
    for name in form.get("required", []):
        if name not in fields:
            problems.append(("required", f"{name!r} is not a field of the form"))
    return problems
