"""Synthetic base registries: Guangzhou residents in families, and companies they represent.

``onewindow generate-registry --persons N --entities M --seed S`` fills ``registry_person``,
``registry_familyrelation`` and ``registry_legalentity`` with realistic, valid data: ID numbers
(GB 11643) and USCCs (GB 32100) with correct check characters from ``core.identifiers``, names
from Faker's ``zh_CN`` data, addresses in Guangzhou's districts weighted by population, married
couples and their children linked both ways, and entities with an adult legal representative.

The same seed on the same database state gives the same rows: every draw comes from one
``random.Random(seed)`` (entities from a second one derived from the seed), ages are counted
from the fixed date ``AS_OF``, and Faker, seeded the same way, only supplies data lists. Only
the primary keys differ between runs, and an ID number or USCC that already exists in the table
is drawn again, which changes what follows.

Rows are written in batches, one transaction per batch: PostgreSQL by ``COPY`` (psycopg 3)
from a writer thread, other databases by ``executemany``. A failed run leaves its finished
batches in place; delete them or run again with another seed. ID numbers are encrypted by the
model field itself and indexed with the same blind index accounts uses: the largest single
cost on the Python side (figures in docs/performance.md).
"""

from __future__ import annotations

import bisect
import queue
import random
import re
import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from faker import Faker

from onewindow.accounts.services import ID_INDEX
from onewindow.core.fields import blind_index
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.core.models import Division
from onewindow.registry.generator_data import (
    AGE_BANDS,
    CAPITAL,
    CHILDREN,
    CHILDREN_WEIGHTS,
    DISTRICT_FIRMS,
    DISTRICT_POPULATION,
    ENTITY_TYPES,
    FARMS,
    INDUSTRIES,
    INSTITUTIONS,
    LICENCE_TAIL,
    MAIN_ROADS,
    MAX_HOUSEHOLD,
    NON_PROFITS,
    ROADS_PER_DISTRICT,
    SHOPS,
    SOCIETIES,
    STREETS_PER_DISTRICT,
    TRADE_NAME_CHARS,
)
from onewindow.registry.models import (
    EntityStatus,
    EntityType,
    FamilyRelation,
    LegalEntity,
    MaritalStatus,
    Person,
    Relation,
)

DEFAULT_SEED = 2026
DEFAULT_BATCH = 20_000
AS_OF = date(2026, 1, 1)  # ages are counted from here, so a seed means the same rows next year
CITY = "广州市"
CITY_CODE = "440100"


def _cumulative(weights) -> list[float]:
    """Running totals, for drawing by bisection with one uniform number."""
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


PERSON_COLUMNS = (
    "id",
    "id_number",
    "id_number_index",
    "name",
    "sex",
    "birth_date",
    "household_division_id",
    "household_address",
    "marital_status",
    "updated_at",
)
RELATION_COLUMNS = ("person_id", "relative_id", "kind")
ENTITY_COLUMNS = (
    "uscc",
    "name",
    "entity_type",
    "legal_representative_id",
    "registered_capital",
    "established_on",
    "registration_authority",
    "business_scope",
    "status",
    "status_changed_on",
    "division_id",
    "address",
    "updated_at",
)


class GenerationError(Exception):
    """A generated record could not be written; the message names the record and field."""


@dataclass
class Summary:
    persons: int = 0
    relations: int = 0
    entities: int = 0
    person_seconds: float = 0.0
    entity_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.person_seconds + self.entity_seconds

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.person_seconds if self.person_seconds else 0.0

    @property
    def entities_per_second(self) -> float:
        return self.entities / self.entity_seconds if self.entity_seconds else 0.0

    def __str__(self) -> str:
        return (
            f"Generated {self.persons:,} persons ({self.relations:,} family relations) and "
            f"{self.entities:,} entities in {self.seconds:,.1f} s: "
            f"{self.persons_per_second:,.0f} persons/s, {self.entities_per_second:,.0f} entities/s"
        )


@dataclass(slots=True)
class _Person:
    """A person before it is written; ``pk`` is reserved, the ID number still in clear."""

    pk: int
    id_number: str
    name: str
    surname: str
    sex: str
    birth_date: date
    district: str
    address: str
    marital_status: str


