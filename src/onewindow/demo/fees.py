"""Demo cases with fees (统一出件): a granted 往来港澳通行证 whose 60-yuan fee is still unpaid, and
a granted passport paid at the city service centre's counter and posted by EMS.

Each case is made once (its idempotency key finds it again) and moved on only as far as it
has not yet gone, through the same services the pages call, by the demo officials.
"""

from __future__ import annotations

import io

from PIL import Image

from onewindow.accounts.models import User
from onewindow.cases import services
from onewindow.cases.delivery import s10_check_digit
from onewindow.cases.models import Case, Status
from onewindow.payments.models import FeeNotice

UNPAID = ("demo-fee-unpaid", "440100-CRJ-XK-223")
POSTED = ("demo-fee-posted", "440100-CRJ-XK-224")
ADDRESS = "广州市天河区体育西路103号 张晓明 13800138000"
RECEIPT = "GZFS2026000101"
SERIAL = "20261205"
TRACKING = f"EA{SERIAL}{s10_check_digit(SERIAL)}CN"  # an EMS item number (UPU S10)


def _photo() -> tuple[str, bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (354, 472), (235, 240, 250)).save(buffer, format="JPEG")
    return "photo.jpg", buffer.getvalue()


FORMS = {
    "440100-CRJ-XK-223": {
        "phone": "13800138000",
        "application_type": "首次申领",
        "endorsement_type": "个人旅游（G）",
    },
    "440100-CRJ-XK-224": {
        "phone": "13800138000",
        "application_type": "首次申领",
        "travel_purpose": "旅游",
    },
}


def _granted(key: str, item_code: str) -> Case:
    citizen = User.objects.get(username="citizen")
    officials = {name: User.objects.get(username=name) for name in ("exit_clerk", "exit_head")}
    reviewer = User.objects.get(username="exit_reviewer")
    case = services.submit(
        applicant=citizen,
        item_code=item_code,
        form=dict(FORMS[item_code]),
        uploads={"photo": _photo()},
        idempotency_key=key,
    )
    if case.status == Status.SUBMITTED:
        case = services.accept(number=case.number, actor=officials["exit_clerk"])
    for task in case.tasks.filter(status="open"):
        services.approve(task_id=task.pk, actor=reviewer, opinion="符合签发条件。")
    case.refresh_from_db()
    if case.status == Status.AWAITING_DECISION:
        case = services.decide(number=case.number, actor=officials["exit_head"])
    return case


def ensure() -> dict[str, str]:
    """Idempotent: the two cases, as far as each goes; returns their numbers."""
    unpaid = _granted(*UNPAID)
    posted = _granted(*POSTED)
    clerk = User.objects.get(username="clerk")  # the city service centre's window (统一出件)
    if posted.status == Status.AWAITING_DELIVERY:
        if not posted.delivery_method:
            posted = services.choose_delivery(
                number=posted.number, applicant=posted.applicant, method="post", address=ADDRESS
            )
        notice = FeeNotice.objects.filter(case_number=posted.number, status="due").first()
        if notice is not None:
            services.record_fee_payment(
                number=posted.number,
                actor=clerk,
                reference=notice.reference,
                amount=str(notice.amount),
                receipt_number=RECEIPT,
            )
        services.deliver(
            number=posted.number,
            actor=clerk,
            method="post",
            carrier="ems",
            tracking_number=TRACKING,
        )
    return {"unpaid": unpaid.number, "posted": posted.number}
