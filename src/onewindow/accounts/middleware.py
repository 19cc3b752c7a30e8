"""Officials' sessions: TOTP two-factor login (outside dev mode) and an idle timeout.

An official's session ends after ``ONEWINDOW_OFFICIAL_IDLE_MINUTES`` (default 30) without a
request (等保 2.0 level 3, identity authentication: end sessions that stay idle); every
request moves the deadline on. Citizens keep Django's default session.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def is_official_account(user) -> bool:
    return bool(
        user.is_authenticated
        and (getattr(user, "is_official", False) or user.is_staff or user.is_superuser)
    )


def needs_second_factor(user) -> bool:
    return bool(settings.ONEWINDOW_REQUIRE_OTP and is_official_account(user))


class OfficialTwoFactorMiddleware:
    """Ends any official's session that was not verified with a one-time code; keeps an
    official's session alive only while it is in use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user) and not user.is_verified():
            logout(request)
            messages.error(request, _("Officials must sign in with a one-time verification code."))
            return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
        if user is not None and is_official_account(user):
            request.session.set_expiry(settings.ONEWINDOW_OFFICIAL_IDLE_MINUTES * 60)
        return self.get_response(request)
