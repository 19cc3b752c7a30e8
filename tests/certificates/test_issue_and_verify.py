"""A grant issues a signed certificate; verification catches any change; revocation, expiry
and seal rotation show as they should; private keys are never stored or logged in clear."""

from __future__ import annotations

import copy
import logging
from datetime import date

import pytest
from django.db import connection
from pypdf import PdfReader
from rest_framework.test import APIClient

from onewindow.cases.models import CaseEvent
from onewindow.certificates import codes, seals, services, signing
from onewindow.certificates.models import Certificate, Seal
from onewindow.certificates.verification import Status, verify_envelope, verify_number
from onewindow.core import keystore
from onewindow.core.audit import verify_chain
from onewindow.core.crypto import CryptoError
from onewindow.core.models import AuditEntry
from tests.cases.test_single_department_lifecycle import at
from tests.certificates.conftest import GRANTED_ON, SCJG, grant_food_licence

pytestmark = pytest.mark.django_db
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # what a Chinese input method may type


def by_number(certificate: Certificate, code: str | None = None, **kwargs):
    """Public verification by the number and the code printed next to it."""
    return verify_number(certificate.number, code or certificate.verification_code, **kwargs)


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_grant_issues_a_signed_certificate_to_the_applicant(granted, enterprise):
    certificate = Certificate.objects.get(case_number=granted.number)
    assert certificate.number == "440100-SCJG-2026-000001"
    assert certificate.type_name == "食品经营许可证"
    assert certificate.issuer.code == SCJG
    assert (certificate.holder_kind, certificate.holder_uscc) == ("entity", enterprise.uscc)
    assert certificate.holder_name == enterprise.enterprise_name
    printed = {row["key"]: row["value"] for row in certificate.fields}
    assert printed["premises"] == "天河路385号"
    assert printed["division"] == "天河区"  # the form's division code 440106, printed as its name
    # 5 years from the grant, the last day included.
    assert (certificate.valid_from, certificate.valid_until) == (GRANTED_ON, date(2031, 11, 2))
    assert by_number(certificate).status == Status.VALID
    assert CaseEvent.objects.filter(case=granted, kind="certificate_issued").exists()
    issued = AuditEntry.objects.get(action="certificates.issued")
    assert issued.data["digest"] == certificate.digest
    assert verify_chain().ok


def test_a_denial_issues_nothing(staff, enterprise):
    from onewindow.cases import services as case_services
    from onewindow.catalog.models import ServiceItem
    from tests.cases.conftest import PARALLEL, valid_form, valid_uploads

    item = ServiceItem.objects.get(code=PARALLEL)
    with at(date(2026, 11, 2)):
        case = case_services.submit(
            applicant=enterprise,
            item_code=PARALLEL,
            form=valid_form(item),
            uploads=valid_uploads(item),
        )
        case_services.accept(number=case.number, actor=staff.clerk(SCJG))
        tasks = list(case.tasks.all())
        case_services.deny(
            task_id=tasks[0].pk,
            actor=staff.head(tasks[0].department.code),
            reasons="场所不符合要求",
        )
        for task in tasks[1:]:
            case_services.approve(task_id=task.pk, actor=staff.reviewer(task.department.code))
        case_services.decide(number=case.number, actor=staff.head(SCJG))
    assert not Certificate.objects.exists()


def test_verification_by_number_over_http(granted):
    certificate = Certificate.objects.get()
    code = certificate.verification_code
    url = f"/api/v1/certificates/{certificate.number}/verify"
    answer = api().get(url, {"code": code}).json()
    assert answer["status"] == "valid"
    assert answer["certificate"] == {
        "type": "food_business_licence",
        "type_name": "食品经营许可证",
        "holder_kind": "entity",
        "holder_name": certificate.holder_name,
        "issuer": SCJG,
        "issuer_name": certificate.issuer_name,
        "valid_from": "2026-11-03",
        "valid_until": "2031-11-02",
    }
    # As printed (grouped), in lower case or typed with full-width characters: the same code.
    for typed in (f"{code[:5]}-{code[5:]}", code.lower(), code.translate(FULL_WIDTH)):
        assert api().get(url, {"code": typed}).json()["status"] == "valid", typed
    missing = api().get("/api/v1/certificates/440100-SCJG-2026-999999/verify", {"code": code})
    assert (missing.json()["status"], missing.json()["certificate"]) == ("not_found", None)


