"""The command board (指挥一张图) on the workbench: the map of warnings, incidents and resources;
the key figures, the responses in force, every running clock and the timeline, refreshed in
place every 30 seconds (htmx polls the live part; the map script polls its JSON). For the
emergency duty desks and commanders; what each sees is ``emergency.board``'s."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from onewindow.emergency import board as command_board
from onewindow.emergency.warning_map import legend
from onewindow.workbench.access import official_required

REFRESH_SECONDS = 30


def _board(request):
    if not command_board.may_see(request.user):
        raise Http404
    return command_board.board(request.user)


@require_safe
@official_required
def board(request):
    found = _board(request)
    return render(
        request,
        "workbench/emergency/board.html",
        {"board": found, "legend": legend(), "now": timezone.now(), "refresh": REFRESH_SECONDS},
    )


@require_safe
@never_cache
@official_required
def live(request):
    """The board's live part, for htmx to swap in."""
    return render(
        request,
        "workbench/emergency/_board_live.html",
        {"board": _board(request), "now": timezone.now(), "refresh": REFRESH_SECONDS},
    )


@require_safe
@never_cache
@official_required
def data(request):
    """What the map draws, for the map script to poll."""
    return JsonResponse(_board(request).map_data)
