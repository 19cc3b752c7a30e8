"""Small cells of the cross-tabs stay hidden (Hypothesis): every cell under 5 answers is hidden,
and no hidden cell can be narrowed down from its column's total, which the question's
distribution shows: the hidden cells of a column add up to 5 or more, unless the column shows
no other non-zero cell to hide."""

from hypothesis import given
from hypothesis import strategies as st

from onewindow.participation.selectors.surveys import MIN_CELL, suppress

tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(0, 30), min_size=columns, max_size=columns), min_size=1, max_size=8
    )
)


@given(tables)
def test_small_cells_are_hidden_and_none_follows_from_a_column_total(counts):
    cells = suppress(counts)
    for row, shown in zip(counts, cells, strict=True):
        for n, cell in zip(row, shown, strict=True):
            if 0 < n < MIN_CELL:
                assert cell is None
            assert cell in (None, n)
    for c in range(len(counts[0])):
        hidden = sum(counts[r][c] for r, row in enumerate(cells) if row[c] is None)
        others = [row[c] for row in cells if row[c] is not None]
        assert hidden == 0 or hidden >= MIN_CELL or not any(others)


def test_a_small_cell_takes_the_smallest_others_of_its_column_with_it():
    assert suppress([[12, 0], [3, 6], [7, 9]]) == [[12, 0], [None, 6], [None, 9]]
    # two hidden ones of 1 would each be 1: 8 − 6 = 2
    assert suppress([[6], [1], [1]]) == [[None], [None], [None]]
    assert suppress([[6], [9], [1], [2]]) == [[None], [9], [None], [None]]
    assert suppress([[2, 0], [0, 0]]) == [[None, 0], [0, 0]]  # the column total is the cell