def test_verification_by_number_needs_the_code(granted):
    certificate = Certificate.objects.get()
    url = f"/api/v1/certificates/{certificate.number}/verify"
    no_code = api().get(url)
    assert no_code.status_code == 400
    assert list(no_code.json()) == ["code"]
    wrong = api().get(url, {"code": "ABCDE-FGHJK"})
    assert wrong.status_code == 200
    assert (wrong.json()["status"], wrong.json()["certificate"]) == ("not_found", None)
    assert wrong.json()["reason"] == by_number(certificate, code="x").reason


def test_every_certificate_gets_its_own_random_code(granted, staff, enterprise):
    second = grant_food_licence(staff, enterprise)
    first, newer = (
        Certificate.objects.get(case_number=granted.number),
        Certificate.objects.get(case_number=second.number),
    )
    for certificate in (first, newer):
        assert len(certificate.verification_code) == codes.LENGTH
        assert set(certificate.verification_code) <= set(codes.ALPHABET)
    assert first.verification_code != newer.verification_code
    assert by_number(first, code=newer.verification_code).status == Status.NOT_FOUND


def _string_leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _string_leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, (*path, index))
    elif isinstance(node, str) and node:
        yield path


def _changed(envelope, path):
    changed = copy.deepcopy(envelope)
    target = changed
    for step in path[:-1]:
        target = target[step]
    value = target[path[-1]]
    target[path[-1]] = ("X" if value[0] != "X" else "Y") + value[1:]
    return changed


def test_a_one_character_change_anywhere_in_the_signed_data_fails(granted):
    envelope = (
        api(granted.applicant)
        .get(f"/api/v1/me/certificates/{Certificate.objects.get().number}/")
        .json()
    )
    assert (
        api().post("/api/v1/certificates/verify", envelope, format="json").json()["status"]
        == "valid"
    )
    paths = [("certificate", *p) for p in _string_leaves(envelope["certificate"])]
    paths += [("signature", "value"), ("digest",)]
    assert len(paths) > 15
    for path in paths:
        answer = api().post("/api/v1/certificates/verify", _changed(envelope, path), format="json")
        assert answer.json()["status"] == "tampered", path


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("holder_name", "广州市某某餐饮有限公司"),
        ("holder_uscc", "91440101MA5XXXXX6N"),
        ("type_name", "食品生产许可证"),
        ("issuer_name", "广州市市场监管局"),
        ("case_number", "440100-20261102-00009"),
        ("valid_until", date(2036, 11, 2)),
    ],
)
def test_a_change_in_the_register_shows_as_tampered(granted, column, value):
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(**{column: value})
    verdict = by_number(certificate)
    assert verdict.status == Status.TAMPERED


def test_a_changed_field_value_in_the_register_shows_as_tampered(granted):
    certificate = Certificate.objects.get()
    fields = copy.deepcopy(certificate.fields)
    fields[0]["value"] = fields[0]["value"][:-1] + "乙"
    Certificate.objects.filter(pk=certificate.pk).update(fields=fields)
    assert by_number(certificate).status == Status.TAMPERED


