"""A broken catalogue is refused whole: the error names the file, item and field; nothing loads."""

import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from onewindow.accounts import departments_data
from onewindow.catalog.models import CertificateType, ProcessTemplate, ServiceItem
from onewindow.catalog.reading import DATA_DIR, CatalogueInvalid
from onewindow.catalog.services import load_catalogue
from onewindow.core.models import AuditEntry


@pytest.fixture
def directory(db, tmp_path):
    departments_data.load()
    target = tmp_path / "catalogue"
    shutil.copytree(DATA_DIR, target)
    return target


def first_file(directory):
    return sorted((directory / "items").glob("*.yaml"))[0]


def edit_item(directory, change, nth=0):
    """Apply ``change`` to the nth single-review item of the first items file; return its code."""
    path = first_file(directory)
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    index = [i for i, item in enumerate(items) if item["process"]["pattern"] == "single_review"][
        nth
    ]
    change(items[index])
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(items[index]["code"])


def rejected(directory) -> list:
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(directory)
    assert ServiceItem.objects.count() == 0
    assert CertificateType.objects.count() == 0
    assert ProcessTemplate.objects.count() == 0
    assert not AuditEntry.objects.filter(action="catalog.loaded").exists()
    return caught.value.problems


def set_field(field, value):
    def change(item):
        item[field] = value

    return change


def test_an_unknown_lead_department_is_named(directory):
    code = edit_item(directory, set_field("lead_department", "440100-NOPE"))
    (problem,) = rejected(directory)
    assert (problem.item, problem.field) == (code, "lead_department")
    assert "440100-NOPE" in str(problem)
    assert first_file(directory).name in str(problem)


def test_a_promised_limit_above_the_statutory_one_is_named(directory):
    def change(item):
        item["instant"] = False
        item["statutory_limit"] = 10
        item["promised_limit"] = 11

    code = edit_item(directory, change)
    (problem,) = rejected(directory)
    assert (problem.item, problem.field) == (code, "promised_limit")


def test_a_material_source_that_does_not_exist_is_named(directory):
    def change(item):
        item["materials"][0]["source"] = "certificate:unicorn_licence"

    code = edit_item(directory, change)
    problems = rejected(directory)
    assert (code, "materials[0].source") in {(p.item, p.field) for p in problems}
    assert any("unicorn_licence" in p.message for p in problems)


def test_an_unknown_registry_field_is_named(directory):
    def change(item):
        item["materials"][0]["source"] = "registry:person.horoscope"

    code = edit_item(directory, change)
    problems = rejected(directory)
    assert (code, "materials[0].source") in {(p.item, p.field) for p in problems}


@pytest.mark.parametrize(
    ("field", "schema", "path"),
    [
        ("age", {"type": "string"}, "form.properties.age"),  # no title, no maxLength
        ("age", {"type": "wheel", "title": "年龄", "title_en": "Age"}, "form.properties.age"),
        (
            "kind",
            {"type": "string", "title": "类型", "title_en": "Kind", "enum": ["甲"]},
            "form.properties.kind",
        ),
        (
            "scan",
            {
                "type": "string",
                "format": "file",
                "title": "扫描件",
                "title_en": "Scan",
                "material": "x",
            },
            "form.properties.scan.material",
        ),
        ("Bad-Name", {"type": "string", "title": "名", "title_en": "N", "maxLength": 9}, "form"),
    ],
)
def test_a_malformed_form_schema_is_named(directory, field, schema, path):
    def change(item):
        item["form"]["properties"][field] = schema

    code = edit_item(directory, change)
    problems = rejected(directory)
    assert {p.item for p in problems} == {code}
    assert any(p.field.startswith(path) for p in problems), [str(p) for p in problems]


def test_required_fields_must_exist_in_the_form(directory):
    def change(item):
        item["form"]["required"] = ["no_such_field"]

    code = edit_item(directory, change)
    problems = rejected(directory)
    assert (code, "form.required") in {(p.item, p.field) for p in problems}


def test_a_parallel_process_needs_two_handling_departments(directory):
    def change(item):
        item["process"] = {"pattern": "parallel_review", "parallel": [item["lead_department"]]}

    code = edit_item(directory, change)
    problems = rejected(directory)
    assert (code, "process.parallel") in {(p.item, p.field) for p in problems}


def test_an_invalid_bpmn_file_is_named_and_nothing_loads(directory):
    path = directory / "processes" / "parallel_review.bpmn"
    path.write_text(path.read_text().replace("<bpmn:userTask", "<bpmn:unknownTask", 1))
    (problem,) = rejected(directory)
    assert problem.file == "processes/parallel_review.bpmn"


