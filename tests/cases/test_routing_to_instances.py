"""属地: an application goes to the item instance (实施清单) of the applicant's registered
division or chosen place, the deepest first; the case's department, number and promised limit
come from that instance."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from onewindow.accounts.models import Department
from onewindow.cases import services
from onewindow.cases.errors import CaseNotFound
from onewindow.cases.models import Case
from onewindow.catalog import services as catalog_services
from onewindow.catalog.models import ItemInstance, ServiceItem
from onewindow.registry import services as registry_services
from tests.cases.conftest import valid_form, valid_uploads
from tests.cases.test_single_department_lifecycle import at

TEMPORARY_ASSISTANCE = "440100-MZ-GG-505"  # 临时救助: every street and town, nothing above
DIVORCE = "440100-MZ-QR-108"  # 离婚登记: every district's civil affairs bureau
LIEDE = "440106013"  # 天河区猎德街道
SHITAN = "440118102"  # 增城区石滩镇

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def registered_in(citizen, division: str):
    registry_services.save_person(citizen.id_number, citizen.real_name, household_division=division)
    return citizen


def submit(citizen, code, **extra):
    item = ServiceItem.objects.get(code=code)
    form = valid_form(item)
    if "bank_account" in form:
        form["bank_account"] = "6222021234567890123"
    return services.submit(
        applicant=citizen,
        item_code=code,
        form=form,
        uploads=valid_uploads(item),
        **extra,
    )


def test_a_street_service_goes_to_the_applicants_street(staff, citizen):
    registered_in(citizen, LIEDE)
    with at(date(2026, 11, 2)):
        case = submit(citizen, TEMPORARY_ASSISTANCE)
    assert case.instance.division_id == LIEDE
    assert case.instance.service_centre.code == f"{LIEDE}-FW"
    assert case.lead_department.code == f"{LIEDE}-JD"
    assert case.division_code == "440106"  # numbered by its district (GB/T 2260)
    assert case.number.startswith("440106-20261102-")

    clerk = staff.clerk(f"{LIEDE}-JD")
    with at(date(2026, 11, 3)):
        services.accept(number=case.number, actor=clerk)
    case.refresh_from_db()
    assert case.promised_limit == case.instance.promised_limit == 10


def test_the_street_offices_clerk_of_another_street_may_not_accept(staff, citizen):
    registered_in(citizen, LIEDE)
    with at(date(2026, 11, 2)):
        case = submit(citizen, TEMPORARY_ASSISTANCE)
        with pytest.raises(CaseNotFound):  # another street office does not even see it
            services.accept(number=case.number, actor=staff.clerk(f"{SHITAN}-JD"))
    case.refresh_from_db()
    assert case.status == "submitted"


def test_a_district_service_goes_to_the_district_of_the_applicants_street(citizen):
    registered_in(citizen, LIEDE)  # no street instance for divorce: its district's
    with at(date(2026, 11, 2)):
        case = submit(citizen, DIVORCE)
    assert case.instance.division_id == "440106"
    assert case.lead_department.code == "440106-MZ"
    assert case.instance.service_centre.kind == Department.Kind.SERVICE_CENTRE


def test_the_chosen_place_wins_over_the_registered_one(citizen):
    registered_in(citizen, LIEDE)
    with at(date(2026, 11, 2)):
        case = submit(citizen, TEMPORARY_ASSISTANCE, place=SHITAN)
    assert case.instance.division_id == SHITAN
    assert case.lead_department.code == f"{SHITAN}-JD"
    assert case.division_code == "440118"


def test_an_item_without_own_instances_goes_to_the_city_centre(citizen):
    registered_in(citizen, LIEDE)
    item = ServiceItem.objects.get(code="440100-WJ-XK-121")
    with at(date(2026, 11, 2)):
        case = submit(citizen, item.code)
    assert case.instance.level == "city"
    assert case.instance.service_centre.code == "440100-ZWFW-ZX"
    assert case.lead_department == item.lead_department
    assert case.division_code == "440100"


def test_a_place_without_an_instance_falls_back_to_the_city_instance(citizen):
    divorce = ServiceItem.objects.get(code=DIVORCE)
    catalog_services.save_instance(
        ItemInstance(
            item=divorce,
            level="city",
            division_id="440100",
            department=Department.objects.get(code="440100-MZ"),
            service_centre=Department.objects.get(code="440100-ZWFW-ZX"),
            promised_limit=divorce.promised_limit,
        )
    )
    registered_in(citizen, "440304")  # 深圳市福田区: no instance of its own
    with at(date(2026, 11, 2)):
        case = submit(citizen, DIVORCE)
    assert case.instance.level == "city"
    assert case.lead_department.code == "440100-MZ"


def test_a_place_with_no_instance_and_no_city_instance_is_refused_naming_the_field(citizen):
    registered_in(citizen, "440304")  # 深圳市福田区
    with (
        at(date(2026, 11, 2)),
        translation.override("zh-hans"),
        pytest.raises(ValidationError) as refused,
    ):
        submit(citizen, TEMPORARY_ASSISTANCE)
    (message,) = refused.value.message_dict["division"]
    assert "临时救助申请" in message
    assert "福田区" in message
    assert "Choose" not in message  # translated, not the English msgid
    assert not Case.objects.exists()


def test_an_unknown_chosen_division_is_refused(citizen):
    with at(date(2026, 11, 2)), pytest.raises(ValidationError) as refused:
        submit(citizen, TEMPORARY_ASSISTANCE, place="999999")
    assert "division" in refused.value.message_dict
    assert not Case.objects.exists()
