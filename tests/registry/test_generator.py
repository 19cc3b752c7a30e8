"""The synthetic registry generator: valid identifiers, coherent families, reproducible output."""

import itertools
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from onewindow.accounts.services import ID_INDEX
from onewindow.core.fields import PREFIX, blind_index
from onewindow.core.identifiers import parse_id_number, validate_uscc
from onewindow.registry.generator import (
    AS_OF,
    DISTRICT_POPULATION,
    GenerationError,
    RegistryGenerator,
)
from onewindow.registry.models import (
    EntityStatus,
    FamilyRelation,
    LegalEntity,
    MaritalStatus,
    Person,
    Relation,
)
from tests.conftest import restore_migration_data

PERSONS, ENTITIES = 300, 40


def adult_cutoff():
    return AS_OF.replace(year=AS_OF.year - 18)


def generate(seed=7, persons=PERSONS, entities=ENTITIES, batch_size=128):
    return RegistryGenerator(seed, batch_size=batch_size).generate(persons, entities)


def snapshot():
    """Everything a run wrote, keyed by ID numbers instead of primary keys."""
    people = {p.pk: p for p in Person.objects.all()}
    return (
        sorted(
            (
                p.id_number,
                p.name,
                p.sex,
                p.birth_date,
                p.household_division_id,
                p.household_address,
                p.marital_status,
            )
            for p in people.values()
        ),
        sorted(
            (people[r.person_id].id_number, people[r.relative_id].id_number, r.kind)
            for r in FamilyRelation.objects.all()
        ),
        sorted(
            (
                e.uscc,
                e.name,
                e.entity_type,
                people[e.legal_representative_id].id_number,
                e.registered_capital,
                e.established_on,
                e.registration_authority,
                e.business_scope,
                e.status,
                e.status_changed_on,
                e.division_id,
                e.address,
            )
            for e in LegalEntity.objects.all()
        ),
    )


def wipe():
    LegalEntity.objects.all().delete()
    Person.objects.all().delete()


@pytest.fixture
def generated(db):
    restore_migration_data()
    return generate()


def test_the_run_writes_the_requested_counts_and_its_relations(generated):
    assert Person.objects.count() == PERSONS == generated.persons
    assert LegalEntity.objects.count() == ENTITIES == generated.entities
    assert FamilyRelation.objects.count() == generated.relations > PERSONS // 2


def test_every_id_number_is_valid_unique_and_matches_the_row(generated):
    persons = list(Person.objects.all())
    assert len({p.id_number for p in persons}) == len(persons)
    for person in persons:
        parsed = parse_id_number(person.id_number)
        assert parsed.birth_date == person.birth_date
        assert parsed.sex == person.sex
        assert parsed.division_code in DISTRICT_POPULATION
        assert 0 <= (AS_OF - person.birth_date).days < 96 * 366


def test_every_uscc_is_valid_unique_and_in_its_district(generated):
    entities = list(LegalEntity.objects.all())
    assert len({e.uscc for e in entities}) == len(entities)
    for entity in entities:
        validate_uscc(entity.uscc)
        assert entity.uscc[2:8] == entity.division_id


def test_addresses_lie_in_guangzhou_districts(generated):
    names = {
        d: n
        for d, n in Person.objects.values_list("household_division", "household_division__name")
    }
    assert set(names) <= set(DISTRICT_POPULATION)
    for person in Person.objects.select_related("household_division"):
        assert person.household_address.startswith("广州市" + person.household_division.name)
    for entity in LegalEntity.objects.select_related("division"):
        assert entity.address.startswith("广州市" + entity.division.name)
        assert entity.division.name in entity.registration_authority


def test_spouses_are_mutual_of_opposite_sex_and_both_married(generated):
    people = {p.pk: p for p in Person.objects.all()}
    spouses = list(FamilyRelation.objects.filter(kind=Relation.SPOUSE))
    pairs = {(r.person_id, r.relative_id) for r in spouses}
    assert spouses
    for a, b in pairs:
        assert (b, a) in pairs
        assert people[a].marital_status == people[b].marital_status == MaritalStatus.MARRIED
        assert people[a].sex != people[b].sex
    spouse_count = Counter(a for a, _ in pairs)
    for pk, person in people.items():
        married = person.marital_status == MaritalStatus.MARRIED
        assert spouse_count[pk] == (1 if married else 0), person


def test_parents_and_children_are_linked_both_ways_and_parents_are_older(generated):
    people = {p.pk: p for p in Person.objects.all()}
    links = set(FamilyRelation.objects.values_list("person_id", "relative_id", "kind"))
    parent_links = [(c, p) for c, p, kind in links if kind == Relation.PARENT]
    assert parent_links
    assert len(parent_links) == sum(1 for *_, kind in links if kind == Relation.CHILD)
    for child, parent in parent_links:
        assert (parent, child, Relation.CHILD) in links
        gap = (people[child].birth_date - people[parent].birth_date).days
        assert gap >= 19 * 365, (people[parent], people[child])
    fathers = [(c, p) for c, p in parent_links if people[p].sex == "M"]
    same = sum(people[c].name.startswith(people[p].name[0]) for c, p in fathers)
    assert same >= 0.8 * len(fathers)


