"""The service hall's browsing pages: life events, departments and the hall's notices."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from onewindow.catalog import hall


@require_safe
def life_events(request):
    return render(request, "portal/life_events.html", {"events": hall.life_events()})


@require_safe
def life_event(request, slug):
    event = hall.life_event(slug)
    if event is None:
        raise Http404
    return render(
        request,
        "portal/life_event.html",
        {"event": event, "items": hall.life_event_items(event), "events": hall.life_events()},
    )


@require_safe
def departments(request):
    return render(request, "portal/departments.html", {"groups": hall.departments_and_items()})


@require_safe
def notices(request):
    return render(request, "portal/notices.html", {"notices": list(hall.current_notices()[:50])})


@require_safe
def notice(request, pk):
    found = hall.notice(pk)
    if found is None:
        raise Http404
    return render(request, "portal/notice.html", {"notice": found})
