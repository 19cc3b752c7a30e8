"""The departments' other actions in the workbench: a supplement request from the checklist,
a pause for expert review and its end, an extension requested and approved by the head, and
a denial that the head's decision carries."""

import re
from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.models import ClockPause, Extension, Status, TaskStatus
from tests.cases.conftest import pdf_bytes
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.workbench.conftest import (
    CG,
    SCJG,
    XF,
    case_links,
    page_version,
    signed_in,
    submit_parallel,
    text,
)


def act(client, number: str, action: str, data: dict, day: date):
    """Load the case page and post its form whose URL ends with ``action``, with the
    version the page shows, as an official would."""
    with at(day):
        page = text(client.get(f"/workbench/cases/{number}/"))
        forms = re.findall(r'<form method="post" action="([^"]+)"', page)
        url = next(u for u in forms if u.endswith(f"/{action}/"))
        return client.post(url, {"version": page_version(page, action), **data}, follow=True)


@pytest.mark.django_db
def test_supplement_pause_extension_and_a_denial(staff, enterprise):
    case = submit_parallel(enterprise, date(2026, 11, 2))
    with at(date(2026, 11, 2)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    case.refresh_from_db()
    promised = case.promised_due
    amr, cg, fire = (signed_in(staff.reviewer(code)) for code in (SCJG, CG, XF))

    # Market regulation asks for a supplement: the task waits and the clock stops.
    done = act(
        amr,
        case.number,
        "supplement",
        {"pick_safety_rules": "on", "problem_safety_rules": "缺少进货查验制度"},
        date(2026, 11, 3),
    )
    assert zh("Supplement requested; the clock is paused until the applicant answers.") in text(
        done
    )
    task = case.tasks.get(department__code=SCJG)
    assert task.status == TaskStatus.WAITING
    with at(date(2026, 11, 3)):
        assert case_links(text(amr.get("/workbench/?status=waiting"))) == [case.number]
    with at(date(2026, 11, 5)):
        services.resubmit(
            number=case.number,
            applicant=enterprise,
            uploads={"safety_rules": ("rules-v2.pdf", pdf_bytes("rules v2"))},
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN

    # Ecology pauses the clock for an expert review, then resumes it.
    act(
        cg,
        case.number,
        "pause",
        {"kind": "expert_review", "reason": "店招标牌结构安全专家论证"},
        date(2026, 11, 6),
    )
    pause = ClockPause.objects.get(case=case, kind="expert_review")
    assert pause.ended_on is None
    resumed = act(cg, case.number, f"pauses/{pause.pk}/resume", {}, date(2026, 11, 10))
    assert zh("The clock runs again.") in text(resumed)
    pause.refresh_from_db()
    assert pause.ended_on == date(2026, 11, 10)

    # Fire asks for an extension; the head of market regulation (the lead) approves it.
    act(fire, case.number, "extension", {"days": "10", "reason": "需现场复核"}, date(2026, 11, 10))
    extension = Extension.objects.get(case=case)
    head = signed_in(staff.head(SCJG))
    with at(date(2026, 11, 10)):
        assert case_links(text(head.get("/workbench/?status=extension"))) == [case.number]
    approved = act(
        head,
        case.number,
        f"extensions/{extension.pk}/decision",
        {"approve": "1"},
        date(2026, 11, 10),
    )
    assert zh("Extension approved; the applicant has been told the new due date.") in text(approved)
    extension.refresh_from_db()
    case.refresh_from_db()
    assert extension.status == "approved"
    assert case.promised_due > promised

    # Ecology denies; the others approve; the head's decision says it will be a denial.
    act(cg, case.number, "deny", {"reasons": "店招标牌设置位置不符合规划"}, date(2026, 11, 11))
    for client in (amr, fire):
        act(client, case.number, "approve", {}, date(2026, 11, 11))
    with at(date(2026, 11, 11)):
        page = text(head.get(f"/workbench/cases/{case.number}/"))
    assert "店招标牌设置位置不符合规划" in page
    assert (
        zh("A department denied its part, so the decision will be a denial with these reasons:")
        in page
    )
    act(head, case.number, "decision", {"note": ""}, date(2026, 11, 11))
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.AWAITING_DELIVERY, "denied")
