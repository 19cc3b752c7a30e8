"""Written documents of administrative licensing (行政许可法), rendered as PDF in Chinese.

Each function takes plain frozen data and returns PDF bytes; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from onewindow.cases import clocks
from onewindow.core.pdf import Document, format_date

LAW = "《中华人民共和国行政许可法》"
# An extension notice records "第四十二条" (one department: Art. 42 para. 1, +10 with the agency
# head's approval) or "第二十六条" (unified, joint or centralized handling under Art. 26: Art. 42
# para. 2, 45 days, +15 with the government head's approval). Values: the provisions cited and
# the rule in cases.clocks that computes the extension.
EXTENSION_ARTICLES = {
    "第四十二条": ("第四十二条第一款", clocks.SINGLE_DEPARTMENT),
    "第二十六条": ("第二十六条、第四十二条第二款", clocks.JOINT_HANDLING),
}
OUTCOMES = {"approved": "同意", "denied": "不同意"}
# A due date computed for a year whose holiday arrangement is not yet published (core.clock).
PROVISIONAL_MARK = "（暂定）"
PROVISIONAL_NOTE = (
    "标注“暂定”的期限跨越国务院办公厅尚未公布节假日安排的年度，暂按周一至周五为工作日计算；"
    "节假日安排公布后，本机关将重新计算办理期限，期限调整的另行告知。"
)
_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Party:
    """The applicant: a person with a masked citizen ID number, or an entity with its USCC."""

    name: str
    identifier: str


@dataclass(frozen=True, kw_only=True)
class NoticeHeader:
    """What every document carries; ``review_body`` hears an administrative review."""

    document_number: str
    case_number: str
    item_name: str
    applicant: Party
    department: str
    issued_on: date
    review_body: str = "广州市人民政府"


@dataclass(frozen=True, kw_only=True)
class AcceptanceNotice(NoticeHeader):
    """受理通知书; ``deemed`` when intake missed the 5-working-day limit (Art. 32).

    ``statutory_days`` and ``promised_days`` are the item's limits in working days (0: not
    recorded, in notices issued before they were)."""

    received_on: date
    accepted_on: date
    statutory_due: date
    promised_due: date
    deemed: bool = False
    provisional: tuple[str, ...] = ()  # which due dates ("promised", "statutory") may move
    statutory_days: int = 0
    promised_days: int = 0
    # The code for the public progress lookup (办件进度查询), as printed; "" in older notices.
    progress_code: str = ""

    def __post_init__(self):
        if self.deemed and self.accepted_on != self.received_on:
            raise ValueError("A deemed acceptance takes effect on the day of receipt.")
        if not self.received_on <= self.accepted_on <= min(self.promised_due, self.statutory_due):
            raise ValueError("Expected received <= accepted <= both due dates.")


@dataclass(frozen=True, kw_only=True)
class CorrectionNotice(NoticeHeader):
    """补正材料通知书: every correction at once, as (material, problem) rows (Art. 32)."""

    items: tuple[tuple[str, str], ...]
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "items", tuple((str(m), str(p)) for m, p in self.items))
        if not self.items:
            raise ValueError("A correction notice must list at least one material.")


@dataclass(frozen=True, kw_only=True)
class RefusalNotice(NoticeHeader):
    """不予受理通知书 with the reason (Art. 32)."""

    reason: str

    def __post_init__(self):
        if not self.reason.strip():
            raise ValueError("A refusal must give its reason.")


@dataclass(frozen=True, kw_only=True)
class ClockNotice(NoticeHeader):
    """A pause (time not counted) or an extension (Art. 42 para. 1, or para. 2 for joint
    handling under Art. 26) of the clock.

    ``pause_kind`` is the PauseReason value (Art. 45 is cited only for the kinds it lists);
    ``statutory_days`` the item's statutory limit that the extension follows (0: not recorded,
    in notices issued before it was, which then name the Law's own limit)."""

    kind: Literal["pause", "extension"]
    reason: str
    reason_label: str = ""
    started_on: date | None = None
    days: int = 0
    approved_by: str = ""
    new_statutory_due: date | None = None
    new_promised_due: date | None = None
    article: str = "第四十二条"
    provisional: tuple[str, ...] = ()  # which new due dates ("promised", "statutory") may move
    pause_kind: str = ""
    statutory_days: int = 0

    def __post_init__(self):
        if self.kind == "pause":
            if not self.reason_label or self.started_on is None:
                raise ValueError("A pause needs reason_label and started_on.")
        elif self.kind == "extension":
            if self.article not in EXTENSION_ARTICLES:
                raise ValueError(f"An extension cites one of {sorted(EXTENSION_ARTICLES)}.")
            maximum = EXTENSION_ARTICLES[self.article][1].max_days
            if not 0 < self.days <= maximum:
                raise ValueError(f"行政许可法{self.article} allows 1 to {maximum} more days.")
            if not self.approved_by or not self.new_statutory_due or not self.new_promised_due:
                raise ValueError("An extension needs approved_by and both new due dates.")
        else:
            raise ValueError(f"Unknown clock notice kind {self.kind!r}.")


