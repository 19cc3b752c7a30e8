"""The duty roster (值班) on the workbench: who is on duty now, the coming week's shifts (the
commander or head arranges them), and the handover at the end of the duty day with the next
shift's taking over. Who may do what is in ``emergency.duty``."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.emergency import authority, duty
from onewindow.emergency.duty_models import DutyShift, Handover, Post
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import take_step

WEEK = 7


class ShiftForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Duty day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    post = forms.ChoiceField(label=gettext_lazy("Post"), choices=Post.choices)
    user = forms.TypedChoiceField(label=pgettext_lazy("duty roster", "Person on duty"), coerce=int)

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        people = {}
        for post in Post.values:
            for person in duty.eligible(department, post).order_by("username"):
                people[person.pk] = person
        self.fields["user"].choices = [
            (pk, f"{p.display_name} ({p.username})") for pk, p in people.items()
        ]


class HandoverForm(forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Handover notes (open incidents, tasks, calls to return)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _departments(user) -> list[Department]:
    ids = authority.desk_for(user) | authority.commanding_for(user)
    return list(Department.objects.filter(pk__in=ids).order_by("code"))


def _department(request, code: str | None = None) -> Department:
    mine = _departments(request.user)
    if not mine:
        raise Http404
    code = code or request.GET.get("department")
    found = next((d for d in mine if d.code == code), None) if code else mine[0]
    if found is None:
        raise Http404
    return found


def _page(request, department, *, status=200, failed=None):
    failed = failed or {}
    today = duty.duty_day()
    start, end = duty.day_bounds(today)
    shifts = list(
        DutyShift.objects.filter(
            department=department, day__gte=today, day__lt=today + timedelta(days=WEEK)
        ).select_related("user")
    )
    days = []
    for n in range(WEEK):
        day = today + timedelta(days=n)
        here = [s for s in shifts if s.day == day]
        days.append(
            {
                "day": day,
                "leaders": [s for s in here if s.post == Post.LEADER],
                "officers": [s for s in here if s.post == Post.OFFICER],
            }
        )
    arranger = department.pk in authority.commanding_for(request.user)
    on_duty_now = [s for s in shifts if s.day == today]
    mine_today = any(s.user_id == request.user.pk for s in on_duty_now)
    handovers = list(
        Handover.objects.filter(department=department)
        .select_related("handed_by", "taken_by")
        .order_by("-day")[:WEEK]
    )
    for handover in handovers:
        handover.may_take = handover.taken_at is None and any(
            s.user_id == request.user.pk and s.day == handover.day + timedelta(days=1)
            for s in shifts
        )
    handed_today = any(h.day == today for h in handovers)
    return render(
        request,
        "workbench/emergency/duty.html",
        {
            "department": department,
            "departments": _departments(request.user),
            "today": today,
            "start": start,
            "end": end,
            "on_duty": on_duty_now,
            "days": days,
            "arranger": arranger,
            "shift_form": _shift_form(failed, department, today) if arranger else None,
            "handover_form": (failed.get("handover") or HandoverForm(auto_id="id_h_%s"))
            if mine_today and not handed_today
            else None,
            "handovers": handovers,
            "has_errors": status == 400,
        },
        status=status,
    )  # fmt: skip


def _shift_form(failed, department, today):
    return failed.get("shift") or ShiftForm(
        department=department, auto_id="id_s_%s", initial={"day": today}
    )


@require_safe
@official_required
def roster(request):
    return _page(request, _department(request))


@require_POST
@official_required
def step(request, code, action):
    department = _department(request, code)
    back = reverse("workbench:emergency-duty") + f"?department={department.code}"
    key = action
    if action == "shift":
        form = ShiftForm(request.POST, department=department, auto_id="id_s_%s")

        def act(data):
            shift = duty.set_shift(request.user, department, **data)
            return _("%(person)s is on duty on %(day)s.") % {
                "person": shift.user.display_name,
                "day": shift.day.isoformat(),
            }

    elif action == "remove":
        shift = _shift(department, request.POST.get("shift"))
        form = None

        def act(_data):
            duty.remove_shift(request.user, shift)
            return _("The shift is removed.")

    elif action == "handover":
        form = HandoverForm(request.POST, auto_id="id_h_%s")

        def act(data):
            duty.hand_over(request.user, department, notes=data["notes"])
            return _("The duty day is handed over; the next shift takes it over.")

    elif action == "take":
        handover = Handover.objects.filter(
            department=department, pk=_int(request.POST.get("handover"))
        ).first()
        if handover is None:
            raise Http404
        form = None

        def act(_data):
            duty.take_over(request.user, handover)
            return _("You have taken the duty over.")

    else:
        raise Http404
    return take_step(
        request, form, act,
        page=lambda bad: _page(request, department, status=400, failed={key: bad}),
        back=back,
    )  # fmt: skip


def _int(value) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise Http404 from None


def _shift(department, value) -> DutyShift:
    found = DutyShift.objects.filter(department=department, pk=_int(value)).first()
    if found is None:
        raise Http404
    return found
