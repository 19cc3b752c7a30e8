"""The warning desk (预警) on the workbench: a duty officer issues a warning over divisions or an
area drawn on the map, then updates, raises, lowers or cancels it; the commander or head
approves an orange or red one, never their own. Who may do what is ``emergency.authority``; the
views parse, call one service and redirect."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.core.models import Division
from onewindow.emergency import area as areas
from onewindow.emergency import authority, selectors, services
from onewindow.emergency.models import Change, Hazard, Level, levels_of
from onewindow.registry.models import DivisionBoundary
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _local_value(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


class WarningForm(forms.Form):
    hazard = forms.ChoiceField(label=gettext_lazy("Hazard"), choices=Hazard.choices)
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        choices=Level.choices,
        help_text=gettext_lazy(
            "An orange or red warning is sent once a second person approves it."
        ),
    )
    divisions = forms.MultipleChoiceField(
        label=gettext_lazy("Divisions warned"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    polygon = forms.CharField(
        label=gettext_lazy(
            "Or an area drawn on the map: its corners, one “latitude, longitude” per line"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "ew-polygon"}),
        help_text=gettext_lazy(
            "Click the map to add corners; the list fills in. You may also type them."
        ),
    )
    headline = forms.CharField(
        label=gettext_lazy("Headline (Chinese)"),
        max_length=160,
        required=False,
        help_text=gettext_lazy(
            "Left empty, it reads “<department> issued a <hazard> <level> warning”."
        ),
    )
    headline_en = forms.CharField(
        label=gettext_lazy("Headline (English)"), max_length=240, required=False
    )
    description = forms.CharField(
        label=gettext_lazy("Situation (Chinese)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=gettext_lazy("Situation (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    advice = forms.CharField(
        label=gettext_lazy("Advice to the public (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    advice_en = forms.CharField(
        label=gettext_lazy("Advice to the public (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible = forms.MultipleChoiceField(
        label=gettext_lazy("Responsible departments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    effective_at = forms.DateTimeField(
        label=gettext_lazy("In force from"), widget=DATETIME, required=False
    )
    expires_at = forms.DateTimeField(label=gettext_lazy("In force until"), widget=DATETIME)

    def __init__(self, *args, department: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.fields["divisions"].choices = _division_choices(department)
        self.fields["responsible"].choices = [
            (d.code, localized(d, "name"))
            for d in Department.objects.filter(
                division=department.division, kind=Department.Kind.DEPARTMENT
            ).order_by("code")
        ]

    def clean_polygon(self):
        text = self.cleaned_data["polygon"].strip()
        if not text:
            return []
        corners = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part for part in line.replace("，", ",").replace(",", " ").split() if part]
            if len(parts) != 2:
                raise ValidationError(
                    _("Line %(line)s: write “latitude, longitude”.") % {"line": number}
                )
            try:
                corners.append([float(parts[0]), float(parts[1])])
            except ValueError:
                raise ValidationError(
                    _("Line %(line)s: the latitude and longitude must be numbers.")
                    % {"line": number}
                ) from None
        return corners

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("effective_at") is None:
            data.pop("effective_at", None)
        return data


def _division_choices(department: Department):
    districts = list(areas.districts_of(department))
    if department.division.level == Division.Level.COUNTY:
        streets = Division.objects.filter(
            parent=department.division, level=Division.Level.TOWNSHIP
        ).order_by("code")
        return [(d.code, localized(d, "name")) for d in [*districts, *streets]]
    return [(d.code, localized(d, "name")) for d in districts]


class ChangeForm(WarningForm):
    change = forms.ChoiceField(
        label=gettext_lazy("Change"),
        choices=[
            (Change.UPDATE, gettext_lazy("Update the content, same level")),
            (Change.RAISE, gettext_lazy("Raise the level")),
            (Change.LOWER, gettext_lazy("Lower the level")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note on the change"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["change", "level", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("hazard")


class CancelForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why the warning is lifted (sent to the public)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


DECISIONS = [
    ("approve", gettext_lazy("Approve: send it now")),
    ("refuse", gettext_lazy("Refuse")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=DECISIONS, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons (required to refuse; the duty officer is told them)"),
        max_length=services.MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _issuing_department(user) -> Department:
    departments = authority.issuing_for(user)
    if not departments:
        raise PermissionDenied(_("Warnings are issued by emergency duty officers."))
    return Department.objects.filter(pk__in=departments).order_by("code").first()


def _map_data(department: Department) -> dict:
    codes = [d.code for d in areas.districts_of(department)]
    return {
        "boundaries": [
            {"code": b.division_id, "name": localized(b.division, "name"), "geometry": b.geometry}
            for b in DivisionBoundary.objects.filter(division_id__in=codes).select_related(
                "division"
            )
        ]
    }


def _form_page(request, form, *, template, status=200, **context):
    return render(
        request,
        template,
        {
            "form": form,
            "map_data": _map_data(form.department),
            "levels_of": {h: list(levels_of(h)) for h in Hazard.values},
            **context,
        },
        status=status,
    )


@require_safe
@official_required
def desk(request):
    return render(request, "workbench/emergency/warnings.html", selectors.desk(request.user))


@require_http_methods(["GET", "POST"])
@official_required
def new(request):
    department = _issuing_department(request.user)
    template = "workbench/emergency/warning_form.html"
    if request.method == "GET":
        form = WarningForm(
            department=department,
            initial={"expires_at": _local_value(timezone.now() + timedelta(hours=24))},
        )
        return _form_page(request, form, template=template, department=department)
    form = WarningForm(request.POST, department=department)
    if form.is_valid():
        try:
            message = services.issue(
                request.user, department=department, data=form.data_for_service()
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _sent_text(message))
            return redirect("workbench:emergency-warning", message.warning.number)
    return _form_page(request, form, template=template, status=400, department=department)


def _sent_text(message) -> str:
    if message.state == "pending":
        return _("%(number)s awaits the approval of a second person.") % {
            "number": message.warning.number
        }
    return _("%(number)s is sent; %(count)s residents were notified.") % {
        "number": message.warning.number,
        "count": message.reached,
    }


def _detail_page(request, warning, *, status=200, cancel_form=None, decision_form=None):
    pending = selectors.pending_message(warning)
    may_issue = warning.department_id in authority.issuing_for(request.user)
    may_decide = (
        pending is not None
        and warning.department_id in authority.approving_for(request.user)
        and pending.proposed_by_id != request.user.pk
    )
    sent = selectors.sent_messages(warning)
    return render(
        request,
        "workbench/emergency/warning.html",
        {
            "warning": warning,
            "in_force": selectors.is_in_force(warning),
            "pending": pending,
            "history": selectors.all_messages(warning),
            "reach": selectors.reach_of(sent[-1] if sent else None),
            "may_change": may_issue and selectors.is_in_force(warning) and pending is None,
            "cancel_form": (cancel_form or CancelForm())
            if may_issue and selectors.is_in_force(warning)
            else None,
            "decision_form": (decision_form or DecisionForm()) if may_decide else None,
            "has_errors": status == 400,
        },
        status=status,
    )


@require_safe
@official_required
def detail(request, number):
    return _detail_page(request, selectors.desk_warning(request.user, number))


@require_http_methods(["GET", "POST"])
@official_required
def change(request, number):
    warning = selectors.desk_warning(request.user, number)
    if warning.department_id not in authority.issuing_for(request.user):
        raise PermissionDenied(_("Warnings are changed by the department's duty officers."))
    template = "workbench/emergency/warning_change.html"
    if request.method == "GET":
        initial = {
            "change": Change.UPDATE,
            "level": warning.level,
            "divisions": [d.code for d in warning.divisions.all()],
            "polygon": "\n".join(f"{lat}, {lon}" for lat, lon in warning.polygon[:-1]),
            "responsible": [d.code for d in warning.responsible.all()],
            "effective_at": _local_value(warning.effective_at),
            "expires_at": _local_value(warning.expires_at),
            **{
                field: getattr(warning, field)
                for field in (
                    "headline",
                    "headline_en",
                    "description",
                    "description_en",
                    "advice",
                    "advice_en",
                )
            },
        }
        form = ChangeForm(department=warning.department, initial=initial)
        return _form_page(request, form, template=template, warning=warning)
    form = ChangeForm(request.POST, department=warning.department)
    if form.is_valid():
        data = form.data_for_service()
        try:
            message = services.change(
                request.user, warning, change=data["change"], data=data, note=data["note"]
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _sent_text(message))
            return redirect("workbench:emergency-warning", warning.number)
    return _form_page(request, form, template=template, status=400, warning=warning)


@require_POST
@official_required
def cancel(request, number):
    warning = selectors.desk_warning(request.user, number)
    form = CancelForm(request.POST)

    def act(data):
        services.cancel(request.user, warning, note=data["note"])
        return _("%(number)s is lifted; the residents of its area are told.") % {
            "number": warning.number
        }

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _detail_page(request, warning, status=400, cancel_form=bad),
        back=reverse("workbench:emergency-warning", args=[warning.number]),
    )


@require_POST
@official_required
def decide(request, number):
    warning = selectors.desk_warning(request.user, number)
    pending = selectors.pending_message(warning)
    if pending is None:
        messages.error(request, _("No change of this warning awaits approval."))
        return redirect("workbench:emergency-warning", warning.number)
    form = DecisionForm(request.POST)

    def act(data):
        if data["decision"] == "approve":
            message = services.approve(request.user, pending)
            return _sent_text(message)
        services.refuse(request.user, pending, reasons=data["reasons"])
        return _("The change is refused; the duty officer is told why.")

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _detail_page(request, warning, status=400, decision_form=bad),
        back=reverse("workbench:emergency-warning", args=[warning.number]),
    )
