"""Joint punishment and incentive at intake (联合奖惩): an enterprise on the serious-dishonesty
list is refused a licence at submission with the rule cited, one of good credit is accepted with
a non-essential material to follow (容缺受理), and the case keeps the signed credit check."""

from __future__ import annotations

import copy
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from onewindow.accounts.models import Department, Role
from onewindow.cases import drafts, joint_measures, registry_data, services
from onewindow.cases.errors import CaseNotFound
from onewindow.cases.models import Case, CaseMaterial, DeferredMaterial, JointMeasure
from onewindow.catalog.models import ServiceItem
from onewindow.core.clock import add_working_days
from onewindow.market import credit_flags, credit_record, reports
from onewindow.market.credit_models import ListEntry
from onewindow.registry import signing
from onewindow.registry.models import EntityStatus, LegalEntity, RegistryRead
from tests.cases.conftest import pdf_bytes, valid_form, valid_uploads
from tests.factories import CitizenFactory, EnterpriseFactory
from tests.registry.conftest import entity_for, person_for

LICENCE = "440100-SCJG-XK-306"  # 食品经营许可; its food safety rules may follow (容缺受理)
DEFERRABLE = "safety_rules"
UNCOVERED = "440100-SCJG-QT-312"  # an enterprise's service that is not a licence
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)
SERIOUS_BASIS = "《市场监督管理严重违法失信名单管理办法》第二条"
REPORT = {
    "address": "广州市天河区体育西路1号首层",
    "postal_code": "510620",
    "phone": "020-38880000",
    "operating_status": "operating",
    "employees": 12,
    "total_assets": "85.20",
    "total_liabilities": "20.00",
    "revenue": "310.75",
    "net_profit": "3.50",
    "tax_paid": "9.10",
}


@pytest.fixture(autouse=True)
def _no_otp(settings):
    settings.ONEWINDOW_REQUIRE_OTP = False


@pytest.fixture
def measures(catalogue):
    joint_measures.load()


def _enterprise_with_entity(established_on=date(2019, 4, 1)):
    account = EnterpriseFactory()
    representative = person_for(CitizenFactory.build().id_number, name="孙立")
    entity = entity_for(
        account.uscc, representative, name=account.enterprise_name, established_on=established_on
    )
    return account, entity


@pytest.fixture
def listed(measures):
    """An enterprise on the serious-dishonesty list since 1 September 2026."""
    account, entity = _enterprise_with_entity()
    ListEntry.objects.create(
        entity=entity,
        kind="serious",
        reason="heavier_penalty",
        basis=SERIOUS_BASIS,
        basis_en="Measures on the Serious-Dishonesty List, Art. 2",
        department=Department.objects.get(code="440100-SCJG"),
        listed_on=date(2026, 9, 1),
    )
    return account


@pytest.fixture
def trusted(measures):
    """In business since 2019, its 2025 report filed on time, on no list, no penalty."""
    account, _entity = _enterprise_with_entity()
    with time_machine.travel(datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)):
        reports.file(actor=account, data=REPORT, year=2025)
    return account


@pytest.fixture
def newcomer(measures):
    """Clean, but established in March 2026: not yet a year in business."""
    account, _entity = _enterprise_with_entity(established_on=date(2026, 3, 2))
    return account


def application_form(applicant, item):
    form = valid_form(item)
    return form | {"uscc": applicant.uscc}


def _submit(applicant, *, skip=()):
    item = ServiceItem.objects.get(code=LICENCE)
    uploads = {k: v for k, v in valid_uploads(item).items() if k not in skip}
    return services.submit(
        applicant=applicant,
        item_code=LICENCE,
        form=application_form(applicant, item),
        uploads=uploads,
    )


@time_machine.travel(TODAY)
def test_a_listed_enterprise_is_refused_the_licence_citing_the_rule_and_nothing_is_written(
    listed,
):
    reads_before = RegistryRead.objects.count()

    with pytest.raises(ValidationError) as refused:
        _submit(listed)

    (message,) = refused.value.message_dict["applicant"]
    assert "严重违法失信名单当事人申请行政许可，暂不予受理" in message  # the measure
    assert "国家市场监督管理总局令第44号" in message  # its legal basis
    assert "信用修复" in message  # how to repair credit
    assert "2026年9月1日" in message
    assert not Case.objects.exists()
    assert not DeferredMaterial.objects.exists()
    assert RegistryRead.objects.count() == reads_before


SUBSIDY = "440100-RS-GG-230"  # 社会保险补贴: public money (items/subsidies.yaml)


