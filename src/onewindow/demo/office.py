"""Demo 公文 of 市场监管局, one in each place of the flow (made once, however often demo runs):

- a 通知 countersigned by 住建局 and 城管局, signed off, numbered, sealed and sent to the 越秀
  and 天河 bureaus; 越秀 signed for it, 天河 not yet and was chased once;
- a 通知 that 住建局 countersigned and 城管局 has still to (cg_head);
- a 请示 to the city government waiting for scjg_leader's sign-off;
- a draft the office returned to scjg_drafter with its comments;
and incoming documents (收文) at 市场监管局: a 请示 of the 越秀 bureau registered, assigned by
amr_head with his 批示 and answered with a 批复 drafted by scjg_drafter; a provincial 通知
assigned 15 working days ago whose instruction (督办) is overdue: the sweep gives it a red card.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.core.clock import WorkingCalendar
from onewindow.office import agencies, incoming
from onewindow.office import services as office
from onewindow.office.incoming_models import IncomingDocument
from onewindow.office.models import OutgoingDocument

SENT = {
    "kind": "notice",
    "title": "广州市市场监督管理局关于开展2027年度食品安全监督抽检工作的通知",
    "main_recipients": "各区市场监督管理局",
    "body": (
        "为做好2027年度食品安全监督抽检工作，保障人民群众饮食安全，现将有关事项通知如下。\n"
        "一、抽检范围\n"
        "全市食品生产经营单位，重点是校园周边、农贸市场和网络食品经营者。\n"
        "二、工作要求\n"
        "各区市场监督管理局于每季度末将抽检结果报市局，不合格食品依法核查处置，"
        "结果通过国家企业信用信息公示系统向社会公开。"
    ),
    "attachments_note": "1. 2027年度食品安全监督抽检计划表",
    "copy_to": "市食品安全委员会办公室，市住房和城乡建设局，市城市管理和综合执法局",
    "countersigners": ["440100-ZJ", "440100-CG"],
}
COUNTERSIGNING = {
    "kind": "notice",
    "title": "广州市市场监督管理局关于加强住宅小区电梯安全管理的通知",
    "main_recipients": "各区市场监督管理局，各物业服务企业",
    "body": "为落实电梯安全主体责任，防范电梯安全事故，现就加强住宅小区电梯安全管理通知如下。\n"
    "一、物业服务企业每半月对电梯进行一次清洁、润滑、调整和检查。\n"
    "二、各区局对电梯维保质量开展抽查。",
    "countersigners": ["440100-ZJ", "440100-CG"],
}
REQUEST = {
    "kind": "request",
    "title": "广州市市场监督管理局关于调整食品经营许可审批权限的请示",
    "main_recipients": "广州市人民政府",
    "body": "为深化“放管服”改革，提高审批效率，拟将部分食品经营许可审批权限下放至各区。"
    "妥否，请批示。",
    "urgency": "urgent",
}
RETURNED = {
    "kind": "circular",
    "title": "广州市市场监督管理局关于2026年第三季度投诉举报处理情况的通报",
    "main_recipients": "各区市场监督管理局",
    "body": "2026年第三季度，全市市场监管部门共受理投诉举报。",
}


ASKED = {
    "sender": "广州市越秀区市场监督管理局",
    "sender_number": "越市监〔2026〕41号",
    "title": "广州市越秀区市场监督管理局关于开展农贸市场食品快检试点的请示",
    "kind": "request",
}
PROVINCIAL = {
    "sender": "广东省市场监督管理局",
    "sender_number": "粤市监〔2026〕88号",
    "title": "广东省市场监督管理局关于做好元旦春节期间食品安全工作的通知",
    "kind": "notice",
}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def ensure() -> dict:
    agencies.load()
    scjg = Department.objects.get(code="440100-SCJG")
    zj = Department.objects.get(code="440100-ZJ")
    cg = Department.objects.get(code="440100-CG")
    drafter, reviewer = _user("scjg_drafter"), _user("scjg_office")
    signer, clerk = _user("scjg_leader"), _user("scjg_clerk")
    made = {"new": 0}

    def draft(data: dict):
        found = OutgoingDocument.objects.filter(department=scjg, title=data["title"]).first()
        if found is not None:
            return None
        made["new"] += 1
        document = office.create_draft(scjg, data, actor=drafter)
        office.submit(document, actor=drafter)
        return document

    document = draft(SENT)
    if document is not None:
        office.review(document, actor=reviewer, agreed=True)
        office.countersign(document, zj, actor=_user("zj_head"), agreed=True)
        office.countersign(
            document, cg, actor=_user("cg_head"), agreed=True, comment="同意，建议抄送市城管局。"
        )
        office.sign_off(document, actor=signer, agreed=True)
        office.issue(document, actor=clerk)
        yuexiu, tianhe = office.send(document, ["440104-SCJG", "440106-SCJG"], actor=clerk)
        office.sign_for(yuexiu, actor=_user("yx_doc_clerk"))
        office.chase(tianhe, actor=clerk)
    document = draft(COUNTERSIGNING)
    if document is not None:
        office.review(document, actor=reviewer, agreed=True)
        office.countersign(document, zj, actor=_user("zj_head"), agreed=True)
    document = draft(REQUEST)
    if document is not None:
        office.review(document, actor=reviewer, agreed=True)
    document = draft(RETURNED)
    if document is not None:
        office.review(
            document,
            actor=reviewer,
            agreed=False,
            comment="请补充投诉举报的数量、类型分布和处理时限情况。",
        )
    made["incoming"] = _incoming(scjg)
    return made


def _incoming(scjg: Department) -> int:
    """The 请示 answered with a 批复 draft, and the provincial 通知 with an overdue instruction."""
    if IncomingDocument.objects.filter(department=scjg, title=ASKED["title"]).exists():
        return 0
    clerk, head = _user("scjg_clerk"), _user("amr_head")
    today = timezone.localdate()
    asked = incoming.register(scjg, {**ASKED, "received_on": today.isoformat()}, actor=clerk)
    incoming.check(asked, actor=clerk, accepted=True)
    incoming.assign(
        asked,
        actor=head,
        handling_department=scjg,
        instruction="同意试点，请食品安全处拟文批复，并总结经验。",
        readers=[_user("scjg_office").pk],
    )
    incoming.answer(asked, actor=_user("scjg_drafter"))
    # 15 working days ago: past the instruction's 10, so the card sweep stamps it red
    calendar = WorkingCalendar()
    day, back = today, 0
    while back < 15:
        day -= timedelta(days=1)
        back += calendar.is_working_day(day)
    provincial = incoming.register(
        scjg, {**PROVINCIAL, "received_on": day.isoformat()}, actor=clerk
    )
    incoming.check(provincial, actor=clerk, accepted=True)
    incoming.assign(
        provincial,
        actor=head,
        handling_department=scjg,
        instruction="请食品安全处制定节日期间抽检方案，月底前报我。",
        now=timezone.make_aware(datetime.combine(day, time(10))),
    )
    return 2
