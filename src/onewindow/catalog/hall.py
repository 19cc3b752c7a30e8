"""What the service hall's home page shows: life events, popular services, departments and
the hall's notices.

Life events (人生大事) come from ``data/life_events.yaml``, read strictly: every event has
exactly the keys below, its slug is unique, and its services are listed in the order a person
usually needs them. ``check_life_events`` also checks the codes against the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.catalog.models import HallNotice, ServiceItem
from onewindow.catalog.selectors import items_by_codes, published_items
from onewindow.catalog.vocabulary import ApplicantType
from onewindow.core.localized import localized

LIFE_EVENTS_FILE = Path(__file__).resolve().parent / "data" / "life_events.yaml"
LIFE_EVENT_KEYS = {"slug", "name", "name_en", "summary", "summary_en", "items"}
SLUG = re.compile(r"^[a-z][a-z0-9-]{1,39}$")
ITEM_CODE = re.compile(r"^\d{6}-[A-Z]+-[A-Z]+-\d{3}$")

# Shown in 我要办 while the hall has too few applications to rank services by use.
CURATED_POPULAR = [
    "440100-GA-QR-101",  # 出生登记
    "440100-MZ-QR-107",  # 内地居民结婚登记
    "440100-RS-GG-213",  # 社会保障卡申领
    "440100-GJJ-GG-218",  # 住房公积金提取（购买自住住房）
    "440100-SCJG-XK-301",  # 企业开办一网通办
    "440100-CRJ-XK-224",  # 普通护照签发
    "440100-CRJ-XK-223",  # 往来港澳通行证及签注签发
    "440100-RS-QR-214",  # 职工退休申请
]


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    name: str
    name_en: str
    summary: str
    summary_en: str
    item_codes: tuple[str, ...]

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


def read_life_events(text: str, source: str = "life_events.yaml") -> list[LifeEvent]:
    """Parse the life-events file; any problem is an ``ImproperlyConfigured`` naming the field."""
    data = yaml.safe_load(text)
    if not isinstance(data, list) or not data:
        raise ImproperlyConfigured(f"{source}: a non-empty list of life events")
    events, slugs = [], set()
    for index, entry in enumerate(data):
        where = f"{source}[{index}]"
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where}: a life event is a mapping")
        unknown, missing = set(entry) - LIFE_EVENT_KEYS, LIFE_EVENT_KEYS - set(entry)
        if unknown:
            raise ImproperlyConfigured(f"{where}: unknown field {sorted(unknown)[0]}")
        if missing:
            raise ImproperlyConfigured(f"{where}: missing field {sorted(missing)[0]}")
        for key in LIFE_EVENT_KEYS - {"items"}:
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ImproperlyConfigured(f"{where}.{key}: a non-empty text")
        slug = entry["slug"]
        if not SLUG.match(slug):
            raise ImproperlyConfigured(f"{where}.slug: lower-case letters, digits and hyphens")
        if slug in slugs:
            raise ImproperlyConfigured(f"{where}.slug: {slug} is used twice")
        slugs.add(slug)
        codes = entry["items"]
        if not isinstance(codes, list) or not codes:
            raise ImproperlyConfigured(f"{where}.items: a non-empty list of item codes")
        for code in codes:
            if not isinstance(code, str) or not ITEM_CODE.match(code):
                raise ImproperlyConfigured(f"{where}.items: {code!r} is not an item code")
        if len(set(codes)) != len(codes):
            raise ImproperlyConfigured(f"{where}.items: an item is listed twice")
        events.append(
            LifeEvent(
                slug=slug,
                name=entry["name"].strip(),
                name_en=entry["name_en"].strip(),
                summary=entry["summary"].strip(),
                summary_en=entry["summary_en"].strip(),
                item_codes=tuple(codes),
            )
        )
    return events


@cache
def life_events() -> tuple[LifeEvent, ...]:
    return tuple(read_life_events(LIFE_EVENTS_FILE.read_text(encoding="utf-8")))


def life_event(slug: str) -> LifeEvent | None:
    return next((event for event in life_events() if event.slug == slug), None)


def check_life_events(known_codes: set[str]) -> list[str]:
    """The life events' item codes that are not in the catalogue (empty when all are)."""
    return [
        f"{event.slug}: {code}"
        for event in life_events()
        for code in event.item_codes
        if code not in known_codes
    ]


def life_event_items(event: LifeEvent) -> list[ServiceItem]:
    """The event's published services, in the file's order."""
    return items_by_codes(list(event.item_codes))


# A service counts as popular from this many applications on; below it, chance decides.
POPULAR_MIN_APPLICATIONS = 3


def popular_items(limit: int = 8, *, people_only: bool = False) -> list[ServiceItem]:
    """我要办: the services applied for most, topped up from the curated list. ``people_only``
    (the care mode's tiles) leaves out the services only an enterprise may apply for."""
    items = published_items()
    if people_only:
        items = items.exclude(applicant=ApplicantType.ENTERPRISE)
    used = list(
        items.annotate(applications=Count("cases"))
        .filter(applications__gte=POPULAR_MIN_APPLICATIONS)
        .order_by("-applications", "position", "code")[:limit]
    )
    chosen = {item.code for item in used}
    curated = [
        item
        for item in items_by_codes(CURATED_POPULAR)
        if item.code not in chosen
        and not (people_only and item.applicant == ApplicantType.ENTERPRISE)
    ]
    return (used + curated)[:limit]


def departments_and_items() -> list[tuple[Department, list[ServiceItem]]]:
    """Each department that leads a published service, with those services."""
    grouped: dict[int, tuple[Department, list[ServiceItem]]] = {}
    for item in published_items().order_by("lead_department__code", "position", "code"):
        grouped.setdefault(item.lead_department_id, (item.lead_department, []))[1].append(item)
    return list(grouped.values())


def current_notices() -> QuerySet[HallNotice]:
    """The notices published and not yet expired, newest first."""
    now = timezone.now()
    return HallNotice.objects.filter(published_at__lte=now).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def notice(pk: int) -> HallNotice | None:
    return current_notices().filter(pk=pk).first()