@dataclass(frozen=True)
class Opinion:
    """One participating department's review opinion in parallel review (并联审查)."""

    department: str
    outcome: Literal["approved", "denied"]
    text: str
    conditions: str = ""

    def __post_init__(self):
        if self.outcome not in OUTCOMES:
            raise ValueError(f"Unknown outcome {self.outcome!r}.")
        if self.outcome == "denied" and not self.text.strip():
            raise ValueError("A denial must give its reasons (行政许可法 Art. 38).")


@dataclass(frozen=True, kw_only=True)
class Decision(NoticeHeader):
    """准予/不予行政许可决定书 consolidating every department's opinion (Art. 38)."""

    granted: bool
    opinions: tuple[Opinion, ...]
    certificate_name: str = ""

    def __post_init__(self):
        object.__setattr__(self, "opinions", tuple(self.opinions))
        denied = any(opinion.outcome == "denied" for opinion in self.opinions)
        if self.granted == denied:
            raise ValueError("A grant needs every department's approval; a denial needs one no.")


def acceptance_notice(notice: AcceptanceNotice) -> bytes:
    """受理通知书 (行政许可法 Art. 32 (1) 4 and 5; Art. 45 for uncounted time)."""
    doc = _start("受理通知书", notice)
    received = format_date(notice.received_on)
    if notice.deemed:
        doc.paragraph(
            f"你（单位）于{received}提交的{notice.item_name}申请，本机关未在收到申请材料之日起"
            f"{_numeral(clocks.INTAKE_LIMIT.days)}个工作日内一次告知需要补正的全部内容。根据{LAW}第三十二条第一款第（四）项的规定，"
            f"该申请自收到申请材料之日（{received}）起即视为受理。"
        )
    else:
        doc.paragraph(
            f"你（单位）于{received}提交的{notice.item_name}申请，经审查，申请事项属于本机关职权"
            f"范围，申请材料齐全、符合法定形式。根据{LAW}第三十二条第一款第（五）项的规定，"
            "本机关决定予以受理。"
        )
    doc.fields(
        [
            *_basics(notice),
            ("收件日期", received),
            ("受理日期", format_date(notice.accepted_on)),
            *_limit_row("承诺办理时限", notice.promised_days),
            ("承诺办结期限", _due(notice.promised_due, "promised", notice.provisional)),
            *_limit_row("法定办理时限", notice.statutory_days),
            ("法定办结期限", _due(notice.statutory_due, "statutory", notice.provisional)),
            *([("进度查询验证码", notice.progress_code)] if notice.progress_code else []),
        ]
    )
    if notice.provisional:
        doc.paragraph(PROVISIONAL_NOTE)
    doc.paragraph(
        "本机关将在上述承诺办结期限内作出行政许可决定。依法需要听证、检验、检测、检疫、鉴定或者"
        f"专家评审的，所需时间不计算在办理期限内，本机关将另行书面告知（{LAW}第四十五条）。"
    )
    if notice.progress_code:
        lookup = (
            "你（单位）可凭申请编号和进度查询验证码，在网上办事大厅“办件进度查询”栏目查询办理进度，"
            "无需登录；请妥善保管本通知书。"
        )
    else:
        lookup = "你（单位）可凭申请编号查询办理进度。"
    return _finish(doc, notice, lookup)


