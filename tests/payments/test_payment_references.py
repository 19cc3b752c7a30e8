"""Payment references carry an ISO 7064 MOD 97-10 check: one wrong digit or two swapped
neighbours never pass."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from onewindow.payments import references
from onewindow.payments.document import amount_in_words

divisions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
years = st.integers(2000, 2099)
sequences = st.integers(1, 99_999_999)


@given(divisions, years, sequences)
def test_a_made_reference_is_valid_and_20_digits(division, year, sequence):
    reference = references.make(division, year, sequence)
    assert len(reference) == 20
    assert references.is_valid(reference)


@given(divisions, years, sequences, st.integers(0, 19), st.integers(1, 9))
def test_any_single_wrong_digit_is_caught(division, year, sequence, position, delta):
    reference = references.make(division, year, sequence)
    digit = (int(reference[position]) + delta) % 10
    wrong = reference[:position] + str(digit) + reference[position + 1 :]
    assert not references.is_valid(wrong)


@given(divisions, years, sequences, st.integers(0, 18))
def test_two_swapped_neighbours_are_caught(division, year, sequence, position):
    reference = references.make(division, year, sequence)
    a, b = reference[position], reference[position + 1]
    swapped = reference[:position] + b + a + reference[position + 2 :]
    assert swapped == reference or not references.is_valid(swapped)


def test_validate_names_the_field():
    with pytest.raises(ValidationError) as refused:
        references.validate("4401002026000000010")
    assert "reference" in refused.value.message_dict
    good = references.make("440100", 2026, 1)
    assert references.validate(f" {good[:10]} {good[10:]} ") == good


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("60", "人民币陆拾元整"),
        ("720", "人民币柒佰贰拾元整"),
        ("1005", "人民币壹仟零伍元整"),
        ("100010", "人民币壹拾万零壹拾元整"),
        ("100000001", "人民币壹亿零壹元整"),
        ("0.5", "人民币伍角整"),
        ("12.05", "人民币壹拾贰元零伍分"),
    ],
)
def test_amounts_in_capital_numerals(amount, words):
    assert amount_in_words(Decimal(amount)) == words
