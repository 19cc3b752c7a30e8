"""Officials' pages for meetings: today's and the coming meetings, the form that convenes one,
a meeting's page (agenda, invitees and their answers, the seating plan, the answer form, the
invitation as .ics, the decisions and the minutes), and its video room, whose page posts joins,
leaves and the chair's moderation to the endpoints here. Each view parses its input, calls one
selector or service of ``office`` and redirects; who may do what is ``office.meetings``.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.office import authority, instructions_ledger, meeting_ics, meetings
from onewindow.office import meeting_selectors as selectors
from onewindow.office import selectors as document_selectors
from onewindow.office.conferencing import rooms
from onewindow.office.conferencing.janus import JanusError
from onewindow.office.meeting_models import Attendee, Meeting, MeetingStatus, Response
from onewindow.office.models import DocumentStatus
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step

SEPARATORS = ("|", "｜")


def _officials() -> list[tuple[str, list[tuple[int, str]]]]:
    """The officials holding a role, grouped by department in the tree's order (a child
    department under its parent), for the invitation's choices."""
    rows = RoleAssignment.objects.order_by("department__code", "user__username").values_list(
        "department_id", "user_id"
    )
    users = {}
    for department_id, user_id in rows:
        users.setdefault(department_id, {})[user_id] = None
    departments = Department.objects.filter(pk__in=users).select_related("parent")
    names = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in={u for d in users.values() for u in d})
    }
    by_parent: dict[int | None, list[Department]] = {}
    ids = {d.pk for d in departments}
    for department in departments:
        parent = department.parent_id if department.parent_id in ids else None
        by_parent.setdefault(parent, []).append(department)
    groups: list[tuple[str, list[tuple[int, str]]]] = []

    def walk(parent, depth):
        for department in sorted(by_parent.get(parent, []), key=lambda d: d.code):
            label = "— " * depth + department.display_name
            groups.append((label, [(pk, names[pk]) for pk in users[department.pk]]))
            walk(department.pk, depth + 1)

    walk(None, 0)
    return groups


class MeetingForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title in English"), max_length=300, required=False
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    room = forms.ChoiceField(label=gettext_lazy("Room"), required=False)
    video = forms.BooleanField(
        label=gettext_lazy("Also a video conference (people join from the meeting page)"),
        required=False,
    )
    chair = forms.TypedChoiceField(label=gettext_lazy("Chair"), coerce=int)
    attendees = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Invited officials"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(
        label=gettext_lazy("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One item a line: the subject | who presents it | minutes | the number of a "
            "document to discuss (all but the subject may be left out)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = _officials()
        self.fields["attendees"].choices = groups
        self.fields["chair"].choices = groups
        self.fields["room"].choices = [("", _("No room: video only"))] + [
            (str(r.pk), f"{r.display_name} · {r.department.display_name} ({r.seats})")
            for r in selectors.rooms()
        ]

    def clean_agenda(self):
        items = []
        for line in self.cleaned_data["agenda"].splitlines():
            for separator in SEPARATORS[1:]:
                line = line.replace(separator, SEPARATORS[0])
            parts = [part.strip() for part in line.split(SEPARATORS[0])]
            if not parts[0]:
                continue
            parts += [""] * (4 - len(parts))
            items.append(
                {
                    "title": parts[0],
                    "presenter": parts[1],
                    "minutes": parts[2] or 15,
                    "number": parts[3],
                }
            )
        return items

    def service_data(self, user) -> dict:
        data = dict(self.cleaned_data)
        agenda = []
        for item in data["agenda"]:
            number = item.pop("number")
            if number:
                found = document_selectors.numbered(user, number)
                if found is None:
                    raise ValidationError(
                        {
                            "agenda": _("No document numbered %(number)s that you may read.")
                            % {"number": number}
                        }
                    )
                item["document"] = found.pk
            agenda.append(item)
        data["agenda"] = agenda
        return data

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        lines = []
        for item in meeting.agenda.select_related("document"):
            number = item.document.number if item.document else ""
            lines.append(
                " | ".join([item.title, item.presenter, str(item.minutes_planned), number]).rstrip(
                    " |"
                )
            )
        local = timezone.localtime
        return {
            "title": meeting.title,
            "title_en": meeting.title_en,
            "starts_at": local(meeting.starts_at),
            "ends_at": local(meeting.ends_at),
            "room": str(meeting.room_id or ""),
            "video": meeting.video,
            "chair": meeting.chair_id,
            "attendees": list(meeting.attendees.values_list("user_id", flat=True)),
            "agenda": "\n".join(lines),
        }


class ResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[c for c in Response.choices if c[0] != Response.PENDING],
        widget=forms.RadioSelect,
    )
    delegate = forms.CharField(
        label=gettext_lazy("Who attends instead of you"), max_length=60, required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for cancelling"), max_length=200)


class SeatForm(forms.Form):
    attendee = forms.TypedChoiceField(label=gettext_lazy("Attendee"), coerce=int)
    seat = forms.CharField(
        label=gettext_lazy("Seat"),
        max_length=4,
        help_text=gettext_lazy("Row letter and number: B3."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].choices = [
            (a.pk, a.user.display_name)
            for a in meeting.attendees.exclude(response=Response.DECLINED).select_related("user")
        ]


class DecisionsForm(forms.Form):
    decisions = forms.CharField(
        label=gettext_lazy("Decisions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "One decision a line: what is to be done | the acting department's code | working "
            "days (10 when left out)."
        ),
    )

    def clean_decisions(self):
        items = []
        for line in self.cleaned_data["decisions"].splitlines():
            line = line.replace(SEPARATORS[1], SEPARATORS[0])
            parts = [part.strip() for part in line.split(SEPARATORS[0])] + ["", ""]
            if parts[0]:
                items.append({"text": parts[0], "department": parts[1], "limit": parts[2] or 10})
        return items

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        lines = [
            f"{d.text} | {d.department.code} | {d.limit}"
            for d in meeting.decisions.select_related("department")
        ]
        return {"decisions": "\n".join(lines)}


def _convening(user) -> Department | None:
    ids = authority.departments_with(user, meetings.SCHEDULE_ROLES)
    return Department.objects.filter(pk__in=ids).order_by("code").first()


@require_safe
@official_required
def meeting_list(request):
    """Today's meetings, the coming ones and the past ones, with my answer."""
    now = timezone.now()
    upcoming = list(selectors.upcoming(request.user, now)[:100])
    answers = dict(
        Attendee.objects.filter(meeting__in=upcoming, user=request.user).values_list(
            "meeting_id", "response"
        )
    )
    return render(
        request,
        "workbench/office/meetings/list.html",
        {
            "today": [
                m for m in upcoming if timezone.localdate(m.starts_at) == timezone.localdate(now)
            ],
            "upcoming": [{"meeting": m, "answer": answers.get(m.pk, "")} for m in upcoming],
            "past": list(selectors.past(request.user, now)[:50]),
            "may_schedule": _convening(request.user) is not None,
            "Response": Response,
        },
    )


def _form_page(request, form, *, meeting=None, status=200):
    return render(
        request,
        "workbench/office/meetings/form.html",
        {
            "form": form,
            "meeting": meeting,
            "department": meeting.department if meeting else _convening(request.user),
        },
        status=status,
    )


def _save(request, form, save, meeting=None):
    if not form.is_valid():
        return _form_page(request, form, meeting=meeting, status=400)
    try:
        made = save(form.service_data(request.user))
    except ValidationError as error:
        put_errors(form, error)
        return _form_page(request, form, meeting=meeting, status=400)
    return redirect("workbench:office-meeting", made.pk)


@require_http_methods(["GET", "POST"])
@official_required
def meeting_new(request):
    department = _convening(request.user)
    if department is None:
        raise PermissionDenied
    if request.method == "GET":
        start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        form = MeetingForm(
            initial={
                "chair": request.user.pk,
                "starts_at": start,
                "ends_at": start + timedelta(hours=1),
            }
        )
        return _form_page(request, form)

    def save(data):
        made = meetings.schedule(department, data, actor=request.user)
        messages.success(request, _("The meeting is scheduled and the invitations are sent."))
        return made

    return _save(request, MeetingForm(request.POST), save)


@require_http_methods(["GET", "POST"])
@official_required
def meeting_edit(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    if not (
        meeting.status == MeetingStatus.SCHEDULED and meetings.may_manage(request.user, meeting)
    ):
        raise PermissionDenied
    if request.method == "GET":
        return _form_page(
            request, MeetingForm(initial=MeetingForm.initial_for(meeting)), meeting=meeting
        )

    def save(data):
        made = meetings.change(meeting, data, actor=request.user)
        messages.success(request, _("The meeting is changed and the invitees are told."))
        return made

    return _save(request, MeetingForm(request.POST), save, meeting=meeting)


def _page(request, meeting: Meeting, *, status: int = 200, **forms_):
    attendee = selectors.attendee_of(request.user, meeting)
    manage = meetings.may_manage(request.user, meeting)
    attendees = list(
        meeting.attendees.select_related("user", "department").order_by("department__code", "pk")
    )
    counts = {value: 0 for value in Response.values}
    seen = selectors.attendance(meeting)
    for row in attendees:
        counts[row.response] += 1
        row.seen = seen.get(row.user_id)
    decisions = list(meeting.decisions.select_related("department", "instruction"))
    matters = instructions_ledger.matters([d.instruction for d in decisions])
    for decision in decisions:
        matter = matters.get(decision.instruction_id)
        open_ = decision.instruction and not decision.instruction.completed_at
        decision.colour = matter.card if matter and open_ else ""
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda.select_related("document"),
        "attendees": attendees,
        "counts": [(label, counts[value]) for value, label in Response.choices if counts[value]],
        "may_draft_minutes": meeting.status == MeetingStatus.ENDED
        and meeting.minutes_id is None
        and meeting.department_id
        in authority.departments_with(request.user, (Role.DOCUMENT_DRAFTER,)),
        "attendee": attendee,
        "manage": manage,
        "seating": selectors.seating(meeting),
        "seated": any(row.seat for row in attendees),
        "decisions": decisions,
        "scheduled": meeting.status == MeetingStatus.SCHEDULED,
        "minutes_open": meeting.minutes_id is None,
        "video_configured": rooms.configured(),
        "response_form": forms_.get("response_form")
        or ResponseForm(
            initial={
                "response": attendee.response
                if attendee and attendee.response != Response.PENDING
                else None,
                "delegate": attendee.delegate if attendee else "",
                "note": attendee.note if attendee else "",
            }
        ),
    }
    if manage:
        context["cancel_form"] = forms_.get("cancel_form") or CancelForm()
        if meeting.room:
            context["seat_form"] = forms_.get("seat_form") or SeatForm(meeting=meeting)
        if meeting.minutes_id is None or meeting.minutes.status == DocumentStatus.DRAFT:
            context["decisions_form"] = forms_.get("decisions_form") or DecisionsForm(
                initial=DecisionsForm.initial_for(meeting)
            )
    return render(request, "workbench/office/meetings/meeting.html", context, status=status)


@require_safe
@official_required
def meeting(request, pk):
    return _page(request, selectors.meeting_for(request.user, pk))


@require_POST
@official_required
def meeting_step(request, pk, step):
    """One step: answer, cancel, arrange or move seats, record decisions, end, draft minutes."""
    found = selectors.meeting_for(request.user, pk)
    forms_by_step = {
        "respond": ("response_form", ResponseForm(request.POST)),
        "cancel": ("cancel_form", CancelForm(request.POST)),
        "place": ("seat_form", SeatForm(request.POST, meeting=found)),
        "decisions": ("decisions_form", DecisionsForm(request.POST)),
    }
    if step not in (*forms_by_step, "seats", "end", "minutes"):
        raise Http404
    name, form = forms_by_step.get(step, ("", None))

    def act(data):
        if step == "respond":
            meetings.respond(found, actor=request.user, **data)
            return _("Your answer is sent.")
        if step == "cancel":
            meetings.cancel(found, actor=request.user, reason=data["reason"])
            return _("The meeting is cancelled and the invitees are told.")
        if step == "seats":
            seated = meetings.arrange_seats(found, actor=request.user)
            return _("%(n)d attendees are seated.") % {"n": seated}
        if step == "place":
            meetings.place(
                found, actor=request.user, attendee_id=data["attendee"], seat=data["seat"]
            )
            return _("The seat is changed.")
        if step == "decisions":
            meetings.set_decisions(found, data["decisions"], actor=request.user)
            return _("The decisions are recorded.")
        if step == "end":
            meetings.end(found, actor=request.user)
            return _("The meeting has ended.")
        document = meetings.draft_minutes(found, actor=request.user)
        messages.success(request, _("The minutes are drafted; review them and send them on."))
        return redirect("workbench:office-document", document.pk)

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, found, status=400, **{name: bad}),
        back=reverse("workbench:office-meeting", args=[pk]),
    )


