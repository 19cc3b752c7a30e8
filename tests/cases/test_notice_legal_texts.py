"""Each notice cites the article and the period that apply to its own case (行政许可法):
Art. 42 para. 1 for one department (its limit, +10), Art. 26 with Art. 42 para. 2 for joint
handling (+15), Art. 45 only for the pauses it lists, Art. 44's 10 days for delivery."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from onewindow.cases import clocks, documents, messages, services
from onewindow.cases.models import CaseDocument, CaseEvent, DocumentKind
from onewindow.cases.notices import ClockNotice, Party, clock_notice
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.vocabulary import ItemType, Pattern
from onewindow.core.clock import WorkingCalendar
from tests.cases.conftest import valid_form, valid_uploads

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI))


def text_of(document: CaseDocument) -> str:
    document = documents.ensure_rendered(document)
    with document.file.open("rb") as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def item_with(pattern: str, statutory_limit: int) -> ServiceItem:
    """A real licensing item of the pattern and limit that needs nothing from a base registry."""
    for item in ServiceItem.objects.filter(
        item_type=ItemType.LICENSING,
        process__pattern=pattern,
        statutory_limit=statutory_limit,
        instant=False,
    ).order_by("code"):
        if not item.materials.filter(requirement="mandatory", source_kind="registry").exists():
            return item
    raise AssertionError(f"the catalogue has no {pattern} item of {statutory_limit} working days")


def accepted_case(item, staff, citizen, enterprise):
    applicant = enterprise if item.applicant == "enterprise" else citizen
    with at(date(2026, 11, 2)):  # Monday
        case = services.submit(
            applicant=applicant,
            item_code=item.code,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        services.accept(number=case.number, actor=staff.clerk(item.lead_department.code))
    case.refresh_from_db()
    return case


def extend(case, staff, days):
    code = case.lead_department.code
    with at(date(2026, 11, 4)):
        extension = services.request_extension(
            number=case.number, actor=staff.reviewer(code), days=days, reason="需组织专家论证"
        )
        services.decide_extension(
            number=case.number, extension_id=extension.pk, actor=staff.head(code)
        )
    case.refresh_from_db()
    return case


def timeline_line(case, kind: str, language: str) -> str:
    event = CaseEvent.objects.filter(case=case, kind=kind).get()
    with translation.override(language):
        return messages.timeline_text(event.kind, event.params)


def test_a_single_department_10_day_item_extends_under_art_42_para_1_from_its_10_days(
    staff, citizen, enterprise
):
    item = item_with(Pattern.SINGLE_REVIEW, 10)
    case = accepted_case(item, staff, citizen, enterprise)
    acceptance = case.documents.get(kind=DocumentKind.ACCEPTANCE)
    assert "法定办理时限10个工作日" in text_of(acceptance)
    assert f"承诺办理时限{item.promised_limit}个工作日" in text_of(acceptance)

    with (
        at(date(2026, 11, 4)),
        translation.override("en"),
        pytest.raises(ValidationError) as refused,
    ):
        services.request_extension(
            number=case.number,
            actor=staff.reviewer(case.lead_department.code),
            days=11,
            reason="过长",
        )
    assert "Art. 42 para. 1" in str(refused.value.message_dict["days"])

    case = extend(case, staff, 10)
    calendar = WorkingCalendar()
    assert case.statutory_due == calendar.add_working_days(case.accepted_on, 10 + 10).date
    text = text_of(case.documents.get(kind=DocumentKind.EXTENSION))
    assert "本机关不能在10个工作日的办理期限内作出行政许可决定" in text
    assert "根据《中华人民共和国行政许可法》第四十二条第一款的规定，办理期限延长10个工作日" in text
    assert "法定办理时限10个工作日" in text
    for wrong in ("四十五", "二十个工作日", "第二十六条", "第四十二条第二款"):
        assert wrong not in text
    assert "Administrative Licensing Law Art. 42 para. 1" in timeline_line(
        case, "extension_approved", "en"
    )
    assert "《行政许可法》第四十二条第一款" in timeline_line(case, "extension_approved", "zh-hans")


def test_a_parallel_20_day_item_extends_under_art_26_and_art_42_para_2(staff, citizen, enterprise):
    item = item_with(Pattern.PARALLEL_REVIEW, 20)
    case = accepted_case(item, staff, citizen, enterprise)
    with (
        at(date(2026, 11, 4)),
        translation.override("en"),
        pytest.raises(ValidationError) as refused,
    ):
        services.request_extension(
            number=case.number,
            actor=staff.reviewer(case.lead_department.code),
            days=16,
            reason="过长",
        )
    assert "Art. 26 and Art. 42 para. 2" in str(refused.value.message_dict["days"])

    case = extend(case, staff, 15)
    assert case.statutory_due == WorkingCalendar().add_working_days(case.accepted_on, 35).date
    text = text_of(case.documents.get(kind=DocumentKind.EXTENSION))
    assert "依照《中华人民共和国行政许可法》第二十六条的规定由本机关统一受理" in text
    assert "不能在20个工作日的办理期限内办结" in text
    assert "第二十六条、第四十二条第二款的规定，办理期限延长15个工作日" in text
    assert "四十五" not in text
    assert "Art. 26 and Art. 42 para. 2" in timeline_line(case, "extension_approved", "en")
    assert "第二十六条、第四十二条第二款" in timeline_line(case, "extension_approved", "zh-hans")
    page = Client()
    page.force_login(case.applicant)
    english = page.get(f"/my/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = page.get(f"/my/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Administrative Licensing Law Art. 26 and Art. 42 para. 2" in english
    assert "《行政许可法》第二十六条、第四十二条第二款" in chinese.content.decode()


def test_an_expert_review_pause_cites_art_45_and_a_supplement_pause_does_not(
    staff, citizen, enterprise
):
    item = item_with(Pattern.SINGLE_REVIEW, 10)
    case = accepted_case(item, staff, citizen, enterprise)
    reviewer = staff.reviewer(case.lead_department.code)
    with at(date(2026, 11, 3)):
        services.pause_clock(
            number=case.number, actor=reviewer, kind="expert_review", reason="组织专家评审"
        )
    text = text_of(case.documents.get(kind=DocumentKind.PAUSE))
    assert "第四十五条的规定，专家评审所需时间不计算在办理期限内" in text


SUPPLEMENT = ClockNotice(
    document_number="440100-20261102-00001-ZT1",
    case_number="440100-20261102-00001",
    item_name="就业困难人员认定",
    applicant=Party("张三", "4401**********123X"),
    department="广州市人力资源和社会保障局",
    issued_on=date(2026, 11, 3),
    kind="pause",
    reason_label="等待申请人补充材料",
    reason="劳动合同：缺少解除证明",
    started_on=date(2026, 11, 3),
    pause_kind="supplement",
)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize(
    ("pause_kind", "label", "cites_45"),
    [
        ("supplement", "等待申请人补充材料", False),
        ("inspection", "现场核查", False),
        ("testing", "检验检测", True),
        ("hearing", "听证", True),
    ],
)
def test_art_45_is_cited_only_for_the_pauses_it_lists(pause_kind, label, cites_45):
    from dataclasses import replace

    notice = replace(SUPPLEMENT, pause_kind=pause_kind, reason_label=label)
    text = pdf_text(clock_notice(notice))
    assert ("第四十五条" in text) is cites_45
    assert "自2026年11月3日起暂停计算办理期限" in text
    assert (pause_kind in clocks.ARTICLE_45_PAUSES) is cites_45


def test_every_extension_rule_the_clock_uses_is_one_the_notice_cites():
    from onewindow.cases.notices import EXTENSION_ARTICLES

    rules = {rule for _citation, rule in EXTENSION_ARTICLES.values()}
    assert rules == set(clocks.EXTENSION_RULES.values())
    assert {clocks.extension_rule(p) for p in Pattern.values} <= rules
    assert (clocks.SINGLE_DEPARTMENT.law_limit, clocks.SINGLE_DEPARTMENT.max_days) == (20, 10)
    assert (clocks.JOINT_HANDLING.law_limit, clocks.JOINT_HANDLING.max_days) == (45, 15)
