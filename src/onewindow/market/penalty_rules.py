"""The legal rules of a penalty case as pure functions: every date comes from ``core.clock`` in
the unit the law uses (行政处罚法 Art. 85: its 2-, 3-, 5- and 7-day limits are working days;
its 15- and 90-day limits are calendar days)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from onewindow.core import clock
from onewindow.market.penalty_models import HEARING_MEASURES, Measure
from onewindow.registry.models import EntityType

CENT = Decimal("0.01")
# Art. 36 para. 1: not punished when undiscovered for two years; five when the violation
# endangers life, health or financial safety and has harmful consequences. Counted from the
# day the violation ended (para. 2), in years (民法典 Art. 202).
LIMITATION_YEARS = 2
LIMITATION_YEARS_SAFETY = 5
# Art. 60: decided within 90 days (calendar) of filing
DECISION_DAYS = clock.CalendarDays(90)
# Art. 64 (一): a hearing is asked for within 5 (working) days of the prior notice; the same
# window is given for the statement and defence of Art. 45
STATEMENT_DAYS = clock.WorkingDays(5)
# Art. 64 (二): the party is told of the hearing 7 (working) days before it
HEARING_NOTICE_DAYS = clock.WorkingDays(7)
# Art. 61: a decision not handed over on the spot is delivered within 7 (working) days
DELIVERY_DAYS = clock.WorkingDays(7)
# Art. 67: the fine is paid within 15 (calendar) days of receiving the decision
PAYMENT_DAYS = clock.CalendarDays(15)
# Art. 72 (一): 3 % of the fine a day once it is late, never more than the fine
LATE_RATE = Decimal("0.03")
# 市场监督管理行政处罚信息公示规定 (2021) Art. 9: published on the national enterprise credit
# information system within 20 working days of the decision (the party registered in the same
# province); Art. 10's 10 + 10 working days for a party registered elsewhere are not modelled:
# every entity on our registry is registered in the province
PUBLISH_DAYS = clock.WorkingDays(20)
# 市场监督管理行政处罚信息公示规定 (2021) Art. 13: published for 3 months when the penalty is
# only a lower fine (the threshold is the province's to set: MARKET_LOWER_FINE), else 3 years;
# Art. 2: a warning alone is not published
SHORT_PUBLICATION_MONTHS = 3
PUBLICATION_MONTHS = 36


def hearing_fine_threshold(entity_type: str) -> Decimal:
    """行政处罚法 Art. 63 para. 1 (二): a "larger" fine allows a hearing. 市场监督管理行政处罚听证
    办法 (2021) Art. 5: from 10,000 yuan for a natural person, 100,000 yuan for a legal person or
    other organisation, unless the province sets other amounts (MARKET_HEARING_FINES)."""
    person, organisation = getattr(
        settings, "MARKET_HEARING_FINES", (Decimal("10000"), Decimal("100000"))
    )
    return (
        Decimal(person) if entity_type == EntityType.INDIVIDUAL_BUSINESS else Decimal(organisation)
    )


def hearing_allowed(entity_type: str, fine: Decimal | None, measures) -> bool:
    """Art. 63: larger fines, suspension of business, revocation of a licence allow a hearing."""
    if any(m in HEARING_MEASURES for m in measures or ()):
        return True
    return fine is not None and fine >= hearing_fine_threshold(entity_type)


def limitation_ends(ended_on: date, *, endangers_safety: bool) -> date:
    """The last day on which the violation may still be discovered and punished (Art. 36)."""
    years = LIMITATION_YEARS_SAFETY if endangers_safety else LIMITATION_YEARS
    return clock.months_after(ended_on, 12 * years)


def statement_due(notified_on: date) -> clock.DueDate:
    return clock.add_working_days(notified_on, STATEMENT_DAYS)


def earliest_hearing(notified_on: date) -> clock.DueDate:
    """The first day the hearing may be held when the party is told on ``notified_on``."""
    return clock.add_working_days(notified_on, HEARING_NOTICE_DAYS)


def payment_due(delivered_on: date) -> clock.DueDate:
    return clock.add_calendar_days(delivered_on, PAYMENT_DAYS)


def late_charge(fine: Decimal, due: date, paid_on: date) -> Decimal:
    """Art. 72 (一): 3 % of the fine for each day after ``due``, capped at the fine itself."""
    days = max(0, (paid_on - due).days)
    charge = (fine * LATE_RATE * days).quantize(CENT, rounding=ROUND_HALF_UP)
    return min(charge, fine.quantize(CENT))


def lower_fine() -> Decimal:
    return Decimal(getattr(settings, "MARKET_LOWER_FINE", "10000"))


def published(fine: Decimal | None, measures) -> bool:
    """Art. 2 of the publication rules: a warning alone is not published."""
    return bool(fine) or any(m != Measure.WARNING for m in measures or ())


def lower_fine_only(fine: Decimal | None, measures) -> bool:
    """Art. 13 para. 1 of the publication rules: a lower fine (and a warning) alone."""
    return not any(m != Measure.WARNING for m in measures or ()) and (
        fine is not None and fine < lower_fine()
    )


def publication_ends(published_on: date, fine: Decimal | None, measures) -> date:
    months = SHORT_PUBLICATION_MONTHS if lower_fine_only(fine, measures) else PUBLICATION_MONTHS
    return clock.months_after(published_on, months)
