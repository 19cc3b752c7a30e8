"""Payment references (缴款识别码): 20 digits, the last two an ISO 7064 MOD 97-10 check.

Division code (6) + year (4) + sequence (8) + check (2). The check is the one IBAN uses
(ISO 13616): the whole number is 1 modulo 97, so any single wrong digit and any swap of two
neighbouring digits is caught before money goes to the wrong notice.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LENGTH = 20
_DIGITS = re.compile(r"[0-9]{20}")


def check_digits(body: str) -> str:
    """The two check digits for the 18-digit ``body``."""
    return f"{98 - int(body) * 100 % 97:02d}"


def make(division_code: str, year: int, sequence: int) -> str:
    body = f"{division_code}{year:04d}{sequence:08d}"
    if not re.fullmatch(r"[0-9]{18}", body):
        raise ValueError(f"Cannot make a payment reference from {body!r}.")
    return body + check_digits(body)


def is_valid(reference: str) -> bool:
    return bool(_DIGITS.fullmatch(reference or "")) and int(reference) % 97 == 1


def validate(reference: str) -> str:
    """The reference without spaces, or a ValidationError naming the field."""
    cleaned = re.sub(r"\s", "", reference or "")
    if not is_valid(cleaned):
        raise ValidationError(
            {
                "reference": [
                    _(
                        "A payment reference is the 20 digits printed on the payment notice; "
                        "check it and enter it again."
                    )
                ]
            }
        )
    return cleaned
