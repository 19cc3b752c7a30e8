"""What a disclosure service refuses beyond invalid input (a ValidationError naming the field)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from onewindow.cases.errors import StaleVersion


class DocumentNotFound(Http404):
    """No such document, or not one the caller may see (the two are not told apart)."""

    def __init__(self, pk):
        self.pk = pk
        super().__init__(_("There is no document %(pk)s that you can see.") % {"pk": pk})


class StaleDocument(StaleVersion):
    """Someone acted on the document since the caller loaded it (optimistic version check)."""

    def __init__(self, pk, expected: int, current: int):
        self.current = current
        Exception.__init__(
            self,
            _(
                "Document %(pk)s has changed since you loaded it (your version %(expected)d, "
                "now %(current)d). Reload it and try again."
            )
            % {"pk": pk, "expected": expected, "current": current},
        )


class RequestNotFound(Exception):
    """No such request, or not one the caller may see (the two are not told apart)."""

    def __init__(self, number: str):
        self.number = number
        super().__init__(
            _("There is no disclosure request %(number)s that you can see.") % {"number": number}
        )
