"""Progress at a glance (cases.progress.steps): the step list at each stage of a case, its due
date and what the applicant must do now; the public view leaves out opinions and names."""

from datetime import date

import pytest
from django.utils import translation

from onewindow.cases import progress, services, waiting
from onewindow.cases.models import Case, DocumentKind
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import PARALLEL, SINGLE, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import WJ, at, pdf_text
from tests.conftest import zh

pytestmark = pytest.mark.django_db
SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"
MONDAY = date(2026, 9, 21)


def step_text(msgid: str) -> str:
    """A step's word as the Chinese pages show it (context "progress step")."""
    with translation.override("zh-hans"):
        return translation.pgettext("progress step", msgid)


def submit(applicant, code=SINGLE) -> Case:
    item = ServiceItem.objects.get(code=code)
    return services.submit(
        applicant=applicant, item_code=code, form=valid_form(item), uploads=valid_uploads(item)
    )


def shape(found: progress.Progress) -> list[tuple[str, str]]:
    return [(step.key, step.state) for step in found.steps]


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def test_a_submitted_case_waits_for_intake_due_in_five_working_days(staff, citizen):
    with at(MONDAY):
        case = submit(citizen)
        found = progress.steps(case, citizen)
    assert shape(found) == [
        ("submitted", "done"),
        ("intake", "current"),
        ("reviews", "upcoming"),
        ("decision", "upcoming"),
        ("delivery", "upcoming"),
    ]
    assert found.steps[0].on == MONDAY
    # 行政许可法 Art. 32: 22, 23, 24, 28, 29 September (the 25th is Mid-Autumn).
    assert (found.due, found.due_label, found.provisional) == (
        date(2026, 9, 29),
        zh("Intake by"),
        False,
    )
    assert found.current.key == "intake"
    assert found.actions == []
    assert not found.finished


def test_a_correction_notice_is_the_current_step_and_the_applicants_action(staff, citizen):
    with at(MONDAY):
        case = submit(citizen)
        key = next(m.key for m in case.materials.all() if m.source == "upload")
        services.send_correction_notice(
            number=case.number, actor=staff.clerk(WJ), items=[{"key": key, "problem": "不清晰"}]
        )
        found = progress.steps(fresh(case), citizen)
    assert shape(found)[:3] == [
        ("submitted", "done"),
        ("correction", "current"),
        ("intake", "upcoming"),
    ]
    assert found.steps[1].tone == "wait"
    assert [a.kind for a in found.actions] == ["correction"]
    assert found.actions[0].anchor == "#correction-heading"
    mine = Case.objects.filter(applicant=citizen)
    assert waiting.tab_counts(mine) == {"action": 1, "open": 0, "finished": 0, "all": 1}


def test_parallel_review_lists_each_department_with_its_opinion_and_date(staff, enterprise):
    with at(MONDAY):
        case = submit(enterprise, PARALLEL)
    with at(date(2026, 9, 22)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    with at(date(2026, 9, 23)):
        task = case.tasks.get(department__code=XF)
        services.approve(task_id=task.pk, actor=staff.reviewer(XF), opinion="消防条件符合要求")
        found = progress.steps(fresh(case), enterprise)
        public = progress.steps(fresh(case), None, detail=False)
    keys = [s.key for s in found.steps]
    assert keys[:2] == ["submitted", "accepted"]
    reviews = [s for s in found.steps if s.key == "review"]
    assert len(reviews) == 3
    done = next(s for s in reviews if s.state == "done")
    assert done.on == date(2026, 9, 23)
    assert done.opinion == "消防条件符合要求"
    assert done.result == zh("Approved")
    assert sum(s.state == "current" for s in reviews) == 2
    assert found.current.key == "review"
    # Promised by the item's promised limit, not a count of days.
    assert found.due == fresh(case).promised_due
    assert found.due_label == zh("Promised by")
    public_done = next(s for s in public.steps if s.key == "review" and s.state == "done")
    assert (public_done.opinion, public_done.result) == ("", step_text("Finished"))
    assert public.actions == []


def test_a_grant_goes_to_delivery_and_the_applicant_chooses_then_collects(staff, enterprise):
    with at(MONDAY):
        case = submit(enterprise, PARALLEL)
        services.accept(number=case.number, actor=staff.clerk(SCJG))
        for code in (SCJG, XF, CG):
            task = case.tasks.get(department__code=code, status="open")
            services.approve(task_id=task.pk, actor=staff.reviewer(code), opinion="同意")
        services.decide(number=case.number, actor=staff.head(SCJG))
        found = progress.steps(fresh(case), enterprise)
    decision = next(s for s in found.steps if s.key == "decision")
    assert (decision.state, decision.result, decision.on) == ("done", step_text("Granted"), MONDAY)
    assert found.current.key == "delivery"
    # 行政许可法 Art. 44: ten working days to deliver.
    assert found.due == fresh(case).delivery_due
    assert found.due_label == zh("Delivery by")
    kinds = [a.kind for a in found.actions]
    assert kinds in (["delivery"], ["fee"])  # a fee, if the item charges one, comes first
    if kinds == ["delivery"]:
        with at(MONDAY):
            services.choose_delivery(number=case.number, applicant=enterprise, method="counter")
            found = progress.steps(fresh(case), enterprise)
        assert [a.kind for a in found.actions] == ["collect"]
        assert found.actions[0].due == fresh(case).delivery_due


def test_a_refused_case_is_finished_at_refusal(staff, citizen):
    with at(MONDAY):
        case = submit(citizen)
        services.refuse(number=case.number, actor=staff.clerk(WJ), reason="不属于本机关职权")
        found = progress.steps(fresh(case), citizen)
    assert shape(found) == [("submitted", "done"), ("refused", "done")]
    assert found.steps[-1].tone == "stop"
    assert found.finished
    assert found.due is None
    assert found.current is None
    mine = Case.objects.filter(applicant=citizen)
    assert waiting.tab_counts(mine)["finished"] == 1


def test_a_withdrawn_case_ends_with_the_withdrawal(staff, citizen):
    with at(MONDAY):
        case = submit(citizen)
        services.withdraw(number=case.number, applicant=citizen)
        found = progress.steps(fresh(case), citizen)
    assert shape(found) == [("submitted", "done"), ("withdrawn", "done")]


def test_due_dates_in_an_unpublished_year_are_marked_provisional(staff, citizen, unpublished_year):
    unpublished_year(2027)
    with at(date(2026, 12, 28)):
        case = submit(citizen)
        services.accept(number=case.number, actor=staff.clerk(WJ))
        found = progress.steps(fresh(case), citizen)
    assert found.due == date(2027, 1, 4)
    assert found.provisional is True


def test_the_acceptance_notice_carries_the_progress_code(staff, citizen):
    with at(MONDAY):
        case = submit(citizen)
        services.accept(number=case.number, actor=staff.clerk(WJ))
    notice = case.documents.get(kind=DocumentKind.ACCEPTANCE)
    assert notice.content["progress_code"] == progress.code_of(case)
    assert len(case.progress_code) == 10
    assert progress.code_of(case)[5] == "-"


def test_the_acceptance_notice_pdf_prints_the_code_and_where_to_use_it(staff, citizen):
    with at(MONDAY):
        case = submit(citizen)
        services.accept(number=case.number, actor=staff.clerk(WJ))
    text = pdf_text(case.documents.get(kind=DocumentKind.ACCEPTANCE))
    assert "进度查询验证码" in text
    assert progress.code_of(case) in text
    assert "办件进度查询" in text
