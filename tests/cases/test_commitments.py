"""告知承诺 (国办发〔2020〕42号): an enterprise of good credit replaces a certification with a
written commitment; the department checks it by a date in the e-supervision ledger; a commitment
found untrue stops the case or revokes the licence and goes on the credit record, and then the
enterprise is no longer offered the path."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from onewindow.cases import commitments, drafts, registry_data, services
from onewindow.cases.errors import CaseNotFound
from onewindow.cases.models import Case, CommittedMaterial, Outcome, Status
from onewindow.catalog.models import ServiceItem
from onewindow.certificates.models import Certificate
from onewindow.core.models import AuditEntry
from onewindow.market import credit_flags, credit_record, credit_repair
from onewindow.notifications.models import Notification
from onewindow.registry.models import LegalEntity
from onewindow.supervision.models import Matter, State
from tests.cases.conftest import pdf_bytes, valid_form, valid_uploads
from tests.cases.test_joint_measures_at_intake import (  # noqa: F401 - fixtures
    SHANGHAI,
    _no_otp,
    measures,
    newcomer,
    trusted,
)
from tests.conftest import zh

RETAIL = "440100-XWCB-XK-423"  # 出版物零售: its proof of the premises may be a commitment
PROOF = "premises_proof"
XWCB = "440100-XWCB"


@pytest.fixture(autouse=True)
def _grants(catalogue):
    """The demo's grants: the publishing bureau reads the legal entity registry (its signed
    credit flags) for the licences it decides."""
    registry_data.ensure_catalogue_grants(today=date(2026, 12, 1))


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI))


def _submit(applicant, *, commit=True, upload=False):
    item = ServiceItem.objects.get(code=RETAIL)
    uploads = valid_uploads(item)
    if not upload:
        uploads.pop(PROOF)
    return services.submit(
        applicant=applicant,
        item_code=RETAIL,
        form=valid_form(item) | {"uscc": applicant.uscc},
        uploads=uploads,
        commitments={PROOF} if commit else set(),
    )


def _verify(case, actor, *, truthful: bool, finding: str = "出租方称从未出租该场所。"):
    return services.verify_commitment(
        number=case.number, key=PROOF, actor=actor, truthful=truthful, finding=finding
    )


def _to_decision(case, staff):
    services.accept(number=case.number, actor=staff.clerk(XWCB))
    task = case.tasks.get()
    services.approve(task_id=task.pk, actor=staff.reviewer(XWCB), opinion="符合条件")


@pytest.mark.django_db
def test_good_credit_commits_in_place_of_the_proof_and_the_check_is_due_in_the_ledger(
    trusted,  # noqa: F811 - the fixture imported above
    staff,
):
    with at(date(2026, 12, 4)):  # a Friday
        case = _submit(trusted)
    row = case.committed_materials.get()
    assert (row.key, row.measure) == (PROOF, "good-credit-commit")
    # 20 working days from receipt on Friday 4 December 2026: 7–11, 14–18, 21–25, 28–31 Dec,
    # then Friday 1 January 2027. The State Council has not published 2027's holidays, so the
    # year-end rule counts it as a working day and marks the date provisional.
    assert row.verify_by == date(2027, 1, 1)
    assert row.verify_provisional
    assert not case.materials.filter(key=PROOF).exists()
    assert "国办发〔2020〕42号" in row.text
    assert "出版管理条例" in row.text
    assert row.text_en.startswith("Notice (告知)")
    matter = Matter.objects.get(kind=commitments.KIND, key=f"{case.number}/{PROOF}")
    assert (matter.due_on, matter.state, matter.department.code) == (
        date(2027, 1, 1),
        State.OPEN,
        XWCB,
    )
    assert case.events.filter(kind="committed").exists()

    with at(date(2026, 12, 8)):
        _to_decision(case, staff)
        _verify(
            case,
            staff.reviewer(XWCB),
            truthful=True,
            finding="向不动产登记机构核实，产权人与租赁合同一致。",
        )
        services.decide(number=case.number, actor=staff.head(XWCB))
    case.refresh_from_db()
    assert case.outcome == Outcome.GRANTED
    row.refresh_from_db()
    assert row.outcome == "true"
    assert row.verified_by == staff.reviewer(XWCB)
    matter.refresh_from_db()
    assert matter.state == State.CLOSED
    assert matter.late is False
    assert AuditEntry.objects.filter(action="case.commitment_verified").count() == 1


@pytest.mark.django_db
def test_found_untrue_before_the_decision_the_case_is_denied_and_the_credit_record_shows_it(
    trusted,  # noqa: F811 - the fixture imported above
    staff,
):
    entity = LegalEntity.objects.get(uscc=trusted.uscc)
    assert credit_flags.good_credit(
        credit_record.record(entity, date(2026, 12, 4)), date(2026, 12, 4)
    )
    with at(date(2026, 12, 4)):
        case = _submit(trusted)
    with at(date(2026, 12, 8)):
        _to_decision(case, staff)
        _verify(case, staff.reviewer(XWCB), truthful=False)
        services.decide(number=case.number, actor=staff.head(XWCB))
    case.refresh_from_db()
    assert case.outcome == Outcome.DENIED
    assert case.events.filter(kind="commitment_untrue").count() == 1
    assert Notification.objects.filter(
        recipient=case.applicant, kind="case.commitment_untrue"
    ).exists()

    record = credit_record.record(entity, date(2026, 12, 9))
    assert [r.key for r in record.false_commitments] == [PROOF]
    assert not credit_flags.good_credit(record, date(2026, 12, 9))
    with translation.override("en"):
        page = Client().get(f"/market/credit/{trusted.uscc}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Commitments found untrue" in page.content.decode()

    # No longer of good credit: a second commitment is refused, naming the material.
    with at(date(2026, 12, 9)), pytest.raises(ValidationError) as refused:
        _submit(trusted)
    assert "国办发〔2020〕42号" in refused.value.message_dict[f"materials.{PROOF}"][0]
    assert Case.objects.filter(applicant=trusted).count() == 1


@pytest.mark.django_db
def test_found_untrue_after_the_grant_only_the_head_records_it_and_the_licence_is_revoked(
    trusted,  # noqa: F811 - the fixture imported above
    staff,
):
    with at(date(2026, 12, 4)):
        case = _submit(trusted)
    with at(date(2026, 12, 8)):
        _to_decision(case, staff)
        services.decide(number=case.number, actor=staff.head(XWCB))
    certificate = Certificate.objects.get(case_number=case.number)
    with at(date(2026, 12, 10)):
        with pytest.raises(PermissionDenied):
            _verify(
                case, staff.reviewer(XWCB), truthful=False, finding="场所为住宅，不得用于经营。"
            )
        _verify(case, staff.head(XWCB), truthful=False, finding="场所为住宅，不得用于经营。")
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    revoked = case.events.get(kind="commitment_untrue_revoked")
    assert revoked.params["certificates"] == certificate.number
    assert commitments.BASIS in certificate.revocation_reason
    assert "premises" in CommittedMaterial.objects.get(case=case).name_en.lower()


@pytest.mark.django_db
def test_who_may_commit_and_what(trusted, newcomer, staff):  # noqa: F811 - the fixtures imported above
    # Not a year in business: no good credit, so no commitment; nothing is written.
    with at(date(2026, 12, 4)), pytest.raises(ValidationError) as refused:
        _submit(newcomer)
    assert f"materials.{PROOF}" in refused.value.message_dict
    assert not Case.objects.filter(applicant=newcomer).exists()
    # A material the catalogue does not allow a commitment for.
    item = ServiceItem.objects.get(code=RETAIL)
    with at(date(2026, 12, 4)), pytest.raises(ValidationError) as refused:
        services.submit(
            applicant=trusted,
            item_code=RETAIL,
            form=valid_form(item) | {"uscc": trusted.uscc},
            uploads=valid_uploads(item),
            commitments={"business_licence"},
        )
    assert "business_licence" in str(refused.value.message_dict)
    # Uploading the proof as well: the upload is kept, no commitment is recorded.
    with at(date(2026, 12, 4)):
        case = _submit(trusted, upload=True)
    assert not case.committed_materials.exists()
    assert case.materials.filter(key=PROOF).exists()


@pytest.mark.django_db
def test_other_departments_and_the_applicant_cannot_record_the_check(trusted, staff):  # noqa: F811 - the fixtures imported above
    with at(date(2026, 12, 4)):
        case = _submit(trusted)
    for actor in (staff.reviewer("440100-SCJG"), staff.clerk(XWCB), trusted):
        with at(date(2026, 12, 7)), pytest.raises((PermissionDenied, CaseNotFound)):
            _verify(case, actor, truthful=True, finding="核实无误")
    assert case.committed_materials.get().outcome == "pending"
    with at(date(2026, 12, 7)), pytest.raises(ValidationError) as empty:
        _verify(case, staff.reviewer(XWCB), truthful=True, finding=" ")
    assert "finding" in empty.value.message_dict


@pytest.mark.django_db
def test_the_hall_draft_offers_the_commitment_and_submits_it(trusted, staff):  # noqa: F811 - the fixtures imported above
    item = ServiceItem.objects.get(code=RETAIL)
    client = Client()
    client.force_login(trusted)
    with at(date(2026, 12, 4)):
        draft = drafts.start(applicant=trusted, item_code=RETAIL)
        page = client.get(f"/drafts/{draft.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert f'name="commit.{PROOF}"' in page.content.decode()
        with translation.override("zh-hans"):
            assert zh("Read the notice and the commitment") in page.content.decode()
        uploads = {k: v for k, v in valid_uploads(item).items() if k != PROOF}
        drafts.save(
            applicant=trusted,
            draft_id=draft.pk,
            form=valid_form(item) | {"uscc": trusted.uscc},
            uploads=uploads,
            commitments={PROOF},
        )
        draft.refresh_from_db()
        assert drafts.problems(draft) == {}
        case = drafts.submit(applicant=trusted, draft_id=draft.pk, acknowledged=None)
    assert case.committed_materials.get().key == PROOF
    assert case.status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_withdrawn_case_leaves_its_commitment_unchecked_and_refuses_a_late_check(
    trusted,  # noqa: F811 - the fixture imported above
    staff,
):
    with at(date(2026, 12, 4)):
        case = _submit(trusted)
        services.accept(number=case.number, actor=staff.clerk(XWCB))
    with at(date(2026, 12, 7)):
        services.withdraw(number=case.number, applicant=trusted)
    row = case.committed_materials.get()
    assert row.outcome == "ended"
    matter = Matter.objects.get(kind=commitments.KIND, key=f"{case.number}/{PROOF}")
    assert matter.state == State.CLOSED
    with at(date(2026, 12, 8)), pytest.raises(ValidationError) as ended:
        _verify(case, staff.reviewer(XWCB), truthful=False)
    assert case.number in ended.value.message_dict["key"][0]
    row.refresh_from_db()
    assert (row.outcome, row.finding) == ("ended", "")
    # Never checked is not untrue: the enterprise keeps its good credit.
    entity = LegalEntity.objects.get(uscc=trusted.uscc)
    record = credit_record.record(entity, date(2026, 12, 8))
    assert record.false_commitments == []
    assert credit_flags.good_credit(record, date(2026, 12, 8))


@pytest.mark.django_db
def test_a_false_commitment_is_repaired_by_the_department_that_found_it(
    trusted,  # noqa: F811 - the fixture imported above
    staff,
):
    entity = LegalEntity.objects.get(uscc=trusted.uscc)
    with at(date(2026, 12, 4)):
        case = _submit(trusted)
    with at(date(2026, 12, 8)):
        _to_decision(case, staff)
        _verify(case, staff.reviewer(XWCB), truthful=False)
        services.decide(number=case.number, actor=staff.head(XWCB))
    evidence = ("场所租赁合同.pdf", pdf_bytes("租赁合同"))

    # 42号 sets no waiting time; the platform's is three months from the finding.
    with at(date(2027, 1, 8)):
        (option,) = credit_repair.options(entity)
        assert option.target == "commitment"
        assert option.from_day == date(2027, 3, 8)
        assert not option.eligible
        with pytest.raises(ValidationError) as early:
            credit_repair.apply(
                entity, actor=trusted, record=option.key, committed=True,
                correction="已补交经产权人签章的租赁合同。", evidence=evidence,
            )  # fmt: skip
    assert "record" in early.value.message_dict

    with at(date(2027, 3, 8)):
        (option,) = credit_repair.options(entity)
        assert option.eligible
        application = credit_repair.apply(
            entity, actor=trusted, record=option.key, committed=True,
            correction="已补交经产权人签章的租赁合同。", evidence=evidence,
        )  # fmt: skip
    assert application.department.code == XWCB
    assert Matter.objects.get(kind=credit_repair.KIND, key=application.reference).state == (
        State.OPEN
    )
    # Another department's head, the reviewer who found it and the enterprise may not decide.
    for actor in (staff.head("440100-SCJG"), staff.reviewer(XWCB), trusted):
        with at(date(2027, 3, 10)), pytest.raises(PermissionDenied):
            credit_repair.decide(application, actor=actor, grant=True)
    with at(date(2027, 3, 10)):
        credit_repair.decide(application, actor=staff.head(XWCB), grant=True)
    row = case.committed_materials.get()
    assert (row.outcome, row.repaired_on) == ("untrue", date(2027, 3, 10))
    assert AuditEntry.objects.filter(action="market.commitment_repaired").count() == 1

    api = APIClient()
    api.force_authenticate(trusted)
    with at(date(2027, 3, 10)):
        shown = api.get(f"/api/v1/cases/{case.number}/").json()["credit_check"]
        (repair,) = api.get("/api/v1/market/my-repairs/").json()["applications"]
    (committed,) = shown["committed_materials"]
    assert (committed["outcome"], committed["repaired_on"]) == ("untrue", "2027-03-10")
    assert (repair["target"], repair["status"]) == ("commitment", "granted")
    assert (repair["commitment_case"], repair["commitment_material"]) == (case.number, PROOF)

    record = credit_record.record(entity, date(2027, 3, 10))
    assert record.false_commitments == []
    assert credit_flags.good_credit(record, date(2027, 3, 10))
    # Credit repaired: the path is open again (42号 二(二)).
    with at(date(2027, 3, 11)):
        again = _submit(trusted)
    assert again.committed_materials.get().key == PROOF
