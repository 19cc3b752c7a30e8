"""The citizen's own page (我的) and the public progress lookup (办件进度查询)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from onewindow.accounts.identity import throttle
from onewindow.appointments import selectors as appointment_selectors
from onewindow.cases import progress, selectors, waiting
from onewindow.certificates import codes
from onewindow.certificates import selectors as certificate_selectors
from onewindow.emergency import selectors as warning_selectors
from onewindow.notifications import selectors as notification_selectors
from onewindow.portal.case_views import case_rows
from onewindow.portal.warning_views import cards

RECENT = 5


@login_required
@require_safe
def my_home(request):
    """我的: the warnings in force where I live, what waits for me, my latest cases with their
    current step, appointments, certificates and unread messages, on one page. Officials have
    their workbench instead."""
    user = request.user
    if user.is_official:
        return redirect("workbench:inbox")
    cases = selectors.listed_cases(user)
    unread = notification_selectors.inbox(user, unread_only=True)
    return render(
        request,
        "portal/my_home.html",
        {
            "needed": case_rows(cases.filter(waiting.tab_filter("action"))[:10]),
            "recent": case_rows(cases[:RECENT]),
            "counts": waiting.tab_counts(cases),
            "appointments": list(
                appointment_selectors.upcoming_of(user)
                .select_related("slot__centre", "item")
                .order_by("slot__day", "slot__start")[:3]
            ),
            "certificates": list(certificate_selectors.held_by(user)[:4]),
            "certificate_count": certificate_selectors.held_by(user).count(),
            "unread_messages": list(unread[:3]),
            "unread": unread.count(),
            "my_warnings": cards(warning_selectors.for_resident(user)),
        },
    )


class LookupForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Case number"),
        help_text=gettext_lazy("On your acceptance notice, e.g. 440100-20260921-00012."),
        max_length=32,
        error_messages={"required": gettext_lazy("Enter the case number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=gettext_lazy("Progress lookup code"),
        help_text=gettext_lazy(
            "Printed on the acceptance notice below the due dates, e.g. K7P2Q-XM9RT."
        ),
        max_length=codes.LENGTH * 2,
        error_messages={"required": gettext_lazy("Enter the progress lookup code.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = codes.normalize(self.cleaned_data["code"])
        if len(code) != codes.LENGTH or any(c not in codes.ALPHABET for c in code):
            raise forms.ValidationError(
                _("A progress lookup code is %(n)d letters and digits, e.g. K7P2Q-XM9RT.")
                % {"n": codes.LENGTH}
            )
        return code


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request):
    """办件进度查询: case number and the code from the acceptance notice, no sign-in. A wrong
    number and a wrong code get the same answer; failed attempts are rate-limited."""
    form = LookupForm(request.POST or None)
    answer, problem, status = None, "", 200
    if form.is_bound and form.is_valid():
        try:
            answer = progress.lookup(
                form.cleaned_data["number"],
                form.cleaned_data["code"],
                throttle.client_address(request),
            )
        except progress.ProgressNotFound as exc:
            problem = str(exc)  # the page answers; the API says 404
        except throttle.RateLimited as exc:
            problem, status = throttle.message(exc), 429
        else:
            form = LookupForm()  # the answer stands on its own; the code is not echoed
    response = render(
        request,
        "portal/progress_lookup.html",
        {"form": form, "answer": answer, "problem": problem},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response