@time_machine.travel(TODAY)
def test_a_listed_enterprise_is_refused_a_fiscal_subsidy_and_a_trusted_one_applies(listed, trusted):
    registry_data.ensure_catalogue_grants(today=date(2026, 12, 1))
    item = ServiceItem.objects.get(code=SUBSIDY)
    assert item.item_type != "licensing"  # the measure names the item, not its type

    with pytest.raises(ValidationError) as refused:
        services.submit(
            applicant=listed,
            item_code=SUBSIDY,
            form=application_form(listed, item),
            uploads=valid_uploads(item),
        )
    (message,) = refused.value.message_dict["applicant"]
    assert "严重违法失信名单当事人申请财政补贴，暂不予受理" in message
    assert "严格限制申请财政性资金项目" in message
    assert "国发〔2016〕33号" in message
    assert "信用修复" in message
    assert not Case.objects.filter(applicant=listed).exists()

    case = services.submit(
        applicant=trusted,
        item_code=SUBSIDY,
        form=application_form(trusted, item),
        uploads=valid_uploads(item),
    )
    assert case.lead_department.code == "440100-RS"
    assert [flag["code"] for flag in case.applicant_check["flags"]] == ["good_credit"]


@time_machine.travel(TODAY)
def test_a_listed_enterprise_still_files_what_no_measure_covers(listed):
    other = ServiceItem.objects.get(code=UNCOVERED)
    assert other.item_type != "licensing"

    case = services.submit(
        applicant=listed,
        item_code=UNCOVERED,
        form=application_form(listed, other),
        uploads=valid_uploads(other),
    )

    assert case.joint_measures == []
    assert [flag["code"] for flag in case.applicant_check["flags"]] == ["serious_list"]


@time_machine.travel(TODAY)
def test_good_credit_is_accepted_without_the_deferrable_material_and_owes_it(trusted):
    case = _submit(trusted, skip=(DEFERRABLE,))

    (owed,) = case.deferred_materials.all()
    assert owed.key == DEFERRABLE
    assert owed.supplied_at is None
    assert owed.due_on == add_working_days(case.received_on, 20).date
    assert [m["code"] for m in case.joint_measures] == ["good-credit-tolerate"]
    codes = [flag["code"] for flag in case.applicant_check["flags"]]
    assert codes == ["good_credit"]
    assert not case.materials.filter(key=DEFERRABLE).exists()


@time_machine.travel(TODAY)
def test_good_credit_that_uploads_everything_owes_nothing(trusted):
    case = _submit(trusted)

    assert not case.deferred_materials.exists()
    assert case.materials.filter(key=DEFERRABLE).exists()


@time_machine.travel(TODAY)
def test_a_clean_enterprise_without_good_credit_must_supply_every_material(newcomer):
    with pytest.raises(ValidationError) as refused:
        _submit(newcomer, skip=(DEFERRABLE,))

    assert f"materials.{DEFERRABLE}" in refused.value.message_dict
    assert "applicant" not in refused.value.message_dict
    case = _submit(newcomer)
    assert case.joint_measures == []
    assert case.applicant_check["flags"] == []


@time_machine.travel(TODAY)
def test_the_stored_check_verifies_and_a_tampered_one_does_not(trusted):
    case = _submit(trusted, skip=(DEFERRABLE,))
    check = case.applicant_check

    assert signing.verify(check, provider="440100-SCJG")
    assert registry_data.answer_view(check).verified
    assert joint_measures.verified_flags(check)

    forged = copy.deepcopy(check)
    forged["flags"] = [{**forged["flags"][0], "label": "信用良好（伪造）"}]
    assert not signing.verify(forged, provider="440100-SCJG")
    assert not registry_data.answer_view(forged).verified
    assert joint_measures.verified_flags(forged) == []


@time_machine.travel(TODAY)
def test_the_applicant_supplies_the_deferred_material_later(trusted):
    case = _submit(trusted, skip=(DEFERRABLE,))

    services.supply_deferred(
        number=case.number,
        applicant=trusted,
        uploads={DEFERRABLE: ("rules.pdf", pdf_bytes("rules"))},
    )

    owed = case.deferred_materials.get()
    assert owed.supplied_at is not None
    supplied = CaseMaterial.objects.get(case=case, key=DEFERRABLE)
    assert supplied.round == 2
    assert case.events.filter(kind="deferred_supplied").exists()


