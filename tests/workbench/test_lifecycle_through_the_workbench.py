"""A food business licence handled end to end in the workbench: the clerk's correction notice
from the checklist and acceptance, three departments reviewing in parallel (each seeing only
its own task), the head's decision and the clerk's postal delivery."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.cases.models import Case, CorrectionNotice, Status, TaskStatus
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


@pytest.mark.django_db
def test_a_parallel_case_goes_from_intake_to_delivery_in_the_workbench(staff, enterprise):
    case = submit_parallel(enterprise, date(2026, 11, 2))
    number = case.number
    clerk = signed_in(staff.clerk(SCJG))

    # The clerk's inbox lists the application for intake.
    with at(date(2026, 11, 2)):
        inbox = text(clerk.get("/workbench/"))
    assert case_links(inbox) == [number]
    assert zh("Awaiting intake") in inbox

    # The case page offers the correction checklist of the uploaded materials only.
    page = text(clerk.get(f"/workbench/cases/{number}/"))
    assert 'name="pick_layout"' in page
    assert 'name="pick_safety_rules"' in page
    assert 'name="pick_licence"' not in page  # an e-certificate: nothing to correct
    assert zh("From the e-certificate: %(source)s").split("%")[0] in page
    with at(date(2026, 11, 3)):
        sent = clerk.post(
            f"/workbench/cases/{number}/correction/",
            {
                "version": page_version(page, "correction"),
                "pick_layout": "on",
                "problem_layout": "请标注主要设备位置",
                "note": "补正后重新提交",
            },
            follow=True,
        )
    assert sent.redirect_chain == [(f"/workbench/cases/{number}/", 302)]
    assert zh("The correction notice has been sent to the applicant.") in text(sent)
    case.refresh_from_db()
    assert case.status == Status.CORRECTION
    notice = CorrectionNotice.objects.get(case=case)
    assert notice.items == [
        {"key": "layout", "name": notice.items[0]["name"], "problem": "请标注主要设备位置"}
    ]
    assert notice.note == "补正后重新提交"

    with at(date(2026, 11, 4)):
        services.resubmit(
            number=number,
            applicant=enterprise,
            uploads={"layout": ("layout-v2.pdf", pdf_bytes("layout v2"))},
        )
        page = text(clerk.get(f"/workbench/cases/{number}/"))
        # The replaced upload is kept, listed as an earlier version.
        assert "layout-v2.pdf" in page
        accepted = clerk.post(
            f"/workbench/cases/{number}/accept/",
            {"version": page_version(page, "accept")},
            follow=True,
        )
    assert zh("Application accepted; the acceptance notice has been issued.") in text(accepted)
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    tasks = {task.department.code: task for task in case.tasks.select_related("department")}
    assert set(tasks) == {SCJG, XF, CG}

    # Each department's reviewer sees only its own task, and approves it.
    for code in (XF, CG, SCJG):
        reviewer = signed_in(staff.reviewer(code))
        with at(date(2026, 11, 5)):
            inbox = text(reviewer.get("/workbench/"))
        assert case_links(inbox) == [number]
        page = text(reviewer.get(f"/workbench/cases/{number}/"))
        own = f"/workbench/cases/{number}/tasks/{tasks[code].pk}/approve/"
        assert own in page
        others = [t for c, t in tasks.items() if c != code]
        assert all(f"/tasks/{t.pk}/approve/" not in page for t in others)
        with at(date(2026, 11, 5)):
            approved = reviewer.post(
                own,
                {"version": page_version(page, "approve"), "opinion": f"{code} 同意"},
                follow=True,
            )
        assert zh("Your department's approval has been recorded.") in text(approved)
        tasks[code].refresh_from_db()
        assert tasks[code].status == TaskStatus.APPROVED
        assert tasks[code].opinion == f"{code} 同意"

    case.refresh_from_db()
    assert case.status == Status.AWAITING_DECISION

    # The head of the lead department decides, from the inbox.
    head = signed_in(staff.head(SCJG))
    with at(date(2026, 11, 6)):
        assert case_links(text(head.get("/workbench/?status=decision"))) == [number]
        page = text(head.get(f"/workbench/cases/{number}/"))
        decided = head.post(
            f"/workbench/cases/{number}/decision/",
            {"version": page_version(page, "decision"), "note": "准予许可"},
            follow=True,
        )
    assert zh("The decision has been issued.") in text(decided)
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.AWAITING_DELIVERY, "granted")

    # The clerk delivers by post and the case is concluded.
    with at(date(2026, 11, 9)):
        assert case_links(text(clerk.get("/workbench/?status=delivery"))) == [number]
        page = text(clerk.get(f"/workbench/cases/{number}/"))
        delivered = clerk.post(
            f"/workbench/cases/{number}/delivery/",
            {
                "version": page_version(page, "delivery"),
                "method": "post",
                "carrier": "sf",
                "tracking_number": "SF1234567890123",
                "address": "广州市天河区体育西路103号 张经理 13900139000",
            },
            follow=True,
        )
    assert zh("The delivery is recorded.") in text(delivered)
    case = Case.objects.get(number=number)
    assert case.status == Status.CONCLUDED
    assert case.tracking_number == "SF1234567890123"
    assert case_links(text(clerk.get("/workbench/"))) == []

    # Every notice issued along the way can be downloaded from the case page.
    decision = case.documents.get(kind="decision")
    download = clerk.get(f"/workbench/cases/{number}/documents/{decision.number}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"
