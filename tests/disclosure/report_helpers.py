"""Rows the annual report counts, made directly (the request and publishing workflows have
their own tests); the report itself goes through its services."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count

from django.utils import timezone

from onewindow.accounts.models import Department
from onewindow.disclosure.models import Document, DocumentStatus, Guide, Request, RequestStatus
from onewindow.disclosure.report_models import Remedy
from onewindow.disclosure.vocab import Category, Channel
from tests.factories import DepartmentFactory

_numbers = count(1)


def agency(code: str, name: str = "测试局") -> Department:
    department = DepartmentFactory(code=code, name=name, name_en=f"Bureau {code}")
    Guide.objects.create(agency=department, office=f"{name}政府信息公开办公室")
    return department


def government(code: str = "440100-ZF") -> Department:
    return DepartmentFactory(code=code, name="测试市人民政府", kind=Department.Kind.GOVERNMENT)


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def request(agency, kind, received_on, *, replied_on=None, outcome="", status=None) -> Request:
    if status is None:
        status = RequestStatus.REPLIED if replied_on else RequestStatus.RECEIVED
    return Request.objects.create(
        number=f"GK-T-{next(_numbers):05d}",
        agency=agency,
        requester_kind=kind,
        requester_name="申请人",
        channel=Channel.ONLINE,
        description="请公开有关信息",
        submitted_at=moment(received_on),
        received_on=received_on,
        status=status,
        outcome=outcome,
        replied_on=replied_on,
    )


def document(agency, form, published_on, *, ended_on=None) -> Document:
    return Document.objects.create(
        agency=agency,
        category=Category.RULES,
        form=form,
        title="关于规范管理的规定",
        body="正文",
        formed_on=published_on,
        published_at=moment(published_on),
        status=DocumentStatus.PUBLISHED,
        validity="repealed" if ended_on else "in_force",
        ended_on=ended_on,
    )


def remedy(agency, kind, filed_on, *, concluded_on=None, result="pending") -> Remedy:
    return Remedy.objects.create(
        agency=agency,
        kind=kind,
        reference=f"穗复〔{filed_on.year}〕{next(_numbers)}号",
        filed_on=filed_on,
        concluded_on=concluded_on,
        result=result,
    )
