"""Identity reclaim at the window: a clerk checks the original ID card in person, the person
proves a new phone with an SMS code, and the service freezes the account that held the identity.

Online reclaim needs a provider that proves the person; with the built-in one this is the path.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.identity import throttle
from onewindow.accounts.identity.throttle import RateLimited
from onewindow.notifications import codes
from onewindow.workbench.access import official_required
from onewindow.workbench.forms import WindowReclaimForm

logger = logging.getLogger(__name__)

SEND_CODE = "send_code"
TEMPLATE = "workbench/identity_reclaim.html"


class CodeStatus(NamedTuple):
    """What "Send code" achieved, in the shape of ``portal/_code_status.html``."""

    messages: list[str]
    error: bool = False
    on_console: bool = False


@official_required
def identity_reclaim(request):
    """The form, "Send code" without JavaScript, and the reclaim; only window clerks (403)."""
    identity_services.require_window_clerk(request.user)
    status = None
    if request.method != "POST":
        form = WindowReclaimForm()
    elif request.POST.get("action") == SEND_CODE:
        typed = {
            k: request.POST.get(k, "") for k in ("real_name", "id_number", "phone", "username")
        }
        form = WindowReclaimForm(
            initial=typed | {"id_card_checked": "id_card_checked" in request.POST}
        )
        status = _send(request, request.POST.get("phone", ""))
    else:
        form = WindowReclaimForm(request.POST)
        if form.is_valid() and (reclaim := _reclaim(request, form)) is not None:
            rows = [
                {**entry, "at": datetime.fromisoformat(entry["at"])} for entry in reclaim.activity
            ]
            return render(request, TEMPLATE, {"reclaim": reclaim, "rows": rows})
    return render(request, TEMPLATE, {"form": form, "status": status})


def _send(request, phone: str) -> CodeStatus:
    try:
        sent = codes.send_code(
            phone, codes.Purpose.REGISTER, address=throttle.client_address(request)
        )
    except ValidationError as error:
        return CodeStatus(error.messages, error=True)
    except RateLimited as error:
        return CodeStatus([str(error)], error=True)
    except codes.NoPhoneChannel as error:
        logger.error("Verification code not sent: %s", error)
        return CodeStatus([str(error)], error=True)
    text = _("A code has been sent to %(phone)s. It is valid for 5 minutes.") % {
        "phone": sent.phone_masked
    }
    return CodeStatus([text], on_console="log" in sent.channels)


def _reclaim(request, form: WindowReclaimForm):
    """Spend the person's code on the reclaim; on any error neither happens."""
    data = form.cleaned_data
    try:
        with codes.redeem(
            data["phone"],
            codes.Purpose.REGISTER,
            data["code"],
            address=throttle.client_address(request),
        ):
            return identity_services.reclaim_identity(
                username=data["username"],
                real_name=data["real_name"],
                id_number=data["id_number"],
                phone=data["phone"],
                verified_by=request.user,
                id_card_checked=data["id_card_checked"],
            )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
        else:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    except RateLimited as error:
        form.add_error(None, str(error))
    return None
