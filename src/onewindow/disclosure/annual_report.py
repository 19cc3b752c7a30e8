"""The tables of the annual report (政府信息公开条例 Art. 50), computed from the platform's records.

The national template (国务院办公厅政府信息与政务公开办公室,《中华人民共和国政府信息公开工作年度报告
格式》, 2021) fixes four parts around the text: 二、主动公开政府信息情况 (table 1), 三、收到和处理
政府信息公开申请情况 (table 3, the requests), 四、政府信息公开行政复议、行政诉讼情况 (table 4). Each
table is one grouped query. The result is plain JSON (numbers and codes, no labels), which is
what a report freezes at publication; ``rows`` gives the labelled rows for pages and the PDF.

A people's government's report is the city-level report: the same queries over every agency of
its division that keeps a disclosure guide, so that its cells are the sums of theirs.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.disclosure.models import Document, DocumentStatus, Guide, Request, RequestStatus
from onewindow.disclosure.report_models import Remedy
from onewindow.disclosure.vocab import (
    GROUP_OF,
    DocumentForm,
    Outcome,
    OutcomeGroup,
    RemedyKind,
    RemedyResult,
    RequesterKind,
)

TOTAL = "total"
COLUMNS = [*RequesterKind.values, TOTAL]  # table 3: 自然人, five kinds of 法人或其他组织, 总计
REMEDY_COLUMNS = [*RemedyResult.values, TOTAL]
# Requests concluded: replied, withdrawn, or treated as withdrawn (Art. 30).
CONCLUDED = (RequestStatus.REPLIED, RequestStatus.WITHDRAWN, RequestStatus.LAPSED)
# A concluded request without an outcome cell lands where the template puts it.
FALLBACK_OUTCOME = {
    RequestStatus.LAPSED: Outcome.NO_SUPPLEMENT,  # (六) 1. 逾期不补正
    RequestStatus.WITHDRAWN: Outcome.OTHER,  # (六) 3. 其他 (撤回申请)
    RequestStatus.REPLIED: Outcome.OTHER,
}
FEES_UNIT = Decimal("10000")  # the template counts fees in 万元


def agencies_of(agency: Department) -> list[int]:
    """The departments a report counts: the agency, or for a people's government every agency
    of its division with a disclosure guide (and itself)."""
    if agency.kind != Department.Kind.GOVERNMENT:
        return [agency.pk]
    guided = Guide.objects.filter(agency__division_id=agency.division_id).values_list(
        "agency_id", flat=True
    )
    return sorted({agency.pk, *guided})


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def proactive(agencies: list[int], year: int) -> dict:
    """Table 1: rules and normative documents issued, repealed and in force (Art. 20 (一));
    licensing decisions (Art. 20 (五)); penalties and enforcement (Art. 20 (六)); fees (Art. 20
    (八))."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    after = _moment(date(year + 1, 1, 1))
    published = Q(status=DocumentStatus.PUBLISHED, published_at__isnull=False)
    counts = {
        row["form"]: row
        for row in Document.objects.filter(
            published, agency_id__in=agencies, form__in=[DocumentForm.RULE, DocumentForm.NORMATIVE]
        )
        .values("form")
        .annotate(
            issued=Count("pk", filter=Q(published_at__gte=_moment(start), published_at__lt=after)),
            repealed=Count("pk", filter=Q(ended_on__gte=start, ended_on__lte=end)),
            in_force=Count(
                "pk",
                filter=Q(published_at__lt=after) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end)),
            ),
        )
        .order_by()
    }
    documents = {
        form: {k: counts.get(form, {}).get(k, 0) for k in ("issued", "repealed", "in_force")}
        for form in (DocumentForm.RULE, DocumentForm.NORMATIVE)
    }
    return {
        "documents": documents,
        "licensing": _licensing_decisions(agencies, start, end),
        # No module records penalties or enforcement yet: zero, and the page says so.
        "penalties": None,
        "enforcement": None,
        "fees": _fees(agencies, year),
    }


def _licensing_decisions(agencies: list[int], start: date, end: date) -> int:
    from onewindow.cases.models import Case

    return Case.objects.filter(
        lead_department_id__in=agencies, decided_on__gte=start, decided_on__lte=end
    ).count()


