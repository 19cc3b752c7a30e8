"""The applicant's case page: answering a correction notice, withdrawing, downloading, rating."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onewindow.cases import services
from onewindow.cases.models import Case, Rating, Status
from onewindow.catalog.models import ServiceItem
from onewindow.notifications.models import Notification
from tests.cases.conftest import PARALLEL, pdf_bytes, valid_form, valid_uploads

pytestmark = pytest.mark.django_db
SCJG, XF, CG = "440100-SCJG", "440100-XF", "440100-CG"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(catalogue, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    return services.submit(
        applicant=enterprise,
        item_code=PARALLEL,
        form=valid_form(item),
        uploads=valid_uploads(item),
    )


def correct(case, staff) -> str:
    key = next(m.key for m in case.materials.all() if m.source == "upload")
    services.send_correction_notice(
        number=case.number,
        actor=staff.clerk(SCJG),
        items=[{"key": key, "problem": "盖章不清晰"}],
    )
    return key


def decide(case, staff) -> Case:
    services.accept(number=case.number, actor=staff.clerk(SCJG))
    for code in (SCJG, XF, CG):
        task = case.tasks.get(department__code=code, status="open")
        services.approve(task_id=task.pk, actor=staff.reviewer(code))
    return services.decide(number=case.number, actor=staff.head(SCJG))


def test_the_applicant_answers_the_correction_notice_on_the_case_page(case, staff, enterprise):
    key = correct(case, staff)
    client = signed_in(enterprise)
    page = client.get(f"/my/cases/{case.number}/").content.decode()
    assert "盖章不清晰" in page
    assert f'name="materials.{key}"' in page
    case.refresh_from_db()

    # Nothing attached: the error is shown and the case still waits for the correction.
    response = client.post(f"/my/cases/{case.number}/resubmit/", {"version": case.version})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).status == Status.CORRECTION

    upload = SimpleUploadedFile(f"{key}.pdf", pdf_bytes("fixed"))
    response = client.post(
        f"/my/cases/{case.number}/resubmit/",
        {"version": case.version, f"materials.{key}": upload},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED
    assert case.materials.filter(key=key, superseded=True).count() == 1


def test_a_stale_page_changes_nothing(case, staff, enterprise):
    key = correct(case, staff)
    upload = SimpleUploadedFile(f"{key}.pdf", pdf_bytes("fixed"))
    response = signed_in(enterprise).post(
        f"/my/cases/{case.number}/resubmit/",
        {"version": 1, f"materials.{key}": upload},
        follow=True,
    )
    assert "请刷新后重试" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.CORRECTION


def test_withdrawal_needs_a_confirmation(case, enterprise):
    client = signed_in(enterprise)
    client.post(f"/my/cases/{case.number}/withdraw/", {"version": case.version})
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED
    client.post(f"/my/cases/{case.number}/withdraw/", {"version": case.version, "confirm": "1"})
    assert Case.objects.get(pk=case.pk).status == Status.WITHDRAWN


def test_decision_download_and_one_rating(case, staff, enterprise, citizen):
    client = signed_in(enterprise)
    # Not yet handled: no rating form, and a rating is refused.
    assert 'name="score"' not in client.get(f"/my/cases/{case.number}/").content.decode()
    client.post(f"/my/cases/{case.number}/rating/", {"score": "5"})
    assert not Rating.objects.exists()

    decide(case, staff)
    page = client.get(f"/my/cases/{case.number}/").content.decode()
    decision = case.documents.get(kind="decision")
    url = f"/my/cases/{case.number}/documents/{decision.number}/"
    assert url in page
    assert 'name="score"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert signed_in(citizen).get(url).status_code == 404

    # A poor rating must say what went wrong.
    response = client.post(f"/my/cases/{case.number}/rating/", {"score": "2"})
    assert response.status_code == 200
    assert not Rating.objects.exists()
    client.post(
        f"/my/cases/{case.number}/rating/",
        {"score": "2", "problems": ["slow", "website"], "comment": "审批太慢"},
    )
    rating = Rating.objects.get(case=case)
    assert (rating.score, rating.problems, rating.comment) == (2, ["slow", "website"], "审批太慢")
    # One rating per case; another applicant cannot rate it at all.
    client.post(f"/my/cases/{case.number}/rating/", {"score": "5"})
    assert (
        signed_in(citizen).post(f"/my/cases/{case.number}/rating/", {"score": "5"}).status_code
        == 404
    )
    assert Rating.objects.get(case=case).score == 2


def test_messages_list_open_and_mark_read(case, staff, enterprise):
    correct(case, staff)
    client = signed_in(enterprise)
    assert Notification.objects.filter(recipient=enterprise, read_at=None).count() == 2
    page = client.get("/my/messages/").content.decode()
    assert case.number in page
    note = Notification.objects.filter(recipient=enterprise).first()
    response = client.post(f"/my/messages/{note.pk}/")
    assert response.url == f"/my/cases/{case.number}/"
    note.refresh_from_db()
    assert note.read_at is not None
    client.post("/my/messages/read/")
    assert not Notification.objects.filter(recipient=enterprise, read_at=None).exists()


def test_officials_use_the_workbench_not_the_hall(case, staff, settings):
    settings.ONEWINDOW_REQUIRE_OTP = False  # signed in without a TOTP device here
    client = signed_in(staff.clerk(SCJG))
    assert client.get("/my/cases/").status_code == 403
    assert client.get(f"/my/cases/{case.number}/").status_code == 403