def correction_notice(notice: CorrectionNotice) -> bytes:
    """补正材料通知书（一次性告知）: everything to correct in one notice (Art. 32 (1) 4)."""
    doc = _start("补正材料通知书（一次性告知）", notice)
    doc.paragraph(
        f"你（单位）提交的{notice.item_name}申请，申请材料不齐全或者不符合法定形式。根据{LAW}"
        "第三十二条第一款第（四）项的规定，现将需要补正的全部内容一次性告知如下："
    )
    doc.fields(_basics(notice))
    doc.grid(
        ("序号", "材料名称", "需要补正的内容"),
        [(str(n), material, problem) for n, (material, problem) in enumerate(notice.items, 1)],
        col_widths=(0.5, 1.7, 2.8),
    )
    if notice.note.strip():
        doc.paragraph(f"其他说明：{notice.note.strip()}")
    return _finish(
        doc,
        notice,
        "以上为需要补正的全部内容，本机关不再要求补正本通知未列明的材料。你（单位）按照本通知"
        "要求提交全部补正材料后，本机关即予受理。",
    )


def refusal_notice(notice: RefusalNotice) -> bytes:
    """不予受理通知书 with reasons and remedies (Art. 32 (1))."""
    doc = _start("不予受理通知书", notice)
    doc.paragraph(
        f"你（单位）提交的{notice.item_name}申请，经审查，不符合受理条件。根据{LAW}"
        "第三十二条第一款的规定，本机关决定不予受理。"
    )
    doc.fields(_basics(notice))
    doc.paragraph("不予受理的理由：", indent=False, bold=True)
    doc.paragraph(notice.reason.strip())
    return _finish(doc, notice, remedies(notice.review_body, "通知书"))


def clock_notice(notice: ClockNotice) -> bytes:
    """暂停计时告知书 (Art. 45) or 延期告知书 (Art. 42 / Art. 26)."""
    if notice.kind == "pause":
        return _pause_notice(notice)
    doc = _start("延期告知书", notice)
    citation, rule = EXTENSION_ARTICLES[notice.article]
    limit = notice.statutory_days or rule.law_limit
    if rule is clocks.JOINT_HANDLING:
        cannot = (
            f"你（单位）提交的{notice.item_name}申请，依照{LAW}第二十六条的规定由本机关统一受理、"
            f"会同有关部门统一办理，不能在{limit}个工作日的办理期限内办结。"
        )
    else:
        cannot = (
            f"你（单位）提交的{notice.item_name}申请，本机关不能在{limit}个工作日的办理期限内"
            "作出行政许可决定。"
        )
    doc.paragraph(
        f"{cannot}经{notice.approved_by}批准，根据{LAW}{citation}的规定，办理期限延长"
        f"{notice.days}个工作日。"
    )
    doc.fields(
        [
            *_basics(notice),
            *_limit_row("法定办理时限", notice.statutory_days),
            ("延长期限", f"{notice.days}个工作日"),
            ("批准", notice.approved_by),
            ("延长后承诺办结期限", _due(notice.new_promised_due, "promised", notice.provisional)),
            ("延长后法定办结期限", _due(notice.new_statutory_due, "statutory", notice.provisional)),
        ]
    )
    if notice.provisional:
        doc.paragraph(PROVISIONAL_NOTE)
    doc.paragraph("延期理由：", indent=False, bold=True)
    return _finish(doc, notice, notice.reason.strip())


def _pause_notice(notice: ClockNotice) -> bytes:
    """暂停计时告知书: Art. 45 is cited for the pauses it lists, and only for those."""
    doc = _start("暂停计时告知书", notice)
    label = notice.reason_label
    started = format_date(notice.started_on)
    if notice.pause_kind == "supplement":
        doc.paragraph(
            f"你（单位）提交的{notice.item_name}申请，本机关在审查中需要你（单位）补充材料，"
            f"自{started}起暂停计算办理期限。"
        )
    else:
        doc.paragraph(
            f"你（单位）提交的{notice.item_name}申请，因需要进行{label}，本机关自"
            f"{started}起暂停计算办理期限。"
        )
    doc.fields([*_basics(notice), ("暂停事由", label), ("暂停起始日期", started)])
    doc.paragraph("具体情况：", indent=False, bold=True)
    doc.paragraph(notice.reason.strip())
    if notice.pause_kind == "supplement":
        last = (
            "本机关自收到你（单位）提交的全部补充材料之日起恢复计算办理期限，并将调整后的办结期限"
            "告知你（单位）。"
        )
    elif not notice.pause_kind or notice.pause_kind in clocks.ARTICLE_45_PAUSES:
        last = (
            f"根据{LAW}第四十五条的规定，{label}所需时间不计算在办理期限内。{label}结束后，本机关"
            "将恢复计算办理期限，并将调整后的办结期限书面告知你（单位）。"
        )
    else:
        last = f"{label}结束后，本机关将恢复计算办理期限，并将调整后的办结期限书面告知你（单位）。"
    return _finish(doc, notice, last)


