"""The counter's day: today's appointments at the clerk's service centre, with check-in."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.appointments import selectors, services
from onewindow.workbench.access import official_required


def _require_clerk(request) -> None:
    """A window clerk; the queue shows the service centres among the clerk's departments."""
    if not request.desk.clerk:
        raise PermissionDenied(_("Only a window clerk sees the queue of appointments."))


@require_GET
@official_required
def queue(request):
    """A day's bookings at my centre (today, or ``?day=`` to plan ahead), in time order."""
    _require_clerk(request)
    today = timezone.localdate()
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    return render(
        request,
        "workbench/queue.html",
        {
            "bookings": list(selectors.day_queue(request.user, day)),
            "day": day,
            "today": today,
            "next_day": services.working_days_ahead(today, 1)[0],
        },
    )


@require_POST
@official_required
def check_in(request, reference):
    _require_clerk(request)
    try:
        booking = services.check_in(clerk=request.user, reference=reference)
    except ValidationError as exc:
        for problems in exc.message_dict.values():
            for message in problems:
                messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s checked in: queue number %(number)s.")
            % {"name": booking.applicant.display_name, "number": booking.queue_number},
        )
    return redirect("workbench:queue")
