"""Small cells of the cross-tabs stay hidden (Hypothesis): every cell under 5 answers is hidden,
and no hidden cell can be worked out from its column's total, which the question's
distribution shows: a column never hides exactly one cell while it shows another non-zero one."""

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
        hidden = [r for r, row in enumerate(cells) if row[c] is None]
        others = [row[c] for row in cells if row[c] is not None]
        assert len(hidden) != 1 or not any(others)


def test_a_single_small_cell_takes_the_smallest_other_of_its_column_with_it():
    assert suppress([[12, 0], [3, 6], [7, 9]]) == [[12, 0], [None, 6], [None, 9]]
    assert suppress([[2, 0], [0, 0]]) == [[None, 0], [0, 0]]  # the column total is the cell
