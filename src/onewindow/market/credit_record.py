"""An enterprise's public credit record (企业信用记录), as 国家企业信用信息公示系统 and 信用中国
show one: what the registry says of it, the licences it holds (the platform's certificates),
the penalty decisions in their publication period, its entries on the credit lists, the state
of its annual reports and the published results of the random inspections it had.

Everything here is public already, each part under its own rule: registration data
(企业信息公示暂行条例 Art. 6), penalties as published, personal data masked (市场监督管理
行政处罚信息公示规定 Art. 4, 6, 13), list entries with their reason and basis (Art. 17 of the
条例), inspection results (Art. 6 of the 条例; the draw's results are public within 20 working
days). Reads only; anyone may look, so nothing personal beyond what those rules publish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from onewindow.cases.measure_models import CommittedMaterial, Verification
from onewindow.certificates.models import Certificate
from onewindow.market import reports
from onewindow.market.credit_models import AnnualReport, ListEntry, ListKind
from onewindow.market.models import Finding, InspectionStatus
from onewindow.market.penalty_models import Publication
from onewindow.registry.models import LegalEntity

MAX_QUERY = 100
MOST_FOUND = 20


@dataclass
class ReportYear:
    year: int
    filed_on: date | None
    late: bool
    open_until: date | None  # the window still open for this year: its last day


@dataclass
class Record:
    entity: LegalEntity
    licences: list[Certificate] = field(default_factory=list)
    penalties: list[Publication] = field(default_factory=list)
    listed: list[ListEntry] = field(default_factory=list)  # on a list now
    taken_off: list[ListEntry] = field(default_factory=list)
    reports: list[ReportYear] = field(default_factory=list)
    inspections: list[Finding] = field(default_factory=list)
    # Commitments in place of certifications found untrue (告知承诺, 国办发〔2020〕42号), until
    # their credit repair is granted (market.credit_repair).
    false_commitments: list[CommittedMaterial] = field(default_factory=list)

    @property
    def seriously_dishonest(self) -> bool:
        return any(e.kind == ListKind.SERIOUS for e in self.listed)

    @property
    def abnormal(self) -> bool:
        return any(e.kind == ListKind.ABNORMAL for e in self.listed)


def find(query: str) -> QuerySet[LegalEntity]:
    """Enterprises whose whole USCC is ``query``, or whose name contains it (at least two
    characters), the first ``MOST_FOUND`` by name."""
    query = " ".join(str(query or "").replace("\x00", "").split())[:MAX_QUERY]
    if len(query) < 2:
        return LegalEntity.objects.none()
    return LegalEntity.objects.filter(Q(uscc=query.upper()) | Q(name__icontains=query)).order_by(
        "name", "uscc"
    )[:MOST_FOUND]


def entity(uscc: str) -> LegalEntity:
    code = str(uscc or "").replace("\x00", "").upper()[:18]
    found = LegalEntity.objects.filter(uscc=code).first()
    if found is None:
        raise Http404
    return found


def record(of: LegalEntity, today: date | None = None) -> Record:
    today = today or timezone.localdate()
    found = Record(entity=of)
    found.licences = list(
        Certificate.objects.filter(
            holder_uscc=of.uscc, revoked_at__isnull=True, valid_from__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("-issued_at")
    )
    found.penalties = list(
        Publication.objects.filter(
            case__entity=of, withdrawn_on__isnull=True, published_on__lte=today, ends_on__gte=today
        ).order_by("-published_on", "-pk")
    )
    entries = list(ListEntry.objects.filter(entity=of).select_related("department", "penalty"))
    found.listed = [e for e in entries if e.removed_on is None]
    found.taken_off = [e for e in entries if e.removed_on is not None]
    filed = {r.year: r for r in AnnualReport.objects.filter(entity=of)}
    for year in sorted(set(reports.due_years(of, today)) | set(filed), reverse=True):
        report = filed.get(year)
        opens, closes = reports.window(year)
        found.reports.append(
            ReportYear(
                year=year,
                filed_on=timezone.localdate(report.filed_at) if report else None,
                late=bool(report and report.late),
                open_until=closes if opens <= today <= closes else None,
            )
        )
    found.inspections = list(
        Finding.objects.filter(
            inspection__target__entity=of, inspection__status=InspectionStatus.PUBLISHED
        )
        .select_related("department", "item", "inspection__plan")
        .order_by("-inspection__published_at", "department__code")
    )
    found.false_commitments = false_commitments(of)
    return found


def false_commitments(of: LegalEntity) -> list[CommittedMaterial]:
    """The enterprise's commitments found untrue whose record stands (not repaired), newest
    first."""
    return list(
        CommittedMaterial.objects.filter(
            case__applicant__uscc=of.uscc, outcome=Verification.UNTRUE, repaired_on=None
        )
        .select_related("case__item", "case__lead_department")
        .order_by("-verified_at", "-pk")
    )
