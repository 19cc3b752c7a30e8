"""A synthetic history of labelled 12345 tickets, the same for the same seed.

The texts come from the templates in ``data/ticket_templates.yaml`` (several phrasings, kinds and
registers per category, Cantonese and colloquial turns, typos), names and companies from Faker
``zh_CN``, places from the registry's standard addresses (``registry/data/places.csv``). Each
ticket carries the labels an operator would have confirmed: its category and its lead department
— usually the category's department, but a located matter is often dispatched to the district
where it happened (属地管理), some texts name a matter another department handles, and a few
tickets go to the district government for co-ordination, so routing is not a lookup table.
"""

from __future__ import annotations

import csv
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import yaml
from faker import Faker

DATA = Path(__file__).parent / "data"
TEMPLATES_FILE = DATA / "ticket_templates.yaml"
CATEGORIES_FILE = DATA / "categories.yaml"
PLACES_FILE = Path(__file__).parents[1] / "registry" / "data" / "places.csv"
CENTRES_FILE = Path(__file__).parents[1] / "accounts" / "data" / "service_centres.yaml"

DEFAULT_SEED = 12345
HISTORY_SIZE = 20_000
START = datetime(2025, 12, 1, tzinfo=UTC)  # the history covers the year before the platform
KIND_WORDS = {
    "consultation": "咨询",
    "help": "求助",
    "complaint": "投诉",
    "report": "举报",
    "suggestion": "建议",
    "praise": "表扬",
}
GENERIC_TITLES = [
    "市民来电反映问题",
    "来电{kind}",
    "{kind}",
    "市民{kind}",
    "关于{district}的{kind}",
]
CHANNELS = (("phone", 0.6), ("web", 0.25), ("app", 0.1), ("open311", 0.05))
SHOP_TYPES = [
    "餐厅",
    "快餐店",
    "超市",
    "便利店",
    "手机店",
    "美容院",
    "健身房",
    "药店",
    "茶餐厅",
    "烧腊店",
    "奶茶店",
    "家电城",
    "酒楼",
    "面馆",
    "水果店",
    "理发店",
    "五金店",
]
NOISE_SHARE = 0.04  # dispatched to the district government for co-ordination, whatever it was
CITY_SHARE = 0.1  # a located matter a delegating district still sends to the city (a big case)
SECOND_ISSUE_SHARE = 0.06  # the caller raises a second matter; the first one is the label
SIBLING_SHARE = 0.03  # the operator filed it under a neighbouring category of the same group
TYPO_SHARE = 0.15
FILLER_SHARE = 0.12
BARE_SHARE = 0.08  # typed on a phone without punctuation
GENERIC_TITLE_SHARE = 0.15

_SLOT = re.compile(r"\{(\w+)\}")
_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
_PUNCTUATION = re.compile(r"[，。！？、]+")


@dataclass(frozen=True)
class SyntheticTicket:
    number: str
    received_at: datetime
    channel: str
    kind: str
    title: str
    description: str
    address: str
    division_code: str
    caller_name: str
    caller_phone: str
    urgent: bool
    category: str  # labels: the confirmed category and lead department
    department: str
    template: str = ""  # which template wrote it (category/index), for held-out phrasings


@dataclass(frozen=True)
class Place:
    code: str
    division: str
    district: str  # the district's code
    street: str
    number: str
    building: str


@cache
def templates() -> dict:
    return yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))


@cache
def category_departments() -> dict[str, str]:
    """Each category's usual department, from categories.yaml."""
    rows = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))
    return {row["code"]: row["department"] for row in rows}


@cache
def category_groups() -> dict[str, str]:
    rows = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))
    return {row["code"]: row["group"] for row in rows}


def delegated(category: str, district: str, share: float) -> bool:
    """Whether a district handles a category's located matters itself (属地管理).

    Districts differ in what they have taken over from the city; the rule is a fixed property of
    the (category, district) pair, the same for every seed, so a model can learn it.
    """
    return zlib.crc32(f"{category}/{district}".encode()) / 2**32 < share


@cache
def places() -> tuple[Place, ...]:
    with PLACES_FILE.open(encoding="utf-8") as handle:
        return tuple(
            Place(
                row["code"],
                row["division"],
                row["division"][:6],
                row["street"],
                row["number"],
                row["building"],
            )
            for row in csv.DictReader(handle)
        )


@cache
def district_names() -> dict[str, str]:
    """District code → short name (荔湾区), from the district governments' names."""
    rows = yaml.safe_load(CENTRES_FILE.read_text(encoding="utf-8"))
    return {
        row["code"][:6]: row["name"].removeprefix("广州市").removesuffix("人民政府")
        for row in rows
        if row.get("kind") == "government"
    }


@cache
def department_names() -> dict[str, str]:
    """Department code → name, for reports."""
    names = {}
    for path in (CENTRES_FILE.with_name("departments.yaml"), CENTRES_FILE):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            names[row["code"]] = row["name"]
    return names


@cache
def category_names() -> dict[str, str]:
    rows = yaml.safe_load(CATEGORIES_FILE.read_text(encoding="utf-8"))
    return {row["code"]: row["name"] for row in rows}