def test_legal_representatives_are_adults_and_closed_entities_have_a_date(generated):
    for entity in LegalEntity.objects.select_related("legal_representative"):
        assert entity.legal_representative.birth_date <= adult_cutoff()
        if entity.status == EntityStatus.ACTIVE:
            assert entity.status_changed_on is None
        else:
            assert entity.established_on <= entity.status_changed_on <= AS_OF
        assert entity.business_scope
        assert entity.registered_capital > 0


def test_id_numbers_are_encrypted_at_rest_and_found_by_the_blind_index(generated):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, id_number_index FROM registry_person")
        raw = {pk: (stored, index) for pk, stored, index in cursor.fetchall()}
    for person in Person.objects.all()[:50]:
        stored, index = raw[person.pk]
        assert stored.startswith(PREFIX)
        assert person.id_number not in stored
        assert index == blind_index(ID_INDEX, person.id_number)
        assert Person.objects.get(id_number_index=blind_index(ID_INDEX, person.id_number)) == person


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(generated):
    first = snapshot()
    wipe()
    generate(seed=7, batch_size=50)  # batching does not change what is drawn
    assert snapshot() == first
    wipe()
    generate(seed=8)
    other = snapshot()
    assert other[0] != first[0]
    assert other[2] != first[2]


def test_a_second_run_redraws_identifiers_the_table_already_holds(generated):
    generate(seed=7)  # the same seed draws the same ID numbers and USCCs again
    assert Person.objects.count() == 2 * PERSONS
    assert Person.objects.values("id_number_index").distinct().count() == 2 * PERSONS
    assert LegalEntity.objects.values("uscc").distinct().count() == 2 * ENTITIES


def test_entities_alone_are_represented_by_adults_already_registered(generated):
    generate(seed=9, persons=0, entities=10)
    assert LegalEntity.objects.count() == ENTITIES + 10
    assert not LegalEntity.objects.filter(legal_representative__birth_date__gt=adult_cutoff())


@pytest.mark.django_db
def test_entities_without_any_adult_person_are_refused():
    restore_migration_data()
    with pytest.raises(GenerationError, match="legal representative"):
        generate(persons=0, entities=5)


@pytest.mark.django_db
def test_a_value_too_long_for_its_column_names_the_record_and_field(monkeypatch):
    restore_migration_data()
    monkeypatch.setattr(RegistryGenerator, "_address", lambda self, rng, d, home: "广" * 201)
    with pytest.raises(GenerationError, match=r"person id=\d+ .* field household_address"):
        generate(persons=20, entities=0)
    assert not Person.objects.exists()


@pytest.mark.django_db
@hypothesis_settings(max_examples=15)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_any_seed_draws_valid_coherent_families(seed):
    restore_migration_data()
    generator = RegistryGenerator(seed)
    pks = itertools.count(1)
    for members, relations in generator.draw_families(60, pks.__next__):
        for person in members:
            parsed = parse_id_number(person.id_number)
            assert (parsed.birth_date, parsed.sex) == (person.birth_date, person.sex)
        for a, b, kind in relations:
            if kind == Relation.SPOUSE:
                assert a.sex != b.sex
                assert a.marital_status == b.marital_status == MaritalStatus.MARRIED
            elif kind == Relation.PARENT:
                assert b.birth_date < a.birth_date


@pytest.mark.django_db
def test_the_command_prints_progress_and_a_summary():
    restore_migration_data()
    out = StringIO()
    call_command("generate_registry", persons=50, entities=5, seed=3, batch_size=20, stdout=out)
    text = out.getvalue()
    assert "persons         50 / 50" in text
    assert "Generated 50 persons (" in text
    assert "and 5 entities in" in text
    assert "persons/s" in text
    assert Person.objects.count() == 50


@pytest.mark.django_db
def test_the_command_refuses_a_negative_count():
    with pytest.raises(CommandError, match="negative"):
        call_command("generate_registry", persons=-1, stdout=StringIO())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgresql_batches_commit_from_a_writer_thread():
    if connection.vendor != "postgresql":
        pytest.skip("the background COPY writer runs on PostgreSQL only")
    restore_migration_data()
    summary = generate(seed=11, persons=500, entities=30, batch_size=100)
    assert Person.objects.count() == 500
    assert FamilyRelation.objects.count() == summary.relations
    assert LegalEntity.objects.count() == 30
    with connection.cursor() as cursor:  # keys were reserved from the sequence
        cursor.execute("SELECT nextval(pg_get_serial_sequence('registry_person', 'id'))")
        assert cursor.fetchone()[0] > Person.objects.order_by("-pk").first().pk


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_database_refuses_is_named_and_rolled_back():
    restore_migration_data()
    generator = RegistryGenerator(5, batch_size=40)
    generator.districts = ["449999"]  # not a division: the foreign key fails at commit
    generator.district_names["449999"] = "无此区"
    generator._home_weights = [1.0]
    generator._streets["449999"] = generator._streets["440106"]
    with pytest.raises(
        GenerationError, match=r"batch of \d+ rows for registry_person from person id="
    ) as error:
        generator.generate(30, 0)
    if connection.vendor == "postgresql":
        assert "household_division_id" in str(error.value)
    assert not Person.objects.exists()
