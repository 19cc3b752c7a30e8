"""The personal-data detectors (Hypothesis): every valid ID number, mobile and bank card is
found wherever it sits in Chinese text, a wrong check digit is not, the findings hold no value,
and masking keeps lengths and leaves nothing but the kept digits."""

import random
import string
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.identifiers import generate_id_number, id_number_check_char
from onewindow.disclosure import privacy

HAN = st.text(
    alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质",
    max_size=20,
)
DIGITLESS = HAN  # Han text: never part of a number


@st.composite
def id_numbers(draw):
    division = draw(st.sampled_from(["110101", "440104", "310115", "510107", "650102"]))
    born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)))
    seed = draw(st.integers(0, 10**6))
    return generate_id_number(division, born, rng=random.Random(seed))


def luhn_complete(body: str) -> str:
    for check in string.digits:
        if privacy.luhn_valid(body + check):
            return body + check
    raise AssertionError


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
cards = st.from_regex(r"\A62[0-9]{13,16}\Z").map(luhn_complete)


@given(DIGITLESS, id_numbers(), DIGITLESS)
def test_every_valid_id_number_is_found(before, value, after):
    text = before + value + after
    found = [f for f in privacy.detect(text) if f.kind == "id_number"]
    assert [(f.start, f.end) for f in found] == [(len(before), len(before) + 18)]
    assert value not in str([f.as_dict() for f in found])


@given(id_numbers())
def test_a_wrong_check_digit_is_not_an_id_number(value):
    wrong = next(c for c in "0123456789X" if c != id_number_check_char(value[:17]))
    found = privacy.detect("号码" + value[:17] + wrong + "。")
    assert "id_number" not in {f.kind for f in found}


@given(DIGITLESS, mobiles, DIGITLESS)
def test_every_mobile_is_found_and_masked(before, value, after):
    text = before + value + after
    found = privacy.detect(text)
    assert [(f.kind, f.start, f.end) for f in found] == [("mobile", len(before), len(before) + 11)]
    masked = privacy.mask(text, found)
    assert len(masked) == len(text)
    assert value not in masked
    assert masked[len(before) : len(before) + 11] == value[:3] + "＊" * 4 + value[-4:]


@given(DIGITLESS, cards, DIGITLESS)
def test_every_luhn_card_is_found(before, value, after):
    found = privacy.detect(before + value + after)
    # 18 digits can also be a valid ID number: masked either way
    kinds = {"bank_card"} | ({"id_number"} if privacy.valid_id_number(value) else set())
    spans = [(f.kind, f.start, f.end) for f in found]
    assert any((kind, len(before), len(before) + len(value)) in spans for kind in kinds)


@given(st.text(max_size=200))
def test_masking_any_text_keeps_its_length_and_spans(text):
    found = privacy.detect(text)
    masked = privacy.mask(text, found)
    assert len(masked) == len(text)
    assert privacy.detect(masked) == [] or all(f.kind == "name" for f in privacy.detect(masked))
    for f in found:
        assert 0 <= f.start < f.end <= len(text)


@given(st.sampled_from(["张三", "李小红", "欧阳明"]), id_numbers())
def test_a_name_next_to_an_id_or_a_label_is_found(name, value):
    for text in (f"当事人{name}（身份证号码：{value}）", f"姓名：{name}，性别男"):
        names = [text[f.start : f.end] for f in privacy.detect(text) if f.kind == "name"]
        assert names == [name]
