"""Reads of requests on application, with their permissions: an applicant sees their own
requests; the staff of an agency's disclosure office see the agency's; nobody else any."""

from __future__ import annotations

from django.db.models import QuerySet

from onewindow.disclosure import request_authority
from onewindow.disclosure.models import DisclosedFile, Letter, Request, RequestStatus

OPEN_STATUSES = (
    RequestStatus.SUBMITTED,
    RequestStatus.RECEIVED,
    RequestStatus.SUPPLEMENT,
    RequestStatus.THIRD_PARTY,
    RequestStatus.REVIEW,
)


def mine(user) -> QuerySet[Request]:
    """The requests ``user`` made online, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Request.objects.none()
    return (
        Request.objects.filter(applicant=user)
        .select_related("agency", "right_agency")
        .order_by("-submitted_at", "-pk")
    )


def inbox(user, *, open_only: bool = True) -> QuerySet[Request]:
    """The requests of the agencies where ``user`` works in the disclosure office, by due date
    (unconfirmed online requests first)."""
    agencies = request_authority.agencies_of(user)
    if not agencies:
        return Request.objects.none()
    rows = Request.objects.filter(agency__in=agencies).select_related("agency", "right_agency")
    if open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    return rows.order_by("due_on", "submitted_at", "pk")


def visible(user) -> QuerySet[Request]:
    """Every request ``user`` may see: their own and their agencies'."""
    if not getattr(user, "is_authenticated", False):
        return Request.objects.none()
    agencies = request_authority.agencies_of(user)
    from django.db.models import Q

    return Request.objects.filter(Q(applicant=user) | Q(agency__in=agencies)).select_related(
        "agency", "right_agency"
    )


def get(user, number: str) -> Request | None:
    """The request ``number`` if ``user`` may see it, else None (the two are not told apart)."""
    return visible(user).filter(number=number).first()


def letters_for(user, request: Request) -> QuerySet[Letter]:
    """The letters of ``request`` the user may download: the applicant gets those sent to
    them; the agency's staff every letter."""
    rows = request.letters.all()
    found = request_authority.hats(user, request)
    if not found:
        return Letter.objects.none()
    if found == {request_authority.APPLICANT}:
        rows = rows.filter(to_applicant=True)
    return rows


def letter(user, number: str) -> Letter | None:
    found = Letter.objects.select_related("request").filter(number=number).first()
    if found is None or not letters_for(user, found.request).filter(pk=found.pk).exists():
        return None
    return found


def timeline(user, request: Request):
    if not request_authority.hats(user, request):
        return []
    return list(request.events.select_related("actor"))


def files_for(user, request: Request) -> QuerySet[DisclosedFile]:
    """The files released with the reply: the applicant gets them once the reply is sent, the
    agency's staff as soon as they are uploaded."""
    found = request_authority.hats(user, request)
    if not found:
        return DisclosedFile.objects.none()
    if found == {request_authority.APPLICANT} and request.status != RequestStatus.REPLIED:
        return DisclosedFile.objects.none()
    return request.files.all()


def disclosed_file(user, pk: int) -> DisclosedFile | None:
    found = DisclosedFile.objects.select_related("request").filter(pk=pk).first()
    if found is None or not files_for(user, found.request).filter(pk=found.pk).exists():
        return None
    return found
