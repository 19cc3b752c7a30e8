"""Applying online: a draft from the item's form, checked inline, reviewed, submitted once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onewindow.cases import application, drafts, precheck, routing
from onewindow.cases.errors import DraftNotFound
from onewindow.catalog import selectors as catalog_selectors
from onewindow.portal.apply_forms import (
    display_value,
    error_list,
    field_rows,
    hall_form,
    material_rows,
    sections,
)

REMOVE_PREFIX = "remove."
COMMIT_PREFIX = "commit."
RETURN_TO_CHECK = "check"  # ?return=check: a change from the check page goes back to it


def _draft(request, draft_id):
    try:
        return drafts.draft_for(request.user, draft_id)
    except DraftNotFound as exc:
        raise Http404(str(exc)) from None


@login_required
def start(request, code):
    """Resume the applicant's draft for the service, or start one prefilled from their data.

    Before a new draft, the pre-submission checks: a finding the law allows no way past is
    shown instead of a form; a warning is shown with a deliberate way on (a POST saying so).
    """
    item = catalog_selectors.published_items().filter(code=code).first()
    if item is None:
        raise Http404
    resuming = drafts.open_drafts(request.user).filter(item=item).exists()
    if not resuming and not request.user.is_official:
        findings = precheck.check(request.user, item)
        acknowledged = set(request.POST.getlist(precheck.ACKNOWLEDGE_FIELD))
        passable = findings and not any(f.blocking for f in findings)
        if findings and not (
            request.method == "POST" and passable and {f.code for f in findings} <= acknowledged
        ):
            return render(
                request,
                "portal/apply_precheck.html",
                {"item": item, "findings": findings, "passable": passable},
            )
    try:
        draft = drafts.start(applicant=request.user, item_code=code)
    except ValidationError:
        raise Http404 from None
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("portal:guide", code=code)
    return redirect("portal:draft", draft=draft.pk)


def _bound(request, draft) -> set[str]:
    return drafts.read_only_fields(request.user, draft)


def _sources(request, draft, form=None) -> dict[str, str]:
    """Where each prefilled value came from, while the value (as typed in ``form``, if it
    is bound, else as saved) is still the prefilled one."""
    values = form.data if form is not None and form.is_bound else draft.form_data
    return {
        name: drafts.source_label(entry["source"])
        for name, entry in (draft.prefilled or {}).items()
        if values.get(name) == entry["value"]
    }


def _place(request, draft, errors: dict, picked: bool = False) -> dict:
    """The place picker's state: where the application would go now, and the options.

    "Where I am registered" is offered checked only where the item is handled there. "Not
    handled in …" is said only once the person picked (or submitted with) such a place
    (``picked``, or a ``division`` error), or a place saved earlier no longer handles it; the
    nearest place that does (same district, then city) is then offered and checked."""
    q = request.GET.get("q", "")
    registered = routing.registered_division(request.user)
    route, problem, nearest = None, list(errors.get("division", [])), None
    try:
        route = routing.route(draft.item, request.user, draft.place)
    except ValidationError as exc:
        if picked or draft.place or problem:
            problem = problem or exc.message_dict.get("division", [])
        nearest = routing.nearest(draft.item, draft.place or registered)
        if nearest is not None and problem:
            problem.append(
                _("The nearest place that handles it is %(place)s: it is selected below.")
                % {"place": nearest.division.display_name}
            )
    chosen = nearest.division_id if nearest is not None else draft.place
    # Before any search, the streets of the district chosen, registered in or nearest.
    near = (chosen or registered)[:6]
    groups, total = catalog_selectors.places_for(draft.item, q or near)
    if not q and not groups:
        groups, total = catalog_selectors.places_for(draft.item, "")
    if nearest is not None and not any(
        i.division_id == chosen for g in groups for i in g.instances
    ):  # the place offered is always among the options
        groups = [catalog_selectors.PlaceGroup(_district(nearest.division), [nearest]), *groups]
    tree = [
        {
            "district": group.district,
            "instances": group.instances,
            # The tree stays folded (one line per district) unless searched or chosen in.
            "open": bool(q) or any(i.division_id == chosen for i in group.instances),
        }
        for group in groups
    ]
    return {
        "q": q,
        "groups": groups,
        "tree": tree,
        "total": total,
        "shown": sum(len(g.instances) for g in groups),
        "route": route,
        "errors": problem,
        "choose": catalog_selectors.instances_of(draft.item).count() > 1,
        "chosen": chosen,
        # The registered place is preselected only where the item is handled there.
        "registered_checked": not chosen and route is not None,
    }


def _district(division):
    """The district a place is listed under in the picker (None for the city itself)."""
    if division.level == division.Level.PREFECTURE:
        return None
    return division if division.level == division.Level.COUNTY else division.parent


def _edit_page(request, draft, form, errors: dict, picked: bool = False):
    sources = _sources(request, draft, form)
    rows = field_rows(form, draft, errors, sources)
    materials = material_rows(draft.item, draft, errors)
    place = _place(request, draft, errors, picked)
    returning = request.GET.get("return", request.POST.get("return")) == RETURN_TO_CHECK
    return render(
        request,
        "portal/apply.html",
        {
            "draft": draft,
            "item": draft.item,
            "sections": sections(rows, set(sources) | _bound(request, draft)),
            "materials": materials,
            "errors": error_list(errors, form, materials, place),
            "place": place,
            "returning": returning,
            "credit_refused": "applicant" in errors,  # 联合奖惩: a joint measure refused it
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
    errors = {}
    try:
        draft = drafts.choose_place(
            applicant=request.user, draft_id=draft.pk, place=request.POST.get("place", "")
        )
    except ValidationError as exc:
        errors = exc.message_dict
    if request.headers.get("HX-Request"):  # htmx: the picker alone, redrawn
        place = _place(request, draft, errors, picked=True)
        saved = not errors and not place["errors"]
        return render(
            request, "portal/_place_picker.html", {"draft": draft, "place": place, "saved": saved}
        )
    if errors:
        form = hall_form(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, errors, picked=True)
    try:  # "where I am registered", picked where the item is not handled
        routing.route(draft.item, request.user, draft.place)
    except ValidationError:
        form = hall_form(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, {}, picked=True)
    messages.success(request, _("The place of application is saved."))
    return redirect("portal:draft", draft=draft.pk)


@login_required
def edit(request, draft):
    draft = _draft(request, draft)
    if draft.case_id:
        return redirect("portal:case", number=draft.case.number)
    if request.method != "POST":
        form = hall_form(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, {})
    form = hall_form(draft.item, request.POST, bound=_bound(request, draft))
    values = {name: request.POST.get(name, "") for name in form.fields}
    uploads = application.uploads_from(request.FILES)
    remove = {
        key.removeprefix(REMOVE_PREFIX) for key in request.POST if key.startswith(REMOVE_PREFIX)
    }
    committed = {  # 告知承诺: the boxes ticked (the page shows one per material it may replace)
        key.removeprefix(COMMIT_PREFIX) for key in request.POST if key.startswith(COMMIT_PREFIX)
    }
    try:
        draft = drafts.save(
            applicant=request.user,
            draft_id=draft.pk,
            form=values,
            uploads=uploads,
            remove=remove,
            commitments=committed,
        )
    except ValidationError as exc:
        errors = exc.message_dict
        if request.POST.get("action") == "review":  # every problem at once, not in rounds
            fixed = _bound(request, draft)  # filled from the account or a registry
            typed = {n: v.strip() for n, v in values.items() if n not in fixed}
            known = {n: v for n, v in {**draft.form_data, **typed}.items() if n in form.fields}
            # Uploads of a refused request are not kept: they are chosen again.
            errors = {**drafts.problems(draft, known), **errors}
        return _edit_page(request, draft, form, errors)
    if request.POST.get("action") != "review":
        messages.success(request, _("Your draft is saved. You can come back to it at any time."))
        return redirect("portal:draft", draft=draft.pk)
    problems = drafts.problems(draft)
    if problems:
        form = hall_form(draft.item, initial=draft.form_data, bound=_bound(request, draft))
        return _edit_page(request, draft, form, problems)
    return redirect("portal:draft-review", draft=draft.pk)


@login_required
@require_POST
def check_field(request, draft, field):
    """Inline validation of one field (htmx): the field's row with its problems, if any."""
    draft = _draft(request, draft)
    form = hall_form(draft.item, request.POST)
    if field not in form.fields:
        raise Http404
    errors = application.clean_field(draft.item, field, request.POST.get(field, ""))
    rows = field_rows(form, draft, {f"form.{field}": errors}, {})
    row = next(r for r in rows if r.name == field)
    return render(request, "portal/_apply_field.html", {"row": row})


