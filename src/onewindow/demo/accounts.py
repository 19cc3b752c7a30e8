"""The named demo accounts: one of each kind of user the platform serves."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from onewindow.core.identifiers import generate_id_number, generate_uscc

DEFAULT_PASSWORD = "OneWindow-demo-2026"
_rng = random.Random(20261121)  # noqa: S311 - fixed seed: the same demo data on every run


@dataclass(frozen=True)
class DemoAccount:
    username: str
    kind: str  # citizen / enterprise / official
    name: str
    role: str = ""
    department: str = ""
    id_number: str = ""
    uscc: str = ""
    phone: str = ""


DEMO_ACCOUNTS = [
    DemoAccount(
        "citizen",
        "citizen",
        "张晓明",
        id_number=generate_id_number("440106", date(1988, 6, 15), sex="M", rng=_rng),
        phone="13800138000",
    ),
    DemoAccount(
        "enterprise",
        "enterprise",
        "广州市天河示范科技有限公司",
        uscc=generate_uscc("440106", rng=_rng),
        phone="13900139000",
    ),
    # The central window (无差别综合窗口) of the city's 政务服务中心 (demo/window.py).
    DemoAccount("clerk", "official", "李受理", "window_clerk", "440100-ZWFW-ZX"),
    DemoAccount("amr_clerk", "official", "何窗口", "window_clerk", "440100-SCJG"),
    DemoAccount("amr_reviewer", "official", "陈审查", "reviewer", "440100-SCJG"),
    DemoAccount("amr_head", "official", "黄局长", "head", "440100-SCJG"),
    DemoAccount("tax_reviewer", "official", "林税务", "reviewer", "440100-SW"),
    DemoAccount("tax_head", "official", "周科长", "head", "440100-SW"),
    DemoAccount("police_reviewer", "official", "吴警官", "reviewer", "440100-GA"),
    DemoAccount("police_head", "official", "郑处长", "head", "440100-GA"),
    DemoAccount("fire_reviewer", "official", "梁消防", "reviewer", "440100-XF"),
    DemoAccount("eco_reviewer", "official", "冯环评", "reviewer", "440100-STHJ"),
    DemoAccount("exit_clerk", "official", "邓窗口", "window_clerk", "440100-CRJ"),
    DemoAccount("exit_reviewer", "official", "许审核", "reviewer", "440100-CRJ"),
    DemoAccount("exit_head", "official", "罗支队长", "head", "440100-CRJ"),
    DemoAccount("cg_reviewer", "official", "罗城管", "reviewer", "440100-CG"),
    # 告知承诺: the publishing bureau checks credit_good's commitment (demo/credit.py)
    DemoAccount("press_reviewer", "official", "柯出版", "reviewer", "440100-XWCB"),
    DemoAccount("press_head", "official", "苏局长", "head", "440100-XWCB"),
    # The 12345 hotline centre (demo/hotline.py): an operator, a dispatcher, and 城管's handler.
    DemoAccount("hotline", "official", "叶话务", "hotline_operator", "440100-12345"),
    DemoAccount("dispatch", "official", "潘派单", "dispatcher", "440100-12345"),
    DemoAccount("cg_handler", "official", "古城管", "reviewer", "440100-CG"),
    DemoAccount("supervisor", "official", "刘监察", "supervisor", "440100-ZWFW"),
    # 政府信息公开 (demo/disclosure_*.py): the market regulator's disclosure office drafts,
    # reviews (保密审查) and approves; the civil-affairs bureau's officer answers requests there.
    DemoAccount("gk_officer", "official", "蔡公开", "disclosure_officer", "440100-SCJG"),
    DemoAccount("gk_reviewer", "official", "袁保密", "confidentiality_reviewer", "440100-SCJG"),
    DemoAccount("gk_head", "official", "程主任", "disclosure_head", "440100-SCJG"),
    DemoAccount("mz_disclosure", "official", "江公开", "disclosure_officer", "440100-MZ"),
    DemoAccount("mz_reviewer", "official", "方保密", "confidentiality_reviewer", "440100-MZ"),
    # 网上民意征集 (demo/participation_*.py): 住建局 consults on a draft and runs a survey, 城管
    # answers citizens' proposals, the platform's moderator keeps comments and proposals clean.
    DemoAccount("zj_officer", "official", "温征集", "participation_officer", "440100-ZJ"),
    DemoAccount("cg_officer", "official", "严建议", "participation_officer", "440100-CG"),
    DemoAccount("moderator", "official", "秦审核", "participation_moderator", "440100-ZWFW"),
    # 公文 (paperless office): 市场监管局 drafts, reviews (核稿), signs off and issues; 住建局's
    # and 城管局's heads countersign; the 越秀 and 天河 bureaus' clerks sign for what is sent.
    DemoAccount("scjg_drafter", "official", "顾拟稿", "document_drafter", "440100-SCJG"),
    DemoAccount("scjg_office", "official", "常核稿", "document_reviewer", "440100-SCJG"),
    DemoAccount("scjg_leader", "official", "钟签发", "document_signer", "440100-SCJG"),
    DemoAccount("scjg_clerk", "official", "文收发", "document_clerk", "440100-SCJG"),
    DemoAccount("zj_head", "official", "袁局长", "head", "440100-ZJ"),
    DemoAccount("cg_head", "official", "邹局长", "head", "440100-CG"),
    DemoAccount("yx_doc_clerk", "official", "越文书", "document_clerk", "440104-SCJG"),
    DemoAccount("th_doc_clerk", "official", "天文书", "document_clerk", "440106-SCJG"),
    # 双随机一公开 (demo/market.py): 天河区市场监管局's head plans and draws; an enforcement
    # officer of it and one of the city's fire brigade inspect catering businesses together.
    DemoAccount("th_scjg_head", "official", "杜局长", "head", "440106-SCJG"),
    DemoAccount("th_inspector", "official", "莫执法", "enforcement_officer", "440106-SCJG"),
    DemoAccount("xf_inspector", "official", "卢消防", "enforcement_officer", "440100-XF"),
    # 行政处罚 (demo/penalties.py): 天河区市场监管局's legal reviewer (法制审核) of major cases.
    DemoAccount("th_legal", "official", "严法制", "legal_reviewer", "440106-SCJG"),
    # 应急管理 (demo/emergency.py): the city's emergency management bureau's duty officer issues
    # warnings; its commander approves the orange and red ones.
    DemoAccount("yj_duty", "official", "邱值班", "duty_officer", "440100-YJGL"),
    DemoAccount("yj_commander", "official", "韩指挥", "commander", "440100-YJGL"),
    DemoAccount("th_yj_duty", "official", "谭值班", "duty_officer", "440106-YJGL"),
    # 应急预案 (demo/emergency_plans.py): the duty officers of member units of the flood plan,
    # who acknowledge their department's tasks and report back.
    DemoAccount("swu_duty", "official", "冯水务", "duty_officer", "440100-SWU"),
    DemoAccount("mz_duty", "official", "柯民政", "duty_officer", "440100-MZ"),
    DemoAccount("xf_duty", "official", "龙消防", "duty_officer", "440100-XF"),
    # The administrator duties, each held by a different person (三权分立, see accounts/duties.py).
    DemoAccount("sysadmin", "official", "孙系统", "system_administrator", "440100-ZWFW"),
    DemoAccount("secadmin", "official", "钱安全", "security_administrator", "440100-ZWFW"),
    DemoAccount("secadmin2", "official", "赵安全", "security_administrator", "440100-ZWFW"),
    DemoAccount("auditadmin", "official", "马审计", "audit_administrator", "440100-ZWFW"),
]

# What each administrator account can do in the admin site (/admin/), printed by `onewindow demo`.
ADMINISTRATOR_DUTIES = {
    "sysadmin": "system administrator: service catalogue, departments, working calendar, "
    "indicators",
    "secadmin": "security administrator: accounts, roles, authenticator devices, keys, "
    "data-sharing grants; asks for an official's password reset or device change",
    "secadmin2": "second security administrator: approves what secadmin asks (two-person rule)",
    "auditadmin": "audit administrator: reads the audit log and the registry read log, "
    "changes nothing",
}
