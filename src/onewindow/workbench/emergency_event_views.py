"""Major-event operations command (赛会运行指挥) on the workbench: the events, each event's board
(the command structure in force and the next switch, its working groups, the venues on the map
with today's schedule, the incidents and 12345 tickets near the venues, the response tasks of
the structure's departments, the fast-track permits), and its daily reports, on screen and as
PDF. The readers and the writers are ``emergency.event_selectors``' and ``emergency.events``'."""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.emergency import event_selectors, events
from onewindow.emergency.event_models import PermitKind
from onewindow.emergency.event_report import render_pdf
from onewindow.emergency.warning_map import area_map
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import take_step


class PermitForm(forms.Form):
    case = forms.CharField(label=gettext_lazy("Case number"), max_length=32)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of permit"), choices=PermitKind.choices)
    venue = forms.ChoiceField(label=gettext_lazy("Venue"), required=False)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = [("", _("(none)"))] + [
            (v.code, v.display_name) for v in event.venues.all()
        ]


class CompileForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@require_safe
@official_required
def desk(request):
    found = event_selectors.events_for(request.user)
    today = timezone.localdate()
    rows = [
        {
            "event": e,
            "structure": events.structure_on(e, today),
            "next": events.next_structure(e, today),
        }
        for e in found
    ]
    return render(request, "workbench/emergency/events.html", {"rows": rows, "today": today})


def _page(request, event, *, status=200, failed=None):
    failed = failed or {}
    board = event_selectors.board(request.user, event)
    map_data, _rows = area_map([])
    map_data.update(board.map_data)
    return render(
        request,
        "workbench/emergency/event.html",
        {
            "board": board,
            "event": event,
            "map_data": map_data,
            "permit_form": failed.get("permit")
            or PermitForm(event=event, auto_id="id_p_%s"),
            "compile_form": (failed.get("compile")
                             or CompileForm(auto_id="id_c_%s", initial={"day": board.today}))
            if board.may_compile else None,
            "has_errors": status == 400,
        },
        status=status,
    )  # fmt: skip


@require_safe
@official_required
def detail(request, code):
    return _page(request, event_selectors.event_for(request.user, code))


@require_POST
@official_required
def step(request, code, action):
    event = event_selectors.event_for(request.user, code)
    back = reverse("workbench:emergency-event", args=[event.code])
    if action == "permit":
        form = PermitForm(request.POST, event=event, auto_id="id_p_%s")

        def act(data):
            permit = events.flag_permit(request.user, event, data=data)
            return _("Case %(number)s is on the event's fast track.") % {
                "number": permit.case.number
            }

    elif action == "compile":
        form = CompileForm(request.POST, auto_id="id_c_%s")

        def act(data):
            report = events.compile_daily_report(request.user, event, data["day"])
            return _("The daily report of %(day)s is compiled.") % {"day": report.day.isoformat()}

    else:
        raise Http404
    return take_step(
        request, form, act,
        page=lambda bad: _page(request, event, status=400, failed={action: bad}),
        back=back,
    )  # fmt: skip


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


@require_safe
@official_required
def report(request, code, day):
    event = event_selectors.event_for(request.user, code)
    found = event_selectors.report_for(request.user, event, _day(day))
    return render(
        request, "workbench/emergency/daily_report.html", {"event": event, "report": found}
    )


@require_safe
@official_required
def report_pdf(request, code, day):
    event = event_selectors.event_for(request.user, code)
    found = event_selectors.report_for(request.user, event, _day(day))
    response = HttpResponse(render_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.code}-{found.day}.pdf"'
    return response
