"""Applying online: a draft from the item's form, checked inline, reviewed, submitted once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onewindow.cases import application, drafts, routing
from onewindow.cases.errors import DraftNotFound
from onewindow.catalog import selectors as catalog_selectors
from onewindow.portal.apply_forms import (
    ApplicationForm,
    display_value,
    field_rows,
    material_rows,
)

REMOVE_PREFIX = "remove."


def _draft(request, draft_id):
    try:
        return drafts.draft_for(request.user, draft_id)
    except DraftNotFound as exc:
        raise Http404(str(exc)) from None


@login_required
def start(request, code):
    """Resume the applicant's draft for the service, or start one prefilled from their data."""
    try:
        draft = drafts.start(applicant=request.user, item_code=code)
    except ValidationError:
        raise Http404 from None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("portal:guide", code=code)
    return redirect("portal:draft", draft=draft.pk)


def _bound(request, draft) -> set[str]:
    return drafts.bound_fields(request.user, draft.item)


def _sources(request, draft) -> dict[str, str]:
    """Where each prefilled value came from, while the value is still the prefilled one."""
    return {
        name: drafts.source_label(entry["source"])
        for name, entry in (draft.prefilled or {}).items()
        if draft.form_data.get(name) == entry["value"]
    }


def _place(request, draft, errors: dict) -> dict:
    """The place picker's state: where the application would go now, and the options."""
    q = request.GET.get("q", "")
    # Before any search, the streets of the district chosen or registered in.
    near = (draft.place or routing.registered_division(request.user))[:6]
    groups, total = catalog_selectors.places_for(draft.item, q or near)
    if not q and not groups:
        groups, total = catalog_selectors.places_for(draft.item, "")
    route, problem = None, list(errors.get("division", []))
    try:
        route = routing.route(draft.item, request.user, draft.place)
    except ValidationError as exc:
        problem = problem or exc.message_dict.get("division", [])
    return {
        "q": q,
        "groups": groups,
        "total": total,
        "shown": sum(len(g.instances) for g in groups),
        "route": route,
        "errors": problem,
        "choose": catalog_selectors.instances_of(draft.item).count() > 1,
        "chosen": draft.place,
    }


def _edit_page(request, draft, form, errors: dict):
    return render(
        request,
        "portal/apply.html",
        {
            "draft": draft,
            "item": draft.item,
            "rows": field_rows(form, draft, errors, _sources(request, draft)),
            "materials": material_rows(draft.item, draft, errors),
            "problem_count": len(errors),
            "place": _place(request, draft, errors),
        },
    )


@login_required
def places(request, draft):
    """The place options matching ``q`` (htmx partial of the picker)."""
    draft = _draft(request, draft)
    return render(request, "portal/_place_options.html", {"place": _place(request, draft, {})})


@login_required
@require_POST
def choose_place(request, draft):
    """Keep the district or street chosen in the picker ("" for the registered place)."""
    draft = _draft(request, draft)
    try:
        drafts.choose_place(
            applicant=request.user, draft_id=draft.pk, place=request.POST.get("place", "")
        )
    except ValidationError as exc:
        form = ApplicationForm(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, exc.message_dict)
    messages.success(request, _("The place of application is saved."))
    return redirect("portal:draft", draft=draft.pk)


@login_required
def edit(request, draft):
    draft = _draft(request, draft)
    if draft.case_id:
        return redirect("portal:case", number=draft.case.number)
    if request.method != "POST":
        form = ApplicationForm(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, {})
    form = ApplicationForm(draft.item, request.POST, bound=_bound(request, draft))
    values = {name: request.POST.get(name, "") for name in form.fields}
    uploads = application.uploads_from(request.FILES)
    remove = {
        key.removeprefix(REMOVE_PREFIX) for key in request.POST if key.startswith(REMOVE_PREFIX)
    }
    try:
        draft = drafts.save(
            applicant=request.user, draft_id=draft.pk, form=values, uploads=uploads, remove=remove
        )
    except ValidationError as exc:
        return _edit_page(request, draft, form, exc.message_dict)
    if request.POST.get("action") != "review":
        messages.success(request, _("Your draft is saved. You can come back to it at any time."))
        return redirect("portal:draft", draft=draft.pk)
    problems = drafts.problems(draft)
    if problems:
        form = ApplicationForm(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, problems)
    return redirect("portal:draft-review", draft=draft.pk)


@login_required
@require_POST
def check_field(request, draft, field):
    """Inline validation of one field (htmx): the field's row with its problems, if any."""
    draft = _draft(request, draft)
    form = ApplicationForm(draft.item, request.POST)
    if field not in form.fields:
        raise Http404
    errors = application.clean_field(draft.item, field, request.POST.get(field, ""))
    rows = field_rows(form, draft, {f"form.{field}": errors}, {})
    row = next(r for r in rows if r.name == field)
    return render(request, "portal/_apply_field.html", {"row": row})


@login_required
def review(request, draft):
    """Everything the application will contain, before the one submission."""
    draft = _draft(request, draft)
    if draft.case_id:
        return redirect("portal:case", number=draft.case.number)
    problems = drafts.problems(draft)
    if problems:
        messages.error(request, _("Some fields still need your attention."))
        return redirect("portal:draft", draft=draft.pk)
    form = ApplicationForm(draft.item)
    values = [
        (form[name].label, display_value(form, name, draft.form_data[name]))
        for name in form.fields
        if draft.form_data.get(name)
    ]
    return render(
        request,
        "portal/apply_review.html",
        {
            "draft": draft,
            "item": draft.item,
            "values": values,
            "materials": material_rows(draft.item, draft, {}),
        },
    )


@login_required
@require_POST
def submit(request, draft):
    """Submit once: the draft is the idempotency key, so a second click finds the same case."""
    draft = _draft(request, draft)
    try:
        case = drafts.submit(applicant=request.user, draft_id=draft.pk)
    except ValidationError as exc:
        form = ApplicationForm(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, exc.message_dict)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("portal:guide", code=draft.item.code)
    messages.success(
        request,
        _("Application %(number)s submitted. We will tell you when it is accepted.")
        % {"number": case.number},
    )
    return redirect("portal:case", number=case.number)


@login_required
@require_POST
def discard(request, draft):
    draft = _draft(request, draft)
    try:
        drafts.discard(applicant=request.user, draft_id=draft.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("portal:my-cases")
    messages.success(request, _("The draft was deleted."))
    return redirect("portal:my-cases")
