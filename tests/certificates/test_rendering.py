"""Electronic certificates render as one landscape page whose Chinese text reads back intact."""

import io
import re
from dataclasses import replace
from datetime import date

import pytest
import qrcode
from PIL import Image
from pypdf import PdfReader
from qrcode import constants

from onewindow.certificates.rendering import Printable, render

SCOPE = (
    "预包装食品（含冷藏冷冻食品）销售；散装食品（含冷藏冷冻食品、不含熟食）销售；"
    "特殊食品销售（保健食品、婴幼儿配方乳粉、其他婴幼儿配方食品）；热食类食品制售；"
    "冷食类食品制售（含烧卤熟肉制品）；生食类食品制售（生食类水产品）；糕点类食品制售（含裱花蛋糕）；"
    "自制饮品制售（不含自酿酒）；单位食堂（职工食堂、学校食堂）；"
    "网络经营（通过第三方平台和自建网站销售食品）；集体用餐配送；中央厨房；半成品加工；"
    "食品经营管理服务；食品销售（仅销售预包装食品）；餐饮服务（不产生油烟、异味、废气）；"
    "食用农产品零售；酒类经营；茶具销售；日用百货销售；厨具卫具及日用杂品零售；"
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广。"
)[:250]
ENTITY = Printable(
    number="440100-SCJG-2026-000042",
    verification_code="K7P2Q-XM9RT",
    type_name="食品经营许可证",
    holder_label="经营者名称",
    holder_name="广州市云帆餐饮管理有限公司",
    holder_id_label="统一社会信用代码",
    holder_id="91440101MA5CXY2K6E",
    fields=(
        ("法定代表人", "陈志远"),
        ("主体业态", "餐饮服务经营者（大型餐馆）"),
        ("经营场所", "广州市天河区天河路385号太古汇商场三层L3-15号铺"),
        ("住所", "广州市天河区珠江新城华夏路10号富力中心2301房"),
        ("经营项目", SCOPE),
    ),
    issuer_name="广州市市场监督管理局",
    issued_on=date(2026, 11, 22),
    valid_from=date(2026, 11, 22),
    valid_until=date(2031, 11, 21),
    verify_url="https://onewindow.gz.gov.cn/certificates/verify/440100-SCJG-2026-000042/?code=K7P2QXM9RT",
    digest="66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
    key_id="gzscjg-seal-2026-01",
)
PERSON = Printable(
    number="440100-GHZY-2026-000107",
    verification_code="4HW8N-C3ZQE",
    type_name="乡村建设规划许可证",
    holder_label="申请人",
    holder_name="李晓梅",
    holder_id_label="公民身份号码",
    holder_id="4401**********2026",
    fields=(
        ("建设项目名称", "农村村民住宅（翻建）"),
        ("建设位置", "广州市从化区温泉镇南平村下围社12号"),
    ),
    issuer_name="广州市规划和自然资源局",
    issued_on=date(2026, 3, 5),
    valid_from=date(2026, 3, 5),
    valid_until=None,
    verify_url="https://onewindow.gz.gov.cn/certificates/verify/440100-GHZY-2026-000107/?code=4HW8NC3ZQE",
    digest="0f" * 32,
    key_id="gzghzy-seal-2026-02",
    status_note="已撤销",
)


@pytest.fixture(scope="module")
def entity() -> bytes:
    """Rendered once: loading the CJK fonts makes a certificate cost most of a second."""
    return render(ENTITY)


@pytest.fixture(scope="module")
def person() -> bytes:
    return render(PERSON)


def text_of(document: bytes) -> str:
    """The text with whitespace removed, since wrapping splits values across lines."""
    reader = PdfReader(io.BytesIO(document))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_certificate_is_one_landscape_a4_page(entity):
    reader = PdfReader(io.BytesIO(entity))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_heading_holder_fields_and_sign_off_read_back(entity):
    text = text_of(entity)
    for expected in (
        ENTITY.type_name,
        "（电子证照）",
        f"编号：{ENTITY.number}核验码：{ENTITY.verification_code}",
        ENTITY.holder_label + ENTITY.holder_name,
        ENTITY.holder_id_label + ENTITY.holder_id,
        "有效期限2026年11月22日至2031年11月21日",
        f"发证机关：{ENTITY.issuer_name}",
        "发证日期：2026年11月22日",
        "扫码核验",
    ):
        assert expected in text
    for title, value in ENTITY.fields:
        assert squeeze(title) in text
        assert squeeze(value) in text


