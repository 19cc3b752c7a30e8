"""Licensing notices and decisions render as real PDFs whose Chinese text can be read back."""

import io
import json
import re
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from onewindow.cases import documents, notices
from onewindow.cases.notices import (
    AcceptanceNotice,
    ClockNotice,
    CorrectionNotice,
    Decision,
    Opinion,
    Party,
    RefusalNotice,
)
from onewindow.core import pdf
from onewindow.core.pdf import Document, FontUnavailable, find_cjk_font

HEADER = {
    "document_number": "穗市监许〔2026〕第0815号",
    "case_number": "4401002026100800123",
    "item_name": "食品经营许可（新办）",
    "applicant": Party("广州市越秀区老字号云吞面有限公司", "91440104MA5D8XXX1N"),
    "department": "广州市市场监督管理局",
    "issued_on": date(2026, 10, 9),
}
ACCEPTANCE = AcceptanceNotice(
    **HEADER,
    received_on=date(2026, 9, 14),
    accepted_on=date(2026, 9, 15),
    statutory_due=date(2026, 10, 15),
    promised_due=date(2026, 9, 29),
)
CORRECTION = CorrectionNotice(
    **HEADER,
    items=(
        ("营业执照复印件", "复印件不清晰，请提交加盖公章的清晰复印件"),
        ("经营场所平面图", "未标明设备布局和操作流程"),
    ),
    note="请一并提交材料清单",
)
REFUSAL = RefusalNotice(
    **HEADER, reason="申请事项不属于本机关职权范围，请向越秀区市场监督管理局申请"
)
PAUSE = ClockNotice(
    **HEADER,
    kind="pause",
    reason_label="专家评审",
    reason="需组织食品安全专家对加工工艺进行评审",
    started_on=date(2026, 9, 20),
    pause_kind="expert_review",
)
EXTENSION = ClockNotice(
    **HEADER,
    kind="extension",
    reason="涉及专业设备审查，情况复杂",
    days=15,
    approved_by="广州市人民政府分管负责人",
    new_statutory_due=date(2026, 11, 5),
    new_promised_due=date(2026, 10, 20),
    article="第二十六条",
    statutory_days=10,
)
OPINIONS = (
    Opinion("广州市市场监督管理局", "approved", "经现场核查符合要求", "仅限热食类食品制售"),
    Opinion("广州市消防救援支队", "approved", "消防设施符合要求"),
)
GRANT = Decision(**HEADER, granted=True, opinions=OPINIONS, certificate_name="食品经营许可证")
DENIAL = Decision(
    **HEADER,
    granted=False,
    opinions=(
        Opinion("广州市市场监督管理局", "denied", "经营场所与污染源距离不足二十五米"),
        Opinion("广州市生态环境局", "denied", "油烟净化设施未经验收"),
        Opinion("广州市消防救援支队", "approved", "同意"),
    ),
)
SAMPLES = {
    "受理通知书": (notices.acceptance_notice, ACCEPTANCE),
    "补正材料通知书（一次性告知）": (notices.correction_notice, CORRECTION),
    "不予受理通知书": (notices.refusal_notice, REFUSAL),
    "暂停计时告知书": (notices.clock_notice, PAUSE),
    "延期告知书": (notices.clock_notice, EXTENSION),
    "准予行政许可决定书": (notices.decision, GRANT),
    "不予行政许可决定书": (notices.decision, DENIAL),
}
REMEDY = "六十日内向广州市人民政府申请行政复议，或者自收到之日起六个月内依法向人民法院提起行政诉讼"


@pytest.fixture(scope="module")
def rendered():
    """Each sample rendered once: the font work makes a document cost about a second."""
    return {title: render(notice) for title, (render, notice) in SAMPLES.items()}


def text_of(document: bytes) -> str:
    """All pages' text with whitespace removed, since wrapping splits phrases across lines."""
    reader = PdfReader(io.BytesIO(document))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("title", SAMPLES)
def test_every_document_is_a_pdf_showing_title_applicant_case_and_sign_off(rendered, title):
    document = rendered[title]
    text = text_of(document)
    assert document.startswith(b"%PDF-")
    for expected in (
        title,
        "穗市监许〔2026〕第0815号",
        "广州市越秀区老字号云吞面有限公司：",
        "4401002026100800123",
        "91440104MA5D8XXX1N",
        "广州市市场监督管理局2026年10月9日",
    ):
        assert expected in text


