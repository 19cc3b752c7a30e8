"""Demo credit repair (信用修复) and the serious-dishonesty list of 天河区市场监管局 (made once,
however often demo runs), as the platform stored them over the past year:

- last year's penalty of the demo enterprise (an ordinary-band fine, paid, published thirteen
  months ago): /my/credit-repair/ shows it may be repaired, but not while the enterprise is on
  the abnormal-operation list; filing its late annual report at /my/annual-reports/ takes it
  off, then it applies, and th_scjg_head decides at /workbench/market/repairs/;
- a restaurant fined fourteen months ago applied twelve working days ago (yellow in the queue);
  another's repair was granted today, in time, its penalty off the public record;
- a restaurant given a heavier-band fine fourteen months ago is on the serious-dishonesty list
  until its three years end, with the consent of 广州市市场监督管理局 (amr_head); th_scjg_head's
  queue and the public credit record show it;
- another, fined in the heavier band this month, was proposed for the list by th_scjg_head and
  waits for amr_head's consent at /workbench/market/listings/.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.core import clock
from onewindow.core.clock import working_days_between
from onewindow.market import credit_repair, penalties, serious_list
from onewindow.market.credit_models import ListEntry, ListingProposal, RepairApplication
from onewindow.market.penalty_models import (
    Band,
    BandLevel,
    LeadSource,
    PenaltyCase,
    Publication,
    Violation,
)
from onewindow.registry.models import LegalEntity

TH = "440106-SCJG"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _months_ago(months: int) -> date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


def _working_days_ago(days: int):
    day = timezone.localdate()
    while working_days_between(day, timezone.localdate())[0] < days:
        day -= timedelta(days=1)
    return day


def _old_case(entity, *, months: int, level: str, fine: str, facts: str) -> PenaltyCase:
    """A case run through the services, then dated back ``months``: decided, delivered, paid
    and published then (its clocks were closed in time)."""
    head = User.objects.get(username="th_scjg_head")
    officer = User.objects.get(username="th_inspector")
    colleague = User.objects.get(username="th_inspector2")
    hygiene = Violation.objects.get(department__code=TH, code="SP-126-05")
    department = Department.objects.get(code=TH)
    case = penalties.open_lead(
        actor=officer, department=department, entity=entity, facts=facts,
        source=LeadSource.HOTLINE, reference=f"12345-DEMO-{entity.uscc[-4:]}",
    )  # fmt: skip
    today = timezone.localdate().isoformat()
    penalties.propose_filing(
        case, actor=officer,
        data={"violation": hygiene.pk, "occurred_on": today, "ended_on": today,
              "discovered_on": today, "officers": [colleague.pk]},
    )  # fmt: skip
    penalties.approve_filing(case, actor=head, approved=True)
    penalties.add_evidence(
        case, actor=officer, title="现场检查笔录",
        upload=SimpleUploadedFile("record.txt", "现场检查笔录".encode()),
    )  # fmt: skip
    band = Band.objects.get(violation=hygiene, level=level)
    penalties.notify(
        case, actor=officer,
        data={"band": band.pk, "fine": fine, "measures": ["warning"], "grounds": facts},
    )  # fmt: skip
    penalties.respond(case, actor=officer, statement="当事人书面陈述：对事实无异议。")
    case.refresh_from_db()
    if case.stage == "review":
        penalties.review(case, actor=User.objects.get(username="th_legal"), opinion="事实清楚。")
    penalties.decide(
        case, actor=head,
        data={"fine": fine, "measures": ["warning"], "minutes": "局务会议集体讨论决定"},
    )  # fmt: skip
    penalties.deliver(case, actor=officer, delivered_on=timezone.localdate())
    penalties.record_payment(case, actor=officer, paid_on=timezone.localdate())
    publication = penalties.publish(case, actor=head)
    then = _months_ago(months)
    moved = timezone.now() - (timezone.localdate() - then)
    PenaltyCase.objects.filter(pk=case.pk).update(
        opened_at=moved - timedelta(days=30), filed_on=then - timedelta(days=28),
        notified_on=then - timedelta(days=14), decided_on=then, delivered_on=then,
        payment_due=then + timedelta(days=15), paid_on=then + timedelta(days=5), closed_at=moved,
    )  # fmt: skip
    Publication.objects.filter(pk=publication.pk).update(
        published_on=then, ends_on=clock.months_after(then, 36)
    )
    case.refresh_from_db()
    return case


def _owner(entity) -> User:
    """The restaurant's own account in the hall (no password: the demo signs in as others)."""
    user, _created = User.objects.get_or_create(
        uscc=entity.uscc,
        defaults={
            "username": f"ent-{entity.uscc.lower()}",
            "kind": User.Kind.ENTERPRISE,
            "enterprise_name": entity.name,
        },
    )
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _apply(entity, record: str, correction: str, *, days_ago: int) -> RepairApplication:
    application = credit_repair.apply(
        entity, actor=_owner(entity), record=record, committed=True, correction=correction,
        evidence=("整改材料.png", PNG),
    )  # fmt: skip
    day = _working_days_ago(days_ago)
    applied_at = timezone.now() - (timezone.localdate() - day)
    RepairApplication.objects.filter(pk=application.pk).update(
        applied_at=applied_at, due_on=credit_repair.due(day)
    )
    application.refresh_from_db()
    credit_repair.track(application)
    return application


