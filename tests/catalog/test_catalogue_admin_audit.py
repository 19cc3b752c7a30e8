"""Every catalogue change in the admin is audited in its transaction; bad data is refused with
the field named and changes nothing."""

import json

import pytest
from django.forms.models import model_to_dict

from onewindow.accounts.models import Role
from onewindow.catalog.models import CertificateType, ServiceItem
from onewindow.core.models import AuditEntry
from tests.catalog.test_catalogue_admin import change_form, url


@pytest.fixture
def admin(duty_client):
    return duty_client(Role.SYSTEM_ADMINISTRATOR)


def test_a_form_schema_the_loader_refuses_is_refused_on_its_field(admin, catalogue):
    item = ServiceItem.objects.filter(process__pattern="single_review").first()
    before = AuditEntry.objects.count()
    bad = json.dumps({"type": "object", "properties": {"x": {"type": "nonsense"}}})
    response = admin.post(url(item), change_form(item, form_schema=bad), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "form_schema" in errors, errors
    assert AuditEntry.objects.count() == before
    item.refresh_from_db()
    assert item.form_schema != json.loads(bad)


def test_a_valid_edit_is_audited_with_the_fields_it_changed(admin, catalogue):
    item = ServiceItem.objects.filter(process__pattern="single_review").first()
    response = admin.post(url(item), change_form(item, name_en="Renamed in the admin"))
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="catalog.item_edited", object_id=item.code).last()
    assert "name_en" in entry.data["changed"]
    assert "name" not in entry.data["changed"]
    assert entry.actor.endswith(":" + response.wsgi_request.user.username)


def test_certificate_types_saved_and_deleted_in_the_admin_are_audited(admin, catalogue):
    kind = CertificateType.objects.first()
    data = model_to_dict(kind)
    data.update(
        name_en="Renamed certificate", fields=json.dumps(data["fields"], ensure_ascii=False)
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = admin.post(f"/admin/catalog/certificatetype/{kind.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    saved = AuditEntry.objects.get(action="catalog.certificate_type_saved", object_id=str(kind.pk))
    assert saved.data["created"] is False
    assert "name_en" in saved.data["changed"]

    spare = CertificateType.objects.create(
        code="spare_card", name="备用证", issuer=kind.issuer, holder=kind.holder
    )
    admin.post(f"/admin/catalog/certificatetype/{spare.pk}/delete/", {"post": "yes"})
    assert not CertificateType.objects.filter(pk=spare.pk).exists()
    deleted = AuditEntry.objects.get(action="catalog.certificate_type_deleted")
    assert deleted.object_id == str(spare.pk)
    assert deleted.data["name"] == str(spare)
