"""Search as the person types: suggestions for the catalogue's search box (htmx)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from onewindow.catalog import selectors
from onewindow.catalog.search import MAX_QUERY

SUGGESTIONS = 8


@require_safe
def suggest(request):
    """The suggestion listbox for ``q``; without htmx, the results page for ``q``."""
    q = request.GET.get("q", "")[:MAX_QUERY]
    if not request.headers.get("HX-Request"):
        return redirect(reverse("portal:catalogue") + ("?" + urlencode({"q": q}) if q else ""))
    found = selectors.suggestions(q, limit=SUGGESTIONS) if q.strip() else []
    return render(request, "portal/_suggestions.html", {"found": found, "q": q})