def _review_page(request, draft, errors: dict | None = None):
    form = hall_form(draft.item)
    read_only = _bound(request, draft)
    sources = _sources(request, draft)
    change = reverse("portal:draft", args=[draft.pk]) + f"?return={RETURN_TO_CHECK}"
    answers = [
        {
            "name": name,
            "label": form[name].label,
            "value": display_value(form, name, draft.form_data[name])
            if draft.form_data.get(name)
            else "",
            "source": sources.get(name, ""),
            "change": "" if name in read_only else f"{change}#{form[name].auto_id}",
        }
        for name in form.fields
    ]
    findings = precheck.check(request.user, draft.item, draft)
    errors = errors or {}
    acknowledged = set(request.POST.getlist(precheck.ACKNOWLEDGE_FIELD))
    summary = []
    if precheck.ACKNOWLEDGE_FIELD in errors:
        summary = [
            {"id": "", "label": "", "message": f.message}
            if f.blocking
            else {
                "id": f"acknowledge-{f.code}",
                "label": "",
                "message": _("Confirm that you want to continue despite the warning above."),
            }
            for f in findings
            if f.blocking or f.code not in acknowledged
        ]
    summary += [
        {"id": "", "label": "", "message": m}
        for key, messages_ in errors.items()
        if key != precheck.ACKNOWLEDGE_FIELD
        for m in messages_
    ]
    place = _place(request, draft, {})
    return render(
        request,
        "portal/apply_review.html",
        {
            "draft": draft,
            "item": draft.item,
            "answers": answers,
            "materials": material_rows(draft.item, draft, {}),
            "change": change,
            "place": place,
            "findings": findings,
            "blocked": any(f.blocking for f in findings),
            "errors": summary,
            "acknowledged": acknowledged,
        },
    )


@login_required
def review(request, draft):
    """Check your answers: every answer with a change link, then the declaration and submit."""
    draft = _draft(request, draft)
    if draft.case_id:
        return redirect("portal:case", number=draft.case.number)
    problems = drafts.problems(draft)
    if problems:
        messages.error(request, _("Some fields still need your attention."))
        return redirect("portal:draft", draft=draft.pk)
    return _review_page(request, draft)


@login_required
@require_POST
def submit(request, draft):
    """Submit once: the draft is the idempotency key, so a second click finds the same case."""
    draft = _draft(request, draft)
    try:
        case = drafts.submit(
            applicant=request.user,
            draft_id=draft.pk,
            acknowledged=request.POST.getlist(precheck.ACKNOWLEDGE_FIELD),
        )
    except ValidationError as exc:
        if precheck.ACKNOWLEDGE_FIELD in exc.message_dict:
            return _review_page(request, draft, exc.message_dict)
        form = hall_form(draft.item, initial=draft.form_data, bound=_bound(request, draft))
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