def test_acceptance_notice_states_acceptance_and_both_due_dates(rendered):
    text = text_of(rendered["受理通知书"])
    assert "第三十二条第一款第（五）项的规定，本机关决定予以受理" in text
    assert "受理日期2026年9月15日" in text
    assert "承诺办结期限2026年9月29日" in text
    assert "法定办结期限2026年10月15日" in text
    assert "视为受理" not in text


def test_deemed_acceptance_says_accepted_on_the_day_of_receipt():
    deemed = replace(ACCEPTANCE, accepted_on=date(2026, 9, 14), deemed=True)
    text = text_of(notices.acceptance_notice(deemed))
    assert "五个工作日内一次告知" in text
    assert "第三十二条第一款第（四）项" in text
    assert "自收到申请材料之日（2026年9月14日）起即视为受理" in text


def test_deemed_acceptance_on_another_day_than_receipt_is_rejected():
    with pytest.raises(ValueError, match="day of receipt"):
        replace(ACCEPTANCE, deemed=True)


def test_correction_notice_lists_every_item_at_once_and_promises_acceptance(rendered):
    text = text_of(rendered["补正材料通知书（一次性告知）"])
    for material, problem in CORRECTION.items:
        assert material in text
        assert problem in text
    assert "第三十二条第一款第（四）项" in text
    assert "一次性告知" in text
    assert "请一并提交材料清单" in text
    assert "提交全部补正材料后，本机关即予受理" in text


def test_long_material_list_wraps_onto_a_second_page():
    items = tuple(
        (f"第{n}项材料", f"请补充第{n}项材料的原件及复印件，并由申请人签字确认")
        for n in range(1, 41)
    )
    document = notices.correction_notice(replace(CORRECTION, items=items))
    pages = [
        re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(io.BytesIO(document)).pages
    ]
    assert len(pages) >= 2
    assert "第1项材料" in pages[0]
    assert "第40项材料" not in pages[0]
    assert any("第40项材料" in page for page in pages[1:])
    assert f"第2页共{len(pages)}页" in pages[1]
    assert all(f"第{n}项材料的原件" in "".join(pages) for n in range(1, 41))


def test_correction_notice_without_items_is_rejected():
    with pytest.raises(ValueError, match="at least one"):
        replace(CORRECTION, items=())


def test_refusal_notice_gives_reason_and_remedies(rendered):
    text = text_of(rendered["不予受理通知书"])
    assert "申请事项不属于本机关职权范围，请向越秀区市场监督管理局申请" in text
    assert "本机关决定不予受理" in text
    assert "自收到本通知书之日起" + REMEDY in text


def test_pause_notice_cites_article_45_and_the_start_date(rendered):
    text = text_of(rendered["暂停计时告知书"])
    assert "因需要进行专家评审，本机关自2026年9月20日起暂停计算办理期限" in text
    assert "需组织食品安全专家对加工工艺进行评审" in text
    assert "第四十五条的规定，专家评审所需时间不计算在办理期限内" in text


def test_extension_notice_gives_days_approval_reason_and_new_due_dates(rendered):
    text = text_of(rendered["延期告知书"])
    assert "不能在10个工作日的办理期限内办结" in text
    assert "经广州市人民政府分管负责人批准" in text
    assert "第二十六条、第四十二条第二款的规定，办理期限延长15个工作日" in text
    assert "涉及专业设备审查，情况复杂" in text
    assert "延长后承诺办结期限2026年10月20日" in text
    assert "延长后法定办结期限2026年11月5日" in text


def test_extension_beyond_the_statutory_maximum_is_rejected():
    with pytest.raises(ValueError, match="1 to 10"):
        replace(EXTENSION, article="第四十二条", days=15)


def test_grant_consolidates_opinions_conditions_certificate_and_remedies(rendered):
    text = text_of(rendered["准予行政许可决定书"])
    assert "并组织广州市市场监督管理局、广州市消防救援支队进行了并联审查" in text
    assert "第三十八条第一款的规定，本机关决定准予行政许可" in text
    assert "仅限热食类食品制售" in text
    assert "十个工作日内向你（单位）颁发、送达《食品经营许可证》" in text
    assert "消防设施符合要求" in text
    assert "自收到本决定书之日起" + REMEDY in text


def test_denial_lists_every_departments_reasons_and_remedies(rendered):
    text = text_of(rendered["不予行政许可决定书"])
    assert "第三十八条第二款的规定，本机关决定不予行政许可" in text
    assert "（一）广州市市场监督管理局：经营场所与污染源距离不足二十五米" in text
    assert "（二）广州市生态环境局：油烟净化设施未经验收" in text
    assert "自收到本决定书之日起" + REMEDY in text
    assert "准予行政许可" not in text


