"""The query normaliser and the search behind it take any text: punctuation, full-width forms,
and FTS5 / tsquery syntax (quotes, *, OR, NEAR, :, -, parentheses) are only ever text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.catalog import ranking, search

SYNTAX = ['"', "'", "*", "OR", "AND", "NOT", "NEAR(", ":", "-", "^", "(", ")", "&", "|", "!", "\\"]
hostile = st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=6)), max_size=12).map(
    " ".join
)


@given(st.one_of(st.text(max_size=300), hostile, st.none(), st.integers()))
def test_normalising_never_raises_and_leaves_only_words(text):
    q = search.normalise(text)
    assert isinstance(q, str)
    assert len(q) <= search.MAX_QUERY
    assert q == q.strip()
    assert not set(q) & set("\"'*:^()&|!\\-")
    assert search.normalise(q) == q  # idempotent


def test_full_width_and_spaced_chinese_fold_to_the_catalogue_words():
    assert search.normalise("  结婚 登记 ") == "结婚登记"
    assert search.normalise("ＡＰＥＣ卡") == "apec卡"
    assert search.normalise('"社保卡" OR *') == "社保卡 or"


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile)
def test_ranking_never_raises_on_any_query_syntax(catalogue, query):
    outcome = ranking.rank(query)
    assert len({hit.item_id for hit in outcome.hits}) == len(outcome.hits)
