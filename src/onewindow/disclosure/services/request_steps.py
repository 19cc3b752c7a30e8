"""The steps every write on a request shares (``requests`` and ``request_fees`` use them):
lock and authorize, record a timeline step with its audit entry, save, pause the clock with a
sealed letter, and end lapsed requests. Call them inside the service's transaction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core import audit
from onewindow.disclosure import letters, request_authority, request_ledger
from onewindow.disclosure.errors import RequestNotFound
from onewindow.disclosure.models import Request, RequestDetail, RequestEvent
from onewindow.disclosure.models import RequestStatus as S


def today() -> date:
    return timezone.localdate()


def required(value: str, field: str, label) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("Please fill in %(field)s.") % {"field": label}})
    return value


def load(number: str, actor, action: str) -> tuple[Request, RequestDetail]:
    """Lock the request and check that ``actor`` may take ``action`` on it now."""
    request = (
        Request.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(number=number)
        .first()
    )
    if request is None:
        raise RequestNotFound(number)
    found = request_authority.hats(actor, request)
    if not found:
        raise RequestNotFound(number)
    states, who = request_authority.ACTIONS[action]
    if not found & who:
        raise PermissionDenied(_("You may not do this to request %(number)s.") % {"number": number})
    if request.status not in states:
        raise ValidationError(
            {
                "status": _("Request %(number)s is %(status)s; this cannot be done now.")
                % {"number": number, "status": request.get_status_display()}
            }
        )
    detail, _created = RequestDetail.objects.get_or_create(request=request)
    return request, detail


def step(request, action: str, actor, note: str = "", data: dict | None = None) -> None:
    """One line of the request's timeline and its audit entry."""
    now = timezone.now()
    RequestEvent.objects.create(
        request=request, action=action, on=timezone.localdate(now), at=now, actor=actor, note=note
    )
    audit.record(
        f"disclosure.request_{action}",
        object_type="disclosure_request",
        object_id=request.number,
        actor=actor,
        data={"status": request.status, **(data or {})},
    )


def save(request: Request, detail: RequestDetail | None = None) -> None:
    request.version += 1
    request.save()
    if detail is not None:
        detail.save()


def pause_with_letter(
    request: Request,
    detail: RequestDetail,
    *,
    status: str,
    kind: str,
    addressee: str,
    paragraphs: list[str],
    fields: list[tuple[str, str]] = (),
    to_applicant: bool = True,
    actor,
) -> None:
    """Stop the reply clock (a supplement, a third party's answer, a fee: Art. 30, 32 and
    国办函〔2020〕109号 leave that time out of the limit), then seal the letter that says why."""
    request.status = status
    detail.clock_paused = True
    request_ledger.track(request, detail)
    save(request, detail)
    letters.issue(
        request,
        kind,
        addressee=addressee,
        paragraphs=paragraphs,
        fields=fields,
        to_applicant=to_applicant,
        actor=actor,
    )


def lapse(late: Q, outcome: str, action: str, day: date) -> list[str]:
    """End the requests ``late`` selects as lapsed (counted in ``outcome``), each audited."""
    numbers = list(
        Request.objects.select_for_update()
        .filter(late)
        .order_by("pk")
        .values_list("number", flat=True)
    )
    for number in numbers:
        request = Request.objects.get(number=number)
        request.status = S.LAPSED
        request.outcome = outcome
        request.replied_on = day
        save(request)
        request_ledger.close(request)
        step(request, action, None)
    return numbers
