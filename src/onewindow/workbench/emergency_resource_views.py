"""Emergency resources on the workbench: the list every emergency desk sees (by kind, status and
division; a shelter's fill as "85 / 200"), a resource's page with its dispatches and, for its
keeper, the occupancy form and the status buttons. Who may do what is in the services and
``emergency.authority``; dispatch and requests are in ``emergency_dispatch_views``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.core.models import Division
from onewindow.emergency import authority, resource_selectors, resources
from onewindow.emergency.resource_models import (
    SET_BY_HAND,
    ResourceKind,
    ResourceStatus,
)
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors

TEMPLATES = "workbench/emergency/"


class ResourceForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"))
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    latitude = forms.DecimalField(label=gettext_lazy("Latitude"), max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=gettext_lazy("Longitude"), max_digits=9, decimal_places=6)
    contact_name = forms.CharField(label=gettext_lazy("Contact"), max_length=60)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=40)
    capacity = forms.IntegerField(
        label=gettext_lazy("Capacity (members of a team, places in a shelter)"),
        min_value=0, required=False,
    )  # fmt: skip
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity in stock (supplies)"), min_value=0, required=False
    )
    unit = forms.CharField(label=gettext_lazy("Unit (Chinese), e.g. 顶"), max_length=20,
                           required=False)  # fmt: skip
    unit_en = forms.CharField(label=gettext_lazy("Unit (English), e.g. tents"), max_length=40,
                              required=False)  # fmt: skip
    speciality = forms.CharField(label=gettext_lazy("Speciality (Chinese)"), max_length=120,
                                 required=False)  # fmt: skip
    speciality_en = forms.CharField(label=gettext_lazy("Speciality (English)"), max_length=200,
                                    required=False)  # fmt: skip

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ResourceStatus(s).label) for s in SET_BY_HAND[kind]]
        if kind != ResourceKind.SUPPLY:
            for name in ("quantity", "unit", "unit_en"):
                del self.fields[name]
        if kind == ResourceKind.SUPPLY:
            del self.fields["capacity"]
        if kind in (ResourceKind.SHELTER, ResourceKind.SUPPLY):
            del self.fields["speciality"], self.fields["speciality_en"]


class OccupancyForm(forms.Form):
    occupancy = forms.IntegerField(label=gettext_lazy("People in the shelter now"), min_value=0)


def _filters(request) -> dict:
    """The list's filters from the query string; anything unknown is ignored."""
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    division = request.GET.get("division", "")
    return {
        "kind": kind if kind in ResourceKind.values else "",
        "status": status if status in ResourceStatus.values else "",
        "division": division if Division.objects.filter(pk=division).exists() else "",
    }


@require_safe
@official_required
def desk(request):
    chosen = _filters(request)
    rows = resource_selectors.resources_for(request.user, **chosen)[:500]
    return render(
        request,
        TEMPLATES + "resources.html",
        {
            "resources": rows,
            "chosen": chosen,
            "kinds": ResourceKind.choices,
            "statuses": ResourceStatus.choices,
            "districts": resource_selectors.districts(request.user),
            "to_acknowledge": resource_selectors.to_acknowledge(request.user),
            "in_progress": resource_selectors.in_progress(request.user),
            "to_answer": resource_selectors.requests_to_answer(request.user),
            "may_add": bool(authority.keeping_for(request.user)),
            "figures": resource_selectors.figures(chosen["division"]),
        },
    )


def _keeper_department(user) -> Department:
    mine = authority.keeping_for(user)
    if not mine:
        raise PermissionDenied(_("Resources are added by their keeper's emergency desk."))
    return Department.objects.filter(pk__in=mine).order_by("code").first()


@require_http_methods(["GET", "POST"])
@official_required
def new(request):
    department = _keeper_department(request.user)
    kind = request.GET.get("kind", "")
    if kind not in ResourceKind.values:
        return render(
            request,
            TEMPLATES + "resource_kind.html",
            {"kinds": ResourceKind.choices, "department": department},
        )
    form = ResourceForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            found = resources.add(
                request.user, department=department, kind=kind, data=form.cleaned_data
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": found.display_name})
            return redirect("workbench:emergency-resource", found.pk)
    return render(
        request,
        TEMPLATES + "resource_form.html",
        {"form": form, "kind": ResourceKind(kind), "department": department, "resource": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@official_required
def edit(request, pk):
    found = resource_selectors.resource_for(request.user, pk)
    if found.department_id not in authority.keeping_for(request.user):
        raise PermissionDenied(_("Only the keeper's desk changes a resource."))
    initial = {f: getattr(found, f) for f in resources.FIELDS}
    form = ResourceForm(request.POST or None, kind=found.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resources.change(request.user, found, data=form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The resource is updated."))
            return redirect("workbench:emergency-resource", found.pk)
    return render(
        request,
        TEMPLATES + "resource_form.html",
        {"form": form, "kind": ResourceKind(found.kind), "department": found.department,
         "resource": found},
        status=400 if request.method == "POST" else 200,
    )  # fmt: skip


def _page(request, found, *, occupancy_form=None, status=200):
    keeper = found.department_id in authority.keeping_for(request.user)
    if keeper and found.kind == ResourceKind.SHELTER and occupancy_form is None:
        occupancy_form = OccupancyForm(initial={"occupancy": found.occupancy})
    return render(
        request,
        TEMPLATES + "resource.html",
        {
            "resource": found,
            "jobs": resource_selectors.resource_dispatches(request.user, found),
            "keeper": keeper,
            "occupancy_form": occupancy_form if keeper else None,
            "has_errors": status == 400,
        },
        status=status,
    )


@require_safe
@official_required
def detail(request, pk):
    return _page(request, resource_selectors.resource_for(request.user, pk))


@require_POST
@official_required
def occupancy(request, pk):
    found = resource_selectors.resource_for(request.user, pk)
    form = OccupancyForm(request.POST)
    if form.is_valid():
        try:
            resources.record_occupancy(
                request.user, found, occupancy=form.cleaned_data["occupancy"]
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The number of people in the shelter is recorded."))
            return redirect("workbench:emergency-resource", found.pk)
    return _page(request, found, occupancy_form=form, status=400)
