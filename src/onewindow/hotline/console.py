"""The operator's phone console: who is calling, and the text the classifier reads.

The one write a call ends in is ``services.take_call``. The classifier's proposal for the
call's text is kept on the ticket by ``services.report`` (for every channel), so that
``services.take`` records whether the operator confirmed or corrected it (learned routing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.accounts.selectors import user_by_phone
from onewindow.certificates.presentation import mask_name
from onewindow.core.identifiers import mask_phone, normalize_phone
from onewindow.core.localized import localized
from onewindow.hotline import authority, classifier, selectors
from onewindow.hotline.models import Ticket

HISTORY = 10  # earlier tickets shown for a caller


@dataclass
class Caller:
    phone: str  # normalised
    account: User | None = None
    several: bool = False  # several accounts share the number: none is assumed
    tickets: list[Ticket] = field(default_factory=list)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def name_masked(self) -> str:
        return mask_name(self.account.display_name) if self.account else ""

    @property
    def history(self) -> list[tuple[Ticket, str]]:
        """The earlier tickets with their category's name in the active language."""
        return [(t, localized(t.category, "name") if t.category else "") for t in self.tickets]


def caller(user, phone: str) -> Caller | None:
    """The citizen registered with ``phone`` (found through the blind index) and the number's
    earlier tickets, newest first; only the hotline centre looks callers up."""
    if not authority.is_centre(user):
        raise PermissionDenied(_("Only the 12345 hotline's staff look up callers."))
    number = normalize_phone(phone)
    if not number:
        return None
    found = Caller(phone=number)
    try:
        account = user_by_phone(number)
    except User.MultipleObjectsReturned:
        found.several = True
    else:
        found.account = account if account is not None and not account.is_official else None
    found.tickets = list(selectors.caller_history(user, number)[:HISTORY])
    return found


def call_text(title: str, description: str, address: str = "") -> str:
    return classifier.ticket_text(title, description, address)
