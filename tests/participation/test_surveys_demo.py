"""The demo's survey: 住建局's survey with skip logic gets 60 answers from residents of four
districts and every adult age band, shows a cross-tab with visible cells, and loads once."""

import pytest

from onewindow.demo import participation_surveys as demo
from onewindow.participation.models import Survey, SurveyResponse
from onewindow.participation.selectors import surveys as selectors
from tests.participation import surveys_helpers as h

pytestmark = pytest.mark.django_db
world = h.world  # the fixtures
no_second_factor = h.no_second_factor


def test_the_demo_survey_is_answered_by_sixty_residents_once(world):
    first = demo.ensure()
    again = demo.ensure()
    assert first["answered"] == 60
    assert again == {"survey": first["survey"], "answered": 0}
    survey = Survey.objects.get(number=first["survey"])
    responses = SurveyResponse.objects.filter(survey=survey)
    assert responses.count() == survey.response_count == 60
    assert set(responses.values_list("district", flat=True)) == set(demo.DISTRICTS)
    assert {"18-29", "30-44", "45-59", "60+"} <= set(responses.values_list("age_band", flat=True))
    skipped = [r for r in responses if r.answers.count() == 1 + 1]  # q1 "no" → q6 only
    assert skipped  # the skip rule was taken
    q1 = survey.questions.first()
    table = selectors.crosstab(survey, q1, "district")
    assert any(cell for _group, cells, _total in table.rows for cell in cells)
    assert Survey.objects.filter(status="draft").count() == 1  # the builder's draft
