"""The central window (无差别综合窗口): walk-in intake for the person at the counter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onewindow.cases import application, selectors
from onewindow.cases.walk_in import start_walk_in
from onewindow.catalog.application_form import UPLOAD_ACCEPT, ApplicationForm
from onewindow.catalog.vocabulary import ApplicantType
from onewindow.workbench.access import official_required
from onewindow.workbench.window_forms import CounterPersonForm

FORM_PREFIX = "form"
PERSON_FIELDS = ("real_name", "id_number", "phone", "consent")


def _walk_in_instances(request):
    """The items the clerk's service centre takes for a person (citizens' items)."""
    instances = selectors.window_instances(request.user).exclude(
        item__applicant=ApplicantType.ENTERPRISE
    )
    if not request.desk.clerk:
        raise PermissionDenied(_("Only a window clerk of a service centre takes walk-in intake."))
    return instances


@official_required
def walk_in_items(request):
    """The services this centre's window takes, to start a walk-in application."""
    return render(
        request, "workbench/walk_in_items.html", {"instances": list(_walk_in_instances(request))}
    )


def _page(request, instance, person, form, errors: dict):
    materials = [
        {
            "material": material,
            "errors": errors.get(f"{application.MATERIAL_FIELD}{material.key}", []),
            "accept": UPLOAD_ACCEPT,
        }
        for material in instance.item.materials.order_by("position")
    ]
    return render(
        request,
        "workbench/walk_in.html",
        {
            "instance": instance,
            "item": instance.item,
            "person": person,
            "form": form,
            "materials": materials,
            "problem_count": len(errors),
        },
    )


@official_required
def walk_in(request, instance):
    """Identify the person, record their consent, fill the form, scan the materials, submit."""
    found = _walk_in_instances(request).filter(pk=instance).first()
    if found is None:
        raise Http404(_("Your service centre does not take this service."))
    item = found.item
    if request.method != "POST":
        form = ApplicationForm(item, prefix=FORM_PREFIX)
        return _page(request, found, CounterPersonForm(), form, {})
    person = CounterPersonForm(request.POST)
    form = ApplicationForm(item, request.POST, prefix=FORM_PREFIX)
    person.is_valid()
    form.is_valid()
    values = {name: request.POST.get(f"{FORM_PREFIX}-{name}", "") for name in form.fields}
    try:
        case = start_walk_in(
            clerk=request.user,
            instance_id=found.pk,
            real_name=person.cleaned_data.get("real_name", ""),
            id_number=person.cleaned_data.get("id_number", ""),
            phone=person.cleaned_data.get("phone", ""),
            consent=bool(person.cleaned_data.get("consent")),
            form=values,
            uploads=application.uploads_from(request.FILES),
            idempotency_key=person.cleaned_data.get("token", ""),
        )
    except ValidationError as exc:
        errors = exc.message_dict
        for name, problems in errors.items():
            if name in PERSON_FIELDS:
                person.add_error(name, problems)
            elif name.startswith("form.") and name[5:] in form.fields:
                form.add_error(name[5:], problems)
            elif not name.startswith(application.MATERIAL_FIELD):
                person.add_error(None, problems)
        return _page(request, found, person, form, errors)
    messages.success(
        request,
        _("Application %(number)s filed for %(name)s; they follow it online.")
        % {"number": case.number, "name": case.applicant.display_name},
    )
    return redirect("workbench:case", number=case.number)
