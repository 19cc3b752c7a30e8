"""The demo's central window: the city's 政务服务中心 with city-level instances of several
services, applications waiting for its intake (one filed at the counter), and appointments.

Where the service centres and instances are already loaded, they are used as they are; the
demo only adds what is missing.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import Department, User
from onewindow.appointments import selectors as appointment_selectors
from onewindow.appointments import services as appointments
from onewindow.appointments.models import Booking, Slot
from onewindow.cases import services as case_services
from onewindow.cases import walk_in
from onewindow.cases.models import Case
from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import InstanceLevel, ItemInstance, ServiceItem
from onewindow.core import audit
from onewindow.demo.files import blank_pdf

CITY_CENTRE = "440100-ZWFW-ZX"
CENTRE = {
    "name": "广州市政务服务中心",
    "name_en": "Guangzhou Government Service Centre",
    "kind": Department.Kind.SERVICE_CENTRE,
    "division_id": "440100",
    "address": "广州市天河区天润路333号",
    "address_en": "333 Tianrun Road, Tianhe District, Guangzhou",
    "hours": "周一至周五 9:00–12:00，13:00–17:00（法定节假日除外）",
    "hours_en": "Monday to Friday 9:00–12:00 and 13:00–17:00, except public holidays",
    "phone": "12345",
}
# City-level services whose window is the city centre (综合受理); the last is an enterprise's.
CENTRE_ITEMS = [
    "440100-GA-QR-105",  # 广东省居住证申领
    "440100-MZ-QR-107",  # 内地居民结婚登记: both parties in person
    "440100-MZ-QR-108",  # 内地居民离婚登记: both parties in person, twice
    "440100-WJ-XK-121",  # 医师执业注册
    "440100-JY-XK-115",  # 教师资格认定
    "440100-RS-GG-213",  # 社会保障卡申领
    "440100-GJJ-GG-218",  # 住房公积金提取（购买自住住房）
    "440100-CRJ-XK-224",  # 普通护照签发
    "440100-SCJG-XK-306",  # 食品经营许可
]
# Applications waiting for the central window's intake: (item, idempotency key, at the counter).
WAITING = [
    ("440100-WJ-XK-121", "demo-centre-1", False),
    ("440100-RS-GG-213", "demo-centre-2", False),
    ("440100-JY-XK-115", "demo-centre-walk-in", True),
]
WEEK = [
    (weekday, start, end, 6)
    for weekday in range(5)
    for start, end in (
        ("09:00", "10:00"),
        ("10:00", "11:00"),
        ("14:00", "15:00"),
        ("15:00", "16:00"),
    )
]


def _value(field: dict):
    kind = field_kind(field)
    if kind == "choice":
        return field["enum"][0]
    if kind == "number":
        return max(field.get("minimum", 1), 1)
    if kind == "formatted":
        return {
            "date": "2026-09-01",
            "id-number": "",
            "uscc": "",
            "division": "440106",
            "phone": "13800138000",
        }[field["format"]]
    return "示例内容"


def _application(item: ServiceItem) -> tuple[dict, dict]:
    """A complete form (fields naming the applicant come from the account) and the uploads."""
    fields = item.form_schema.get("properties", {})
    form = {
        name: _value(field)
        for name, field in fields.items()
        if field_kind(field) != "file" and "applicant" not in field
    }
    uploads = {
        m.key: (f"{m.key}.pdf", blank_pdf(m.name))
        for m in item.materials.all()
        if m.source_kind == "upload" and m.requirement == "mandatory"
    }
    return form, uploads


def ensure_centre() -> Department:
    """The city centre as a department (kept as loaded when it exists)."""
    parent = Department.objects.get(code="440100-ZWFW")
    centre, created = Department.objects.get_or_create(
        code=CITY_CENTRE, defaults={**CENTRE, "parent": parent}
    )
    if created:
        audit.record(
            "department.created",
            object_type="department",
            object_id=CITY_CENTRE,
            data={"name": centre.name, "kind": centre.kind, "division": "440100"},
        )
    return centre


@transaction.atomic
def ensure_instances(centre: Department) -> int:
    """City-level instances of ``CENTRE_ITEMS`` at the centre, where none is loaded yet."""
    made = 0
    for item in ServiceItem.objects.filter(code__in=CENTRE_ITEMS, published=True):
        _instance, created = ItemInstance.objects.get_or_create(
            item=item,
            division_id="440100",
            defaults={
                "level": InstanceLevel.CITY,
                "department": item.lead_department,
                "service_centre": centre,
                "window": "综合受理窗口",
                "window_en": "Comprehensive intake window",
                "promised_limit": item.promised_limit,
            },
        )
        made += created
    if made:
        audit.record(
            "catalog.instances_created",
            object_type="department",
            object_id=centre.code,
            data={"instances": made, "level": InstanceLevel.CITY},
        )
    return made


def ensure_waiting_cases(centre: Department, citizen: User, clerk: User) -> int:
    """Applications awaiting the centre's intake; one filed for the citizen at the counter."""
    filed = 0
    instances = {i.item.code: i for i in _centre_instances(centre)}
    for code, key, at_counter in WAITING:
        instance = instances.get(code)
        if instance is None or Case.objects.filter(idempotency_key=key).exists():
            continue
        form, uploads = _application(instance.item)
        if at_counter:
            walk_in.start_walk_in(
                clerk=clerk,
                instance_id=instance.pk,
                real_name=citizen.real_name,
                id_number=citizen.id_number,
                phone=citizen.phone,
                consent=True,
                form=form,
                uploads=uploads,
                idempotency_key=key,
            )
        else:
            with transaction.atomic():
                case = case_services.submit(
                    applicant=citizen,
                    item_code=code,
                    form=form,
                    uploads=uploads,
                    idempotency_key=key,
                )
                Case.objects.filter(pk=case.pk).update(instance=instance)
        filed += 1
    return filed


def _centre_instances(centre: Department):
    return ItemInstance.objects.filter(service_centre=centre, published=True).select_related("item")


def ensure_appointments(centre: Department, citizen: User, enterprise: User) -> int:
    """The centre's week, its slots, and bookings: the citizen's and the enterprise's on the
    next working day, and the citizen's later today when the centre is still open."""
    if not centre.slot_templates.exists():
        appointments.set_week(centre=centre, periods=WEEK)
    appointments.generate_slots()
    today = timezone.localdate()
    next_day = appointments.working_days_ahead(today, 1)[0]
    wanted = [
        (citizen, "440100-MZ-QR-107", next_day, time(9)),
        (enterprise, "440100-SCJG-XK-306", next_day, time(10)),
        (citizen, "440100-GA-QR-105", today, time(15)),
    ]
    made = 0
    for person, code, day, start in wanted:
        if Booking.objects.filter(applicant=person, item__code=code, slot__day__gte=today).exists():
            continue
        slot = Slot.objects.filter(centre=centre, day=day, start=start).first()
        if slot is None or slot.free == 0 or _past(day, start):
            continue
        appointments.book(applicant=person, slot_id=slot.pk, item_code=code)
        made += 1
    return made


def _past(day: date, start: time) -> bool:
    return timezone.make_aware(datetime.combine(day, start)) <= timezone.now()


def ensure(citizen: User, enterprise: User, clerk: User) -> dict[str, int]:
    centre = ensure_centre()
    return {
        "instances": ensure_instances(centre),
        "cases": ensure_waiting_cases(centre, citizen, clerk),
        "bookings": ensure_appointments(centre, citizen, enterprise),
        "upcoming": appointment_selectors.upcoming_of(citizen).count(),
    }
