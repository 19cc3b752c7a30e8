"""The system administrator keeps the guides in the admin; a document is shown with its history
and only its English translation can be completed there (audited); nothing is added or deleted."""

from onewindow.accounts.models import Role
from onewindow.core.models import AuditEntry
from onewindow.disclosure.models import Document
from onewindow.disclosure.services import publishing
from tests.disclosure.conftest import draft_data


def test_guides_are_kept_and_documents_only_translated(world, duty_client):
    doc = publishing.create_draft(actor=world.officer, **draft_data(title_en=""))
    client = duty_client(Role.SYSTEM_ADMINISTRATOR)
    for model in ("guide", "document"):
        assert client.get(f"/admin/disclosure/{model}/").status_code == 200, model
    page = client.get(f"/admin/disclosure/document/{doc.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="title_en"' in html
    assert 'name="title"' not in html  # the workflow's field: read-only
    assert client.get("/admin/disclosure/document/add/").status_code == 403
    assert client.get(f"/admin/disclosure/document/{doc.pk}/delete/").status_code == 403
    response = client.post(
        f"/admin/disclosure/document/{doc.pk}/change/",
        {
            "title_en": "Notice on food licences",
            "body_en": "Text.",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "1",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "1000",
            "events-0-id": str(doc.events.get().pk),
            "events-0-document": str(doc.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = Document.objects.get(pk=doc.pk)
    assert doc.title_en == "Notice on food licences"
    assert AuditEntry.objects.filter(action="disclosure.document_saved").exists()
