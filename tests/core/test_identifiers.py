"""Citizen ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015)."""

import random
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from onewindow.core.identifiers import (
    ID_CHECK_CHARS,
    USCC_ALPHABET,
    generate_id_number,
    generate_uscc,
    mask_id_number,
    mask_phone,
    parse_id_number,
    validate_id_number,
    validate_phone,
    validate_uscc,
)

divisions = st.sampled_from(["440103", "440104", "440106", "110101", "310115", "650102"])
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
seeds = st.integers(min_value=0, max_value=2**32)


def test_published_example_id_number_validates_with_x_check_digit():
    # The example from GB 11643-1999's appendix: 11010519491231002X.
    parsed = parse_id_number("11010519491231002x")
    assert parsed.value == "11010519491231002X"
    assert parsed.division_code == "110105"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "F"


@given(divisions, birth_dates, seeds)
def test_every_generated_id_number_validates_and_embeds_its_parts(division, born, seed):
    value = generate_id_number(division, born, rng=random.Random(seed))
    parsed = parse_id_number(value)
    assert (parsed.division_code, parsed.birth_date) == (division, born)


@given(divisions, birth_dates, seeds, st.integers(0, 17), st.integers(1, 10))
def test_any_single_character_change_in_an_id_number_is_caught(division, born, seed, pos, step):
    value = generate_id_number(division, born, rng=random.Random(seed))
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    changed = alphabet[(alphabet.index(value[pos]) + step) % len(alphabet)]
    if changed == value[pos]:
        return
    with pytest.raises(ValidationError):
        validate_id_number(value[:pos] + changed + value[pos + 1 :])


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("4401061990010112", "id_format"),
        ("44010619900101123Y", "id_format"),
        ("990106199001011234", "id_division"),
        ("440106199002301234", "id_birth_date"),
        ("440106189912311234", "id_birth_date"),
    ],
)
def test_malformed_id_numbers_are_rejected_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(value)
    assert exc.value.code == code


def test_an_id_number_born_in_the_future_is_rejected():
    body = "44010620991231123"
    from onewindow.core.identifiers import id_number_check_char

    with pytest.raises(ValidationError) as exc:
        validate_id_number(body + id_number_check_char(body))
    assert exc.value.code == "id_birth_date"


def test_check_digit_table_matches_the_standard():
    assert ID_CHECK_CHARS == "10X98765432"


@given(divisions, seeds)
def test_every_generated_uscc_validates(division, seed):
    value = generate_uscc(division, rng=random.Random(seed))
    validate_uscc(value)
    assert value[2:8] == division


@given(divisions, seeds, st.integers(0, 17), st.integers(1, 30))
def test_any_single_character_change_in_a_uscc_is_caught(division, seed, pos, step):
    value = generate_uscc(division, rng=random.Random(seed))
    changed = USCC_ALPHABET[(USCC_ALPHABET.index(value[pos]) + step) % 31]
    with pytest.raises(ValidationError):
        validate_uscc(value[:pos] + changed + value[pos + 1 :])


REAL_USCCS = [
    line
    for line in (Path(__file__).parent / "real_usccs.txt").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
]
# GB 11714-1997 values: 0-9, then A=10 … Z=35 over the whole Latin alphabet.
LATIN_VALUES = {c: int(c, 36) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def org_code_holds(code9: str) -> bool:
    """GB 11714's check restated: Σ(value × weight) + check ≡ 0 (mod 11), X counting 10."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(LATIN_VALUES[c] * w for c, w in zip(code9[:8], weights, strict=True))
    if code9[8] not in "0123456789X":
        return False
    check = 10 if code9[8] == "X" else int(code9[8])
    return (total + check) % 11 == 0


def test_a_real_world_uscc_validates():
    validate_uscc("91350100M000100Y43")


def test_hundreds_of_really_issued_usccs_validate():
    assert len(REAL_USCCS) > 300
    for value in REAL_USCCS:
        validate_uscc(value)


def test_the_organization_code_counts_letters_over_the_whole_latin_alphabet():
    # 9144060573144633XL: organization code 73144633-X, a check that only A=10 … Z=35 gives for
    # letters; 91340600MA2PBM9HXD has letters M, A, P, B, M, H, of which H is 17 (18 in the
    # USCC's alphabet, which skips I).
    validate_uscc("9144060573144633XL")
    validate_uscc("91340600MA2PBM9HXD")


def test_a_uscc_whose_organization_code_check_is_wrong_is_rejected_with_its_own_reason():
    # The old demo enterprise's code: the outer check holds, the inner one (7, not 2) does not.
    body = "914401068BRK2A202"
    assert stdnum_uscc.is_valid(body + stdnum_uscc.calc_check_digit(body))
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            validate_uscc(body + stdnum_uscc.calc_check_digit(body))
        assert "organization code" in exc.value.messages[0]
    assert exc.value.code == "uscc_org_code_check"


@given(divisions, seeds)
def test_generated_usccs_hold_both_checks_and_agree_with_python_stdnum(division, seed):
    value = generate_uscc(division, rng=random.Random(seed))
    assert stdnum_uscc.is_valid(value)
    assert org_code_holds(value[8:17])


uscc_chars = st.sampled_from(USCC_ALPHABET)


@given(
    st.text(uscc_chars, min_size=2, max_size=2),
    divisions,
    st.text(uscc_chars, min_size=9, max_size=9),
)
def test_our_verdict_is_python_stdnums_plus_the_organization_code_check(head, division, org):
    body = head + division + org
    value = body + stdnum_uscc.calc_check_digit(body)
    if head.isdigit():
        assert stdnum_uscc.is_valid(value)
    if org_code_holds(org):
        validate_uscc(value)
    else:
        with pytest.raises(ValidationError) as exc:
            validate_uscc(value)
        assert exc.value.code == "uscc_org_code_check"


@given(st.text(uscc_chars, min_size=18, max_size=18))
def test_a_code_python_stdnum_refuses_we_refuse_too(value):
    if value[:2].isdigit() and not stdnum_uscc.is_valid(value):
        with pytest.raises(ValidationError):
            validate_uscc(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91350100M000100Y4", "uscc_format"),
        ("91350100M000100Y4I", "uscc_format"),
        ("9135010OM000100Y43", "uscc_format"),
        ("91350100M000100Y44", "uscc_check_digit"),
        ("914401068BRK2A202H", "uscc_org_code_check"),
    ],
)
def test_malformed_usccs_are_rejected(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(value)
    assert exc.value.code == code


def test_the_organization_code_error_is_translated():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_uscc("914401068BRK2A202H")
    assert "组织机构代码" in exc.value.messages[0]


def test_masks_keep_only_the_ends_visible():
    assert mask_id_number("44010619900101123X") == "4401**********123X"
    assert mask_phone("13800138000") == "138****8000"


@pytest.mark.parametrize("value", ["13800138000", "+86 138 0013 8000", "138-0013-8000"])
def test_mobile_numbers_in_common_notations_validate(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "02012345678"])
def test_non_mobile_numbers_are_rejected(value):
    with pytest.raises(ValidationError):
        validate_phone(value)
