"""Fixtures for the case engine: the catalogue, officials per department, valid applications."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfWriter

from onewindow.accounts import services as account_services
from onewindow.accounts.models import Department, Role
from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import ServiceItem
from onewindow.core.identifiers import generate_id_number, generate_uscc
from tests.factories import PASSWORD, CitizenFactory, EnterpriseFactory

SINGLE = "440100-WJ-XK-121"  # 医师执业注册: one department (卫健委)
PARALLEL = "440100-SCJG-XK-326"  # 开办餐饮店一件事: 市场监管 + 消防 + 城管 in parallel
TALENT = "440100-RCB-QR-200"  # 高层次人才认定, then five benefits in parallel
INSPECTION = "440100-SCJG-XK-307"  # 食品生产许可: review, then an on-site inspection


def pdf_bytes(text: str = "material") -> bytes:
    """A one-page PDF titled ``text``."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


_rng = random.Random(11)


def valid_value(field: dict):
    kind = field_kind(field)
    if kind == "choice":
        return field["enum"][0]
    if kind == "number":
        return field.get("minimum", 1) if field.get("minimum", 1) > 0 else 1
    if kind == "formatted":
        return {
            "date": "2026-09-01",
            "id-number": generate_id_number("440106", date(1988, 3, 9), rng=_rng),
            "uscc": generate_uscc("440106", rng=_rng),
            "division": "440106",
            "phone": "13900001111",
        }[field["format"]]
    return "测试内容"


def valid_form(item: ServiceItem) -> dict:
    """Valid values for every field but those naming the applicant (filled from the account)."""
    fields = item.form_schema["properties"]
    return {
        name: valid_value(field)
        for name, field in fields.items()
        if field_kind(field) != "file" and "applicant" not in field
    }


def valid_uploads(item: ServiceItem, *, conditional: bool = False) -> dict:
    return {
        m.key: (f"{m.key}.pdf", pdf_bytes(m.key))
        for m in item.materials.all()
        if m.source_kind == "upload" and (conditional or m.requirement == "mandatory")
    }


@dataclass
class Staff:
    """Officials of every department a scenario needs, created on demand."""

    def official(self, department_code: str, role: str):
        username = f"{department_code}-{role}".lower().replace("440100-", "")
        existing = account_services.User.objects.filter(username=username).first()
        if existing:
            return existing
        user = account_services.create_official(
            username=username, password=PASSWORD, real_name=f"{role}{department_code[-4:]}"
        )
        department = Department.objects.get(code=department_code)
        account_services.assign_role(user=user, department=department, role=role)
        return user

    def clerk(self, code):
        return self.official(code, Role.WINDOW_CLERK)

    def reviewer(self, code):
        return self.official(code, Role.REVIEWER)

    def head(self, code):
        return self.official(code, Role.HEAD)


@pytest.fixture
def staff(catalogue):
    return Staff()


@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def enterprise(db):
    return EnterpriseFactory()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ONEWINDOW_NOTIFICATION_CHANNELS = ["log"]
