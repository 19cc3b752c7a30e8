"""Demo consultations on drafts (征求意见) of 住建局 (440100-ZJ, zj_officer):

- 广州市物业管理条例（征求意见稿）, 20 articles, open now: three citizens and an enterprise
  comment and support; a comment with an ID number is published masked, an advertisement is
  rejected with its reason, and a few comments wait in the moderator's queue;
- a closed draft on lift installation in old residential buildings, with its published
  feedback report (dispositions and the revised text with its diff);
- a closed draft whose report is running late: the supervision ledger's yellow card shows it.

Everything goes through the services, at past dates (time-machine), so the ledger holds the
real deadlines. Idempotent: a consultation is found again by its title.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.core.clock import WorkingCalendar
from onewindow.participation.models import Comment, Consultation
from onewindow.participation.services import consultations as services

ZJ = "440100-ZJ"
PROPERTY = "广州市物业管理条例（征求意见稿）"
LIFTS = "广州市既有住宅增设电梯管理办法（征求意见稿）"
PARKING = "广州市住宅小区停车管理规定（征求意见稿）"

PROPERTY_CHAPTERS = [
    ("第一章　总则", [
        "为了规范物业管理活动，维护业主、物业使用人和物业服务人的合法权益，营造安全、舒适、文明、和谐的居住环境，根据有关法律、法规，结合本市实际，制定本条例。",
        "本市行政区域内的物业管理及其监督管理活动，适用本条例。",
        "市住房城乡建设行政主管部门负责全市物业管理活动的监督管理工作。区住房城乡建设行政主管部门负责本辖区内物业管理活动的监督管理工作。",
        "街道办事处、镇人民政府指导和监督本辖区内业主大会、业主委员会的组建和日常活动。",
    ]),
    ("第二章　业主及业主大会", [
        "业主在物业管理活动中享有知情权、参与权、表决权和监督权。",
        "一个物业管理区域成立一个业主大会。业主大会由物业管理区域内的全体业主组成。",
        "业主大会会议可以采用集体讨论、书面征求意见或者电子投票等形式召开。",
        "业主委员会委员应当由热心公益事业、责任心强、具有一定组织能力的业主担任。",
    ]),
    ("第三章　物业服务", [
        "物业服务人应当按照物业服务合同的约定提供物业服务，并在物业管理区域内显著位置公示服务内容、服务标准和收费项目。",
        "物业服务收费应当遵循合理、公开以及费用与服务水平相适应的原则。",
        "物业服务人应当每半年公布一次物业服务资金收支情况。",
        "物业服务合同期限届满前九十日，业主大会应当决定续聘或者另聘物业服务人。",
    ]),
    ("第四章　物业的使用和维护", [
        "业主、物业使用人不得擅自改变物业的规划用途。",
        "利用共有部分经营所得收益，在扣除合理成本之后，属于业主共有。",
        "专项维修资金的使用情况应当每年向业主公布。",
        "住宅小区内的电动自行车应当在指定区域停放和充电，禁止在楼道、疏散通道停放。",
    ]),
    ("第五章　法律责任", [
        "物业服务人未按规定公示服务内容、收费项目的，由区住房城乡建设行政主管部门责令限期改正。",
        "业主委员会委员违反规定挪用业主共有资金的，依法承担法律责任。",
        "国家机关工作人员在物业管理监督工作中玩忽职守、滥用职权、徇私舞弊的，依法给予处分。",
        "本条例自　年　月　日起施行。",
    ]),
]  # fmt: skip

# who, article, stance, shows the district, text
PROPERTY_COMMENTS = [
    ("citizen", 11, "comment", True, "建议收支情况在公告栏和线上同时公布。"),
    ("citizen", 11, "support", False, ""),
    ("liede", 14, "comment", True, "共有部分收益应当单独建账，并每季度公布一次。"),
    ("liede", 14, "support", False, ""),
    ("beijing", 16, "oppose", False, "电动自行车充电设施不足，建议先建设再禁止。"),
    ("enterprise", 9, "comment", False, "建议允许物业服务人通过电子方式公示收费项目。"),
    ("enterprise", 10, "support", False, ""),
    ("citizen", None, "comment", False, "整体赞成，建议加快出台。"),
]  # fmt: skip

LIFT_ARTICLES = [
    "为了规范既有住宅增设电梯工作，方便群众生活，制定本办法。",
    "增设电梯应当经本单元房屋专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决。",
    "增设电梯所需资金由业主根据所在楼层等因素协商分摊。",
    "增设电梯的日常维护保养由业主委托有资质的电梯维保单位负责。",
    "本办法自发布之日起施行，有效期五年。",
]


def _at(day: date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, time(hour, 0))), tick=False
    )


def _working_days_ago(today: date, days: int) -> date:
    calendar, day = WorkingCalendar(), today
    while days > 0:
        day -= timedelta(days=1)
        days -= calendar.is_working_day(day)
    return day


def _text(chapters) -> str:
    lines, n = [PROPERTY], 0
    for heading, articles in chapters:
        lines.append(heading)
        for text in articles:
            n += 1
            lines.append(f"第{_numeral(n)}条　{text}")
    return "\n".join(lines)


def _numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("十" if tens == 1 else digits[tens] + "十") + (digits[ones] if ones else "")


def _published(title, title_en, kind, text, note, opens_on, closes_on, officer, department):
    found = Consultation.objects.filter(department=department, title=title).first()
    if found is not None:
        return found, False
    # never shorter than the minimum, whatever holiday the period would end on (民法典 Art. 203)
    earliest = WorkingCalendar().add_calendar_days(opens_on, services.min_days()).date
    closes_on = max(closes_on, earliest)
    with _at(opens_on, 9):
        made = services.create_draft(
            department,
            {"kind": kind, "title": title, "title_en": title_en, "note": note, "text": text},
            actor=officer,
        )
        made = services.publish(made, actor=officer, opens_on=opens_on, closes_on=closes_on)
    return made, True


def _comment(consultation, author, day, body, *, article=None, stance="comment", district=False):
    item = consultation.articles.get(position=article) if article else None
    with _at(day, 11):
        return services.comment(
            consultation, author, stance=stance, body=body, article=item, show_district=district
        )


def ensure() -> dict[str, int]:
    """Create the three consultations once; returns how many of each kind of thing exist."""
    today = timezone.localdate()
    zj = Department.objects.get(code=ZJ)
    officer = User.objects.get(username="zj_officer")
    moderator = User.objects.get(username="moderator")
    citizen, liede, beijing, enterprise = (
        User.objects.get(username=name)
        for name in ("citizen", "resident_liede", "resident_beijing", "enterprise")
    )

    # 1. open now: comments, supports, a masked ID number, a rejected advert, a queue
    opens = today - timedelta(days=10)
    property_, new = _published(
        PROPERTY,
        "Guangzhou Property Management Regulations (draft for comments)",
        "regulation",
        _text(PROPERTY_CHAPTERS),
        "为解决物业服务收费不透明、业主大会成立难、共有部分收益归属不清等问题，市住房城乡建设局起草了本条例。"
        "现向社会公开征求意见，请于征求意见截止日前提出。",
        opens,
        opens + timedelta(days=40),
        officer,
        zj,
    )  # fmt: skip
    if new:
        day = opens + timedelta(days=2)
        id_number = f"身份证号{beijing.id_number}，电话13700200003，"
        people = {"citizen": citizen, "liede": liede, "beijing": beijing, "enterprise": enterprise}
        published = [
            _comment(property_, people[who], day + timedelta(days=n % 2), body, article=article,
                     stance=stance, district=district)
            for n, (who, article, stance, district, body) in enumerate(PROPERTY_COMMENTS)
        ] + [
            _comment(property_, beijing, day, f"我是业主，{id_number}本小区维修资金多年未公布，"
                     "希望条例规定公布期限。", article=15)
        ]  # fmt: skip
        for made in published:
            services.approve(made, actor=moderator)
        advert = _comment(property_, liede, day, "专业代办房产过户，价格优惠，请加微信。")
        services.reject(
            advert, actor=moderator, reason="advertising", note="与条例内容无关的广告。"
        )
        later = today - timedelta(days=1)
        _comment(
            property_, enterprise, later, "第十二条的续聘期限过长，建议改为六十日。", article=12
        )
        _comment(property_, citizen, later, "", article=6, stance="support")
        _comment(property_, liede, later, "业主大会电子投票应当实名认证。", article=7)

    # 2. closed, feedback report published with its diff
    lifts_opens = today - timedelta(days=90)
    lifts, new = _published(
        LIFTS,
        "Guangzhou Measures for Installing Lifts in Existing Residential Buildings (draft)",
        "policy",
        "\n".join(f"第{_numeral(n)}条　{t}" for n, t in enumerate(LIFT_ARTICLES, start=1)),
        "为回应群众加装电梯诉求，简化审批流程，起草本办法。",
        lifts_opens,
        lifts_opens + timedelta(days=31),
        officer,
        zj,
    )
    if new:
        day = lifts_opens + timedelta(days=5)
        a = _comment(
            lifts, citizen, day, "低层业主利益补偿应当写明协商不成时的调解途径。", article=3
        )
        b = _comment(
            lifts, liede, day, "表决比例过高，建议降低为过半数。", article=2, stance="oppose"
        )
        c = _comment(lifts, enterprise, day, "", article=4, stance="support")
        for made in (a, b, c):
            services.approve(made, actor=moderator)
        closed_on = lifts.closes_on + timedelta(days=1)
        with _at(closed_on):
            services.close(lifts, actor=officer)
        with _at(closed_on + timedelta(days=14)):
            services.save_summary(
                lifts,
                actor=officer,
                summary="征求意见期间共收到意见、赞成和反对3条，采纳1条，未采纳1条。",
                summary_en="Three comments and supports were received; one was adopted, one "
                "was not.",
            )
            services.dispose(a, actor=officer, outcome="adopted", reason="已在第三条增加调解途径。")
            services.dispose(
                b,
                actor=officer,
                outcome="not_adopted",
                reason="表决比例依照《中华人民共和国民法典》第二百七十八条确定，不宜降低。",
            )
            third = lifts.articles.get(position=3)
            services.revise(
                third,
                actor=officer,
                text="增设电梯所需资金由业主根据所在楼层等因素协商分摊；协商不成的，可以申请街道办事处、"
                "镇人民政府组织调解。",
            )  # fmt: skip
            services.publish_report(lifts, actor=officer)

    # 3. closed, report running late: a card in the ledger (the demo's card sweep stamps it)
    # closed 17 working days ago: past the yellow card's 80 % of 20, not yet red
    parking_closed = _working_days_ago(today, 17)
    parking_opens = parking_closed - timedelta(days=45)
    parking, new = _published(
        PARKING,
        "Guangzhou Rules on Parking in Residential Estates (draft)",
        "regulation",
        "第一条　为规范住宅小区停车秩序，制定本规定。\n第二条　小区车位应当首先满足业主需要。\n"
        "第三条　车位租金标准应当公示。",
        "",
        parking_opens,
        parking_opens + timedelta(days=40),
        officer,
        zj,
    )
    if new:
        late = _comment(parking, beijing, parking_opens + timedelta(days=3), "访客停车位应当保留。",
                        article=2)  # fmt: skip
        services.approve(late, actor=moderator)
        with _at(max(parking_closed, parking.closes_on + timedelta(days=1))):
            services.close(parking, actor=officer)
    return {
        "consultations": Consultation.objects.filter(department=zj).count(),
        "pending": Comment.objects.filter(status="pending").count(),
        "published": Comment.objects.filter(status="published").count(),
    }
