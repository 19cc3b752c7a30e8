"""Bad input on a case action shows the error on the field and changes nothing; acting on an
old version of the case says someone else changed it and changes nothing either."""

from datetime import date

import pytest
from django.utils import translation

from onewindow.cases import services
from onewindow.cases.models import Case, CorrectionNotice, Extension, Status
from onewindow.core.models import AuditEntry
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.workbench.conftest import SCJG, page_version, signed_in, submit_parallel, text


def unchanged(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return fresh.status, fresh.version, AuditEntry.objects.count()


@pytest.mark.django_db
def test_a_ticked_material_without_its_problem_is_refused_on_that_field(staff, enterprise):
    case = submit_parallel(enterprise)
    clerk = signed_in(staff.clerk(SCJG))
    before = unchanged(case)
    page = text(clerk.get(f"/workbench/cases/{case.number}/"))
    response = clerk.post(
        f"/workbench/cases/{case.number}/correction/",
        {
            "version": page_version(page, "correction"),
            "pick_layout": "on",
            "problem_layout": "  ",
            "pick_safety_rules": "on",
            "problem_safety_rules": "缺少签字",
        },
    )
    assert response.status_code == 200
    page = text(response)
    # The error sits under the layout's problem field, which is marked, and the form is open.
    assert 'id="id_correction_problem_layout_error"' in page
    assert zh("Say what is missing or wrong.") in page
    assert 'aria-invalid="true"' in page
    assert "data-error-summary" in page
    assert "缺少签字" in page  # what the clerk typed is kept
    assert unchanged(case) == before
    assert not CorrectionNotice.objects.exists()


@pytest.mark.django_db
def test_a_correction_notice_needs_at_least_one_material(staff, enterprise):
    case = submit_parallel(enterprise)
    clerk = signed_in(staff.clerk(SCJG))
    response = clerk.post(
        f"/workbench/cases/{case.number}/correction/", {"version": case.version, "note": "x"}
    )
    assert zh("List at least one material to correct.") in text(response)
    assert not CorrectionNotice.objects.exists()


@pytest.mark.django_db
def test_refusing_without_a_reason_is_refused(staff, enterprise):
    case = submit_parallel(enterprise)
    clerk = signed_in(staff.clerk(SCJG))
    before = unchanged(case)
    response = clerk.post(
        f"/workbench/cases/{case.number}/refuse/", {"version": case.version, "reason": ""}
    )
    assert response.status_code == 200
    assert zh("Give the reason for not accepting.") in text(response)
    assert unchanged(case) == before


@pytest.mark.django_db
def test_acting_on_an_old_version_says_someone_else_changed_the_case(staff, enterprise):
    case = submit_parallel(enterprise)
    clerk = signed_in(staff.clerk(SCJG))
    page = text(clerk.get(f"/workbench/cases/{case.number}/"))
    stale = page_version(page, "accept")
    # Meanwhile a colleague sends a correction notice.
    services.send_correction_notice(
        number=case.number,
        actor=staff.clerk(SCJG),
        items=[{"key": "layout", "problem": "模糊"}],
        expected_version=int(stale),
    )
    before = unchanged(case)
    response = clerk.post(
        f"/workbench/cases/{case.number}/accept/", {"version": stale}, follow=True
    )
    assert response.redirect_chain == [(f"/workbench/cases/{case.number}/", 302)]
    page = text(response)
    assert (
        zh(
            "Someone else changed this case while you had it open. This is the case as it is now: "
            "check it and try again."
        )
        in page
    )
    assert unchanged(case) == before
    assert Case.objects.get(pk=case.pk).status == Status.CORRECTION
    # The page now offers what fits the new state: no acceptance, refusing still possible.
    assert "/accept/" not in page
    assert f"/workbench/cases/{case.number}/refuse/" in page


@pytest.mark.django_db
def test_an_action_the_state_no_longer_allows_shows_the_engines_reason(staff, enterprise):
    case = submit_parallel(enterprise)
    services.accept(number=case.number, actor=staff.clerk(SCJG))
    case.refresh_from_db()
    response = signed_in(staff.clerk(SCJG)).post(
        f"/workbench/cases/{case.number}/accept/", {"version": case.version}, follow=True
    )
    assert "notice-error" in text(response)
    assert Case.objects.get(pk=case.pk).version == case.version


@pytest.mark.django_db
def test_an_extension_beyond_the_legal_maximum_is_refused(staff, enterprise):
    case = submit_parallel(enterprise)
    with at(date(2026, 11, 2)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    case.refresh_from_db()
    reviewer = signed_in(staff.reviewer(SCJG))
    page = text(reviewer.get(f"/workbench/cases/{case.number}/"))
    assert zh("Request an extension") in page
    response = reviewer.post(
        f"/workbench/cases/{case.number}/extension/",
        {"version": page_version(page, "extension"), "days": "16", "reason": "需专家论证"},
    )
    # Joint handling under Art. 26: Art. 42 para. 2 allows at most 15 working days.
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "The Administrative Licensing Law, %(citation)s, allows 1 to %(max)d more working days."
        ) % {"citation": translation.gettext("Art. 26 and Art. 42 para. 2"), "max": 15}
    assert expected in text(response)
    assert not Extension.objects.exists()


@pytest.mark.django_db
def test_postal_delivery_without_a_tracking_number_is_refused_by_the_service(staff, enterprise):
    case = submit_parallel(enterprise)
    services.accept(number=case.number, actor=staff.clerk(SCJG))
    for task in case.tasks.select_related("department"):
        services.approve(task_id=task.pk, actor=staff.reviewer(task.department.code))
    services.decide(number=case.number, actor=staff.head(SCJG))
    case.refresh_from_db()
    clerk = signed_in(staff.clerk(SCJG))
    before = unchanged(case)
    response = clerk.post(
        f"/workbench/cases/{case.number}/delivery/",
        {"version": case.version, "method": "post", "carrier": "sf", "tracking_number": ""},
    )
    page = text(response)
    assert (
        zh("This is not a %(carrier)s tracking number (for example %(example)s).")
        % {
            "carrier": zh("SF Express"),
            "example": "SF1234567890123",
        }
        in page
    )
    assert 'id="id_deliver_tracking_number_error"' in page
    assert unchanged(case) == before
