"""Who may open the workbench: signed-in officials; the supervision page: supervisors."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from onewindow.cases.inbox import desk_of


def official_required(view):
    """Anonymous visitors go to the sign-in page (and come back to the page, or to the inbox
    after a form they could not send); citizens and enterprises get 403.

    An official's session that skipped the one-time code outside dev mode never gets here:
    ``OfficialTwoFactorMiddleware`` ends it first.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            back = (
                request.get_full_path() if request.method == "GET" else reverse("workbench:inbox")
            )
            return redirect_to_login(back)
        if not user.is_official:
            raise PermissionDenied(_("The workbench is for government officials."))
        request.desk = desk_of(user)
        return view(request, *args, **kwargs)

    return wrapped


def supervisor_required(view):
    @official_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.desk.supervisor:
            raise PermissionDenied(_("Only supervisors can see e-supervision across departments."))
        return view(request, *args, **kwargs)

    return wrapped
