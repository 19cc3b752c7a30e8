"""Registration, identity reclaim and SMS sign-in for citizens and enterprises.

The mobile number is proven with a one-time code from ``notifications.codes``. "Send code" is a
plain submit button (the page comes back with the typed values kept, passwords excepted) that
htmx turns into a request for the status fragment alone. The identity is checked by the real-name
services of ``accounts.identity`` only after the code is right.
"""

import logging
from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from onewindow.accounts import selectors as account_selectors
from onewindow.accounts.identity import services as identity_services
from onewindow.accounts.identity import throttle
from onewindow.accounts.identity.throttle import RateLimited
from onewindow.accounts.models import User
from onewindow.notifications import codes
from onewindow.portal.account_forms import (
    PASSWORD_FIELDS,
    Kind,
    ReclaimForm,
    RegistrationForm,
    SmsSignInForm,
)
from onewindow.portal.views import _safe_next
from onewindow.registry import exchange
from onewindow.registry.vocabulary import REGISTRIES

logger = logging.getLogger(__name__)

SEND_CODE = "send_code"
CHOOSE_KIND = "choose_kind"
# Sessions opened here did not go through authenticate(), so name the backend.
BACKEND = "django.contrib.auth.backends.ModelBackend"
READS_SHOWN = 200
# Errors of register_enterprise reported under another name than the form's field.
ENTERPRISE_FIELDS = {"name": "enterprise_name"}


class CodeStatus(NamedTuple):
    """What the "Send code" button achieved, for ``portal/_code_status.html``."""

    messages: list[str]
    error: bool = False
    on_console: bool = False  # the development log channel took the text


def register(request):
    if request.user.is_authenticated:
        return redirect("portal:account")
    status = None
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method != "POST":
        form = RegistrationForm(initial={"kind": request.GET.get("kind")})
    elif action in (SEND_CODE, CHOOSE_KIND):
        form = RegistrationForm(initial=_typed(RegistrationForm, request.POST))
        if action == SEND_CODE:
            status = _send(request, request.POST.get("phone", ""), codes.Purpose.REGISTER)
    else:
        form = RegistrationForm(request.POST)
        if form.is_valid() and (user := _register(request, form)) is not None:
            auth_login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("Welcome, %(name)s. Your account has been created.")
                % {"name": user.display_name},
            )
            return redirect(_safe_next(request, "portal:account"))
    context = {"form": form, "status": status, "next": _safe_next(request, "")}
    return render(request, "portal/register.html", context)


@require_POST
def send_code(request):
    """The "Send code" button under htmx: only the status fragment comes back."""
    purpose = request.POST.get("purpose", "")
    if purpose not in codes.Purpose.values:
        return HttpResponseBadRequest()
    status = _send(request, request.POST.get("phone", ""), purpose)
    return render(request, "portal/_code_status.html", {"status": status})


def reclaim(request):
    """Take back an identity another account registered: that account is frozen, its activity
    listed, and a new account bound to the identity (the phone proven by a code).

    Online only when the provider proves the person (national assurance); otherwise the page
    sends the person to a service hall window, and the service refuses what is posted anyway.
    """
    status = None
    online = identity_services.online_reclaim_offered()
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method != "POST":
        form = ReclaimForm()
    elif action == SEND_CODE and online:
        form = ReclaimForm(initial=_typed(ReclaimForm, request.POST))
        status = _send(request, request.POST.get("phone", ""), codes.Purpose.REGISTER)
    else:
        form = ReclaimForm(request.POST)
        if form.is_valid() and (user := _reclaim(request, form)) is not None:
            if request.user.is_authenticated:
                logout(request)
            auth_login(request, user, backend=BACKEND)
            messages.success(
                request,
                _(
                    "Your identity is bound to this new account. The account that used it "
                    "is frozen; what it did is listed below."
                ),
            )
            return redirect("portal:identity")
    context = {"form": form, "status": status, "online": online}
    return render(request, "portal/reclaim.html", context)


def sms_sign_in(request):
    """Citizens and enterprises sign in with a code texted to their account's number."""
    status = None
    if request.method == "POST" and request.POST.get("action") == SEND_CODE:
        form = SmsSignInForm(initial=_typed(SmsSignInForm, request.POST))
        status = _send(request, request.POST.get("phone", ""), codes.Purpose.SIGN_IN)
    else:
        form = SmsSignInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            response = _sign_in_with_code(request, form)
            if response is not None:
                return response
    context = {"form": form, "status": status, "next": _safe_next(request, "")}
    return render(request, "portal/sms_sign_in.html", context)