def _fees(agencies: list[int], year: int) -> str:
    """Fees paid this year to the agencies (payments records the charging department), 万元."""
    from onewindow.payments.models import FeeNotice, FeeStatus

    paid = FeeNotice.objects.filter(
        department_id__in=agencies,
        status=FeeStatus.PAID,
        paid_at__gte=_moment(date(year, 1, 1)),
        paid_at__lt=_moment(date(year + 1, 1, 1)),
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return str((paid / FEES_UNIT).quantize(Decimal("0.0001")))


def requests(agencies: list[int], year: int) -> dict:
    """Table 3: per column (kind of requester), the requests received this year, carried over
    from last year, concluded this year by outcome cell with the group subtotals (一)–(六) and
    their total (七), and carried to next year. In every column received + carried over =
    concluded + carried to next year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    received = Q(received_on__isnull=False, received_on__lte=end)
    done = Q(status__in=CONCLUDED, replied_on__isnull=False)
    concluded = done & Q(replied_on__gte=start, replied_on__lte=end)
    open_at = ~done | Q(replied_on__gt=end)
    aggregates = {
        "received": Count("pk", filter=Q(received_on__gte=start)),
        "carried_in": Count(
            "pk", filter=Q(received_on__lt=start) & (~done | Q(replied_on__gte=start))
        ),
        "carried_out": Count("pk", filter=open_at),
    }
    for outcome in Outcome.values:
        cell = Q(outcome=outcome)
        fallback = [s for s, o in FALLBACK_OUTCOME.items() if o == outcome]
        if fallback:
            cell |= Q(outcome="", status__in=fallback)
        aggregates[f"o_{outcome}"] = Count("pk", filter=concluded & cell)
    by_kind = {
        row["requester_kind"]: row
        for row in Request.objects.filter(received, agency_id__in=agencies)
        .values("requester_kind")
        .annotate(**aggregates)
        .order_by()
    }

    def line(key: str) -> dict[str, int]:
        cells = {kind: by_kind.get(kind, {}).get(key, 0) for kind in RequesterKind.values}
        cells[TOTAL] = sum(cells.values())
        return cells

    outcomes = {outcome: line(f"o_{outcome}") for outcome in Outcome.values}
    groups = {
        group: _sum(outcomes[o] for o, g in GROUP_OF.items() if g == group)
        for group in OutcomeGroup.values
    }
    return {
        "received": line("received"),
        "carried_in": line("carried_in"),
        "outcomes": outcomes,
        "groups": groups,
        "concluded": _sum(groups.values()),
        "carried_out": line("carried_out"),
    }


def _sum(lines) -> dict[str, int]:
    total = dict.fromkeys(COLUMNS, 0)
    for cells in lines:
        for column in COLUMNS:
            total[column] += cells[column]
    return total


def remedies(agencies: list[int], year: int) -> dict:
    """Table 4: reviews and lawsuits by result. Those concluded this year count by result
    (filed this year or earlier); those filed by year end and not concluded count as pending."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    concluded = Q(concluded_on__gte=start, concluded_on__lte=end)
    pending = Q(filed_on__lte=end) & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))
    aggregates = {
        result: Count("pk", filter=concluded & Q(result=result))
        for result in RemedyResult.values
        if result != RemedyResult.PENDING
    }
    aggregates[RemedyResult.PENDING] = Count("pk", filter=pending)
    counts = {
        row["kind"]: row
        for row in Remedy.objects.filter(agency_id__in=agencies)
        .filter(concluded | pending)
        .values("kind")
        .annotate(**aggregates)
        .order_by()
    }
    table = {}
    for kind in RemedyKind.values:
        cells = {result: counts.get(kind, {}).get(result, 0) for result in RemedyResult.values}
        cells[TOTAL] = sum(cells.values())
        table[kind] = cells
    return table


def compute(agency: Department, year: int) -> dict:
    """The three tables of ``agency``'s report on ``year``, as the JSON a publication freezes."""
    agencies = agencies_of(agency)
    return {
        "year": year,
        "agency": agency.code,
        "agencies": len(agencies),
        "proactive": proactive(agencies, year),
        "requests": requests(agencies, year),
        "remedies": remedies(agencies, year),
    }


def balanced(table: dict) -> bool:
    """The invariant of table 3, column by column: received + carried over = concluded +
    carried to next year."""
    return all(
        table["received"][c] + table["carried_in"][c]
        == table["concluded"][c] + table["carried_out"][c]
        for c in COLUMNS
    )
