"""Verification codes: random, from the unambiguous alphabet, and read back the same however
a person types them; anything else never matches."""

from hypothesis import given
from hypothesis import strategies as st

from onewindow.certificates import codes

CODE = st.text(alphabet=codes.ALPHABET, min_size=codes.LENGTH, max_size=codes.LENGTH)
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def test_new_codes_are_random_and_unambiguous():
    made = {codes.new() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert len(code) == codes.LENGTH
        assert not set(code) & set("01OIL")


@given(CODE, st.sampled_from(["", "-", " ", "－", " - "]), st.booleans(), st.booleans())
def test_a_code_typed_as_printed_in_any_case_or_full_width_matches(code, gap, lower, wide):
    typed = codes.grouped(code).replace("-", gap)
    typed = typed.lower() if lower else typed
    typed = typed.translate(FULL_WIDTH) if wide else typed
    assert codes.normalize(typed) == code
    assert codes.matches(typed, code)


@given(CODE, st.text(max_size=30))
def test_anything_else_does_not_match(code, other):
    if codes.normalize(other) != code:
        assert not codes.matches(other, code)
    assert not codes.matches(other, None)
    assert not codes.matches(other, "")
