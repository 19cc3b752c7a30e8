"""The operator's phone console: who is calling, and the one write a call ends in.

``take_call`` turns a call into a ticket and takes it (and dispatches it, for a dispatcher) or
answers it from a knowledge article, in one transaction through the hotline's services. The
classifier's proposal for the call's text is kept on the ticket by ``services.report`` (for
every channel), so that ``services.take`` records whether the operator confirmed or corrected
it (learned routing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.accounts.selectors import user_by_phone
from onewindow.certificates.presentation import mask_name
from onewindow.core.identifiers import mask_phone, normalize_phone
from onewindow.core.localized import localized
from onewindow.hotline import authority, classifier, selectors, services
from onewindow.hotline.models import Channel, Status, Ticket

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


@transaction.atomic
def take_call(
    *,
    operator,
    kind,
    title,
    description,
    caller_phone,
    caller_name="",
    address="",
    urgent=False,
    anonymous=False,
    category="",
    department="",
    dispatch=False,
    article_code="",
    idempotency_key="",
) -> Ticket:
    """A phone call becomes a ticket: answered from ``article_code``, or taken in ``category``
    (and dispatched to ``department`` when ``dispatch``). Sent twice with the same
    ``idempotency_key``, the second call returns the first ticket and changes nothing."""
    if not authority.is_centre(operator):
        raise PermissionDenied(_("Only the 12345 hotline's operators take calls."))
    if dispatch and not article_code and not authority.is_dispatcher(operator):
        raise PermissionDenied(_("Only a 12345 dispatcher dispatches tickets."))
    found = caller(operator, caller_phone)
    ticket = services.report(
        channel=Channel.PHONE,
        kind=kind,
        title=title,
        description=description,
        caller=found.account if found else None,
        caller_name=caller_name,
        caller_phone=found.phone if found else "",
        address=address,
        category=category or None,
        urgent=urgent,
        anonymous=anonymous,
        operator=operator,
        idempotency_key=idempotency_key,
    )
    if ticket.status != Status.RECEIVED:  # the same call sent twice: already done
        return ticket
    if article_code:
        return services.answer_on_the_spot(
            number=ticket.number, actor=operator, article_code=article_code
        )
    if not category:
        raise ValidationError({"category": _("Confirm the proposed category or choose another.")})
    if dispatch and not department:
        raise ValidationError(
            {"department": _("Confirm the proposed department or choose another.")}
        )
    ticket = services.take(
        number=ticket.number,
        actor=operator,
        category=category,
        kind=kind,
        urgent=urgent,
        department=department or None,
    )
    if dispatch:
        ticket = services.dispatch(number=ticket.number, actor=operator, department=department)
    return ticket
