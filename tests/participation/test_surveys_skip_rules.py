"""The skip-rule validator and the path through a survey (pure functions, Hypothesis): a rule
set is accepted exactly when every rule goes forward to a question that exists (or to the
end), and then every path visits questions in increasing order and ends."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from onewindow.participation import surveys_logic as logic

OPTIONS = ("o1", "o2", "o3")


@st.composite
def surveys(draw):
    """A survey's question ids in order and any rules, including wrong ones (targets that go
    backwards, stay in place or do not exist)."""
    order = draw(st.lists(st.integers(1, 500), min_size=1, max_size=12, unique=True))
    rules = draw(
        st.lists(
            st.builds(
                logic.Rule,
                st.sampled_from(order),
                st.sampled_from(OPTIONS),
                st.one_of(st.none(), st.sampled_from(order), st.integers(501, 510)),
            ),
            max_size=10,
            unique_by=lambda r: (r.source, r.option),
        )
    )
    return order, rules


def _forward(order, rule) -> bool:
    if rule.target is None:
        return True
    return rule.target in order and order.index(rule.target) > order.index(rule.source)


@given(surveys())
def test_rules_are_accepted_exactly_when_all_go_forward_to_a_question_or_the_end(survey):
    order, rules = survey
    assert (logic.rule_errors(order, rules) == []) == all(_forward(order, r) for r in rules)


@given(surveys(), st.lists(st.sampled_from(OPTIONS), min_size=12, max_size=12))
def test_a_path_through_accepted_rules_only_moves_forward_and_ends(survey, choices):
    order, rules = survey
    rules = [r for r in rules if _forward(order, r)]
    assert logic.rule_errors(order, rules) == []
    table = {(r.source, r.option): r.target for r in rules}
    answers = {qid: choices[i] for i, qid in enumerate(order)}
    asked = logic.path(order, table, answers)
    places = [order.index(qid) for qid in asked]
    assert places == sorted(set(places))  # strictly increasing: no loop, no repeat
    assert logic.complete(order, table, answers)
    for earlier, later in itertools.pairwise(asked):
        target = table.get((earlier, answers[earlier]), "none")
        if target != "none":
            assert later == target  # a matching rule decides where the path goes next
        else:
            assert order.index(later) == order.index(earlier) + 1
    last = asked[-1]
    ended_by_rule = table.get((last, answers[last]), "none") is None
    assert ended_by_rule or last == order[-1]


@given(surveys())
def test_the_path_stops_at_the_first_question_not_answered(survey):
    order, rules = survey
    rules = [r for r in rules if _forward(order, r)]
    table = {(r.source, r.option): r.target for r in rules}
    assert logic.path(order, table, {}) == [order[0]]
    assert not logic.complete(order, table, {})


def test_a_rule_backwards_or_to_itself_or_nowhere_is_refused():
    order = [10, 20, 30]
    assert logic.rule_errors(order, [logic.Rule(20, "o1", 10)])
    assert logic.rule_errors(order, [logic.Rule(20, "o1", 20)])
    assert logic.rule_errors(order, [logic.Rule(20, "o1", 99)])
    assert logic.rule_errors(order, [logic.Rule(20, "o1", 30), logic.Rule(30, "o1", None)]) == []


@given(st.permutations(["o1", "o2", "o3", "o4"]))
def test_places_from_a_form_give_the_ranking_back(ranking):
    places = {key: str(ranking.index(key) + 1) for key in ranking}
    assert logic.ranking_from_places(["o1", "o2", "o3", "o4"], places) == ranking


def test_places_given_twice_or_left_out_are_refused():
    keys = ["o1", "o2", "o3"]
    assert logic.ranking_from_places(keys, {}) == []
    for places in ({"o1": "1", "o2": "1", "o3": "2"}, {"o1": "1", "o2": "2"}):
        with pytest.raises(ValidationError):
            logic.ranking_from_places(keys, places)