def test_a_bpmn_file_missing_a_step_of_its_pattern_is_named(directory):
    path = directory / "processes" / "single_review.bpmn"
    path.write_text(path.read_text().replace('id="decide"', 'id="decide_later"'))
    (problem,) = rejected(directory)
    assert problem.file == "processes/single_review.bpmn"
    assert "decide" in problem.message


def test_a_parallel_task_that_is_not_multi_instance_is_named(directory):
    path = directory / "processes" / "parallel_review.bpmn"
    text = path.read_text()
    start = text.index("<bpmn:multiInstanceLoopCharacteristics")
    end = text.index("</bpmn:multiInstanceLoopCharacteristics>") + len(
        "</bpmn:multiInstanceLoopCharacteristics>"
    )
    path.write_text(text[:start] + text[end:])
    (problem,) = rejected(directory)
    assert "multi-instance" in problem.message


def test_a_duplicate_code_across_files_is_named(directory):
    code = edit_item(directory, lambda item: None)
    other = sorted((directory / "items").glob("*.yaml"))[1]
    items = yaml.safe_load(other.read_text(encoding="utf-8"))
    items[0]["code"] = code
    other.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = rejected(directory)
    assert (code, "code") in {(p.item, p.field) for p in problems}


def test_a_failed_reload_keeps_the_catalogue_that_was_loaded(directory):
    load_catalogue(DATA_DIR)
    edit_item(directory, set_field("domain", "astrology"))
    names = dict(ServiceItem.objects.values_list("code", "name"))
    with pytest.raises(CatalogueInvalid):
        load_catalogue(directory)
    assert dict(ServiceItem.objects.values_list("code", "name")) == names
    assert (
        ServiceItem.objects.filter(published=True).count() == 113
    )  # 100 + 10 community + 2 ID card + 1 subsidy


def test_the_command_lists_every_problem_and_fails(directory, capsys):
    first = edit_item(directory, set_field("lead_department", "440100-NOPE"), nth=0)
    second = edit_item(directory, set_field("online_depth", 7), nth=1)
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_catalogue", str(directory))
    err = capsys.readouterr().err
    assert first in err
    assert "lead_department" in err
    assert second in err
    assert "online_depth" in err
    assert ServiceItem.objects.count() == 0


def _edit_types(directory, change):
    path = directory / "certificate_types.yaml"
    types = yaml.safe_load(path.read_text(encoding="utf-8"))
    change({t["code"]: t for t in types})
    path.write_text(yaml.safe_dump(types, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_certificate_field_no_issuing_form_can_fill_is_named(directory):
    def change(types):
        types["food_business_licence"]["fields"][0]["from"] = ["form.no_such_field"]

    _edit_types(directory, change)
    problems = rejected(directory)
    assert {(p.item, p.field) for p in problems} == {
        ("440100-SCJG-XK-306", "output.certificate"),
        ("440100-SCJG-XK-326", "output.certificate"),
    }
    assert all("business_format" in str(problem) for problem in problems)


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("holder", "company", "holder"),
        ("validity_years", 0, "validity_years"),
        ("validity_years", "five", "validity_years"),
        ("fields", [], "fields"),
        (
            "fields",
            [{"key": "Bad Key", "title": "名称", "title_en": "Name", "from": ["item.name"]}],
            "fields.0.key",
        ),
        (
            "fields",
            [{"key": "name", "title": "名称", "title_en": "Name", "from": ["registry.x"]}],
            "fields.0.from",
        ),
    ],
)
def test_a_broken_certificate_type_is_named(directory, key, value, field):
    def change(types):
        types["talent_certificate"][key] = value

    _edit_types(directory, change)
    problems = rejected(directory)
    assert ("certificate_types.yaml", "talent_certificate", field) in [
        (p.file, p.item, p.field) for p in problems
    ]


def test_a_certificate_holder_the_form_does_not_name_is_refused(directory):
    path = directory / "items" / "city.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    (apec,) = [item for item in items if item["code"] == "440100-WB-GG-420"]
    apec["output"]["holder"] = {"name": ["form.nobody"]}
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (problem,) = rejected(directory)
    assert (problem.item, problem.field) == ("440100-WB-GG-420", "output.holder.name")
    assert "form.nobody" in str(problem)


def test_only_an_uploaded_material_may_be_deferred(directory):
    def defer_a_registry_material(item):
        item["materials"].append(
            {
                "key": "registration",
                "name": "营业执照信息",
                "form": "electronic",
                "requirement": "mandatory",
                "source": "registry:entity.registration",
                "deferrable": True,
            }
        )

    code = edit_item(directory, defer_a_registry_material)
    (problem,) = rejected(directory)
    assert problem.item == code
    assert problem.field.endswith(".deferrable")
