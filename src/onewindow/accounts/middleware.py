"""Officials' sessions must have passed TOTP two-factor login (outside dev mode)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _


def needs_second_factor(user) -> bool:
    return bool(
        settings.ONEWINDOW_REQUIRE_OTP
        and user.is_authenticated
        and (getattr(user, "is_official", False) or user.is_staff or user.is_superuser)
    )


class OfficialTwoFactorMiddleware:
    """Ends any official's session that was not verified with a one-time code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user) and not user.is_verified():
            logout(request)
            messages.error(request, _("Officials must sign in with a one-time verification code."))
            return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
        return self.get_response(request)