def decision(notice: Decision) -> bytes:
    """准予/不予行政许可决定书; a denial states every reason and the remedies (Art. 38)."""
    title = "准予行政许可决定书" if notice.granted else "不予行政许可决定书"
    doc = _start(title, notice)
    departments = list(dict.fromkeys(o.department for o in notice.opinions))
    together = f"，并组织{'、'.join(departments)}进行了并联审查" if len(departments) > 1 else ""
    reviewed = (
        f"你（单位）提交的{notice.item_name}申请，本机关已依法受理{together}。经审查，你（单位）"
        "的申请"
    )
    if notice.granted:
        doc.paragraph(
            f"{reviewed}符合法定条件、标准。根据{LAW}第三十八条第一款的规定，本机关决定准予"
            "行政许可。"
        )
    else:
        doc.paragraph(
            f"{reviewed}不符合法定条件、标准。根据{LAW}第三十八条第二款的规定，本机关决定不予"
            "行政许可。"
        )
    doc.fields(_basics(notice))
    if notice.granted:
        conditions = [o for o in notice.opinions if o.conditions.strip()]
        if conditions:
            doc.paragraph("你（单位）应当遵守以下许可条件：", indent=False, bold=True)
            for n, opinion in enumerate(conditions, 1):
                doc.paragraph(
                    f"（{_numeral(n)}）{opinion.department}：{opinion.conditions.strip()}"
                )
        if notice.certificate_name:
            doc.paragraph(
                f"本机关将自作出本决定之日起{_numeral(clocks.DELIVERY_LIMIT.days)}个工作日内"
                "向你（单位）颁发、送达"
                f"《{notice.certificate_name}》（{LAW}第四十四条）。"
            )
    else:
        doc.paragraph("不予行政许可的理由：", indent=False, bold=True)
        denials = [o for o in notice.opinions if o.outcome == "denied"]
        for n, opinion in enumerate(denials, 1):
            doc.paragraph(f"（{_numeral(n)}）{opinion.department}：{opinion.text.strip()}")
    if notice.opinions:
        doc.paragraph("各部门审查意见：", indent=False, bold=True)
        doc.grid(
            ("审查部门", "结论", "审查意见"),
            [(o.department, OUTCOMES[o.outcome], o.text.strip() or "—") for o in notice.opinions],
            col_widths=(1.4, 0.7, 2.9),
        )
    return _finish(doc, notice, remedies(notice.review_body, "决定书"))


def remedies(review_body: str, document: str = "决定书") -> str:
    """The remedies clause: review within 60 days (行政复议法 Art. 20), suit within 6 months
    (行政诉讼法 Art. 46)."""
    return (
        f"如不服本决定，可以自收到本{document}之日起六十日内向{review_body}申请行政复议，"
        "或者自收到之日起六个月内依法向人民法院提起行政诉讼。"
    )


def _start(title: str, notice: NoticeHeader) -> Document:
    doc = Document(
        title=title,
        author=notice.department,
        issued_on=notice.issued_on,
        number=notice.document_number,
    )
    doc.set_subject(f"{notice.item_name}（申请编号：{notice.case_number}）")
    doc.heading()
    doc.paragraph(f"{notice.applicant.name}：", indent=False)
    return doc


def _finish(doc: Document, notice: NoticeHeader, last_paragraph: str) -> bytes:
    """The last paragraph stays on the page of the sign-off (落款), then render."""
    doc.sign_off(notice.department, notice.issued_on, last_paragraph=last_paragraph)
    return doc.render()


def _basics(notice: NoticeHeader) -> list[tuple[str, str]]:
    return [
        ("申请人", notice.applicant.name),
        ("证件号码", notice.applicant.identifier),
        ("申请编号", notice.case_number),
        ("申请事项", notice.item_name),
    ]


def _due(day: date, which: str, provisional: tuple[str, ...]) -> str:
    return format_date(day) + (PROVISIONAL_MARK if which in provisional else "")


def _limit_row(label: str, days: int) -> list[tuple[str, str]]:
    """A limit in working days as a field row; none when the notice did not record it."""
    return [(label, f"{days}个工作日")] if days else []


def _numeral(n: int) -> str:
    """Chinese numerals for list markers: 1 -> 一, 12 -> 十二, 20 -> 二十 (up to 99)."""
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    prefix = "" if tens == 1 else _DIGITS[tens]
    return f"{prefix}十{_DIGITS[units] if units else ''}"