@require_safe
@official_required
def meeting_invitation(request, pk):
    """The invitation as .ics (a cancellation once cancelled)."""
    found = selectors.meeting_for(request.user, pk)
    url = request.build_absolute_uri(reverse("workbench:office-meeting", args=[pk]))
    return meeting_ics.response(found, url=url)


@require_safe
@official_required
def meeting_video(request, pk):
    """The video room: invitees only, while the meeting stands; the room opens on Janus when
    the first of them comes in."""
    found = selectors.meeting_for(request.user, pk)
    if not (found.video and meetings.is_attendee(request.user, found)):
        raise Http404
    conference = None
    if rooms.configured() and found.status == MeetingStatus.SCHEDULED:
        try:
            meetings.open_video(found, actor=request.user)
        except JanusError:  # the server is down or refused
            messages.error(request, _("The conferencing server could not be reached."))
            return redirect("workbench:office-meeting", pk)
        conference = rooms.page_config(
            found.pk,
            pin=found.pin,
            user_id=request.user.pk,
            display_name=request.user.display_name,
            host=meetings.may_manage(request.user, found),
            urls={
                name: reverse("workbench:office-meeting-video-action", args=[pk, name])
                for name in ("attendance", "mute", "remove", "end")
            },
        )
    response = render(
        request,
        "office/meeting_room.html",
        {"title": found.display_title, "conference": conference, "meeting": found},
    )
    return rooms.allow_connections(response) if conference else response


@require_POST
@official_required
def meeting_video_action(request, pk, action):
    """What the meeting page posts: a join or leave, or the chair's mute, remove and end."""
    found = selectors.meeting_for(request.user, pk)
    try:
        if action == "attendance":
            meetings.record_attendance(
                found, actor=request.user, event=request.POST.get("event", "")
            )
        elif action in ("mute", "remove"):
            meetings.moderate(
                found,
                actor=request.user,
                action=action,
                user_id=request.POST.get("user_id"),
                kind=request.POST.get("kind", "audio"),
            )
        elif action == "end":
            meetings.end(found, actor=request.user)
        else:
            raise Http404
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain")
    except JanusError:
        message = _("The conferencing server could not be reached.")
        return HttpResponse(message, status=503, content_type="text/plain")
    return HttpResponse(status=204)
