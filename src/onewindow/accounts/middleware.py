"""Officials' sessions: TOTP two-factor login (outside dev mode) and an idle timeout.

An official's session ends after ``ONEWINDOW_OFFICIAL_IDLE_MINUTES`` (default 30) without a
request (等保 2.0 level 3, identity authentication: end sessions that stay idle). The time of
the last request is kept in the session, written at most once a minute so that a busy
official's pages do not each save the session. Citizens keep Django's default session.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
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
        if user is not None and is_official_account(user) and _idle_too_long(request):
            logout(request)
            messages.info(request, _("Your session ended after a time without activity."))
            return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
        return self.get_response(request)


_LAST_SEEN = "onewindow_last_seen"


def _now() -> int:
    return int(timezone.now().timestamp())


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """On sign-in (``user_logged_in``), which saves the session anyway."""
    if request is not None and hasattr(request, "session") and is_official_account(user):
        request.session[_LAST_SEEN] = _now()


def _idle_too_long(request) -> bool:
    """True if the official's previous request is longer ago than the idle limit."""
    now = _now()
    last = request.session.get(_LAST_SEEN)
    if last is not None and now - last > settings.ONEWINDOW_OFFICIAL_IDLE_MINUTES * 60:
        return True
    if last is None or now - last >= 60:
        request.session[_LAST_SEEN] = now
    return False
