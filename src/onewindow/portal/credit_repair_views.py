"""Credit repair (信用修复) in the hall, for an enterprise signed in: each of its records that
repair may reach, with what still stands in the way; the application form with the credit
commitment (守信承诺书), what it did to put things right and the evidence; and each application
with its decision date and outcome. Rules and writes are ``market.credit_repair``'s; the form only
carries what was typed, and the service's errors go back on the fields they name."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from onewindow.market import credit_repair
from onewindow.portal.annual_report_views import enterprise_only


class RepairForm(forms.Form):
    correction = forms.CharField(
        label=gettext_lazy("What the enterprise did to put things right"),
        max_length=credit_repair.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "The duty done (the fine paid, the order obeyed) and how the harm and its effects "
            "were put right."
        ),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (PDF, JPG, PNG or OFD)"),
        help_text=gettext_lazy(
            "The payment slip, the inspection record after correction, a lease of the "
            "registered address: what shows the duty done."
        ),
    )
    commitment = forms.BooleanField(label=gettext_lazy("I sign the credit commitment above"))

    def take_errors(self, error: ValidationError) -> None:
        self.errors.clear()
        for field, messages_ in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages_)


def _commitment() -> tuple[str, str]:
    english = (get_language() or "").startswith("en")
    return credit_repair.COMMITMENT, credit_repair.COMMITMENT_EN if english else ""


@require_safe
@enterprise_only
def repairs(request, entity):
    """The enterprise's records that credit repair may reach, and its applications."""
    context = {
        "entity": entity,
        "options": credit_repair.options(entity),
        "applications": list(credit_repair.applications_of(entity)),
        "help": credit_repair.TARGET_HELP,
    }
    return render(request, "portal/credit_repair/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@enterprise_only
def apply(request, entity, key: str):
    option = next((o for o in credit_repair.options(entity) if o.key == key), None)
    if option is None or not option.eligible:
        raise Http404(_("This record cannot be repaired now."))
    form = RepairForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("evidence")
        try:
            application = credit_repair.apply(
                entity,
                actor=request.user,
                record=key,
                committed=request.POST.get("commitment") == "on",
                correction=request.POST.get("correction", ""),
                evidence=(upload.name, upload.read()) if upload else None,
            )
        except ValidationError as error:
            form.take_errors(error)
            status = 400
        else:
            messages.success(
                request,
                _("Your application %(reference)s is sent; it is decided by %(due)s.")
                % {"reference": application.reference, "due": application.due_on.isoformat()},
            )
            return redirect("portal:market-repair", application.pk)
    chinese, english = _commitment()
    context = {
        "entity": entity,
        "option": option,
        "form": form,
        "commitment": chinese,
        "commitment_en": english,
        "help": credit_repair.TARGET_HELP.get(option.target, ""),
    }
    return render(request, "portal/credit_repair/form.html", context, status=status)


@require_safe
@enterprise_only
def application(request, entity, pk: int):
    found = credit_repair.applications_of(entity).filter(pk=pk).first()
    if found is None:
        raise Http404
    chinese, english = _commitment()
    context = {
        "entity": entity,
        "application": found,
        "commitment_en": english if found.commitment == chinese else "",
    }
    return render(request, "portal/credit_repair/application.html", context)
