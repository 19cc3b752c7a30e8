"""The case page: the file and the side pane of actions, clock and opinions; districts by name;
the applicant's phone shown in full for one response after a logged purpose; the head's
decision first, with its preview; no approve button for one's own extension request."""

from datetime import date

import pytest
from django.utils import translation

from onewindow.cases import review, services
from onewindow.core.models import AuditEntry, Division
from tests.cases.test_phone_reveal_and_decision_preview import awaiting_decision
from tests.cases.test_single_department_lifecycle import at
from tests.conftest import zh
from tests.workbench.conftest import SCJG, signed_in, submit_parallel, text


@pytest.mark.django_db
def test_the_page_has_the_file_and_the_side_pane(staff, enterprise):
    case = submit_parallel(enterprise)
    page = text(signed_in(staff.clerk(SCJG)).get(f"/workbench/cases/{case.number}/"))
    file, side = page.split('class="wb-file"')[1].split('class="wb-side"')
    assert 'id="form-title"' in file
    assert 'id="materials-title"' in file
    assert 'id="actions-title"' in side
    assert 'id="clock-title"' in side
    assert 'id="progress-title"' in side
    assert 'class="wb-jump"' in page
    assert 'href="#actions-title"' in page


@pytest.mark.django_db
def test_the_district_is_shown_by_name_in_either_language(staff, enterprise):
    case = submit_parallel(enterprise)
    division = Division.objects.get(code=case.division_code)
    client = signed_in(staff.clerk(SCJG))
    assert division.name in text(client.get(f"/workbench/cases/{case.number}/"))
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        english = text(client.get(f"/workbench/cases/{case.number}/"))
    assert (division.name_en or division.name) in english


@pytest.mark.django_db
def test_the_phone_is_masked_until_a_purpose_is_given_and_shown_for_that_response(
    staff, enterprise
):
    case = submit_parallel(enterprise)
    client = signed_in(staff.clerk(SCJG))
    url = f"/workbench/cases/{case.number}/"
    masked = enterprise.phone[:3] + "****" + enterprise.phone[-4:]
    page = text(client.get(url))
    assert masked in page
    assert enterprise.phone not in page

    refused = client.post(f"{url}phone/", {"purpose": "", "note": ""})
    assert refused.status_code == 400
    assert enterprise.phone not in text(refused)
    assert zh("Purpose") in text(refused)

    shown = client.post(f"{url}phone/", {"purpose": "delivery", "note": ""})
    assert shown.status_code == 200
    assert enterprise.phone in text(shown)
    assert shown["Cache-Control"] == "no-store"
    assert (
        AuditEntry.objects.filter(action="case.phone_revealed", object_id=case.number).count() == 1
    )
    assert enterprise.phone not in text(client.get(url))  # that response only


@pytest.mark.django_db
def test_another_department_cannot_reveal(staff, enterprise):
    case = submit_parallel(enterprise)
    other = signed_in(staff.clerk("440100-MZ"))
    response = other.post(f"/workbench/cases/{case.number}/phone/", {"purpose": "delivery"})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="case.phone_revealed").exists()


@pytest.mark.django_db
def test_the_decision_comes_first_with_its_preview(staff, enterprise):
    case = awaiting_decision(staff, enterprise)
    head = signed_in(staff.head(SCJG))
    with at(date(2026, 11, 5)):
        page = text(head.get(f"/workbench/cases/{case.number}/"))
        preview = head.get(f"/workbench/cases/{case.number}/decision/preview/")
    actions = page.split('id="actions-title"')[1]
    first_action = actions.split('class="wb-action', 1)[1]
    assert first_action.startswith('" aria-labelledby="decide-title"')
    assert f"/workbench/cases/{case.number}/decision/preview/" in actions
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF")
    assert not case.documents.filter(kind="decision").exists()
    # A reviewer may not preview; another department does not find the case.
    assert (
        signed_in(staff.reviewer(SCJG))
        .get(f"/workbench/cases/{case.number}/decision/preview/")
        .status_code
        == 403
    )
    assert (
        signed_in(staff.head("440100-MZ"))
        .get(f"/workbench/cases/{case.number}/decision/preview/")
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_the_requester_of_an_extension_sees_no_approve_button(staff, enterprise):
    case = submit_parallel(enterprise, date(2026, 11, 2))
    with at(date(2026, 11, 2)):
        services.accept(number=case.number, actor=staff.clerk(SCJG))
    head = staff.head(SCJG)
    with at(date(2026, 11, 3)):
        extension = review.request_extension(
            number=case.number, actor=head, days=10, reason="需专家论证"
        )
        page = text(signed_in(head).get(f"/workbench/cases/{case.number}/"))
    assert f"extensions/{extension.pk}/decision/" not in page
    assert zh("Approve the extension") not in page
    assert zh("Your extension request") in page
