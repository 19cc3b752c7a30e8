"""What a disclosure service refuses beyond invalid input (a ValidationError naming the field)."""

from __future__ import annotations

from django.utils.translation import gettext as _


class RequestNotFound(Exception):
    """No such request, or not one the caller may see (the two are not told apart)."""

    def __init__(self, number: str):
        self.number = number
        super().__init__(
            _("There is no disclosure request %(number)s that you can see.") % {"number": number}
        )
