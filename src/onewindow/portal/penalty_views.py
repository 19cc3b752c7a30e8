"""Administrative penalty cases (行政处罚) in the hall.

The party's side, signed in as the enterprise: its cases from the prior notice on, each with the
date that matters to it next; a case's facts, the band of the benchmark cited, the penalty
proposed, the sealed documents to download, the form to state and defend or to ask for a
hearing by the day the notice gave (行政处罚法 Art. 45, 63–64), the hearing's day and place,
and after the decision the fine, the day it is due and what is owed today with Art. 72's late
charge. The public's side, no sign-in: the published decisions (行政处罚信息公示), personal
data masked, and every department's discretion benchmark (裁量基准, Art. 34).

Writes go through ``market.penalties``; reads through ``market.penalty_selectors``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_safe

from onewindow.core.localized import localized, localized_entry
from onewindow.market import penalties
from onewindow.market import penalty_selectors as selectors
from onewindow.market.penalty_models import Measure, PenaltyCase, Stage

PAGE = 20


def _yuan(amount) -> str:
    """38000 -> "38,000.00 yuan" (元), as the documents write amounts."""
    return _("%(amount)s yuan") % {"amount": f"{amount:,.2f}"}


def _measures(measures) -> list[str]:
    return [str(Measure(m).label) for m in Measure.values if m in (measures or ())]


def _penalty(fine, measures) -> list[str]:
    """The penalties in words, each its own line: other penalties first, then the fine."""
    words = _measures(measures)
    if fine:
        words.append(_("Fine of %(amount)s") % {"amount": _yuan(fine)})
    return words


# --- the party's cases ---------------------------------------------------------------------------


def _next_date(case: PenaltyCase, today) -> dict | None:
    """The date that matters to the party next, with what it is and where it stands: a word
    and a colour together (never the colour alone, never a count of days)."""
    if case.stage == Stage.NOTIFIED and case.statement_due:
        day, what = case.statement_due, _("State and defend, or ask for a hearing, by")
        states = (
            pgettext("party's date", "Open"),
            pgettext("party's date", "Last day today"),
            pgettext("party's date", "Time is up"),
        )
    elif case.stage == Stage.HEARING and case.hearing_on:
        day, what = case.hearing_on, _("Hearing on")
        states = (
            pgettext("party's date", "Coming"),
            pgettext("party's date", "Today"),
            pgettext("party's date", "Held"),
        )
    elif case.stage == Stage.PAYING and case.payment_due:
        day, what = case.payment_due, _("Pay the fine by")
        states = (
            pgettext("party's date", "Not yet due"),
            pgettext("party's date", "Last day today"),
            pgettext("party's date", "Late: a late charge runs"),
        )
    else:
        return None
    if today < day:
        state, tone = states[0], "ok"
    elif today == day:
        state, tone = states[1], "provisional"
    else:
        state, tone = states[2], "bad"
    return {"what": what, "day": day, "state": state, "tone": tone}


@require_safe
@login_required
def my_penalties(request):
    """The enterprise's own cases; to a citizen or an official, what this page is for."""
    today = timezone.localdate()
    rows = [
        {"case": case, "next": _next_date(case, today)}
        for case in selectors.cases_of_party(request.user)
    ]
    context = {"rows": rows, "enterprise": request.user.kind == "enterprise"}
    return render(request, "portal/penalties/mine.html", context)


