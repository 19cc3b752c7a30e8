"""Public pages of the service hall."""

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from onewindow.accounts import selectors as account_selectors
from onewindow.accounts.forms import SignInForm
from onewindow.catalog import hall
from onewindow.core.clock import BeyondTheCalendar, WorkingCalendar, WorkingDays
from onewindow.emergency import selectors as warning_selectors
from onewindow.portal.context_processors import CARE_COOKIE
from onewindow.portal.forms import DeadlineForm
from onewindow.portal.warning_views import cards

ONE_YEAR = 365 * 24 * 3600


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def home(request):
    """The service hall: the early warnings in force, if any; search first, then 我要办, 我要查,
    life events, departments, notices.

    In care mode (长辈版) the page keeps the warnings, the search, the top services as large
    tiles and the progress look-up, and leaves the rest to the pages they link to.
    """
    care = request.COOKIES.get(CARE_COOKIE) == "1"
    popular = hall.popular_items(6, people_only=True) if care else hall.popular_items(8)
    context = {"popular": popular, "warnings_in_force": cards(warning_selectors.in_force())}
    if not care:
        context.update(
            {
                "events": hall.life_events(),
                "notices": list(hall.current_notices()[:3]),
                "departments": _busiest(hall.departments_and_items())[:HOME_DEPARTMENTS],
            }
        )
    return render(request, "portal/home.html", context)


HOME_DEPARTMENTS = 8


def _busiest(groups):
    """Departments with the most services first (the department list keeps code order)."""
    return sorted(groups, key=lambda group: -len(group[1]))


def deadline(request):
    """Public calculator: the due date of a time limit counted in working days."""
    form = DeadlineForm(request.GET or None)
    result = None
    if form.is_valid():
        start, days = form.cleaned_data["start"], form.cleaned_data["working_days"]
        try:
            due = WorkingCalendar().add_working_days(start, WorkingDays(days))
        except BeyondTheCalendar as exc:
            form.add_error("start", str(exc))
        else:
            result = {"start": start, "working_days": days, "due": due}
    return render(request, "portal/deadline.html", {"form": form, "result": result})


def _landing(user) -> str:
    """Where a sign-in without a safe ``next`` lands: officials on their workbench, citizens
    and enterprises on their own page (``/my/``)."""
    if user.is_official:
        return reverse("workbench:inbox")
    try:
        return reverse("portal:my")
    except NoReverseMatch:  # the service hall's own page is built separately
        return "/my/"


def sign_in(request):
    form = SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user)
        if form.device is not None:
            otp_login(request, form.device)
        return redirect(_safe_next(request, _landing(form.user)))
    return render(request, "portal/login.html", {"form": form, "next": _safe_next(request, "")})


@require_POST
def sign_out(request):
    auth_logout(request)
    return redirect("portal:home")


@login_required
def account(request):
    roles = account_selectors.roles_of(request.user)
    return render(request, "portal/account.html", {"roles": roles})


@require_POST
def care_mode(request):
    """Toggle the large-text mode and go back to the page the visitor was on."""
    response = HttpResponseRedirect(_safe_next(request))
    enabled = request.POST.get("enabled") == "1"
    response.set_cookie(
        CARE_COOKIE,
        "1" if enabled else "0",
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
