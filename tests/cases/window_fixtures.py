"""Service centres and item instances for the central window's tests."""

from __future__ import annotations

from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.catalog.models import InstanceLevel, ItemInstance, ServiceItem
from tests.factories import PASSWORD

CITY_CENTRE = "440100-ZWFW-ZX"
TIANHE_CENTRE = "440106-ZWFW-ZX"


def centre(code: str = CITY_CENTRE, division: str = "440100", parent: str = "440100-ZWFW"):
    found, _ = Department.objects.update_or_create(
        code=code,
        defaults={
            "name": f"政务服务中心{code[:6]}",
            "kind": Department.Kind.SERVICE_CENTRE,
            "division_id": division,
            "parent": Department.objects.get(code=parent),
            "address": "广州市天河区天润路333号",
        },
    )
    return found


def instance(item_code: str, service_centre: Department, division: str = "440100"):
    item = ServiceItem.objects.get(code=item_code)
    found, _ = ItemInstance.objects.update_or_create(
        item=item,
        division_id=division,
        defaults={
            "level": InstanceLevel.CITY,
            "department": item.lead_department,
            "service_centre": service_centre,
            "promised_limit": item.promised_limit,
        },
    )
    return found


def clerk_of(department: Department, username: str):
    user = account_services.create_official(username=username, password=PASSWORD, real_name="窗口")
    account_services.assign_role(user=user, department=department, role=Role.WINDOW_CLERK)
    return user