def test_the_250_character_business_scope_wraps_but_keeps_every_character(entity):
    assert len(SCOPE) == 250
    assert squeeze(SCOPE) in text_of(entity)


def test_seal_spells_the_issuer_and_the_caption(entity):
    text = text_of(entity)
    assert text.count(ENTITY.issuer_name) >= 2  # the sign-off and the seal
    assert "电子证照专用章" in text


def test_signature_footer_names_algorithm_key_and_digest(entity):
    text = text_of(entity)
    assert "数字签名：SM2-SM3" in text
    assert f"印章密钥：{ENTITY.key_id}" in text
    assert ENTITY.digest in text


def test_same_input_gives_identical_bytes(entity):
    assert render(ENTITY) == entity


def test_metadata_names_certificate_issuer_and_issue_date(entity):
    reader = PdfReader(io.BytesIO(entity))
    info = reader.metadata
    assert info.title == f"{ENTITY.type_name} {ENTITY.number}"
    assert info.author == ENTITY.issuer_name
    assert info.creator == "OneWindow"
    assert info["/CreationDate"].startswith("D:20261122000000+08")


def test_person_certificate_is_indefinite_masked_and_marked_revoked(person):
    text = text_of(person)
    assert "有效期限2026年3月5日起长期有效" in text
    assert "公民身份号码4401**********2026" in text
    assert "已撤销" in text


def test_no_status_note_means_no_watermark(entity):
    text = text_of(entity)
    assert "已撤销" not in text
    assert "已过期" not in text


def test_five_values_of_300_characters_still_fit_on_one_page():
    long_value = (SCOPE * 2)[:300]
    crowded = replace(
        ENTITY,
        holder_name="广州市南沙区黄阁镇国际供应链管理股份有限公司第三分公司（广州南沙自贸区）",
        fields=tuple((f"经营项目{n}", long_value) for n in range(5)),
        issuer_name="广州市南沙区应急管理和交通运输局",
    )
    document = render(crowded)
    assert len(PdfReader(io.BytesIO(document)).pages) == 1
    text = text_of(document)
    assert text.count(squeeze(long_value)) == 5
    assert "有效期限2026年11月22日至2031年11月21日" in text


def qr_modules(image: Image.Image) -> list[list[bool]]:
    """The dark/light module grid of a QR image, read at the centre of each module."""
    gray = image.convert("L")
    width, _ = gray.size
    dark = [[gray.getpixel((x, y)) < 128 for x in range(width)] for y in range(width)]
    border = next(n for n in range(width) if dark[n][n])
    run = next(n for n in range(border, width) if not dark[border][n]) - border
    module = run / 7  # the top-left finder pattern is 7 modules wide
    count = round((width - 2 * border) / module)
    return [
        [
            dark[int(border + (row + 0.5) * module)][int(border + (col + 0.5) * module)]
            for col in range(count)
        ]
        for row in range(count)
    ]


def expected_modules(url: str) -> list[list[list[bool]]]:
    """The QR code of ``url`` at each error correction level, without quiet zone."""
    grids = []
    for level in (
        constants.ERROR_CORRECT_L,
        constants.ERROR_CORRECT_M,
        constants.ERROR_CORRECT_Q,
        constants.ERROR_CORRECT_H,
    ):
        code = qrcode.QRCode(error_correction=level, border=0)
        code.add_data(url)
        code.make(fit=True)
        grids.append(code.get_matrix())
    return grids


@pytest.mark.parametrize(("printable", "fixture"), [(ENTITY, "entity"), (PERSON, "person")])
def test_qr_code_opens_the_verification_url(printable, fixture, request):
    document = request.getfixturevalue(fixture)
    images = PdfReader(io.BytesIO(document)).pages[0].images
    assert len(images) == 1
    image = images[0].image
    try:
        from pyzbar.pyzbar import decode
    except ImportError:  # no zbar here: compare the modules with the code of the URL instead
        assert qr_modules(image) in expected_modules(printable.verify_url)
    else:
        assert [symbol.data.decode() for symbol in decode(image)] == [printable.verify_url]