def test_a_grant_over_a_departments_denial_is_rejected():
    with pytest.raises(ValueError, match="every department's approval"):
        replace(DENIAL, granted=True)


def test_same_input_gives_identical_bytes(rendered):
    assert notices.refusal_notice(REFUSAL) == rendered["不予受理通知书"]


def test_same_input_gives_identical_bytes_whatever_was_rendered_before():
    """A document is rendered by the task worker or on download, after other documents."""
    first = notices.refusal_notice(REFUSAL)
    notices.acceptance_notice(ACCEPTANCE)
    notices.correction_notice(CORRECTION)
    assert notices.refusal_notice(REFUSAL) == first


def test_metadata_names_title_issuing_department_and_issue_date(rendered):
    reader = PdfReader(io.BytesIO(rendered["不予行政许可决定书"]))
    meta = reader.metadata
    assert meta.title == "不予行政许可决定书"
    assert meta.author == "广州市市场监督管理局"
    assert meta.creation_date.date() == date(2026, 10, 9)


def test_font_is_embedded_not_referenced(rendered):
    reader = PdfReader(io.BytesIO(rendered["受理通知书"]))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_more_than_255_distinct_characters_read_back_intact():
    # 300 distinct ideographs overflow a one-byte code space; the text must still extract.
    ideographs = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 300))
    doc = Document(title="测试", author="测试部门", issued_on=date(2026, 1, 5))
    doc.paragraph(ideographs)
    assert ideographs in text_of(doc.render())


chinese = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
        st.sampled_from("，。、；：？！（）《》“”0123456789ABCabc"),
    ),
    min_size=1,
    max_size=120,
)


@settings(max_examples=10)  # about a second per document: the font is parsed each time
@given(reason=chinese)
def test_any_chinese_reason_reads_back_from_the_refusal(reason):
    text = text_of(notices.refusal_notice(replace(REFUSAL, reason=reason)))
    assert re.sub(r"\s+", "", reason) in text


@pytest.fixture(scope="module")
def blank_document():
    return Document(title="测试", author="测试部门", issued_on=date(2026, 1, 5))


@settings(max_examples=200)
@given(text=chinese)
def test_wrapping_keeps_every_character_and_lets_at_most_one_mark_hang(blank_document, text):
    width = 100.0
    lines = blank_document._wrap(text, width, width)
    assert "".join(lines) == text
    for line in lines:
        mark = blank_document.get_string_width("，")
        assert blank_document.get_string_width(line) <= width + mark + 0.01


@pytest.fixture
def fresh_font_cache():
    find_cjk_font.cache_clear()
    yield
    find_cjk_font.cache_clear()


def test_noto_serif_simplified_chinese_face_is_found(fresh_font_cache):
    if not (pdf.NOTO_DIR / "NotoSerifCJK-Regular.ttc").is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    font = find_cjk_font()
    assert font.regular.path.name == "NotoSerifCJK-Regular.ttc"
    assert font.bold.path.name == "NotoSerifCJK-Bold.ttc"
    assert font.regular.index == font.bold.index == 2  # JP, KR, SC, TC, HK


def test_font_override_pointing_at_a_missing_file_fails_clearly(
    monkeypatch, tmp_path, fresh_font_cache
):
    missing = tmp_path / "nowhere.ttf"
    monkeypatch.setenv("ONEWINDOW_PDF_FONT", str(missing))
    with pytest.raises(FontUnavailable) as error:
        notices.refusal_notice(REFUSAL)
    assert str(missing) in str(error.value)
    assert "ONEWINDOW_PDF_FONT" in str(error.value)
    assert "fonts-noto-cjk" in str(error.value)


def test_no_chinese_font_anywhere_names_the_debian_package(monkeypatch, tmp_path, fresh_font_cache):
    monkeypatch.delenv("ONEWINDOW_PDF_FONT", raising=False)
    monkeypatch.setattr(pdf, "NOTO_DIR", tmp_path)
    monkeypatch.setattr(pdf, "FC_MATCH", "no-such-fc-match")
    with pytest.raises(FontUnavailable, match="apt-get install fonts-noto-cjk"):
        find_cjk_font()


@pytest.mark.parametrize(
    "notice",
    [ACCEPTANCE, CORRECTION, REFUSAL, PAUSE, EXTENSION, GRANT, DENIAL],
    ids=["acceptance", "correction", "refusal", "pause", "extension", "grant", "denial"],
)
def test_a_notice_frozen_as_json_thaws_to_the_same_notice(notice):
    """What a transition stores as a document's content renders the notice it issued."""
    stored = json.loads(json.dumps(documents.freeze(notice)))
    assert documents.thaw(type(notice), stored) == notice
