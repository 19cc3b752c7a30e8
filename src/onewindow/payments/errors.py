"""What a payments service refuses beyond invalid input."""

from __future__ import annotations

from django.utils.translation import gettext as _


class AlreadyPaid(Exception):
    def __init__(self, reference: str):
        self.reference = reference
        super().__init__(
            _("The fee of payment notice %(reference)s has already been paid.")
            % {"reference": reference}
        )
