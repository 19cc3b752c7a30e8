"""The repository's catalogue loads whole: the four main files hold 100 items over every domain,
items/community.yaml the street-level community services; on SQLite and PostgreSQL."""

import shutil

import pytest
import yaml
from django.core.management import call_command

from onewindow.catalog.exporting import export_catalogue
from onewindow.catalog.models import Material, ServiceItem
from onewindow.catalog.processes import process_spec
from onewindow.catalog.reading import DATA_DIR
from onewindow.catalog.services import load_catalogue
from onewindow.catalog.vocabulary import Domain, Pattern
from onewindow.core.audit import verify_chain
from onewindow.core.models import AuditEntry

MAIN_FILES = ("city", "enterprise", "people", "work_life")
COMMUNITY = 10 + 2 + 1  # items/community.yaml, the ID-card items of items/public_security.yaml
# and the enterprise subsidy of items/subsidies.yaml


def test_the_hundred_services_load_with_their_processes_and_certificates(catalogue):
    assert catalogue.items == 100 + COMMUNITY
    assert catalogue.processes == len(Pattern.values)
    items = ServiceItem.objects.filter(published=True)
    # Marriage and divorce need both parties in person (民法典 Art. 1049, 1076, 1077).
    assert set(
        items.filter(code__in=["440100-MZ-QR-107", "440100-MZ-QR-108"]).values_list(
            "online_depth", flat=True
        )
    ) == {2}
    main = items.filter(source_file__in=MAIN_FILES)
    assert main.count() == 100
    assert items.filter(source_file__in=["community", "public_security", "subsidies"]).count() == (
        COMMUNITY
    )
    assert set(main.values_list("domain", flat=True)) == set(Domain.values)
    for item in main.filter(online_depth=4):
        assert item.in_person_steps == [], item.code  # 全程网办 means no visit
    assert catalogue.parallel >= 15
    assert Material.objects.exclude(source_kind="upload").count() > 0
    for item in items.select_related("process"):
        assert item.promised_limit <= item.statutory_limit, item.code
        process_spec(item.process)  # every referenced template parses


def test_parallel_items_name_departments_that_handle_them(catalogue):
    for item in ServiceItem.objects.exclude(process_parameters={}).prefetch_related(
        "co_departments"
    ):
        parallel = item.process_parameters.get("parallel")
        if parallel:
            handling = {item.lead_department.code, *(d.code for d in item.co_departments.all())}
            assert len(parallel) >= 2, item.code
            assert set(parallel) <= handling, item.code


def test_talent_certification_runs_its_benefits_in_parallel(catalogue):
    talent = ServiceItem.objects.get(process__pattern=Pattern.TALENT_CERTIFICATION)
    assert talent.output_certificate.code == "talent_certificate"
    benefits = ServiceItem.objects.filter(code__in=talent.process_parameters["benefits"])
    assert benefits.count() == len(talent.process_parameters["benefits"]) >= 5
    assert set(benefits.values_list("domain", flat=True)) == {Domain.TALENT}


def test_loading_twice_changes_nothing_and_is_audited(catalogue):
    before = sorted(ServiceItem.objects.values_list("code", "updated_at"))
    again = load_catalogue()
    assert again.items == 100 + COMMUNITY
    assert again.withdrawn == 0
    assert ServiceItem.objects.count() == 100 + COMMUNITY
    assert Material.objects.filter(item__code=before[0][0]).exists()
    assert AuditEntry.objects.filter(action="catalog.loaded").count() == 2
    assert verify_chain().ok


def test_an_item_removed_from_the_files_is_withdrawn_not_deleted(catalogue, tmp_path):
    directory = tmp_path / "catalogue"
    shutil.copytree(DATA_DIR, directory)
    path = sorted((directory / "items").glob("*.yaml"))[0]
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    removed = items.pop()
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")

    summary = load_catalogue(directory)

    assert summary.items == 99 + COMMUNITY
    assert summary.withdrawn == 1
    assert not ServiceItem.objects.get(code=removed["code"]).published


def test_export_writes_files_that_load_back_to_the_same_catalogue(catalogue, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    export_catalogue(first)
    shutil.copy(DATA_DIR / "dictionary.txt", first / "dictionary.txt")
    assert load_catalogue(first).items == 100 + COMMUNITY
    export_catalogue(second)
    for path in sorted(first.rglob("*.yaml")) + sorted(first.rglob("*.bpmn")):
        relative = path.relative_to(first)
        assert (second / relative).read_text() == path.read_text(), relative


def test_the_command_prints_a_one_line_summary(db, capsys):
    call_command("load_departments")
    call_command("load_catalogue")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(f"Loaded {100 + COMMUNITY} service items")


@pytest.mark.parametrize("pattern", Pattern.values)
def test_every_pattern_file_is_used_by_some_item(catalogue, pattern):
    assert ServiceItem.objects.filter(process__pattern=pattern).exists()
