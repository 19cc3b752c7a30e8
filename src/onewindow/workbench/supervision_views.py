"""e-supervision drill-down, 好差评 statistics and the rectification of poor ratings.

Each view parses its input, calls one selector or service and renders; who may see what is
decided in ``supervision.selectors`` (the ledger), ``cases.rating_stats`` and ``cases.ratings``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.accounts.models import Department
from onewindow.cases import rating_stats, ratings
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import Rectification
from onewindow.catalog.models import ServiceItem
from onewindow.supervision import selectors as ledger_selectors
from onewindow.workbench.access import official_required, supervisor_required


@require_GET
@supervisor_required
def department(request, code):
    """One department's carded matters (of one service or category with ``?item=``, of one
    kind with ``?kind=``) and its counts per group, read from the ledger."""
    group_code = request.GET.get("item", "").strip()
    kind = request.GET.get("kind", "").strip() or ("case" if group_code else "")
    try:
        found, rows, counts = ledger_selectors.department_matters(
            request.user, code, group=group_code, kind=kind
        )
    except Department.DoesNotExist:
        raise Http404(_("There is no department %(code)s.") % {"code": code}) from None
    group = None
    if group_code:
        name = ledger_selectors.group_name(kind, group_code)
        group = {"kind": kind, "group": group_code, "name": name or group_code}
    context = {"department": found, "rows": rows, "counts": counts, "group": group}
    return render(request, "workbench/supervision_department.html", context)


@require_GET
@supervisor_required
def item(request, code):
    """One service's carded cases across departments, read from the ledger."""
    try:
        found = ServiceItem.objects.get(code=code)
    except ServiceItem.DoesNotExist:
        raise Http404(_("There is no service %(code)s.") % {"code": code}) from None
    rows = ledger_selectors.group_matters(request.user, "case", code)
    return render(request, "workbench/supervision_item.html", {"item": found, "rows": rows})


def _ratings_page(request, template: str, subject, stats, rows, **extra):
    chart = rating_stats.chart_data(stats)
    # The chart's months as the table beside it writes them (one date format per language).
    for point, month in zip(chart["months"], stats.months, strict=True):
        point["month"] = date_format(month.month, "YEAR_MONTH_FORMAT")
    context = {
        "subject": subject,
        "stats": stats,
        "rows": rows,
        "chart": chart,
        **extra,
    }
    return render(request, template, context)


@require_GET
@supervisor_required
def ratings_overview(request):
    """好差评 across the departments the supervisor watches."""
    stats, rows = rating_stats.overview(request.user)
    return _ratings_page(request, "workbench/ratings.html", None, stats, rows)


@require_GET
@official_required
def ratings_department(request, code):
    """One department's 好差评: its own officials and supervisors."""
    try:
        found, stats, rows = rating_stats.for_department(request.user, code)
    except Department.DoesNotExist:
        raise Http404(_("There is no department %(code)s.") % {"code": code}) from None
    return _ratings_page(request, "workbench/ratings.html", found, stats, rows, kind="department")


@require_GET
@official_required
def ratings_item(request, code):
    """One item's 好差评, within the departments the official may see."""
    try:
        found, stats, rows = rating_stats.for_item(request.user, code)
    except ServiceItem.DoesNotExist:
        raise Http404(_("There is no service %(code)s.") % {"code": code}) from None
    return _ratings_page(request, "workbench/ratings.html", found, stats, rows, kind="item")


@require_GET
@official_required
def rectifications(request):
    """The poor ratings the official's departments must rectify, open ones first."""
    rows = ratings.rectifications(request.user)
    return render(request, "workbench/rectifications.html", {"rows": rows})


class AnswerForm(forms.Form):
    findings = forms.CharField(
        label=gettext_lazy("What the verification found"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=ratings.MAX_ANSWER,
        required=False,
    )
    actions = forms.CharField(
        label=gettext_lazy("What the department did to put it right"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=ratings.MAX_ANSWER,
        required=False,
    )
    reply = forms.CharField(
        label=gettext_lazy("Reply to the rater"),
        help_text=gettext_lazy("The applicant reads this on their case page."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=ratings.MAX_ANSWER,
        required=False,
    )


@require_http_methods(["GET", "POST"])
@official_required
def rectification(request, pk):
    """One rectification; the department's head or reviewer answers it here."""
    try:
        found = ratings.rectification_for(request.user, pk)
    except Rectification.DoesNotExist:
        raise Http404(_("There is no such rectification.")) from None
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratings.answer_rectification(
                rectification_id=found.pk, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        except (PermissionDenied, TransitionNotAllowed) as exc:
            messages.error(request, str(exc))
            return redirect("workbench:rectification", pk=found.pk)
        else:
            messages.success(request, _("The rectification is recorded and the rater answered."))
            return redirect("workbench:rectification", pk=found.pk)
    context = {
        "rectification": found,
        "rating": found.rating,
        "form": form,
        "can_answer": ratings.can_answer(request.user, found),
    }
    return render(request, "workbench/rectification.html", context)