class _Sink:
    """Reserves primary keys and writes batches: COPY on PostgreSQL, executemany elsewhere.

    Outside any transaction on PostgreSQL a writer thread with its own connection commits
    batch n while this thread draws and encrypts batch n + 1, so the server's work (foreign
    key checks, index updates) overlaps the Python work. Inside a caller's transaction (tests,
    an ``atomic`` block) every batch is written on the caller's connection, in order.
    """

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.background = self.postgres and not connection.in_atomic_block
        self._next_pk: int | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def commit(self, writes: list[tuple], done: Callable[[], None]) -> None:
        """Write (model, columns, rows, describe) in one transaction, then call ``done``."""
        if not self.background:
            self._commit(writes, done)
            return
        self._raise_error()
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="registry-writer")
            self._thread.start()
        self._queue.put((writes, done))

    def finish(self) -> None:
        """Wait until every batch is committed; raise the writer's error if it had one."""
        self.stop()
        self._raise_error()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _work(self) -> None:
        try:
            while (job := self._queue.get()) is not None:
                if self._error is None:  # after a failure, drain without writing
                    try:
                        self._commit(*job)
                    except BaseException as exc:  # re-raised in the generating thread
                        self._error = exc
        finally:
            connection.close()  # this thread's own connection

    def _commit(self, writes, done) -> None:
        try:
            with transaction.atomic():
                for write in writes:
                    self.write(*write)
        except DatabaseError as exc:  # a deferred constraint, checked at commit
            model, _, rows, describe = writes[0]
            raise GenerationError(
                f"the batch of {len(rows):,} rows for {model._meta.db_table} from "
                f"{describe(rows[0])}: {_message(exc)}"
            ) from exc
        done()

    def reserve_person_pks(self, count: int) -> list[int]:
        table = Person._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if self._next_pk is None:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                self._next_pk = cursor.fetchone()[0] + 1
        first, self._next_pk = self._next_pk, self._next_pk + count
        return list(range(first, self._next_pk))

    def existing(self, model, column: str, values: list[str]) -> set[str]:
        """Which of ``values`` the table already holds in ``column``."""
        table = model._meta.db_table
        found: set[str] = set()
        with connection.cursor() as cursor:
            for start in range(0, len(values), 900):
                chunk = values[start : start + 900]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE {column} IN ({marks})",  # noqa: S608
                    chunk,
                )
                found.update(row[0] for row in cursor.fetchall())
        return found

    def write(self, model, columns: tuple[str, ...], rows: list[tuple], describe) -> None:
        table = model._meta.db_table
        try:
            if self.postgres:
                with connection.cursor() as cursor:
                    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
                    with cursor.cursor.copy(sql) as copy:
                        for row in rows:
                            copy.write_row(row)
            else:
                adapted = [tuple(map(self._adapt, row)) for row in rows]
                marks = ", ".join(["%s"] * len(columns))
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                        adapted,
                    )
        except DatabaseError as exc:
            raise GenerationError(_explain(exc, table, columns, rows, describe)) from exc

    @staticmethod
    def _adapt(value):
        if isinstance(value, Decimal):
            return str(value)
        if hasattr(value, "tzinfo"):  # datetime
            return connection.ops.adapt_datetimefield_value(value)
        if isinstance(value, date):
            return connection.ops.adapt_datefield_value(value)
        return value


def _explain(exc, table, columns, rows, describe) -> str:
    """Name the record and column PostgreSQL's COPY context points at, when it says."""
    context = getattr(getattr(exc.__cause__ or exc, "diag", None), "context", None) or ""
    match = re.search(r"line (\d+)(?:, column (\w+))?", context)
    message = _message(exc)
    if match and 0 < int(match.group(1)) <= len(rows):
        row = rows[int(match.group(1)) - 1]
        field = match.group(2) or "?"
        return f"{describe(row)}, field {field}: {message}"
    return f"a batch of {len(rows):,} rows for {table} ({describe(rows[0])} …): {message}"


