"""Item instances (实施清单): loaded with the catalogue, refused whole when an entry is wrong
(the error names the entry, item and field), every item implemented somewhere, and edited in
the admin under the same checks."""

import shutil

import pytest
import yaml

from onewindow.accounts import departments_data
from onewindow.accounts.models import Department, Role
from onewindow.catalog.models import ItemInstance, ServiceItem
from onewindow.catalog.reading import DATA_DIR, CatalogueInvalid
from onewindow.catalog.services import load_catalogue
from onewindow.core.models import AuditEntry

ASSISTANCE = "440100-MZ-GG-505"


def test_every_item_has_an_instance_and_street_services_one_per_street(catalogue):
    items = ServiceItem.objects.filter(published=True)
    assert not items.filter(instances__isnull=True).exists()
    streets = ItemInstance.objects.filter(item__code=ASSISTANCE)
    assert streets.count() == 176
    assert set(streets.values_list("level", flat=True)) == {"street"}
    assert not streets.exclude(service_centre__kind=Department.Kind.SERVICE_CENTRE).exists()
    for instance in streets.select_related("department", "service_centre")[:20]:
        assert instance.department.code == f"{instance.division_id}-JD"
        assert instance.service_centre.code == f"{instance.division_id}-FW"
    marriage = ItemInstance.objects.filter(item__code="440100-MZ-QR-107")
    assert sorted(marriage.values_list("department__code", flat=True))[0] == "440103-MZ"
    assert marriage.count() == 11
    city = ItemInstance.objects.get(item__code="440100-WJ-XK-121")
    assert (city.level, city.division_id, city.service_centre.code) == (
        "city",
        "440100",
        "440100-ZWFW-ZX",
    )
    community = items.filter(source_file="community")
    assert community.count() == 10
    for item in community:
        assert item.legal_basis
        assert item.instances.filter(level="street").count() == 176, item.code


@pytest.fixture
def directory(db, tmp_path):
    departments_data.load()
    target = tmp_path / "catalogue"
    shutil.copytree(DATA_DIR, target)
    return target


def with_entry(directory, **entry) -> None:
    path = directory / "instances.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries.append({"item": ASSISTANCE, "level": "district", "divisions": ["440106"], **entry})
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def rejected(directory) -> list:
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert not ServiceItem.objects.exists()
    assert not ItemInstance.objects.exists()
    return caught.value.problems


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"department": "440106-NOPE", "centre": "440106-ZWFW-ZX"}, "department"),
        ({"department": "440106-MZ", "centre": "440106-MZ"}, "centre"),  # not a centre
        ({"department": "440106-MZ", "centre": "440106-ZWFW-ZX", "promised_limit": 99}, "promised_limit"),
        ({"department": "440106-MZ", "centre": "440106-ZWFW-ZX", "divisions": ["440106013"]}, "divisions"),
        ({"department": "440106-MZ", "centre": "440106-ZWFW-ZX", "level": "county"}, "level"),
        ({"department": "440106-MZ", "centre": "440106-ZWFW-ZX", "colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_a_wrong_entry_refuses_the_whole_catalogue_naming_entry_and_field(directory, entry, field):
    with_entry(directory, **entry)
    problems = rejected(directory)
    assert any(p.field == field and p.item == ASSISTANCE for p in problems), problems
    assert all(p.file.startswith("instances.yaml #") for p in problems)
    assert str(problems[0]).startswith("instances.yaml #")


def test_an_unknown_item_is_named(directory):
    with_entry(directory, item="440100-NO-SUCH-999", department="440106-MZ", centre="x")
    (problem,) = rejected(directory)
    assert (problem.item, problem.field) == ("440100-NO-SUCH-999", "item")


def test_the_same_division_twice_is_refused(directory):
    with_entry(directory, level="street", divisions=["440106013"], department="{division}-JD",
               centre="{division}-FW")  # fmt: skip
    problems = rejected(directory)
    assert any(p.field == "divisions" and "440106013" in p.message for p in problems)


def test_loading_again_keeps_instances_and_drops_those_removed(directory):
    load_catalogue(directory)
    ids = set(ItemInstance.objects.values_list("pk", flat=True))
    load_catalogue(directory)
    assert set(ItemInstance.objects.values_list("pk", flat=True)) == ids
    path = directory / "instances.yaml"
    entries = [
        e for e in yaml.safe_load(path.read_text(encoding="utf-8")) if e["item"] != ASSISTANCE
    ]
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    load_catalogue(directory)
    (only,) = ItemInstance.objects.filter(item__code=ASSISTANCE)
    assert only.level == "city"  # back to the default: the lead department at the city centre


@pytest.fixture
def admin(duty_client):
    return duty_client(Role.SYSTEM_ADMINISTRATOR)


def test_the_admin_refuses_a_centre_that_is_not_one_and_saves_a_good_change(admin, catalogue):
    instance = ItemInstance.objects.filter(item__code=ASSISTANCE).first()
    url = f"/admin/catalog/iteminstance/{instance.pk}/change/"
    data = {
        "item": instance.item_id,
        "level": instance.level,
        "division": instance.division_id,
        "department": instance.department_id,
        "service_centre": instance.department_id,  # a street office, not a centre
        "window": "民政窗口",
        "window_en": "",
        "promised_limit": 5,
        "published": "on",
    }
    response = admin.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Choose a department of kind service centre." in response.content.decode()
    data["service_centre"] = instance.service_centre_id
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    instance.refresh_from_db()
    assert (instance.window, instance.promised_limit) == ("民政窗口", 5)
    assert AuditEntry.objects.filter(
        action="catalog.instance_changed", object_id=str(instance.pk)
    ).exists()