def browser_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _draft_ready(applicant):
    item = ServiceItem.objects.get(code=LICENCE)
    draft = drafts.start(applicant=applicant, item_code=LICENCE)
    form = {name: str(value) for name, value in valid_form(item).items()} | draft.form_data
    uploads = valid_uploads(item)
    drafts.save(applicant=applicant, draft_id=draft.pk, form=form, uploads=uploads)
    return draft


@pytest.mark.parametrize(
    ("language", "measure", "basis"),
    [
        (
            "zh-hans",
            "严重违法失信名单当事人申请行政许可，暂不予受理",
            "国家市场监督管理总局令第44号",
        ),
        (
            "en",
            "No licence application from a party on the serious-dishonesty list",
            "SAMR Order No. 44",
        ),
    ],
)
@time_machine.travel(TODAY)
def test_the_hall_shows_the_refusal_with_the_rule(listed, language, measure, basis):
    draft = _draft_ready(listed)

    page = browser_for(listed).post(f"/drafts/{draft.pk}/submit/", HTTP_ACCEPT_LANGUAGE=language)

    html = page.content.decode()
    assert page.status_code == 200
    assert measure in html
    assert basis in html
    assert f"/market/credit/{listed.uscc}/" in html
    assert not Case.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@time_machine.travel(TODAY)
def test_the_case_pages_show_the_signed_check_and_what_is_owed(trusted, staff, language):
    case = _submit(trusted, skip=(DEFERRABLE,))
    owed = case.deferred_materials.get()
    english = language == "en"

    mine = browser_for(trusted).get(f"/my/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE=language)
    clerk = staff.official("440100-SCJG", Role.WINDOW_CLERK)
    desk = browser_for(clerk).get(f"/workbench/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE=language)

    for page in (mine, desk):
        html = page.content.decode()
        assert page.status_code == 200
        assert ("Good credit" if english else "信用良好") in html
        assert ("Acceptance with a material to follow" if english else "守信主体容缺受理") in html
        assert ("Food safety management rules" if english else "食品安全管理制度文本") in html
    with translation.override(language):
        due = date_format(owed.due_on, "DATE_FORMAT")
    assert due in mine.content.decode()
    assert ("Guo Fa [2016] No. 33" if english else "国发〔2016〕33号") in mine.content.decode()
    assert f"/my/cases/{case.number}/deferred/" in mine.content.decode()


@time_machine.travel(TODAY)
def test_another_applicant_or_anyone_signed_out_cannot_see_the_check(trusted):
    case = _submit(trusted, skip=(DEFERRABLE,))
    other = EnterpriseFactory()
    citizen = CitizenFactory()

    assert browser_for(other).get(f"/my/cases/{case.number}/").status_code == 404
    assert browser_for(citizen).get(f"/my/cases/{case.number}/").status_code == 404
    signed_out = Client().get(f"/my/cases/{case.number}/")
    assert signed_out.status_code == 302
    assert "信用良好" not in signed_out.content.decode()
    with pytest.raises(CaseNotFound):
        services.supply_deferred(
            number=case.number,
            applicant=other,
            uploads={DEFERRABLE: ("rules.pdf", pdf_bytes("rules"))},
        )


def _record(established_on: date, today: date, *, filed_late=None, listed=False, fined=False):
    entity = LegalEntity(uscc="x", established_on=established_on, status=EntityStatus.ACTIVE)
    record = credit_record.Record(entity=entity)
    for year in reports.due_years(entity, today):
        late = bool(filed_late) and year == max(reports.due_years(entity, today))
        record.reports.append(credit_record.ReportYear(year, date(year + 1, 3, 1), late, None))
    record.listed = [object()] if listed else []
    record.penalties = [object()] if fined else []
    return record


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    established=st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 12, 31)),
    today=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    listed=st.booleans(),
    fined=st.booleans(),
    late=st.booleans(),
)
def test_good_credit_needs_a_year_in_business_a_timely_report_and_a_clean_record(
    established, today, listed, fined, late
):
    record = _record(established, today, filed_late=late, listed=listed, fined=fined)
    closed = [
        year for year in reports.due_years(record.entity, today) if reports.window(year)[1] < today
    ]
    late_counts = (
        late and bool(closed) and max(closed) == max(reports.due_years(record.entity, today))
    )
    leap_day = (established.month, established.day) == (2, 29)
    anniversary = (
        date(established.year + 1, 3, 1)
        if leap_day
        else established.replace(year=established.year + 1)
    )
    a_year = anniversary <= today

    expected = a_year and not listed and not fined and not late_counts
    assert credit_flags.good_credit(record, today) == expected


