"""The public credit record of an enterprise (企业信用记录), no sign-in: look an enterprise up
by its unified social credit code or its name, then read what the platform knows of its credit
(``market.credit_record``): registration, licences, published penalties, list entries, annual
reports and inspection results."""

from __future__ import annotations

from django.core.validators import MinLengthValidator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from onewindow.core.localized import localized
from onewindow.market import credit_record
from onewindow.portal.penalty_views import PublicationSearchForm, publication_summary


class CreditSearchForm(PublicationSearchForm):
    """The decisions' search box, asking for two characters at least: one matches too much."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["q"]
        field.min_length = 2
        field.validators.append(MinLengthValidator(2))
        field.widget.attrs.update(field.widget_attrs(field.widget))


@require_safe
def search(request):
    form = CreditSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = list(credit_record.find(query)) if query else []
    return render(
        request,
        "portal/market/credit_search.html",
        {"form": form, "query": query, "found": found, "most": credit_record.MOST_FOUND},
    )


@require_safe
def record(request, uscc: str):
    today = timezone.localdate()
    found = credit_record.record(credit_record.entity(uscc), today)
    context = {
        "record": found,
        "entity": found.entity,
        "today": today,
        "penalties": [publication_summary(publication) for publication in found.penalties],
        "listed": [{"entry": e, "basis": localized(e, "basis")} for e in found.listed],
        "taken_off": [{"entry": e, "basis": localized(e, "basis")} for e in found.taken_off],
    }
    return render(request, "portal/market/credit_record.html", context)
