"""The disclosure vocabulary the law and the national annual-report template fix.

Every list here is closed by the Regulations on Open Government Information (政府信息公开条例,
2019) or by the national template of the annual report (国务院办公厅政府信息与政务公开办公室,
《中华人民共和国政府信息公开工作年度报告格式》, 2021): the request pages, the reply builder and
the report's tables all speak these codes, so a reply lands in exactly one cell of table 3.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    """What every agency discloses proactively (Art. 20 (一)–(十五)), in the law's order."""

    RULES = "rules", _("Rules and normative documents")  # (一) 法规、规章和规范性文件
    FUNCTIONS = "functions", _("Functions, organisation and contacts")  # (二) 机关职能
    PLANS = "plans", _("Development plans and related policies")  # (三) 规划
    STATISTICS = "statistics", _("Statistics")  # (四) 统计信息
    LICENSING = "licensing", _("Licensing and other services: basis, procedure, results")  # (五)
    ENFORCEMENT = "enforcement", _("Administrative penalties and enforcement")  # (六)
    BUDGETS = "budgets", _("Budgets and final accounts")  # (七) 财政预算、决算
    FEES = "fees", _("Administrative fees: items, basis and rates")  # (八) 行政事业性收费
    PROCUREMENT = "procurement", _("Government procurement")  # (九) 政府集中采购
    PROJECTS = "projects", _("Major construction projects")  # (十) 重大建设项目
    # (十一) 扶贫、教育、医疗、社会保障、促进就业
    SOCIAL = "social", _("Poverty relief, education, health, social security and employment")
    EMERGENCIES = "emergencies", _("Emergency plans, warnings and responses")  # (十二)
    # (十三) 环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查
    SUPERVISION = "supervision", _("Inspections: environment, health, safety, food, quality")
    RECRUITMENT = "recruitment", _("Civil-service recruitment")  # (十四) 公务员招考
    OTHER = "other", _("Other information to be disclosed by law")  # (十五)


class DocumentForm(models.TextChoices):
    """The kinds table 1 of the annual report counts apart (规章, 行政规范性文件)."""

    RULE = "rule", _("Rule (规章)")
    NORMATIVE = "normative", _("Normative document (行政规范性文件)")
    OTHER = "other", _("Other information")


class RequesterKind(models.TextChoices):
    """The columns of table 3: natural persons, then five kinds of legal persons and others."""

    PERSON = "person", _("Natural person")  # 自然人
    ENTERPRISE = "enterprise", _("Commercial enterprise")  # 商业企业
    RESEARCH = "research", _("Research institution")  # 科研机构
    PUBLIC_INTEREST = "public_interest", _("Public-interest organisation")  # 社会公益组织
    LEGAL_SERVICE = "legal_service", _("Legal-service body")  # 法律服务机构
    OTHER = "other", _("Other organisation")  # 其他

    @classmethod
    def legal_persons(cls) -> list[str]:
        return [k for k in cls.values if k != cls.PERSON]


class Channel(models.TextChoices):
    """How a request came in (Art. 29: in writing, online, or by letter, fax or e-mail)."""

    ONLINE = "online", _("Online")
    LETTER = "letter", _("Letter")
    WALK_IN = "walk_in", _("In person")
    FAX = "fax", _("Fax")
    EMAIL = "email", _("E-mail")


class ReplyType(models.TextChoices):
    """The reply types of Art. 36, and the partial disclosure of Art. 37."""

    ALREADY_PUBLIC = "already_public", _("Already public: where to find it")  # Art. 36 (一)
    DISCLOSED = "disclosed", _("Disclosed")  # Art. 36 (二)
    PARTIAL = "partial", _("Partly disclosed")  # Art. 37
    WITHHELD = "withheld", _("Not disclosed")  # Art. 36 (三)
    NOT_EXIST = "not_exist", _("Does not exist")  # Art. 36 (四)
    NOT_OURS = "not_ours", _("Not this agency's")  # Art. 36 (五)
    REPEATED = "repeated", _("Repeated request")  # Art. 36 (六)
    OTHER_LAW = "other_law", _("Handled under another law's procedure")  # Art. 36 (七)