class StatementForm(forms.Form):
    """What the party sends; every rule (by when, whether a hearing is allowed) is the
    service's, and its errors are put back on the fields it names."""

    statement = forms.CharField(
        label=gettext_lazy("Your statement and defence"),
        help_text=gettext_lazy(
            "The facts, reasons and evidence you put forward. You may leave it empty only when "
            "you ask for a hearing."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    hearing = forms.BooleanField(
        label=gettext_lazy("I ask for a hearing"),
        help_text=gettext_lazy(
            "The hearing is public unless it concerns state secrets, trade secrets or personal "
            "privacy. You are told its day and place at least 7 working days ahead."
        ),
        required=False,
    )

    def __init__(self, *args, hearing_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not hearing_allowed:
            del self.fields["hearing"]

    def take_errors(self, error: ValidationError) -> None:
        """Show the service's errors, and only them."""
        self.errors.clear()
        for field, errors in error.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)


def _may_respond(case: PenaltyCase, today) -> bool:
    """The form is offered while the service would take it: notified, by the day given."""
    return bool(case.stage == Stage.NOTIFIED and case.statement_due and today <= case.statement_due)


def _case_context(case: PenaltyCase, today, form=None, refused: list[str] | None = None) -> dict:
    band = case.band
    allowed = penalties.hearing_allowed(case)
    open_ = _may_respond(case, today)
    if open_ and form is None:
        form = StatementForm(hearing_allowed=allowed)
    context = {
        "case": case,
        "violation": case.violation,
        "violation_name": localized(case.violation, "name"),
        "provision": localized(case.violation, "provision"),
        "penalty_provision": localized(case.violation, "penalty_provision"),
        "band": band,
        "circumstances": band and localized(band, "circumstances"),
        "band_range": band
        and (
            _("%(low)s to %(high)s") % {"low": _yuan(band.fine_min), "high": _yuan(band.fine_max)}
        ),
        "band_measures": band and _measures(band.measures),
        "proposed": _penalty(case.proposed_fine, case.proposed_measures),
        "documents": list(selectors.documents(case)),
        "hearing_allowed": allowed,
        "form": form if open_ else None,
        "refused": [{"message": message} for message in refused or ()],
        "next": _next_date(case, today),
        "today": today,
    }
    if case.decided_on:
        fine, charge = penalties.amount_due(case, today)
        context["decision"] = {
            "penalty": _penalty(case.fine, case.measures),
            "fine": case.fine and _yuan(case.fine),
            "charge": _yuan(charge),
            "total": _yuan(fine + charge),
            "late": charge > 0,
            "paid": case.paid_amount is not None and _yuan(case.paid_amount),
            "paid_charge": case.late_charge and _yuan(case.late_charge),
        }
    return context


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def my_penalty(request, number: str):
    """One case for its party; POST states and defends or asks for a hearing."""
    case = selectors.party_case(request.user, number)
    today = timezone.localdate()
    if request.method != "POST":
        return render(request, "portal/penalties/case.html", _case_context(case, today))
    form = StatementForm(request.POST, hearing_allowed=penalties.hearing_allowed(case))
    try:
        case = penalties.respond(
            case,
            actor=request.user,
            statement=request.POST.get("statement", ""),
            hearing=bool(request.POST.get("hearing")),
        )
    except ValidationError as error:
        form.take_errors(error)
        refused = [] if _may_respond(case, today) else _flat(error)
        context = _case_context(case, today, form=form, refused=refused)
        return render(request, "portal/penalties/case.html", context, status=400)
    except PermissionDenied as denied:
        context = _case_context(case, today, refused=[str(denied)])
        return render(request, "portal/penalties/case.html", context, status=403)
    if case.hearing_requested_on:
        messages.success(request, _("Your request for a hearing is sent."))
    else:
        messages.success(request, _("Your statement and defence are sent."))
    return redirect("portal:my-penalty", number=case.number)


def _flat(error: ValidationError) -> list[str]:
    return [message for messages_ in error.message_dict.values() for message in messages_]


@require_safe
@login_required
def my_penalty_document(request, pk: int):
    """A sealed document of the case (告知书, 听证通知书, 决定书), to its party or to an
    official of the department; 404 to anyone else."""
    document = selectors.document_for(request.user, pk)
    response = FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=f"{document.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the public ----------------------------------------------------------------------------------


def publication_summary(publication) -> dict:
    """A publication's masked summary as shown: the English fields on English pages when set."""
    text = publication.text
    fine = Decimal(text["fine"]) if text.get("fine") else None
    return {
        "pk": publication.pk,
        "document_number": text.get("document_number", ""),
        "party": text.get("party", ""),
        "uscc": text.get("uscc", ""),
        "representative": text.get("representative", ""),
        "violation": localized_entry(text, "violation"),
        "facts": text.get("facts", ""),
        "provision": text.get("provision", ""),
        "penalty_provision": text.get("penalty_provision", ""),
        "penalty": _penalty(fine, text.get("measures")),
        "department": localized_entry(text, "department"),
        "decided_on": date.fromisoformat(text["decided_on"]),
        "published_on": publication.published_on,
        "ends_on": publication.ends_on,
    }


class PublicationSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Enterprise name or unified social credit code"),
        max_length=100,
        required=False,
    )


@require_safe
def publications(request):
    """The decisions in their publication period, newest first, searched by name or USCC."""
    form = PublicationSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = selectors.public_publications(query)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page": page,
        "rows": [publication_summary(publication) for publication in page.object_list],
    }
    return render(request, "portal/penalties/publications.html", context)


@require_safe
def publication(request, pk: int):
    found = selectors.public_publication(pk)
    return render(
        request, "portal/penalties/publication.html", {"summary": publication_summary(found)}
    )


@require_safe
def benchmarks(request):
    """Every department's discretion benchmark, grouped by department."""
    departments: list[dict] = []
    for violation in selectors.public_benchmarks():
        if not departments or departments[-1]["department"] != violation.department:
            departments.append({"department": violation.department, "violations": []})
        departments[-1]["violations"].append(
            {
                "violation": violation,
                "name": localized(violation, "name"),
                "provision": localized(violation, "provision"),
                "penalty_provision": localized(violation, "penalty_provision"),
                "bands": [
                    {
                        "band": band,
                        "circumstances": localized(band, "circumstances"),
                        "range": _("%(low)s to %(high)s")
                        % {"low": _yuan(band.fine_min), "high": _yuan(band.fine_max)},
                        "measures": _measures(band.measures),
                    }
                    for band in violation.bands.all()
                ],
            }
        )
    return render(request, "portal/penalties/benchmarks.html", {"departments": departments})
