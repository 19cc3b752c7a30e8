"""The shared file's materials: uploads shown inline (PDF framed, images as images) with the
headers that keep them safe, and 免提交 materials named by where they come from."""

from datetime import date

import pytest

from onewindow.cases import services
from onewindow.catalog.models import ServiceItem
from tests.cases.conftest import PARALLEL, png_bytes, valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at
from tests.workbench.conftest import SCJG, signed_in, text


@pytest.mark.django_db
def test_materials_are_viewable_inline_on_the_case_page(staff, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    uploads = valid_uploads(item) | {"layout": ("layout.png", png_bytes())}
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=enterprise, item_code=PARALLEL, form=valid_form(item), uploads=uploads
        )
    clerk = signed_in(staff.clerk(SCJG))
    page = text(clerk.get(f"/workbench/cases/{case.number}/"))
    image = case.materials.get(key="layout")
    pdf = case.materials.get(key="safety_rules")
    assert f'<img src="/workbench/cases/{case.number}/materials/{image.pk}/"' in page
    assert f'<iframe src="/workbench/cases/{case.number}/materials/{pdf.pk}/"' in page
    # The business licence comes from the e-certificate library: nothing to open.
    assert f"materials/{case.materials.get(key='licence').pk}/" not in page

    response = clerk.get(f"/workbench/cases/{case.number}/materials/{pdf.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Framed by the case page, on the same origin only.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    png = clerk.get(f"/workbench/cases/{case.number}/materials/{image.pk}/")
    assert png["Content-Type"] == "image/png"

    # The case page itself may not be framed at all.
    assert clerk.get(f"/workbench/cases/{case.number}/")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_form_data_is_shown_with_the_forms_titles_and_personal_data_masked(staff, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    form = valid_form(item) | {"contact_phone": "13912345678"}
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=enterprise, item_code=PARALLEL, form=form, uploads=valid_uploads(item)
        )
    page = text(signed_in(staff.clerk(SCJG)).get(f"/workbench/cases/{case.number}/"))
    assert "<dt>联系电话</dt><dd>139****5678</dd>" in page
    assert "13912345678" not in page
    assert "<dt>经营场所详细地址</dt>" in page


@pytest.mark.django_db
def test_the_case_page_speaks_english_with_the_forms_english_titles(staff, enterprise):
    item = ServiceItem.objects.get(code=PARALLEL)
    with at(date(2026, 11, 2)):
        case = services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
    response = signed_in(staff.clerk(SCJG)).get(
        f"/workbench/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    page = text(response)
    assert '<html lang="en"' in page
    assert "<dt>Contact phone</dt>" in page
    assert "<dt>Type of food business</dt><dd>Catering service provider</dd>" in page
    assert "From the e-certificate: " in page
