"""Demo administrative penalty cases of 天河区市场监管局 (made once, however often demo runs):

- the joint inspection's finding of a problem to be dealt with (消毒设施, 健康证明) opened a
  case that ran its whole course: filed, told, the party's paper statement, decided (an
  ordinary-band fine), delivered, paid and published at /market/penalties/;
- the demo enterprise, reported through 12345, has been told of a proposed penalty (heavier
  band, with suspension of business): it states and defends, or asks for a hearing, in the hall
  at /my/penalties/ until the date the notice gives;
- a referral waits for th_scjg_head to approve its filing, and a 12345 lead waits for
  th_inspector to assess it; th_legal reviews major cases.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onewindow.accounts.models import User
from onewindow.market import benchmarks, penalties
from onewindow.market.models import Finding, Result
from onewindow.market.penalty_models import Band, BandLevel, LeadSource, PenaltyCase, Violation
from onewindow.registry.models import LegalEntity

TH = "440106-SCJG"


def _file(case, officer, partner, violation) -> None:
    today = timezone.localdate().isoformat()
    penalties.propose_filing(
        case,
        actor=officer,
        data={"violation": violation.pk, "occurred_on": today, "ended_on": today,
              "discovered_on": today, "officers": [partner.pk]},
    )  # fmt: skip
    penalties.approve_filing(case, actor=User.objects.get(username="th_scjg_head"), approved=True)
    penalties.add_evidence(
        case,
        actor=officer,
        title="现场检查笔录",
        upload=SimpleUploadedFile("record.txt", f"{case.number} 现场检查笔录".encode()),
    )


def ensure() -> dict[str, int]:
    benchmarks.load()
    if PenaltyCase.objects.filter(department__code=TH).exists():
        return {"cases": 0}
    head = User.objects.get(username="th_scjg_head")
    inspector = User.objects.get(username="th_inspector")
    colleague = User.objects.get(username="th_inspector2")
    hygiene = Violation.objects.get(department__code=TH, code="SP-126-05")
    made = 0
    finding = (
        Finding.objects.filter(department__code=TH, result=Result.FOLLOW_UP)
        .select_related("inspection")
        .first()
    )
    if finding is not None:
        officer = finding.recorded_by
        partner = inspector if officer != inspector else colleague
        case = penalties.open_from_finding(finding, actor=officer)
        _file(case, officer, partner, hygiene)
        band = Band.objects.get(violation=hygiene, level=BandLevel.ORDINARY)
        penalties.notify(
            case,
            actor=officer,
            data={"band": band.pk, "fine": "20000", "measures": ["warning"],
                  "grounds": "经责令改正，复查时仍未设置消毒设施"},
        )  # fmt: skip
        penalties.respond(case, actor=officer, statement="当事人书面陈述：已购置消毒柜，请求从轻。")
        penalties.decide(case, actor=head, data={"fine": "20000", "measures": ["warning"]})
        penalties.deliver(case, actor=officer, delivered_on=timezone.localdate())
        penalties.record_payment(case, actor=officer, paid_on=timezone.localdate())
        penalties.publish(case, actor=head)
        made += 1
    enterprise = LegalEntity.objects.get(uscc=User.objects.get(username="enterprise").uscc)
    case = penalties.open_lead(
        actor=inspector,
        department=case_department(),
        entity=enterprise,
        facts="市民来电反映该公司员工食堂餐具未经消毒即重复使用；现场检查属实，经责令改正后复查仍未改正。",
        source=LeadSource.HOTLINE,
        reference="12345-DEMO-0601",
    )
    _file(case, inspector, colleague, hygiene)
    heavier = Band.objects.get(violation=hygiene, level=BandLevel.HEAVIER)
    penalties.notify(
        case,
        actor=inspector,
        data={"band": heavier.pk, "fine": "40000", "measures": ["warning", "suspension"],
              "grounds": "一年内第二次因餐具消毒问题被查处"},
    )  # fmt: skip
    made += 1
    others = list(
        LegalEntity.objects.filter(division_id="440106", name__endswith="茶餐厅").order_by("uscc")
    )
    if len(others) >= 2:
        referral = penalties.open_lead(
            actor=colleague,
            department=case_department(),
            entity=others[0],
            facts="区卫生健康局移送：该店两名从业人员未取得健康证明从事接触直接入口食品的工作。",
            source=LeadSource.REFERRAL,
            reference="天卫移〔2026〕7号",
        )
        staff = Violation.objects.get(department__code=TH, code="SP-126-06")
        today = timezone.localdate().isoformat()
        penalties.propose_filing(
            referral,
            actor=colleague,
            data={"violation": staff.pk, "occurred_on": today, "ended_on": today,
                  "discovered_on": today, "officers": [inspector.pk]},
        )  # fmt: skip
        penalties.open_lead(
            actor=inspector,
            department=case_department(),
            entity=others[1],
            facts="市民来电反映该店安排无健康证人员在后厨工作。",
            source=LeadSource.HOTLINE,
            reference="12345-DEMO-0602",
        )
        made += 2
    return {"cases": made}


def case_department():
    from onewindow.accounts.models import Department

    return Department.objects.get(code=TH)


def summary() -> dict[str, int]:
    cases = PenaltyCase.objects.filter(department__code=TH)
    return {"cases": cases.count(), "published": cases.filter(publication__isnull=False).count()}