def test_the_issuers_head_revokes_with_a_reason_that_verifiers_see(granted, staff):
    number = Certificate.objects.get().number
    other_head = staff.head("440100-XF")
    refused = api(other_head).post(
        f"/api/v1/certificates/{number}/revoke", {"reason": "越权"}, format="json"
    )
    assert refused.status_code == 403
    reviewer = api(staff.reviewer(SCJG)).post(
        f"/api/v1/certificates/{number}/revoke", {"reason": "越权"}, format="json"
    )
    assert reviewer.status_code == 403
    blank = api(staff.head(SCJG)).post(
        f"/api/v1/certificates/{number}/revoke", {"reason": "   "}, format="json"
    )
    assert blank.status_code == 400
    assert Certificate.objects.get().revoked_at is None

    done = api(staff.head(SCJG)).post(
        f"/api/v1/certificates/{number}/revoke",
        {"reason": "经营场所已拆除，依法撤销"},
        format="json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "revoked"
    assert "经营场所已拆除，依法撤销" in done.json()["reason"]
    entry = AuditEntry.objects.get(action="certificates.revoked")
    assert entry.object_id == number
    again = api(staff.head(SCJG)).post(
        f"/api/v1/certificates/{number}/revoke", {"reason": "再次"}, format="json"
    )
    assert again.status_code == 400


def test_expiry_shows_and_is_recorded_once(granted):
    certificate = Certificate.objects.get()
    assert by_number(certificate, today=date(2031, 11, 2)).status == Status.VALID
    expired = by_number(certificate, today=date(2031, 11, 3))
    assert expired.status == Status.EXPIRED
    assert "2031年11月2日" in expired.reason
    assert services.record_expiries(today=date(2031, 11, 3)) == [certificate.number]
    assert services.record_expiries(today=date(2031, 11, 4)) == []
    assert AuditEntry.objects.filter(action="certificates.expired").count() == 1


def test_a_rotated_seal_still_verifies_what_it_signed(granted, staff, enterprise):
    first = Certificate.objects.get()
    with at(GRANTED_ON, hour=15):
        seals.rotate(first.issuer)
    second = grant_food_licence(staff, enterprise)
    newer = Certificate.objects.get(case_number=second.number)
    assert newer.seal_id != first.seal_id
    assert by_number(first).status == Status.VALID
    assert by_number(newer).status == Status.VALID
    published = api().get("/api/v1/seals/").json()
    scjg = [s for s in published if s["department"] == SCJG]
    assert len(scjg) == 2
    assert [s["retired_at"] is None for s in scjg].count(True) == 1


def test_a_signature_from_outside_the_seals_validity_fails(granted):
    certificate = Certificate.objects.get()
    Seal.objects.filter(pk=certificate.seal_id).update(valid_from=date(2027, 1, 1))
    assert by_number(certificate).status == Status.TAMPERED


def test_private_keys_are_never_stored_or_logged_in_clear(staff, enterprise, caplog):
    caplog.set_level(logging.DEBUG)
    grant_food_licence(staff, enterprise)
    seal = Seal.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM certificates_seal")
        (raw,) = cursor.fetchone()
    assert raw.startswith("sm4gcm:v1:")
    private_key = keystore.unwrap_private_key(seals.KEY_PURPOSE, seal.key_id, raw)
    assert len(private_key) == 64
    assert private_key not in raw
    for table in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT * FROM "{table}"')
            dump = repr(cursor.fetchall())
        assert private_key not in dump, table
        assert private_key.upper() not in dump, table
    assert private_key not in caplog.text
    # A wrapped key copied onto another seal's row does not decrypt.
    with pytest.raises(CryptoError):
        keystore.unwrap_private_key(seals.KEY_PURPOSE, "another-key-id", raw)


def test_the_signed_envelope_carries_the_digest_of_the_document(granted):
    certificate = Certificate.objects.get()
    envelope = signing.envelope(certificate)
    assert envelope["digest"] == signing.digest(envelope["certificate"])
    assert verify_envelope(envelope).status == Status.VALID
    assert verify_envelope({"certificate": {}}).status == Status.TAMPERED


def test_the_pdf_has_the_certificate_in_chinese(granted):
    certificate = Certificate.objects.get()
    response = api(granted.applicant).get(f"/api/v1/me/certificates/{certificate.number}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    import io

    text = (
        "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        .replace("\n", "")
        .replace(" ", "")
    )
    for expected in ("食品经营许可证", certificate.number, certificate.holder_name, "天河路385号"):
        assert expected in text


def test_a_certificate_the_application_names_another_holder_for(staff, enterprise):
    """An employer applies for its manager's APEC business travel card: the card is the
    manager's (in their wallet), and the employer downloads it from the case."""
    from django.test import Client

    from onewindow.cases import services as case_services
    from onewindow.catalog.models import ServiceItem
    from tests.cases.conftest import valid_form, valid_uploads
    from tests.factories import CitizenFactory

    manager = CitizenFactory()
    item = ServiceItem.objects.get(code="440100-WB-GG-420")
    form = valid_form(item) | {"applicant_name": "陈经理", "applicant_id": manager.id_number}
    with at(date(2026, 11, 2)):
        case = case_services.submit(
            applicant=enterprise, item_code=item.code, form=form, uploads=valid_uploads(item)
        )
        case_services.accept(number=case.number, actor=staff.clerk("440100-WB"))
        (task,) = case.tasks.all()
        case_services.approve(task_id=task.pk, actor=staff.reviewer("440100-WB"))
        case_services.decide(number=case.number, actor=staff.head("440100-WB"))
    card = Certificate.objects.get(case_number=case.number)
    assert (card.holder_kind, card.holder_name) == ("person", "陈经理")
    assert card.holder_id_number == manager.id_number
    assert by_number(card).status == Status.VALID

    employer, holder = Client(), Client()
    employer.force_login(enterprise)
    holder.force_login(manager)
    assert employer.get(f"/my/certificates/{card.number}/").status_code == 404
    assert employer.get(f"/my/cases/{case.number}/certificate/").content[:5] == b"%PDF-"
    assert card.number in holder.get("/my/certificates/").content.decode()
    assert holder.get(f"/my/cases/{case.number}/certificate/").status_code == 404


def test_the_admin_lists_seals_without_private_keys_and_rotates_them(granted, duty_client):
    admin_client = duty_client("security_administrator")  # keys are the security duty's
    seal = Seal.objects.get()
    page = admin_client.get(f"/admin/certificates/seal/{seal.pk}/change/").content.decode()
    assert seal.public_key in page
    assert seal.private_key not in page
    # Holders' certificates are not the key custodian's business.
    assert admin_client.get("/admin/certificates/certificate/").status_code == 403
    response = admin_client.post(
        "/admin/certificates/seal/", {"action": "rotate", "_selected_action": [seal.pk]}
    )
    assert response.status_code == 302
    assert Seal.objects.filter(department=seal.department, retired_at__isnull=True).count() == 1
    assert Seal.objects.get(pk=seal.pk).retired_at is not None
    assert by_number(Certificate.objects.get()).status == Status.VALID


def test_the_pdf_prints_the_code_its_qr_code_carries_it_and_stays_the_same(granted):
    import io

    from onewindow.certificates import presentation

    certificate = Certificate.objects.get()
    code = certificate.verification_code
    url = presentation.printable(certificate).verify_url
    assert url.endswith(f"/certificates/verify/{certificate.number}/?code={code}")
    response = api(granted.applicant).get(f"/api/v1/me/certificates/{certificate.number}/pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert f"核验码：{code[:5]}-{code[5:]}" in text
    again = api(granted.applicant).get(f"/api/v1/me/certificates/{certificate.number}/pdf")
    assert again.content == response.content
    wallet = api(granted.applicant).get("/api/v1/me/certificates/").json()
    assert [entry["verification_code"] for entry in wallet] == [f"{code[:5]}-{code[5:]}"]


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_before_the_codes_get_one_from_the_migration(granted):
    from django.db.migrations.executor import MigrationExecutor

    number = Certificate.objects.get().number
    executor = MigrationExecutor(connection)
    executor.migrate([("certificates", "0001_initial")])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("certificates", "0002_certificate_verification_code")])
    certificate = Certificate.objects.get(number=number)
    assert len(certificate.verification_code) == codes.LENGTH
    assert set(certificate.verification_code) <= set(codes.ALPHABET)
    assert by_number(certificate).status == Status.VALID