@transaction.atomic
def ensure() -> dict[str, int]:
    if RepairApplication.objects.exists():
        return summary()
    head = User.objects.get(username="th_scjg_head")
    enterprise = LegalEntity.objects.get(uscc=User.objects.get(username="enterprise").uscc)
    _old_case(
        enterprise, months=13, level=BandLevel.ORDINARY, fine="20000",
        facts="员工食堂餐具未经消毒即重复使用，经责令改正后复查仍未改正。",
    )  # fmt: skip
    restaurants = [
        entity
        for entity in LegalEntity.objects.filter(
            division_id="440106", name__endswith="餐厅"
        ).order_by("-uscc")
        if not ListEntry.objects.filter(entity=entity, removed_on=None).exists()
        and not PenaltyCase.objects.filter(entity=entity).exists()
    ][:4]
    if len(restaurants) < 4:
        return summary()
    waiting, granted, serious, proposed = restaurants
    pending_case = _old_case(
        waiting, months=14, level=BandLevel.ORDINARY, fine="25000",
        facts="后厨餐具消毒设施未正常使用，经责令改正后复查仍未改正。",
    )  # fmt: skip
    _apply(
        waiting, f"p{pending_case.publication.pk}",
        "已缴清罚款；更换消毒柜两台，建立餐具消毒记录，员工培训已完成并经复查合格。", days_ago=12,
    )  # fmt: skip
    granted_case = _old_case(
        granted, months=15, level=BandLevel.ORDINARY, fine="22000",
        facts="餐具未经清洗消毒即供顾客使用，经责令改正后复查仍未改正。",
    )  # fmt: skip
    done = _apply(
        granted, f"p{granted_case.publication.pk}",
        "罚款已缴清，消毒间已改造，复查合格。", days_ago=10,
    )  # fmt: skip
    credit_repair.decide(
        done, actor=head, grant=True, reason="整改到位，复查合格，同意提前停止公示。"
    )
    heavier = _old_case(
        serious, months=14, level=BandLevel.HEAVIER, fine="42000",
        facts="一年内再次使用未经消毒餐具，造成三名顾客食源性疾病。",
    )  # fmt: skip
    city_head = User.objects.get(username="amr_head")  # the level above consents
    proposal = serious_list.list_serious(
        heavier, actor=head, grounds="一年内再次违法并造成食源性疾病，危害后果严重。"
    )
    serious_list.consent(proposal, actor=city_head, agree=True)
    proposal.refresh_from_db()
    listed_on = heavier.decided_on
    ListEntry.objects.filter(pk=proposal.entry_id).update(
        listed_on=listed_on, ends_on=clock.months_after(listed_on, serious_list.LISTED_MONTHS)
    )
    then = timezone.now() - (timezone.localdate() - listed_on)
    ListingProposal.objects.filter(pk=proposal.pk).update(proposed_at=then, decided_at=then)
    recent = _old_case(
        proposed, months=0, level=BandLevel.HEAVIER, fine="45000",
        facts="使用超过保质期的食品原料制作食品，货值金额较大。",
    )  # fmt: skip
    serious_list.list_serious(
        recent, actor=head, grounds="明知原料超过保质期仍用于加工，主观故意明显，货值金额较大。"
    )  # waits in amr_head's /workbench/market/listings/
    return summary()


def summary() -> dict[str, int]:
    return {
        "repairs": RepairApplication.objects.count(),
        "pending": RepairApplication.objects.filter(status="pending").count(),
        "serious": ListEntry.objects.filter(kind="serious", removed_on=None).count(),
        "proposed": ListingProposal.objects.filter(status="pending").count(),
    }