@time_machine.travel(TODAY)
def test_the_api_refuses_a_listed_enterprise_naming_the_applicant(listed):
    item = ServiceItem.objects.get(code=LICENCE)
    client = APIClient()
    client.force_authenticate(listed)
    body = {"item": LICENCE, "form": application_form(listed, item), "materials": {}}

    response = client.post("/api/v1/cases/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    (message,) = response.json()["applicant"]
    assert "No licence application from a party on the serious-dishonesty list" in message
    assert "SAMR Order No. 44" in message
    assert not Case.objects.exists()


@time_machine.travel(TODAY)
def test_a_material_not_owed_is_refused_on_the_case_page(trusted):
    case = _submit(trusted, skip=(DEFERRABLE,))

    page = browser_for(trusted).post(
        f"/my/cases/{case.number}/deferred/",
        {"materials.layout": SimpleUploadedFile("layout.pdf", pdf_bytes("layout"))},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert page.status_code == 200
    assert "This case owes no material layout." in page.content.decode()
    assert case.deferred_materials.get().supplied_at is None


def test_a_measure_dropped_from_the_file_is_put_out_of_force_and_bad_ones_are_named(
    measures, tmp_path
):
    only_block = tmp_path / "measures.yaml"
    only_block.write_text(
        "- {code: serious-list-licence, name: 甲, flag: serious_list, effect: block, "
        "item_types: [licensing], basis: 依据}\n",
        encoding="utf-8",
    )
    joint_measures.load(only_block)

    assert not JointMeasure.objects.get(code="good-credit-tolerate").active
    assert JointMeasure.objects.get(code="serious-list-licence").name == "甲"

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "- {code: x, name: 乙, flag: good_credit, effect: tolerate, basis: 依据, colour: red}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as refused:
        joint_measures.load(bad)
    assert any("colour: unknown field" in m for m in refused.value.messages)
    assert any("supply_within" in m for m in refused.value.messages)


STARTUP = "440100-SCJG-XK-301"  # 企业开办: the enterprise's legal representative is checked


@pytest.fixture
def represented(listed):
    """Another enterprise whose legal representative is that of the listed one."""
    person = LegalEntity.objects.get(uscc=listed.uscc).legal_representative
    account = EnterpriseFactory()
    entity_for(account.uscc, person, name="广州市明记食品贸易有限公司")
    return account


def _start_up(applicant):
    item = ServiceItem.objects.get(code=STARTUP)
    return services.submit(
        applicant=applicant,
        item_code=STARTUP,
        form=valid_form(item),  # its form asks for no code: the account's is the applicant's
        uploads=valid_uploads(item),
    )


@time_machine.travel(TODAY)
def test_the_legal_representative_of_a_listed_enterprise_may_not_start_up_another(
    represented, listed
):
    listed_name = LegalEntity.objects.get(uscc=listed.uscc).name
    for language, measure, basis in (
        ("zh-hans", "严重违法失信企业的法定代表人不得通过企业开办", "国发〔2016〕33号"),
        ("en", "may not start up another enterprise", "Guo Fa [2016] No. 33"),
    ):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            _start_up(represented)
        (message,) = refused.value.message_dict["applicant"]
        assert measure in message
        assert basis in message
        assert listed_name in message  # the listed enterprise is named, with its code
        assert listed.uscc in message
        assert set(refused.value.message_dict) == {"applicant"}  # the form itself is right
    assert not Case.objects.exists()

    # Only the start-up measure reads the flag: the same enterprise still gets a licence, and
    # its signed check carries the flag.
    case = _submit(represented)
    assert [flag["code"] for flag in case.applicant_check["flags"]] == ["representative_listed"]
    assert case.joint_measures == []


@time_machine.travel(TODAY)
def test_once_the_other_enterprise_leaves_the_list_the_start_up_is_filed(represented, listed):
    ListEntry.objects.filter(entity__uscc=listed.uscc).update(removed_on=date(2026, 12, 1))

    case = _start_up(represented)

    assert case.joint_measures == []
    assert case.applicant_check["flags"] == []


def test_an_enterprise_with_its_own_representative_carries_no_such_flag(listed):
    _account, entity = _enterprise_with_entity()

    assert credit_flags.representative_flags(entity) == []
    listed_entity = LegalEntity.objects.get(uscc=listed.uscc)
    assert credit_flags.representative_flags(listed_entity) == []  # not itself


@pytest.mark.parametrize(
    ("language", "measure", "link"),
    [
        ("zh-hans", "严重违法失信名单当事人申请行政许可，暂不予受理", "查看本企业的公开信用记录"),
        (
            "en",
            "No licence application from a party on the serious-dishonesty list",
            "See your enterprise's public credit record",
        ),
    ],
)
@time_machine.travel(TODAY)
def test_a_listed_enterprise_is_told_before_it_fills_in_the_form(listed, language, measure, link):
    page = browser_for(listed).get(f"/services/{LICENCE}/apply/", HTTP_ACCEPT_LANGUAGE=language)

    html = page.content.decode()
    assert page.status_code == 200
    assert measure in html
    assert link in html
    assert f"/market/credit/{listed.uscc}/" in html
    assert 'name="acknowledge"' not in html  # no way on: the law refuses it
    assert not drafts.open_drafts(listed).exists()
    read = RegistryRead.objects.latest("pk")  # the applicant's own record, for its application
    assert read.entity.uscc == listed.uscc
    assert read.outcome == RegistryRead.Outcome.SERVED
    assert not read.case_number


@time_machine.travel(TODAY)
def test_the_pre_check_links_the_listed_enterprise_a_representative_shares(represented, listed):
    page = browser_for(represented).get(f"/services/{STARTUP}/apply/", HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert "may not start up another enterprise" in html
    assert f"/market/credit/{listed.uscc}/" in html
    assert "See that enterprise's public credit record" in html
    assert not drafts.open_drafts(represented).exists()
    # the licence, which no measure refuses it, opens a draft at once
    page = browser_for(represented).get(f"/services/{LICENCE}/apply/")
    assert page.status_code == 302
    assert drafts.open_drafts(represented).exists()


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hans", "补交容缺材料"), ("en", "Send the materials to follow")],
)
@time_machine.travel(TODAY)
def test_a_material_owed_waits_for_the_applicant_until_it_is_supplied(trusted, language, title):
    case = _submit(trusted, skip=(DEFERRABLE,))
    owed = case.deferred_materials.get()
    client = browser_for(trusted)

    html = client.get("/my/cases/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    waiting = html.split('id="needed-heading"')[1].split("</section>")[0]
    assert case.number in waiting
    assert title in waiting
    assert f'<time datetime="{owed.due_on:%Y-%m-%d}">' in waiting  # the date to supply it by
    assert f"/my/cases/{case.number}/#credit-heading" in waiting

    services.supply_deferred(
        number=case.number,
        applicant=trusted,
        uploads={DEFERRABLE: ("rules.pdf", pdf_bytes("rules"))},
    )
    html = client.get("/my/cases/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'id="needed-heading"' not in html


@time_machine.travel(TODAY)
def test_the_api_shows_the_credit_check_and_takes_the_material_owed(trusted):
    case = _submit(trusted, skip=(DEFERRABLE,))
    client = APIClient()
    client.force_authenticate(trusted)
    deferred = f"/api/v1/cases/{case.number}/deferred/"

    def send(api, key=DEFERRABLE):
        upload = SimpleUploadedFile(f"{key}.pdf", pdf_bytes(key), "application/pdf")
        return api.post(deferred, {f"materials.{key}": upload}, format="multipart")

    credit = client.get(f"/api/v1/cases/{case.number}/", HTTP_ACCEPT_LANGUAGE="en").json()[
        "credit_check"
    ]
    assert credit["verified"] is True
    assert [(f["code"], f["label"], f["positive"]) for f in credit["flags"]] == [
        ("good_credit", "Good credit", True)
    ]
    assert [(m["code"], m["effect"]) for m in credit["joint_measures"]] == [
        ("good-credit-tolerate", "tolerate")
    ]
    (owed,) = credit["deferred_materials"]
    assert owed["key"] == DEFERRABLE
    assert owed["due_on"] == case.deferred_materials.get().due_on.isoformat()
    assert owed["supplied_at"] is None

    wrong = send(client, "layout")  # not owed: named, and nothing changes
    assert wrong.status_code == 400
    assert "materials.layout" in wrong.json()
    assert case.deferred_materials.get().supplied_at is None
    other = APIClient()
    other.force_authenticate(EnterpriseFactory())
    assert send(other).status_code == 404  # another enterprise's case is not found

    sent = send(client)
    assert sent.status_code == 200, sent.content
    (owed,) = sent.json()["credit_check"]["deferred_materials"]
    assert owed["supplied_at"] is not None
    assert send(client).status_code == 409  # nothing is owed any more