class Generator:
    """Draws tickets one by one; two generators with the same seed draw the same tickets."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(seed)
        data = templates()
        self.common: dict[str, list[str]] = data["common"]
        self.typos: dict[str, str] = data["typos"]
        self.fillers: list[str] = data["fillers"]
        self.categories: dict[str, dict] = data["categories"]
        self.codes = sorted(self.categories)
        self.defaults = category_departments()
        self.groups = category_groups()
        self.places = places()
        self.districts = district_names()
        self.count = 0

    def __iter__(self) -> Iterator[SyntheticTicket]:
        while True:
            yield self.ticket()

    def take(self, n: int) -> list[SyntheticTicket]:
        return [self.ticket() for _ in range(n)]

    def ticket(self) -> SyntheticTicket:
        rng = self.rng
        code = rng.choice(self.codes)
        spec = self.categories[code]
        spec_code = code  # the template's category, before an operator's sibling relabelling
        index = rng.randrange(len(spec["templates"]))  # draws as rng.choice would
        template = spec["templates"][index]
        place = rng.choice(self.places)
        values: dict[str, str] = {}
        slots = {**self.common, **spec.get("slots", {})}
        description = self._fill(template["text"], slots, values, place)
        if rng.random() < GENERIC_TITLE_SHARE:
            title = rng.choice(GENERIC_TITLES)
            values["kind"] = KIND_WORDS[template["kind"]]
        else:
            title = rng.choice(spec["titles"])
        title = self._fill(title, slots, values, place)
        if rng.random() < SECOND_ISSUE_SHARE:
            other = self.categories[rng.choice(self.codes)]
            more = self._fill(
                rng.choice(other["templates"])["text"],
                {**self.common, **other.get("slots", {})},
                {},
                place,
            )
            description += rng.choice(["另外，", "还有，", "顺便说一下，", "还有一个事，"]) + more
        description = self._colloquial(description)
        located = bool({"addr", "road", "community"} & values.keys())
        department = self._department(code, spec, template, located, place)
        if rng.random() < SIBLING_SHARE:
            siblings = [c for c in self.codes if self.groups[c] == self.groups[code] and c != code]
            if siblings:
                code = rng.choice(siblings)
        self.count += 1
        return SyntheticTicket(
            number=f"SYN{self.seed % 1000:03d}{self.count:07d}",
            received_at=START + timedelta(seconds=rng.randrange(365 * 86400)),
            channel=rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
            kind=template["kind"],
            title=title[:100],
            description=description,
            address=self._address(place) if located else "",
            division_code=place.division if located else place.district,
            caller_name=self.faker.name(),
            caller_phone=self.faker.phone_number(),
            urgent=rng.random() < 0.03,
            category=code,
            department=department,
            template=f"{spec_code}/{index}",
        )

    def _department(self, code: str, spec: dict, template: dict, located: bool, place) -> str:
        rng = self.rng
        if rng.random() < NOISE_SHARE:
            return f"{place.district}-GOV"
        if "department" in template:
            return template["department"]
        if (
            located
            and spec.get("district")
            and delegated(code, place.district, spec["district_share"])
            and rng.random() >= CITY_SHARE
        ):
            return f"{place.district}-{spec['district']}"
        return self.defaults[code]

    def _address(self, place: Place) -> str:
        return f"广州市{self.districts[place.district]}{place.street}{place.number}{place.building}"

    def _fill(self, text: str, slots: dict, values: dict[str, str], place: Place) -> str:
        """Fill slots (each drawn once per ticket) and pick one of each [a|b|c]."""

        def slot(match: re.Match) -> str:
            name = match.group(1)
            if name not in values:
                values[name] = self._draw(name, slots, place)
            return values[name]

        for _ in range(4):  # slot values hold slots and alternatives of their own
            text = _ALTERNATIVES.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
            filled = _SLOT.sub(slot, text)
            if filled == text:
                break
            text = filled
        return text

    def _draw(self, name: str, slots: dict, place: Place) -> str:
        rng = self.rng
        district = self.districts[place.district]
        match name:
            case "addr":
                return rng.choice(
                    [
                        f"{district}{place.street}{place.number}",
                        f"{place.street}{place.number}{place.building}",
                        f"{district}{place.street}",
                        f"{place.street}{place.number}附近",
                        f"广州市{district}{place.street}{place.number}{place.building}",
                    ]
                )
            case "road":
                return place.street
            case "district":
                return district if rng.random() < 0.8 else district.removesuffix("区")
            case "name":
                return self.faker.name()
            case "company":
                return self.faker.company()
            case "shop":
                return f"{self.faker.last_name()}记{rng.choice(SHOP_TYPES)}"
            case "money":
                return str(rng.choice([rng.randint(5, 99) * 10, rng.randint(1, 300) * 100]))
            case "n":
                return str(rng.randint(2, 12))
            case "cn":
                return rng.choice("二三四五六七八九")
            case "plate":
                return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(5))
            case "kind":
                return "问题"
        return rng.choice(slots[name])

    def _colloquial(self, text: str) -> str:
        """How callers and typists really write: fillers, typos, no punctuation."""
        rng = self.rng
        if rng.random() < FILLER_SHARE:
            text = rng.choice(self.fillers) + text
        if rng.random() < TYPO_SHARE:
            present = [word for word in self.typos if word in text]
            if present:
                word = rng.choice(present)
                text = text.replace(word, self.typos[word], 1)
        if rng.random() < BARE_SHARE:
            text = _PUNCTUATION.sub(" ", text).strip()
        return text


def history(n: int = HISTORY_SIZE, seed: int = DEFAULT_SEED) -> list[SyntheticTicket]:
    """The synthetic history the shipped model is trained on."""
    return Generator(seed).take(n)
