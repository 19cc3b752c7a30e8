"""The masker of personal data in comments (participation.privacy): every valid GB 11643 ID
number (with an X check character too) and every mainland mobile number is masked, whatever
surrounds it; ordinary numbers are left alone."""

from __future__ import annotations

import string
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.identifiers import generate_id_number, id_number_check_char
from onewindow.participation import privacy

_text = st.text(alphabet=string.ascii_letters + "，。的意见建议 ", max_size=30)
_birth = st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31))


@st.composite
def id_numbers(draw):
    body = f"440106{draw(_birth):%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + id_number_check_char(body)


@given(before=_text, after=_text, number=id_numbers(), lower=st.booleans())
def test_every_valid_id_number_is_masked(before, after, number, lower):
    written = number.lower() if lower else number
    masked, found = privacy.mask(f"{before}{written}{after}")
    assert number not in masked.upper()
    assert f"{number[:4]}{'*' * 10}{number[-4:]}" in masked
    assert [f.kind for f in found] == [privacy.ID_NUMBER]
    assert masked.startswith(before)
    assert masked.endswith(after)


STYLES = [
    lambda n: n,
    lambda n: f"+86 {n}",
    lambda n: f"{n[:3]} {n[3:7]} {n[7:]}",
    lambda n: f"{n[:3]}-{n[3:7]}-{n[7:]}",
]


@given(
    before=_text,
    after=_text,
    prefix=st.sampled_from(["13", "15", "17", "18", "19"]),
    rest=st.text(alphabet=string.digits, min_size=9, max_size=9),
    style=st.sampled_from(STYLES),
)
def test_every_mobile_number_is_masked_in_any_usual_writing(before, after, prefix, rest, style):
    number = prefix + rest
    masked, found = privacy.mask(f"{before}{style(number)}{after}")
    assert masked == f"{before}{number[:3]}****{number[-4:]}{after}"
    assert [f.kind for f in found] == [privacy.MOBILE]


def test_an_id_number_with_a_wrong_check_character_and_short_numbers_stay():
    number = generate_id_number("440106", date(1990, 1, 1))
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    text = f"编号{wrong}，第12条，2026年，电话020-83123456"
    masked, found = privacy.mask(text)
    assert (masked, found) == (text, [])


def test_an_x_check_character_is_masked():
    body = next(
        f"11010519491231{n:03d}"
        for n in range(1000)
        if id_number_check_char(f"11010519491231{n:03d}") == "X"
    )
    masked, _found = privacy.mask(f"身份证{body}X号")
    assert masked == f"身份证1101**********{body[-3:]}X号"


def test_names_are_masked_beside_a_comment():
    assert privacy.mask_person_name("张晓明") == "张＊＊"
    assert privacy.mask_person_name("李四") == "李＊"
    assert privacy.mask_organization_name("广州市天河示范科技有限公司") == "广州市＊＊＊有限公司"
