"""A demo divorce registration in its cooling-off period (民法典 Art. 1077): the citizen's joint
application, received today at the civil affairs bureau's window, so the case page shows the
cooling-off end and the last day to appear together (as dates, provisional at year end)."""

from __future__ import annotations

import random
from datetime import date

from onewindow.accounts.models import User
from onewindow.cases import services
from onewindow.cases.models import Case
from onewindow.core.identifiers import generate_id_number
from onewindow.demo.files import blank_pdf

DIVORCE = "440100-MZ-QR-108"  # 内地居民离婚登记


def ensure() -> str:
    """Idempotent: the case number of the citizen's divorce application (made once)."""
    citizen = User.objects.get(username="citizen")
    existing = Case.objects.filter(applicant=citizen, item__code=DIVORCE).first()
    if existing is not None:
        return existing.number
    spouse_id = generate_id_number(
        "440106",
        date(1990, 2, 3),
        sex="F",
        rng=random.Random(1077),  # noqa: S311 - demo data
    )
    form = {
        "husband_name": citizen.real_name,
        "husband_id": citizen.id_number,
        "wife_name": "王丽",
        "wife_id": spouse_id,
        "minor_children": "否",
        "phone": "13800138000",
    }
    uploads = {
        "divorce_agreement": ("离婚协议书.pdf", blank_pdf("离婚协议书")),
        "photo": ("照片.pdf", blank_pdf("照片")),
    }
    case = services.submit(applicant=citizen, item_code=DIVORCE, form=form, uploads=uploads)
    # Marriage registration is the district's (天河区民政局 for the citizen's household): both
    # spouses at its registry today.
    clerk = User.objects.get(username="tianhe_mz_clerk")
    services.accept(number=case.number, actor=clerk)
    return case.number
