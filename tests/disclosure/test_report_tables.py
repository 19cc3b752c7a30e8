"""The annual report's tables count the platform's own records in the national template's
cells (政府信息公开条例 Art. 50; 年度报告格式 2021)."""

from datetime import date

import pytest

from onewindow.disclosure import annual_report
from onewindow.disclosure.vocab import DocumentForm, Outcome, RemedyKind, RequesterKind
from tests.disclosure.report_helpers import agency, document, government, remedy, request

pytestmark = pytest.mark.django_db

P, E, R = RequesterKind.PERSON, RequesterKind.ENTERPRISE, RequesterKind.RESEARCH


@pytest.fixture
def crafted():
    """Requests of 2026 at one agency: a natural person's disclosed, an enterprise's partly
    disclosed, a research body's not held, one carried over from 2025, one still open at year
    end, one lapsed without a supplement; and rows that must not count."""
    a, other = agency("440100-TA"), agency("440100-TB")
    request(a, P, date(2026, 3, 2), replied_on=date(2026, 3, 20), outcome=Outcome.DISCLOSED)
    request(a, E, date(2026, 4, 1), replied_on=date(2026, 4, 28), outcome=Outcome.PARTIAL)
    request(a, R, date(2026, 5, 6), replied_on=date(2026, 5, 20), outcome=Outcome.NOT_HELD)
    request(a, P, date(2025, 12, 22), replied_on=date(2026, 1, 15), outcome=Outcome.DISCLOSED)
    request(a, RequesterKind.PUBLIC_INTEREST, date(2026, 12, 15))  # open at year end
    request(a, P, date(2026, 6, 1), replied_on=date(2026, 6, 20), status="lapsed")
    request(a, RequesterKind.LEGAL_SERVICE, date(2025, 11, 3), replied_on=date(2025, 11, 20),
            outcome=Outcome.DISCLOSED)  # fmt: skip  # concluded last year
    request(other, P, date(2026, 3, 2), replied_on=date(2026, 3, 9), outcome=Outcome.REPEATED)
    return a, other


def test_each_cell_of_table_3_for_the_crafted_requests(crafted):
    a, _other = crafted
    table = annual_report.compute(a, 2026)["requests"]
    assert table["received"] == {P: 2, E: 1, R: 1, "public_interest": 1, "legal_service": 0,
                                 "other": 0, "total": 5}  # fmt: skip
    assert table["carried_in"][P] == 1
    assert table["carried_in"]["total"] == 1
    assert table["outcomes"][Outcome.DISCLOSED][P] == 2
    assert table["outcomes"][Outcome.PARTIAL][E] == 1
    assert table["outcomes"][Outcome.NOT_HELD][R] == 1
    assert table["outcomes"][Outcome.NO_SUPPLEMENT][P] == 1  # lapsed: (六) 1
    assert table["groups"]["unavailable"]["total"] == 1
    assert table["groups"]["other"]["total"] == 1
    assert table["concluded"]["total"] == 5
    assert table["carried_out"] == {P: 0, E: 0, R: 0, "public_interest": 1, "legal_service": 0,
                                    "other": 0, "total": 1}  # fmt: skip
    assert table["outcomes"][Outcome.REPEATED]["total"] == 0  # the other agency's


def test_received_plus_carried_in_equals_concluded_plus_carried_out_in_every_column(crafted):
    a, other = crafted
    for department in (a, other):
        for year in (2025, 2026, 2027):
            assert annual_report.balanced(annual_report.compute(department, year)["requests"])
    last_year = annual_report.compute(a, 2025)["requests"]
    assert last_year["carried_out"]["total"] == 1  # the request answered in January 2026
    assert last_year["concluded"]["legal_service"] == 1


def test_the_city_report_is_the_sum_of_its_agencies(crafted):
    a, other = crafted
    city = government()
    document(a, DocumentForm.NORMATIVE, date(2026, 2, 1))
    document(other, DocumentForm.RULE, date(2024, 2, 1), ended_on=date(2026, 9, 1))
    remedy(other, RemedyKind.REVIEW, date(2026, 2, 1))
    parts = [annual_report.compute(d, 2026) for d in (a, other)]
    whole = annual_report.compute(city, 2026)
    assert whole["agencies"] == 3
    for key in ("received", "carried_in", "concluded", "carried_out"):
        for column in annual_report.COLUMNS:
            assert whole["requests"][key][column] == sum(p["requests"][key][column] for p in parts)
    for outcome in Outcome.values:
        assert whole["requests"]["outcomes"][outcome]["total"] == sum(
            p["requests"]["outcomes"][outcome]["total"] for p in parts
        )
    for form in ("rule", "normative"):
        for key in ("issued", "repealed", "in_force"):
            assert whole["proactive"]["documents"][form][key] == sum(
                p["proactive"]["documents"][form][key] for p in parts
            )
    assert whole["remedies"]["review"]["total"] == 1
    assert annual_report.balanced(whole["requests"])


def test_table_1_counts_rules_and_normative_documents_issued_repealed_and_in_force():
    a = agency("440100-TC")
    document(a, DocumentForm.NORMATIVE, date(2026, 2, 1))
    document(a, DocumentForm.NORMATIVE, date(2023, 5, 1), ended_on=date(2026, 7, 1))
    document(a, DocumentForm.RULE, date(2020, 5, 1))
    document(a, DocumentForm.RULE, date(2027, 1, 5))  # next year's
    document(a, DocumentForm.OTHER, date(2026, 3, 1))  # not a rule nor a normative document
    table = annual_report.compute(a, 2026)["proactive"]
    assert table["documents"]["normative"] == {"issued": 1, "repealed": 1, "in_force": 1}
    assert table["documents"]["rule"] == {"issued": 0, "repealed": 0, "in_force": 1}
    assert table["licensing"] == 0
    assert table["penalties"] is None  # no module records them yet
    assert table["fees"] == "0.0000"


def test_table_4_counts_results_and_the_pending_including_those_filed_earlier():
    a = agency("440100-TD")
    remedy(a, RemedyKind.REVIEW, date(2025, 10, 1), concluded_on=date(2026, 1, 20),
           result="upheld")  # fmt: skip  # filed last year, concluded this year
    remedy(a, RemedyKind.REVIEW, date(2026, 3, 1), concluded_on=date(2026, 4, 20),
           result="corrected")  # fmt: skip
    remedy(a, RemedyKind.LAWSUIT, date(2026, 11, 1))  # pending at year end
    remedy(a, RemedyKind.LAWSUIT_AFTER_REVIEW, date(2026, 6, 1), concluded_on=date(2027, 2, 1),
           result="other")  # fmt: skip  # pending at the end of 2026
    remedy(a, RemedyKind.REVIEW, date(2025, 3, 1), concluded_on=date(2025, 5, 1),
           result="upheld")  # fmt: skip  # last year's
    table = annual_report.compute(a, 2026)["remedies"]
    assert table["review"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2}
    assert table["lawsuit"]["pending"] == 1
    assert table["lawsuit_after_review"] == {"upheld": 0, "corrected": 0, "other": 0,
                                             "pending": 1, "total": 1}  # fmt: skip
