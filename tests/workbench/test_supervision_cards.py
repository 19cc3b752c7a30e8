"""e-supervision: red and yellow cards counted per department from the ledger (one GROUP BY,
not a loop over cases) and the flagged matters listed across departments."""

import re
from datetime import date

import pytest

from onewindow.accounts.models import Role
from onewindow.cases import services
from tests.cases.test_single_department_lifecycle import at
from tests.workbench.conftest import SCJG, XF, case_links, signed_in, submit_parallel, text


def counts(page: str) -> dict[str, tuple[int, int]]:
    rows = re.findall(
        r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th><td class="wb-number">(\d+)</td>'
        r'<td class="wb-number">(\d+)</td></tr>',
        page,
    )
    return {name: (int(red), int(yellow)) for name, red, yellow in rows}


@pytest.mark.django_db
def test_supervisor_sees_cards_per_department_and_the_flagged_cases(
    staff, enterprise, django_assert_max_num_queries
):
    clerk = staff.clerk(SCJG)
    late = submit_parallel(enterprise, date(2026, 11, 2))
    soon = submit_parallel(enterprise, date(2026, 11, 5))
    fresh = submit_parallel(enterprise, date(2026, 11, 10))
    accepted = {late: date(2026, 11, 2), soon: date(2026, 11, 5), fresh: date(2026, 11, 10)}
    for case, day in accepted.items():
        with at(day):
            services.accept(number=case.number, actor=clerk)
    with at(date(2026, 11, 11)):
        # The late case was due on 9 November; the other has used 4 of its 5 working days.
        assert services.refresh_flags() == {"yellow": 2, "red": 1}
        fire_task = late.tasks.get(department__code=XF)
        services.approve(task_id=fire_task.pk, actor=staff.reviewer(XF))

    supervisor = signed_in(staff.official("440100-ZWFW", Role.SUPERVISOR))
    with at(date(2026, 11, 11)), django_assert_max_num_queries(14):
        page = text(supervisor.get("/workbench/supervision/"))
    # The ledger counts a matter for the department responsible for it: a case for its lead
    # department (market regulation), whichever of its parallel reviews are still open.
    assert counts(page) == {"广州市市场监督管理局": (1, 1)}
    # The flagged cases, oldest due first; the fresh case has no card.
    assert case_links(page) == [late.number, soon.number]
    assert re.search(
        r'<span class="wb-total-number">1</span> <span class="card-tag card-red">', page
    )
    assert re.search(
        r'<span class="wb-total-number">1</span> <span class="card-tag card-yellow">', page
    )
    # Paging through htmx gets the list alone, without recounting the cards.
    with at(date(2026, 11, 11)):
        partial = text(supervisor.get("/workbench/supervision/", HTTP_HX_REQUEST="true"))
    assert partial.lstrip().startswith('<section id="flagged-results"')
    assert case_links(partial) == [late.number, soon.number]
    # The supervisor can open any flagged case.
    assert supervisor.get(f"/workbench/cases/{late.number}/").status_code == 200
