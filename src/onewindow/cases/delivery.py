"""Delivery of results (统一出件): the carriers a result is posted with and their tracking
numbers, the postal address, and the person collecting at the counter.

行政许可法 Art. 44: a grant is delivered within 10 working days of the decision
(``clocks.DELIVERY_LIMIT``, set by ``services.decide``). Results are handed out at the service
centre's output window, posted, or, for an electronic result only, downloaded online.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core import identifiers


class Carrier(models.TextChoices):
    """Couriers that carry government documents (政务寄递) in Guangzhou."""

    EMS = "ems", gettext_lazy("China Post EMS")
    SF = "sf", gettext_lazy("SF Express")


# UPU S10: two letters, eight serial digits, a check digit, the country (e.g. EA123456785CN).
_S10 = re.compile(r"([A-Z]{2})(\d{8})(\d)([A-Z]{2})")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_FORMATS = {
    # EMS: an S10 item number, or a 13-digit domestic waybill number.
    Carrier.EMS: re.compile(r"\d{13}"),
    # SF Express: "SF" and 13 digits, or a 12-digit waybill number of the older series.
    Carrier.SF: re.compile(r"SF\d{13}|\d{12}"),
}
ADDRESS_MIN, ADDRESS_MAX = 8, 200


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an eight-digit serial number."""
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(remainder, remainder)


def is_s10(number: str) -> bool:
    match = _S10.fullmatch(number)
    return bool(match) and s10_check_digit(match.group(2)) == int(match.group(3))


def tracking_number(carrier: str, number: str) -> str:
    """The tracking number in its canonical form, or a ValidationError naming the field."""
    number = re.sub(r"\s", "", number or "").upper()
    if carrier not in Carrier.values:
        raise ValidationError({"carrier": [_("Choose the carrier the result is posted with.")]})
    valid = bool(_FORMATS[carrier].fullmatch(number))
    if carrier == Carrier.EMS:
        valid = valid or is_s10(number)
    if not valid:
        example = {Carrier.EMS: "EA123456785CN", Carrier.SF: "SF1234567890123"}[carrier]
        raise ValidationError(
            {
                "tracking_number": [
                    _("This is not a %(carrier)s tracking number (for example %(example)s).")
                    % {"carrier": Carrier(carrier).label, "example": example}
                ]
            }
        )
    return number


def postal_address(address: str) -> str:
    address = " ".join((address or "").split())
    if not ADDRESS_MIN <= len(address) <= ADDRESS_MAX:
        raise ValidationError(
            {
                "address": [
                    _(
                        "Enter the full postal address with the recipient's name and phone "
                        "number (%(min)d to %(max)d characters)."
                    )
                    % {"min": ADDRESS_MIN, "max": ADDRESS_MAX}
                ]
            }
        )
    return address


def collector(name: str, id_number: str, id_checked: bool) -> tuple[str, str]:
    """(name, masked ID number) of the person collecting at the counter, whose ID card the
    clerk checked; or a ValidationError naming each missing field."""
    problems: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 50:
        problems["collected_by"] = [_("Enter the name of the person collecting the result.")]
    id_number = identifiers.normalize_id_number(id_number)
    try:
        identifiers.validate_id_number(id_number)
    except ValidationError as error:
        problems["collector_id_number"] = list(error.messages)
    if not id_checked:
        problems["id_checked"] = [
            _("Check the collector's original ID card in person, then confirm it.")
        ]
    if problems:
        raise ValidationError(problems)
    return name, identifiers.mask_id_number(id_number)