def _typed(form_class: type[forms.Form], data) -> dict[str, str]:
    """What the visitor typed, to show again; passwords are never sent back."""
    return {
        name: data.get(name, "") for name in form_class.base_fields if name not in PASSWORD_FIELDS
    }


def _address(request) -> str:
    return throttle.client_address(request)


def _send(request, phone: str, purpose: str) -> CodeStatus:
    try:
        sent = codes.send_code(phone, purpose, address=_address(request))
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


def _register(request, form: RegistrationForm) -> User | None:
    """Spend the code on the new account; on any error neither happens and the form says why."""
    data = form.cleaned_data
    enterprise = data["kind"] == Kind.ENTERPRISE
    try:
        with codes.redeem(
            data["phone"], codes.Purpose.REGISTER, data["code"], address=_address(request)
        ):
            if enterprise:
                return identity_services.register_enterprise(
                    username=data["username"],
                    password=data["password"],
                    name=data["enterprise_name"],
                    uscc=data["uscc"],
                    phone=data["phone"],
                    representative_name=data["representative_name"],
                    representative_id_number=data["representative_id_number"],
                )
            return identity_services.register_citizen(
                username=data["username"],
                password=data["password"],
                real_name=data["real_name"],
                id_number=data["id_number"],
                phone=data["phone"],
            )
    except ValidationError as error:
        _attach(form, error, ENTERPRISE_FIELDS if enterprise else {})
        form.identity_taken = _has_code(error, identity_services.TAKEN)
        return None
    except RateLimited as error:
        form.add_error(None, str(error))
        return None


def _reclaim(request, form: ReclaimForm) -> User | None:
    """The code is checked before the service, which alone decides whether reclaiming online is
    allowed; on a refusal the code stays unspent and nothing changes."""
    data = form.cleaned_data
    try:
        with codes.redeem(
            data["phone"], codes.Purpose.REGISTER, data["code"], address=_address(request)
        ):
            return identity_services.reclaim_identity(
                username=data["username"],
                password=data["password"],
                real_name=data["real_name"],
                id_number=data["id_number"],
                phone=data["phone"],
            ).new_user
    except ValidationError as error:
        _attach(form, error)
    except RateLimited as error:
        form.add_error(None, str(error))
    return None


def _has_code(error: ValidationError, code: str) -> bool:
    return any(e.code == code for e in getattr(error, "error_list", []))


def _sign_in_with_code(request, form: SmsSignInForm) -> HttpResponse | None:
    """A wrong code counts against that code's tries only, never towards the password lockout
    (django-axes); the answers are the same whether or not the number has an account."""
    phone, code = form.cleaned_data["phone"], form.cleaned_data["code"]
    try:
        codes.verify_code(phone, codes.Purpose.SIGN_IN, code, address=_address(request))
    except ValidationError as error:
        _attach(form, error)
        return None
    except RateLimited as error:
        form.add_error(None, str(error))
        return None
    # Only now, with the number proven, does the page say whose it is.
    try:
        user, several = account_selectors.user_by_phone(phone), False
    except User.MultipleObjectsReturned:
        user, several = None, True
    refusal = _refusal(user, several)
    if refusal:
        form.add_error(None, refusal)
        return None
    auth_login(request, user, backend=BACKEND)
    return redirect(_safe_next(request, "portal:account"))


def _refusal(user: User | None, several: bool) -> str:
    if several:
        return _(
            "Several accounts use this mobile number. Sign in with your username and password."
        )
    if user is None:
        return _("No account uses this mobile number. Register first.")
    if user.is_official or user.is_staff or user.is_superuser:
        return _(
            "Officials and administrators cannot sign in with an SMS code. "
            "Sign in with your username, password and authenticator code."
        )
    if not user.is_active:
        return _("This account is disabled.")
    return ""


def _attach(form: forms.Form, error: ValidationError, renames: dict[str, str] | None = None):
    """Put a service's errors on the form's matching fields; the rest above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = (renames or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@login_required
def data_access(request):
    """The data tracker: every read of my registry records, by whom, when and why."""
    reads = list(exchange.reads_of(request.user)[:READS_SHOWN])
    for read in reads:
        read.reader_label = exchange.reader_label(read)
        read.purpose_label = exchange.purpose_label(read)
        read.relation_label = exchange.relation_label(read)
        read.registry_name = REGISTRIES[read.registry].name if read.registry in REGISTRIES else ""
        fields = REGISTRIES[read.registry].fields if read.registry in REGISTRIES else {}
        read.field_names = pgettext("list separator", ", ").join(
            str(fields.get(name, name)) for name in read.fields
        )
    return render(request, "portal/data_access.html", {"reads": reads, "limit": READS_SHOWN})
