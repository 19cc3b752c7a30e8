"""The incoming documents' world, on top of ``outgoing_world``: 越秀区市场监管局 sends a 请示
up to 市场监管局, whose clerk signs for it, whose leader assigns it and whose drafter answers
with a 批复; 市场监管局's head and a reader of the round; 住建局's clerk stands outside."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from onewindow.accounts.models import Role
from onewindow.office import incoming
from onewindow.office import services as office
from onewindow.office.incoming_models import IncomingDocument
from tests.office.outgoing_world import SCJG, YX, ZJ, build, official

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 12, 7)

REQUEST = {
    "kind": "request",
    "title": "广州市越秀区市场监督管理局关于开展食品快检试点的请示",
    "main_recipients": "广州市市场监督管理局",
    "body": "为提升食品安全监管效能，我局拟在辖区农贸市场开展食品快检试点。妥否，请批示。",
    "countersigners": [],
}
BY_HAND = {
    "sender": "广东省市场监督管理局",
    "sender_number": "粤市监〔2026〕88号",
    "title": "广东省市场监督管理局关于做好元旦春节期间食品安全工作的通知",
    "kind": "notice",
    "received_on": "2026-12-04",
}


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False
    )


def build_incoming():
    w = build()
    w.yx_drafter = official("yx_drafter", Role.DOCUMENT_DRAFTER, YX)
    w.yx_reviewer = official("yx_office", Role.DOCUMENT_REVIEWER, YX)
    w.yx_signer = official("yx_leader", Role.DOCUMENT_SIGNER, YX)
    w.head = official("scjg_head", Role.HEAD, SCJG)
    w.reader = official("scjg_reader", Role.DOCUMENT_REVIEWER, SCJG)
    w.zj_clerk = official("zj_clerk", Role.DOCUMENT_CLERK, ZJ)
    return w


def sent_request(w):
    """越秀's 请示, drafted, reviewed, signed off, issued and sent to 市场监管局."""
    document = office.create_draft(w.yx, REQUEST, actor=w.yx_drafter)
    office.submit(document, actor=w.yx_drafter)
    office.review(document, actor=w.yx_reviewer, agreed=True)
    office.sign_off(document, actor=w.yx_signer, agreed=True)
    office.issue(document, actor=w.yx_clerk)
    (dispatch,) = office.send(document, [SCJG], actor=w.yx_clerk)
    return dispatch


def received(w) -> IncomingDocument:
    """The 请示 signed for by 市场监管局's clerk: registered."""
    dispatch = sent_request(w)
    office.sign_for(dispatch, actor=w.clerk)
    return IncomingDocument.objects.get(dispatch=dispatch)


def by_hand(w, **over) -> IncomingDocument:
    return incoming.register(w.scjg, {**BY_HAND, **over}, actor=w.clerk)


def assigned(w, document=None, **over):
    """Checked and assigned to 市场监管局 itself with the head's instruction; the instruction."""
    document = document or by_hand(w)
    incoming.check(document, actor=w.clerk, accepted=True)
    return incoming.assign(
        document,
        actor=w.head,
        **{"handling_department": w.scjg, "instruction": "请食品安全处研究落实。", **over},
    )
