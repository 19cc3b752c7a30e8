"""The outgoing documents' world: 市场监管局 drafts, reviews, signs off and issues; 住建局 and
城管局 countersign; the 越秀 and 天河 market-supervision bureaus receive."""

from __future__ import annotations

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.office import agencies
from onewindow.office import services as office
from tests.conftest import restore_migration_data
from tests.factories import OfficialFactory

SCJG, ZJ, CG, YX, TH = "440100-SCJG", "440100-ZJ", "440100-CG", "440104-SCJG", "440106-SCJG"

NOTICE = {
    "kind": "notice",
    "title": "广州市市场监督管理局关于开展2027年度食品安全抽检工作的通知",
    "main_recipients": "各区市场监督管理局",
    "body": "为做好2027年度食品安全监督抽检工作，现将有关事项通知如下。\n一、抽检范围\n全市食品生产经营单位。",
    "attachments_note": "1. 抽检计划表",
    "copy_to": "市食品安全委员会办公室",
    "countersigners": [ZJ, CG],
}


class World:
    pass


def official(username: str, role: str, code: str):
    return OfficialFactory(
        username=username, role=role, department=Department.objects.get(code=code)
    )


def build() -> World:
    restore_migration_data()
    departments_data.load()
    agencies.load()
    w = World()
    w.scjg, w.zj, w.cg = (Department.objects.get(code=c) for c in (SCJG, ZJ, CG))
    w.yx, w.th = (Department.objects.get(code=c) for c in (YX, TH))
    w.drafter = official("scjg_drafter", Role.DOCUMENT_DRAFTER, SCJG)
    w.reviewer = official("scjg_office", Role.DOCUMENT_REVIEWER, SCJG)
    w.signer = official("scjg_leader", Role.DOCUMENT_SIGNER, SCJG)
    w.clerk = official("scjg_clerk", Role.DOCUMENT_CLERK, SCJG)
    w.zj_head = official("zj_head", Role.HEAD, ZJ)
    w.cg_head = official("cg_head", Role.HEAD, CG)
    w.yx_clerk = official("yx_clerk", Role.DOCUMENT_CLERK, YX)
    w.th_clerk = official("th_clerk", Role.DOCUMENT_CLERK, TH)
    w.zj_drafter = official("zj_drafter", Role.DOCUMENT_DRAFTER, ZJ)
    return w


def drafted(w, **over):
    return office.create_draft(w.scjg, {**NOTICE, **over}, actor=w.drafter)


def countersigned(w, **over):
    """Drafted, reviewed and countersigned by both departments: waiting for sign-off."""
    document = drafted(w, **over)
    office.submit(document, actor=w.drafter)
    office.review(document, actor=w.reviewer, agreed=True)
    for department, head in ((w.zj, w.zj_head), (w.cg, w.cg_head)):
        if department.code in (over.get("countersigners") or NOTICE["countersigners"]):
            office.countersign(document, department, actor=head, agreed=True)
    document.refresh_from_db()
    return document