def _message(exc: Exception) -> str:
    """The database's message and, from PostgreSQL, its detail (which names key and value)."""
    detail = getattr(getattr(exc.__cause__ or exc, "diag", None), "message_detail", None)
    message = str(exc).strip().splitlines()[0]
    return f"{message} ({detail})" if detail else message


class RegistryGenerator:
    """Draws persons, families and entities from one seed and writes them in batches."""

    def __init__(
        self,
        seed: int = DEFAULT_SEED,
        *,
        batch_size: int = DEFAULT_BATCH,
        as_of: date = AS_OF,
        progress: Callable[[str], None] | None = None,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
        self.batch_size = batch_size
        self.as_of = as_of
        self.progress = progress or (lambda message: None)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(seed)
        self._load_reference_data()
        self._id_field = Person._meta.get_field("id_number")
        self._used_ids: set[int] = set()  # the 17 body digits of every ID number drawn
        self._used_usccs: set[str] = set()
        self._adult_pks = array("q")
        self.summary = Summary()

    # -- reference data ------------------------------------------------------------------

    def _load_reference_data(self) -> None:
        names = dict(
            Division.objects.filter(code__in=DISTRICT_POPULATION).values_list("code", "name")
        )
        missing = sorted(set(DISTRICT_POPULATION) - set(names))
        if missing:
            raise GenerationError(
                f"Guangzhou districts {', '.join(missing)} are not in core_division; "
                "run `onewindow migrate` first"
            )
        self.district_names = names
        self.districts = sorted(DISTRICT_POPULATION)
        self._home_weights = _cumulative(DISTRICT_POPULATION[c] for c in self.districts)
        self._firm_weights = _cumulative(DISTRICT_FIRMS[c] for c in self.districts)
        provider = self.faker.provider("faker.providers.person")
        self._surnames = list(provider.last_names)
        self._surname_weights = _cumulative(provider.last_names.values())
        self._given = {"M": list(provider.first_names_male), "F": list(provider.first_names_female)}
        self._given_single = {sex: [n for n in v if len(n) == 1] for sex, v in self._given.items()}
        self._streets = {}
        for code in self.districts:
            pool = MAIN_ROADS[code].split()
            assert len(pool) == ROADS_PER_DISTRICT
            while len(pool) < STREETS_PER_DISTRICT:
                street = self.faker.street_name()
                if street not in pool:
                    pool.append(street)
            self._streets[code] = pool
        self._trade_prefixes = [
            p
            for p in self.faker.provider("faker.providers.company").company_prefixes
            if len(p) <= 4 and not p.isascii()
        ]
        self._age_weights = _cumulative(AGE_BANDS)
        self._child_weights = _cumulative(CHILDREN_WEIGHTS)
        self._oldest = _years_before(self.as_of, 95) + timedelta(days=1)

    # -- persons -------------------------------------------------------------------------

    def generate(self, persons: int, entities: int) -> Summary:
        """Write ``persons`` persons with their family relations, then ``entities`` entities."""
        if persons < 0 or entities < 0:
            raise ValueError("counts cannot be negative")
        sink = _Sink()
        try:
            start = time.perf_counter()
            if persons:
                self._write_persons(sink, persons, start)
                sink.finish()
            self.summary.person_seconds = time.perf_counter() - start
            start = time.perf_counter()
            if entities:
                self._write_entities(sink, entities, start)
                sink.finish()
        finally:
            sink.stop()
        if sink.postgres and (persons or entities):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"ANALYZE {Person._meta.db_table}, {FamilyRelation._meta.db_table}, "
                    f"{LegalEntity._meta.db_table}"
                )
        self.summary.entity_seconds = time.perf_counter() - start
        return self.summary

    def draw_families(self, persons: int, pks: Callable[[], int]):
        """Yield (members, relations) per household until exactly ``persons`` were drawn.

        ``relations`` are (person, relative, kind) triples of ``_Person`` in both directions.
        """
        left = persons
        while left:
            members, relations = self._household(pks, left)
            left -= len(members)
            yield members, relations

    def _write_persons(self, sink: _Sink, total: int, start: float) -> None:
        check_existing = Person.objects.exists()
        reserved: list[int] = []

        def next_pk() -> int:
            if not reserved:
                reserved.extend(reversed(sink.reserve_person_pks(self.batch_size)))
            return reserved.pop()

        def report(persons: int, relations: int):
            def done():
                self.summary.persons += persons
                self.summary.relations += relations
                self.progress(
                    f"  persons {self.summary.persons:>10,} / {total:,}  "
                    f"relations {self.summary.relations:>10,}  "
                    f"{self.summary.persons / (time.perf_counter() - start):>8,.0f} persons/s"
                )

            return done

        batch: list[_Person] = []
        links: list[tuple[int, int, str]] = []
        adult_born = _years_before(self.as_of, 18)

        def flush():
            rows = self._person_rows(sink, batch, check_existing)
            sink.commit(
                [
                    (Person, PERSON_COLUMNS, rows, _describe_person),
                    (FamilyRelation, RELATION_COLUMNS, links, _describe_relation),
                ],
                report(len(batch), len(links)),
            )
            self._adult_pks.extend(p.pk for p in batch if p.birth_date <= adult_born)

        for members, relations in self.draw_families(total, next_pk):
            batch.extend(members)
            links.extend((a.pk, b.pk, kind) for a, b, kind in relations)
            if len(batch) >= self.batch_size:
                flush()
                batch, links = [], []
        if batch:
            flush()

    def _person_rows(self, sink: _Sink, batch: list[_Person], check_existing: bool) -> list:
        """The rows to COPY: the ID number encrypted by its field, with its blind index."""
        indexes = [blind_index(ID_INDEX, p.id_number) for p in batch]
        while check_existing:  # redraw the rare ID number another run already holds
            taken = sink.existing(Person, "id_number_index", indexes)
            if not taken:
                break
            for i, person in enumerate(batch):
                if indexes[i] in taken:
                    person.id_number = self._id_number(
                        person.id_number[:6], person.birth_date, person.sex
                    )
                    indexes[i] = blind_index(ID_INDEX, person.id_number)
        prep = self._id_field.get_prep_value
        now = timezone.now()
        rows = [
            (
                p.pk,
                prep(p.id_number),
                index,
                p.name,
                p.sex,
                p.birth_date,
                p.district,
                p.address,
                p.marital_status,
                now,
            )
            for p, index in zip(batch, indexes, strict=True)
        ]
        _check_lengths(Person, PERSON_COLUMNS, rows, _describe_person)
        return rows

    def _household(self, pks, left: int) -> tuple[list[_Person], list[tuple]]:
        """One household: a single adult, a single parent, or a couple with children."""
        rng = self.rng
        district = self._pick(self.districts, self._home_weights)
        address = self._address(rng, district, home=True)
        draw = rng.random()
        if left < MAX_HOUSEHOLD or draw < 0.2:
            age = self._adult_age()
            person = self._person(
                pks, _choice(rng, "MF"), age, district, address, self._single(age)
            )
            return [person], []
        if draw < 0.26:  # divorced or widowed, with the children
            age = max(self._adult_age(), 24)
            parent = self._person(
                pks, _choice(rng, "MF"), age, district, address, self._single(age, alone=False)
            )
            members, relations = [parent], []
            self._children(pks, [parent], _between(rng, 1, 2), members, relations)
            return members, relations
        return self._couple(pks, district, address)

    def _couple(self, pks, district, address, *, husband=None, wife=None):
        """A married couple with their children; a couple of the first generation may also
        have married children with children of their own (grandchildren)."""
        rng = self.rng
        married = MaritalStatus.MARRIED
        first_generation = husband is None and wife is None
        if husband is None:
            age = max(self._adult_age(), 22)
            if wife is not None:
                age = _age(wife.birth_date, self.as_of) + _between(rng, -2, 6)
            husband = self._person(pks, "M", age, district, address, married)
        if wife is None:
            age = max(_age(husband.birth_date, self.as_of) - _between(rng, -2, 6), 20)
            wife = self._person(pks, "F", age, district, address, married)
        members = [husband, wife]
        relations = [(husband, wife, Relation.SPOUSE), (wife, husband, Relation.SPOUSE)]
        count = self._pick(CHILDREN, self._child_weights)
        children = self._children(pks, [husband, wife], count, members, relations)
        if first_generation:
            for child in children:
                if _age(child.birth_date, self.as_of) >= 24 and rng.random() < 0.5:
                    self._marry(pks, child, members, relations)
        return members, relations

    def _marry(self, pks, child: _Person, members: list, relations: list) -> None:
        """An adult child moves out, marries someone not yet in the registry and has children."""
        rng = self.rng
        district = (
            child.district if rng.random() < 0.6 else self._pick(self.districts, self._home_weights)
        )
        address = self._address(rng, district, home=True)
        child.district, child.address = district, address
        child.marital_status = MaritalStatus.MARRIED
        if child.sex == "M":
            family, links = self._couple(pks, district, address, husband=child)
        else:
            family, links = self._couple(pks, district, address, wife=child)
        members.extend(m for m in family if m is not child)
        relations.extend(links)

    def _children(self, pks, parents, count, members, relations) -> list[_Person]:
        """Up to ``count`` children born when the younger parent was 20 to 40; most take
        their father's surname."""
        rng = self.rng
        mother = parents[-1]
        fathers = [p for p in parents if p.sex == "M"]
        surname = (fathers[0] if fathers and rng.random() < 0.92 else mother).surname
        youngest = min(_age(p.birth_date, self.as_of) for p in parents)
        children = []
        for _ in range(count):
            age = youngest - _between(rng, 20, 40)
            if age < 0:
                continue
            status = MaritalStatus.UNMARRIED
            if age >= 18 and rng.random() < 0.3:
                status = self._single(age)
            child = self._person(
                pks, _choice(rng, "MF"), age, mother.district, mother.address, status, surname
            )
            children.append(child)
            members.append(child)
            for parent in parents:
                relations.append((child, parent, Relation.PARENT))
                relations.append((parent, child, Relation.CHILD))
        return children

    def _person(self, pks, sex, age, district, address, status, surname=None) -> _Person:
        rng = self.rng
        born = self.as_of - timedelta(days=int((age + rng.random()) * 365.2425))
        born = max(born, self._oldest)
        surname = surname or self._pick(self._surnames, self._surname_weights)
        if rng.random() < 0.55:
            given = _choice(rng, self._given[sex])
        else:
            singles = self._given_single[sex]
            given = _choice(rng, singles) + _choice(rng, singles)
        return _Person(
            pk=pks(),
            id_number=self._id_number(district, born, sex),
            name=surname + given,
            surname=surname,
            sex=sex,
            birth_date=born,
            district=district,
            address=address,
            marital_status=status,
        )

    def _id_number(self, district: str, born: date, sex: str) -> str:
        while True:
            value = generate_id_number(district, born, sex=sex, rng=self.rng)
            body = int(value[:17])
            if body not in self._used_ids:
                self._used_ids.add(body)
                return value

    def _adult_age(self) -> int:
        while True:
            band = self._pick(range(len(AGE_BANDS)), self._age_weights)
            age = band * 5 + int(self.rng.random() * 5)
            if age >= 18:
                return age

    def _single(self, age: int, *, alone: bool = True) -> str:
        """The status of an adult with no spouse in the registry."""
        draw = self.rng.random()
        if not alone:  # a lone parent
            return MaritalStatus.WIDOWED if age >= 55 and draw < 0.6 else MaritalStatus.DIVORCED
        if age < 30:
            return MaritalStatus.UNMARRIED if draw < 0.95 else MaritalStatus.DIVORCED
        if age < 60:
            if draw < 0.55:
                return MaritalStatus.UNMARRIED
            return MaritalStatus.DIVORCED if draw < 0.9 else MaritalStatus.WIDOWED
        if draw < 0.65:
            return MaritalStatus.WIDOWED
        return MaritalStatus.DIVORCED if draw < 0.85 else MaritalStatus.UNMARRIED

    def _address(self, rng, district: str, *, home: bool) -> str:
        pool = self._streets[district]  # the main roads first: half the addresses are on them
        street = pool[int(rng.random() * (ROADS_PER_DISTRICT if rng.random() < 0.5 else len(pool)))]
        number = int(rng.paretovariate(1.2) * 10) % 999 + 1
        base = f"{CITY}{self.district_names[district]}{street}{number}号"
        if home:
            return f"{base}{_between(rng, 1, 33)}{_between(rng, 1, 8):02d}房"
        return f"{base}{_between(rng, 1, 30)}层{_between(rng, 1, 20):02d}室"

    def _pick(self, items, cumulative):
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    # -- entities ------------------------------------------------------------------------

    def _write_entities(self, sink: _Sink, total: int, start: float) -> None:
        rng = random.Random(f"{self.seed}:entities")  # noqa: S311 - synthetic data
        representatives = self._adult_pks or self._existing_adults()
        if not representatives:
            raise GenerationError(
                "no adult person in registry_person to be a legal representative; "
                "generate persons first"
            )
        check_existing = LegalEntity.objects.exists()
        now = timezone.now()
        type_weights = _cumulative(w for _, w, _ in ENTITY_TYPES)
        names: set[str] = set()
        done = 0

        def report(count: int):
            def done_():
                self.summary.entities += count
                rate = self.summary.entities / (time.perf_counter() - start)
                self.progress(
                    f"  entities {self.summary.entities:>10,} / {total:,}  {rate:>8,.0f} entities/s"
                )

            return done_

        while done < total:
            count = min(self.batch_size, total - done)
            entities = [
                self._entity(rng, type_weights, names, representatives, now) for _ in range(count)
            ]
            while check_existing:  # redraw the rare USCC another run already holds
                taken = sink.existing(LegalEntity, "uscc", [e[0] for e in entities])
                if not taken:
                    break
                entities = [
                    (self._uscc(rng, e[10], e[0][:2]), *e[1:]) if e[0] in taken else e
                    for e in entities
                ]
            _check_lengths(LegalEntity, ENTITY_COLUMNS, entities, _describe_entity)
            sink.commit([(LegalEntity, ENTITY_COLUMNS, entities, _describe_entity)], report(count))
            done += count

    def _existing_adults(self) -> array:
        born = _years_before(self.as_of, 18)
        pks = (
            Person.objects.filter(birth_date__lte=born).order_by("pk").values_list("pk", flat=True)
        )
        return array("q", pks.iterator(chunk_size=10_000))

    def _entity(self, rng, type_weights, names, representatives, now) -> tuple:
        kind, _, code = ENTITY_TYPES[bisect.bisect(type_weights, rng.random() * type_weights[-1])]
        district = self.districts[
            bisect.bisect(self._firm_weights, rng.random() * self._firm_weights[-1])
        ]
        if kind == EntityType.COOPERATIVE:
            district = rng.choice(("440114", "440115", "440117", "440118"))
        if kind == EntityType.SOCIAL_ORGANIZATION and rng.random() < 0.4:
            code = "52"  # 民办非企业单位
        district_name = self.district_names[district]
        name, scope = self._entity_name(rng, kind, code, district, names)
        established = self._established(rng, kind)
        draw = rng.random()
        status, changed = EntityStatus.ACTIVE, None
        if draw < 0.12 and kind != EntityType.PUBLIC_INSTITUTION:
            status = EntityStatus.CANCELLED if draw < 0.08 else EntityStatus.REVOKED
            span = (self.as_of - established).days
            changed = established + timedelta(days=rng.randint(min(30, span), span))
        if kind == EntityType.PUBLIC_INSTITUTION:
            authority = f"中共{CITY}{district_name}委机构编制委员会办公室"
        elif kind == EntityType.SOCIAL_ORGANIZATION:
            authority = f"{CITY}{district_name}民政局"
        else:
            authority = f"{CITY}{district_name}市场监督管理局"
        capital = Decimal(rng.choice(CAPITAL[kind]) * 10_000).quantize(Decimal("0.01"))
        return (
            self._uscc(rng, district, code),
            name,
            kind.value,
            representatives[rng.randrange(len(representatives))],
            capital,
            established,
            authority,
            scope,
            status.value,
            changed,
            district,
            self._address(rng, district, home=False),
            now,
        )

    def _uscc(self, rng, district: str, code: str) -> str:
        while True:
            value = generate_uscc(district, authority=code[0], category=code[1], rng=rng)
            if value not in self._used_usccs:
                self._used_usccs.add(value)
                return value

    def _entity_name(self, rng, kind, code, district, names) -> tuple[str, str]:
        district_name = self.district_names[district]
        for attempt in range(20):
            trade = (
                rng.choice(self._trade_prefixes)
                if rng.random() < 0.15
                else rng.choice(TRADE_NAME_CHARS) + rng.choice(TRADE_NAME_CHARS)
            )
            # Within the city the district name is optional; on a repeat it tells two apart.
            place = "广州" if attempt < 3 and rng.random() < 0.7 else f"{CITY}{district_name}"
            if kind == EntityType.INDIVIDUAL_BUSINESS:
                industry = rng.choice(SHOPS)
                name = f"{CITY}{district_name}{trade}{industry.word}"
            elif kind == EntityType.COOPERATIVE:
                industry = rng.choice(FARMS)
                name = f"{CITY}{district_name}{trade}{industry.word}"
            elif kind == EntityType.PUBLIC_INSTITUTION:
                industry = rng.choice(INSTITUTIONS)
                street = rng.choice(self._streets[district])
                name = f"{CITY}{district_name}{street}{industry.word}"
            elif kind == EntityType.SOCIAL_ORGANIZATION and code == "52":
                industry = rng.choice(NON_PROFITS)
                name = f"{CITY}{district_name}{trade}{industry.word}"
            elif kind == EntityType.SOCIAL_ORGANIZATION:
                industry = rng.choice(INDUSTRIES)
                qualifier = trade if attempt else ""  # a second association: 广州市天河区瑞泰…
                name = f"{CITY}{district_name}{qualifier}{industry.word}{rng.choice(SOCIETIES)}"
            else:
                industry = rng.choice(INDUSTRIES)
                form = {
                    EntityType.LIMITED: "有限公司",
                    EntityType.JOINT_STOCK: "股份有限公司",
                    EntityType.SOLE_PROPRIETORSHIP: "中心（个人独资）",
                    EntityType.PARTNERSHIP: "合伙企业（有限合伙）",
                }[kind]
                name = f"{place}{trade}{industry.word}{form}"
            if name not in names:
                names.add(name)
                break
        else:
            name = f"{name}（{len(names) + 1}）"
            names.add(name)
        activities = rng.sample(industry.scope, k=rng.randint(2, len(industry.scope)))  # 2+
        licensed = kind not in (EntityType.PUBLIC_INSTITUTION, EntityType.SOCIAL_ORGANIZATION)
        return name, "；".join(activities) + (LICENCE_TAIL if licensed else "")

    def _established(self, rng, kind) -> date:
        mean_age = 18 if kind == EntityType.PUBLIC_INSTITUTION else 7
        years = min(rng.expovariate(1 / mean_age), 35)
        return self.as_of - timedelta(days=max(1, int(years * 365.2425)))


def _choice(rng: random.Random, items):
    """``rng.choice`` in a third of the time (one float instead of rejection sampling)."""
    return items[int(rng.random() * len(items))]


def _between(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint`` likewise: an integer in [low, high]."""
    return low + int(rng.random() * (high - low + 1))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _check_lengths(model, columns: tuple[str, ...], rows: list[tuple], describe) -> None:
    """Refuse, naming the record and field, a value longer than its column allows."""
    limits = [
        (columns.index(f.column), f)
        for f in model._meta.concrete_fields
        if f.max_length and f.column in columns
    ]
    for row in rows:
        for i, field in limits:
            if len(row[i]) > field.max_length:
                raise GenerationError(
                    f"{describe(row)}, field {field.name}: {len(row[i])} characters, "
                    f"at most {field.max_length}"
                )


def _describe_person(row: tuple) -> str:
    return f"person id={row[0]} {row[3]} born {row[5]}"


def _describe_relation(row: tuple) -> str:
    return f"family relation person={row[0]} {row[2]} relative={row[1]}"


def _describe_entity(row: tuple) -> str:
    return f"entity {row[0]} {row[1]}"
