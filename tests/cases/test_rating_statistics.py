"""好差评 statistics against known ratings: the five levels, the satisfaction rate as the national
system counts it (levels 3–5 among all), reasons, months, rectification; who may see them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from onewindow.accounts.models import Role
from onewindow.cases import rating_stats, ratings
from tests.cases.rating_fixtures import WJ, rated
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.factories import CitizenFactory


@pytest.fixture
def known(staff):
    """Six ratings of 卫健委 over two months: 5, 4, 3 in September; 2, 1, 5 in November."""
    people = [CitizenFactory() for _ in range(6)]
    given = [
        (5, date(2026, 9, 14), ()),
        (4, date(2026, 9, 15), ()),
        (3, date(2026, 9, 16), ()),
        (2, date(2026, 11, 2), ("slow", "materials")),
        (1, date(2026, 11, 3), ("slow",)),
        (5, date(2026, 11, 4), ()),
    ]
    found = [
        rated(staff, person, score, day, problems, comment=f"评价{score}")
        for person, (score, day, problems) in zip(people, given, strict=True)
    ]
    poor = [r for r in found if r.score <= 2]
    with at(date(2026, 11, 5)):  # the 2 is answered on time, the 1 stays open
        ratings.answer_rectification(
            rectification_id=poor[0].rectification.pk,
            actor=staff.head(WJ),
            findings="核实",
            actions="整改",
            reply="答复",
        )
    return found


@pytest.mark.django_db
def test_statistics_of_a_department_match_the_ratings_given(staff, known):
    supervisor = staff.official("440100-ZWFW", Role.SUPERVISOR)
    with at(date(2026, 12, 7)):  # past the open rectification's deadline (24 November)
        department, stats, rows = rating_stats.for_department(supervisor, WJ)
    assert department.code == WJ
    assert {level.score: level.count for level in stats.levels} == {5: 2, 4: 1, 3: 1, 2: 1, 1: 1}
    tally = stats.tally
    assert (tally.total, tally.satisfied, tally.poor) == (6, 4, 2)
    assert tally.satisfaction_rate == round(4 / 6, 4)  # 基本满意 and above count as satisfied
    assert (tally.answered, tally.answered_on_time, tally.open, tally.overdue) == (1, 1, 1, 1)
    assert tally.rectification_rate == 0.5
    assert dict(stats.reasons) == {
        zh("It took too long"): 2,
        zh("Too many or unclear materials"): 1,
    }
    months = [(m.month, m.total, m.poor) for m in stats.months]
    assert months == [(date(2026, 9, 1), 3, 0), (date(2026, 11, 1), 3, 2)]
    assert [r.tally.total for r in rows] == [6]  # one item
    assert len(stats.comments) == 6
    assert stats.comments[0].comment == "评价5"


@pytest.mark.django_db
def test_overview_has_one_row_per_department(staff, known):
    supervisor = staff.official("440100-ZWFW", Role.SUPERVISOR)
    stats, rows = rating_stats.overview(supervisor)
    assert [(row.subject.code, row.tally.total, row.tally.poor) for row in rows] == [(WJ, 6, 2)]
    assert stats.tally.total == 6


@pytest.mark.django_db
def test_only_supervisors_and_the_departments_officials_see_the_statistics(staff, known):
    _department, stats, _rows = rating_stats.for_department(staff.reviewer(WJ), WJ)
    assert stats.tally.total == 6
    with pytest.raises(PermissionDenied):
        rating_stats.for_department(staff.reviewer("440100-SCJG"), WJ)
    # Another department's official sees only their own (none) in the overview.
    stats, rows = rating_stats.overview(staff.reviewer("440100-SCJG"))
    assert stats.tally.total == 0
    assert rows == []
    with pytest.raises(PermissionDenied):
        rating_stats.overview(CitizenFactory())
