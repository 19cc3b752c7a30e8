"""Citizen ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

Validators and generators live here once and serve forms, serializers and data generators.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 11643-1999: weights for the 17 body digits; sum mod 11 indexes this string.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# GB/T 2260 province-level codes that can open an ID number.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82"}
)
_ID_RE = re.compile(r"^\d{17}[\dX]$")
EARLIEST_BIRTH = date(1900, 1, 1)

# GB 32100-2015: 31-character alphabet (no I, O, Z, S, V) and weights for 17 characters.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")
# GB 11714-1997: the organization code inside a USCC (characters 9-17) has its own check
# character, computed over the full Latin alphabet (A=10 … Z=35), not the USCC's 31 characters.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class IdNumber:
    value: str
    division_code: str
    birth_date: date
    sex: str  # "M" or "F": odd or even 17th digit


def id_number_check_char(body17: str) -> str:
    total = sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper()


def parse_id_number(value: str, *, today: date | None = None) -> IdNumber:
    """Validate a citizen ID number and return its parts, or raise ValidationError."""
    text = normalize_id_number(value)
    if not _ID_RE.match(text):
        raise ValidationError(
            _("An ID number has 17 digits followed by a digit or X."), code="id_format"
        )
    if text[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("The first six digits of an ID number must be an administrative division code."),
            code="id_division",
        )
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        born = None
    if born is None or not EARLIEST_BIRTH <= born <= (today or date.today()):
        raise ValidationError(
            _("Digits 7 to 14 of an ID number must be a real date of birth."),
            code="id_birth_date",
        )
    if id_number_check_char(text[:17]) != text[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong; please check every digit."),
            code="id_check_digit",
        )
    return IdNumber(
        value=text,
        division_code=text[:6],
        birth_date=born,
        sex="M" if int(text[16]) % 2 else "F",
    )


def validate_id_number(value: str) -> None:
    parse_id_number(value)


def generate_id_number(
    division_code: str,
    birth_date: date,
    *,
    sex: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A valid ID number for the given division and birth date (synthetic data, tests)."""
    rng = rng or random.Random()  # noqa: S311 - synthetic data, not a secret
    if not re.fullmatch(r"\d{6}", division_code):
        raise ValueError("division_code must be 6 digits")
    sequence = rng.randrange(0, 100)
    sex_digit = rng.randrange(0, 10)
    if (sex == "M" and sex_digit % 2 == 0) or (sex == "F" and sex_digit % 2 == 1):
        sex_digit = (sex_digit + 1) % 10
    body = f"{division_code}{birth_date:%Y%m%d}{sequence:02d}{sex_digit}"
    return body + id_number_check_char(body)


def mask_id_number(value: str) -> str:
    """Keep the first four and last four characters: 4401**********123X."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """Keep the first three and last four digits: 138****1234."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


_PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value: str) -> str:
    text = re.sub(r"[\s-]", "", value or "")
    if text.startswith("+86"):
        text = text[3:]
    return text


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter an 11-digit mainland China mobile number, such as 13800138000."),
            code="phone_format",
        )


def uscc_check_char(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """GB 11714-1997: check = 11 − Σ(value × weight) mod 11, with 10 written X and 11 written 0."""
    total = sum(ORG_CODE_VALUES.index(c) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper()


def validate_uscc(value: str) -> None:
    """Validate a unified social credit code, or raise ValidationError."""
    text = normalize_uscc(value)
    if not _USCC_RE.match(text):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "other than I, O, Z, S and V."
            ),
            code="uscc_format",
        )
    if not text[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code must be a division code."),
            code="uscc_division",
        )
    if uscc_check_char(text[:17]) != text[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong."),
            code="uscc_check_digit",
        )
    if org_code_check_char(text[8:16]) != text[16]:
        raise ValidationError(
            _(
                "Characters 9 to 17 of a unified social credit code are an organization code, "
                "and its check character (the 17th) is wrong."
            ),
            code="uscc_org_code_check",
        )


def generate_uscc(
    division_code: str,
    *,
    authority: str = "9",
    category: str = "1",
    rng: random.Random | None = None,
) -> str:
    """A valid USCC (default 9/1: an enterprise registered with market regulation).

    Both check characters hold: the organization code's (GB 11714) and the whole code's.
    """
    rng = rng or random.Random()  # noqa: S311 - synthetic data, not a secret
    digits = "0123456789"
    org_body = "".join(rng.choice(digits + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    body = f"{authority}{category}{division_code}{org_body}{org_code_check_char(org_body)}"
    return body + uscc_check_char(body)
