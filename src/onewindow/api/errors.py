"""One error shape for the API: Django validation errors and dates past the calendar become 400s
whose body names the field at fault."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from onewindow.accounts.identity.throttle import RateLimited
from onewindow.cases.errors import CaseNotFound, StaleVersion, TaskNotFound, TransitionNotAllowed
from onewindow.cases.idempotency import KeyReused
from onewindow.core.clock import BeyondTheCalendar
from onewindow.disclosure.errors import RequestNotFound
from onewindow.hotline.errors import TicketNotFound
from onewindow.notifications.codes import NoPhoneChannel


def exception_handler(exc, context):
    if isinstance(exc, RateLimited):
        return Response(
            {"detail": str(exc)},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(exc.retry_after)},
        )
    if isinstance(exc, NoPhoneChannel):
        return Response({"detail": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BeyondTheCalendar):
        return Response({"start": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, (CaseNotFound, TaskNotFound, TicketNotFound, RequestNotFound)):
        return Response({"detail": str(exc)}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, StaleVersion):
        body = {"detail": str(exc), "current_version": exc.current}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, KeyReused):  # draft-ietf-httpapi-idempotency-key-header: 422
        return Response({"detail": str(exc)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, TransitionNotAllowed):
        body = {"detail": str(exc)}
        if getattr(exc, "fields", None):  # cases.errors.OutsideRequest: the fields refused
            body["fields"] = exc.fields
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoPermissionDenied) and str(exc):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