class Outcome(models.TextChoices):
    """One cell of table 3 ("本年度办理结果"): every concluded request counts in exactly one."""

    # (一) 予以公开
    DISCLOSED = "disclosed", _("Disclosed")
    # (二) 部分公开 (区分处理的，只计这一情形)
    PARTIAL = "partial", _("Partly disclosed")
    # (三) 不予公开
    STATE_SECRET = "state_secret", _("Not disclosed: state secret")
    FORBIDDEN_BY_LAW = "forbidden_by_law", _("Not disclosed: forbidden by another law")
    THREE_SECURITIES = "three_securities", _("Not disclosed: endangers security or stability")
    THIRD_PARTY = "third_party", _("Not disclosed: protects a third party's rights")
    INTERNAL_AFFAIRS = "internal_affairs", _("Not disclosed: internal affairs")
    PROCESS_INFO = "process_info", _("Not disclosed: process information")
    ENFORCEMENT_FILE = "enforcement_file", _("Not disclosed: law-enforcement file")
    QUERY_MATTER = "query_matter", _("Not disclosed: administrative query matter")
    # (四) 无法提供
    NOT_HELD = "not_held", _("Cannot provide: not held by this agency")
    NEEDS_MAKING = "needs_making", _("Cannot provide: would have to be made")
    STILL_UNCLEAR = "still_unclear", _("Cannot provide: still unclear after the supplement")
    # (五) 不予处理
    PETITION = "petition", _("Not processed: a petition, report or complaint")
    REPEATED = "repeated", _("Not processed: repeated request")
    PUBLICATION = "publication", _("Not processed: asks for a publication")
    EXCESSIVE = "excessive", _("Not processed: many repeated requests without good reason")
    CONFIRMATION = "confirmation", _("Not processed: asks to confirm or reissue information")
    # (六) 其他处理
    NO_SUPPLEMENT = "no_supplement", _("Other: no supplement in time")
    FEE_UNPAID = "fee_unpaid", _("Other: fee not paid in time")
    OTHER = "other", _("Other")


class OutcomeGroup(models.TextChoices):
    """The rows (一)–(六) of table 3 that group the outcomes."""

    DISCLOSED = "disclosed", pgettext_lazy("report row", "Disclosed")
    PARTIAL = "partial", pgettext_lazy("report row", "Partly disclosed")
    WITHHELD = "withheld", pgettext_lazy("report row", "Not disclosed")
    UNAVAILABLE = "unavailable", pgettext_lazy("report row", "Cannot provide")
    NOT_PROCESSED = "not_processed", pgettext_lazy("report row", "Not processed")
    OTHER = "other", pgettext_lazy("report row", "Other handling")


GROUP_OF = {
    Outcome.DISCLOSED: OutcomeGroup.DISCLOSED,
    Outcome.PARTIAL: OutcomeGroup.PARTIAL,
    **{
        o: OutcomeGroup.WITHHELD
        for o in (
            Outcome.STATE_SECRET, Outcome.FORBIDDEN_BY_LAW, Outcome.THREE_SECURITIES,
            Outcome.THIRD_PARTY, Outcome.INTERNAL_AFFAIRS, Outcome.PROCESS_INFO,
            Outcome.ENFORCEMENT_FILE, Outcome.QUERY_MATTER,
        )
    },
    **{
        o: OutcomeGroup.UNAVAILABLE
        for o in (Outcome.NOT_HELD, Outcome.NEEDS_MAKING, Outcome.STILL_UNCLEAR)
    },
    **{
        o: OutcomeGroup.NOT_PROCESSED
        for o in (
            Outcome.PETITION, Outcome.REPEATED, Outcome.PUBLICATION, Outcome.EXCESSIVE,
            Outcome.CONFIRMATION,
        )
    },
    **{o: OutcomeGroup.OTHER for o in (Outcome.NO_SUPPLEMENT, Outcome.FEE_UNPAID, Outcome.OTHER)},
}  # fmt: skip

# Which outcomes (cells) a reply type may be counted in; the first is the usual one.
OUTCOMES_OF = {
    ReplyType.ALREADY_PUBLIC: [Outcome.DISCLOSED],
    ReplyType.DISCLOSED: [Outcome.DISCLOSED],
    ReplyType.PARTIAL: [Outcome.PARTIAL],
    ReplyType.WITHHELD: [o for o, g in GROUP_OF.items() if g == OutcomeGroup.WITHHELD],
    ReplyType.NOT_EXIST: [Outcome.NOT_HELD, Outcome.NEEDS_MAKING, Outcome.STILL_UNCLEAR],
    ReplyType.NOT_OURS: [Outcome.NOT_HELD],
    ReplyType.REPEATED: [Outcome.REPEATED, Outcome.EXCESSIVE],
    ReplyType.OTHER_LAW: [
        Outcome.OTHER,
        Outcome.PETITION,
        Outcome.PUBLICATION,
        Outcome.CONFIRMATION,
    ],
}


class RemedyKind(models.TextChoices):
    """Table 4: administrative review, a lawsuit without review, a lawsuit after review."""

    REVIEW = "review", _("Administrative review")  # 行政复议 (60 days)
    LAWSUIT = "lawsuit", _("Lawsuit without review")  # 未经复议直接起诉 (6 months)
    LAWSUIT_AFTER_REVIEW = "lawsuit_after_review", _("Lawsuit after review")  # 复议后起诉


class RemedyResult(models.TextChoices):
    """Table 4's columns for each remedy."""

    UPHELD = "upheld", _("Upheld")  # 维持
    CORRECTED = "corrected", _("Corrected")  # 纠正
    OTHER = "other", _("Other result")  # 其他结果
    PENDING = "pending", _("Not yet concluded")  # 尚未审结
