"""Citizen ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015)."""

import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

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


def test_a_real_world_uscc_validates():
    validate_uscc("91350100M000100Y43")


@pytest.mark.parametrize("value", ["91350100M000100Y4", "91350100M000100Y4I", "9135010OM000100Y43"])
def test_malformed_usccs_are_rejected(value):
    with pytest.raises(ValidationError):
        validate_uscc(value)


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
