"""A test-only meeting page and the host's endpoints, standing in for the office app's views:
they render office/meeting_room.html with conferencing.rooms.page_config and call the rooms
functions with plain values, as the integrator's Meeting views will."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from onewindow import urls as project_urls
from onewindow.office.conferencing import rooms

PIN = "2468"
attendance: list[tuple[int, int, str]] = []  # (meeting, user, event) as the beacons told it


def meeting(request, meeting_id, user_id):
    conference = None
    if rooms.configured():
        conference = rooms.page_config(
            meeting_id,
            pin=request.GET.get("pin", PIN),
            user_id=user_id,
            display_name=request.GET.get("name", f"参会人{user_id}"),
            host="host" in request.GET,
            urls={
                name: reverse(f"test-meeting-{name}", args=[meeting_id, user_id])
                for name in ("attendance", "mute", "remove", "end")
            },
        )
    response = render(
        request, "office/meeting_room.html", {"title": "局务会议", "conference": conference}
    )
    return rooms.allow_connections(response) if conference else response


@require_POST
def attend(request, meeting_id, user_id):
    attendance.append((meeting_id, user_id, request.POST["event"]))
    return HttpResponse(status=204)


@require_POST
def mute(request, meeting_id, user_id):
    rooms.mute(meeting_id, int(request.POST["user_id"]), request.POST.get("kind", "audio"))
    return HttpResponse(status=204)


@require_POST
def remove(request, meeting_id, user_id):
    rooms.remove(meeting_id, int(request.POST["user_id"]))
    return HttpResponse(status=204)


@require_POST
def end(request, meeting_id, user_id):
    rooms.close_room(meeting_id)
    return HttpResponse(status=204)


base = "test-meeting/<int:meeting_id>/<int:user_id>/"
urlpatterns = [
    path(base, meeting, name="test-meeting"),
    path(base + "attendance", attend, name="test-meeting-attendance"),
    path(base + "mute", mute, name="test-meeting-mute"),
    path(base + "remove", remove, name="test-meeting-remove"),
    path(base + "end", end, name="test-meeting-end"),
    *project_urls.urlpatterns,
]
