"""Annual reports (年报), filed and corrected by the enterprise in the hall, one transaction
each, audited as ``market.report_filed`` / ``market.report_corrected``.

企业信息公示暂行条例 Art. 8: the report on the previous year is filed between 1 January and 30
June; a report can be corrected while that period lasts. One filed later is still taken
(补报) and takes the enterprise off the abnormal-operation list for that year (Art. 17;
企业经营异常名录管理暂行办法 Art. 11).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.market import lists
from onewindow.market.credit_models import AnnualReport, OperatingStatus
from onewindow.registry.models import EntityStatus, LegalEntity

MAX_WEBSITES = 10
MAX_SHAREHOLDERS = 50
MONEY = ("total_assets", "total_liabilities", "revenue", "net_profit", "tax_paid")
NEGATIVE_ALLOWED = ("net_profit",)
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
# The first year reported on this platform: earlier reports were filed on the national
# enterprise credit information system and are not asked for again here.
FIRST_YEAR = 2025


def window(year: int) -> tuple[date, date]:
    """Art. 8: the report on ``year`` is filed from 1 January to 30 June of the next year."""
    return date(year + 1, 1, 1), date(year + 1, 6, 30)


def entity_of(user) -> LegalEntity:
    """The registry entry of the enterprise ``user`` signs in as, or PermissionDenied."""
    uscc = getattr(user, "uscc", "") if getattr(user, "is_authenticated", False) else ""
    entity = LegalEntity.objects.filter(uscc=uscc).first() if uscc else None
    if entity is None:
        raise PermissionDenied(_("Annual reports are filed by enterprises on the registry."))
    return entity


def due_years(entity: LegalEntity, today: date) -> list[int]:
    """The years ``entity`` reports on up to last year: from the year it was established
    (a year it was established in counts: 当年设立登记的企业，自下一年起报送), from
    ``FIRST_YEAR`` on; none once it has closed."""
    if entity.status != EntityStatus.ACTIVE:
        return []
    return list(range(max(entity.established_on.year, FIRST_YEAR), today.year))


def _money(value, field: str, errors: dict) -> Decimal | None:
    try:
        amount = Decimal(str(value if value not in (None, "") else "x")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = _("Give an amount in 10,000 yuan, like 12.50.")
        return None
    if not amount.is_finite() or abs(amount) >= Decimal("1e12"):
        errors[field] = _("Give an amount in 10,000 yuan, like 12.50.")
        return None
    if amount < 0 and field not in NEGATIVE_ALLOWED:
        errors[field] = _("The amount cannot be negative.")
    return amount


def _websites(rows, errors: dict) -> list[dict]:
    found, check = [], URLValidator(schemes=["http", "https"])
    for number, row in enumerate(rows or [], start=1):
        name, url = str(row.get("name") or "").strip(), str(row.get("url") or "").strip()
        if not (name or url):
            continue
        try:
            check(url)
        except ValidationError:
            errors["websites"] = _("Line %(n)d: give the address as https://….") % {"n": number}
        found.append({"name": name[:100] or url, "url": url[:200]})
    if len(found) > MAX_WEBSITES:
        errors["websites"] = _("At most %(n)d websites.") % {"n": MAX_WEBSITES}
    return found


def _shareholders(rows, errors: dict) -> list[dict]:
    found = []
    for number, row in enumerate(rows or [], start=1):
        name = str(row.get("name") or "").strip()
        if not name:
            continue
        line: dict[str, str] = {}
        amounts = {}
        for key in ("subscribed", "paid"):
            amounts[key] = _money(row.get(key), key, line)
        if line or (amounts["paid"] or 0) > (amounts["subscribed"] or 0):
            errors["shareholders"] = _(
                "Line %(n)d: give the amounts subscribed and paid in 10,000 yuan, paid no more "
                "than subscribed."
            ) % {"n": number}
            continue
        found.append(
            {"name": name[:100], "subscribed": str(amounts["subscribed"]),
             "paid": str(amounts["paid"])}
        )  # fmt: skip
    if len(found) > MAX_SHAREHOLDERS:
        errors["shareholders"] = _("At most %(n)d shareholders.") % {"n": MAX_SHAREHOLDERS}
    return found


def _clean(data: dict) -> dict:
    errors: dict[str, str] = {}
    address = str(data.get("address") or "").strip()
    if not address:
        errors["address"] = _("This field is required.")
    postal_code = str(data.get("postal_code") or "").strip()
    if not re.fullmatch(r"\d{6}", postal_code):
        errors["postal_code"] = _("Give the six digits of the postal code.")
    phone = str(data.get("phone") or "").strip()
    if not PHONE.match(phone):
        errors["phone"] = _("Give a phone number.")
    email = str(data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Give an e-mail address like name@example.com.")
    status = str(data.get("operating_status") or "")
    if status not in OperatingStatus.values:
        errors["operating_status"] = _("Choose a status from the list.")
    try:
        employees = int(data.get("employees"))
    except (TypeError, ValueError):
        employees = -1
    if not 0 <= employees <= 10_000_000:
        errors["employees"] = _("Give the number of employees.")
    money = {field: _money(data.get(field), field, errors) for field in MONEY}
    clean = {
        "address": address[:200],
        "postal_code": postal_code,
        "phone": phone,
        "email": email,
        "operating_status": status,
        "employees": employees,
        "employees_public": bool(data.get("employees_public")),
        "assets_public": bool(data.get("assets_public")),
        "websites": _websites(data.get("websites"), errors),
        "shareholders": _shareholders(data.get("shareholders"), errors),
        **money,
    }
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def file(*, actor, data: dict, year: int | None = None) -> AnnualReport:
    """File, or while the period lasts correct, the report of ``actor``'s enterprise on
    ``year`` (last year by default); a late first filing is taken and takes the enterprise
    off the abnormal-operation list for that year. ValidationError names each field at fault."""
    entity = entity_of(actor)
    today = timezone.localdate()
    year = year or today.year - 1
    if entity.status != EntityStatus.ACTIVE:
        raise ValidationError({"year": _("A closed enterprise files no annual report.")})
    if year not in due_years(entity, today):
        raise ValidationError({"year": _("Choose a year you report on.")})
    clean = _clean(data)
    closes = window(year)[1]
    now = timezone.now()
    report = AnnualReport.objects.select_for_update().filter(entity=entity, year=year).first()
    if report is not None:
        if today > closes:
            raise ValidationError(
                {"year": _("The report on %(year)d can be corrected until 30 June %(next)d.")
                 % {"year": year, "next": year + 1}}
            )  # fmt: skip
        before = {k: getattr(report, k) for k in clean}
        for key, value in clean.items():
            setattr(report, key, value)
        report.corrected_at = now
        report.corrections += 1
        report.save()
        changed = sorted(k for k in clean if before[k] != clean[k])
        audit.record(
            "market.report_corrected",
            object_type="annual_report",
            object_id=report.pk,
            actor=actor,
            data={"year": year, "fields": changed},
        )
        return report
    report = AnnualReport.objects.create(
        entity=entity, year=year, filed_at=now, filed_by=actor, late=today > closes, **clean
    )
    audit.record(
        "market.report_filed",
        object_type="annual_report",
        object_id=report.pk,
        actor=actor,
        data={"year": year, "late": report.late},
    )
    lists.take_off_filed(entity, year, actor=actor, day=today)
    return report


def reports_of(user) -> list[AnnualReport]:
    return list(AnnualReport.objects.filter(entity=entity_of(user)).order_by("-year"))


def open_year(entity: LegalEntity, today: date) -> int | None:
    """The year the enterprise may file or correct now: last year (late filing included),
    or an earlier year never filed."""
    filed = set(AnnualReport.objects.filter(entity=entity).values_list("year", flat=True))
    years = due_years(entity, today)
    if not years:
        return None
    last = years[-1]
    if last not in filed or today <= window(last)[1]:
        return last
    missing = [y for y in years if y not in filed]
    return missing[-1] if missing else None
