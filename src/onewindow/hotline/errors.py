"""What a hotline service refuses beyond invalid input (a ValidationError naming the field)."""

from __future__ import annotations

from django.utils.translation import gettext as _


class TicketNotFound(Exception):
    """No such ticket, or not one the caller may see (the two are not told apart)."""

    def __init__(self, number: str):
        self.number = number
        super().__init__(
            _("There is no 12345 ticket %(number)s that you can see.") % {"number": number}
        )
