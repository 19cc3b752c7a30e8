"""The workbench's citizens' proposals: the moderator's queue (pending proposals, flagged
supports with their reason), the department's proposals to answer by due date (dates and
colours from the supervision ledger), and one proposal with the actions the viewer may take
(publish, refuse, assign, merge, hide; the official answer).

Each view parses, calls one selector or service, renders; which actions a page offers comes
from ``participation.proposals_authority`` (the table the services enforce).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from onewindow.participation import abuse, proposals_ledger
from onewindow.participation import proposals_authority as authority
from onewindow.participation.selectors import proposals as selectors
from onewindow.participation.services import proposals as services
from onewindow.participation.services import proposals_moderation as moderating
from onewindow.workbench import participation_proposals_forms as f
from onewindow.workbench.access import official_required

# slug -> (action of proposals_authority.ACTIONS, form, service call)
ACTIONS = {
    "publish": ("publish", f.PublishForm,
                lambda u, n, d: moderating.publish(u, n, department=d["department"] or None,
                                                   note=d["note"])),
    "reject": ("reject", f.ReasonForm, lambda u, n, d: moderating.reject(u, n, **d)),
    "assign": ("assign", f.AssignForm, lambda u, n, d: moderating.assign(u, n, **d)),
    "merge": ("merge", f.MergeForm, lambda u, n, d: moderating.merge(u, n, **d)),
    "hide": ("hide", f.ReasonForm, lambda u, n, d: moderating.hide(u, n, **d)),
    "answer": ("answer", f.AnswerForm, lambda u, n, d: services.answer(u, n, **d)),
}  # fmt: skip
DONE = {
    "publish": gettext_lazy("Proposal published."),
    "reject": gettext_lazy("Proposal refused; the author sees the reason."),
    "assign": gettext_lazy("Responsible department changed."),
    "merge": gettext_lazy("Proposal merged; its supporters carried over."),
    "hide": gettext_lazy("Proposal hidden with its reason published."),
    "answer": gettext_lazy("Official answer published."),
}


def colour(matter, now) -> str:
    """The ledger's colour of an answer clock: red past its due instant, yellow from 80 %."""
    if matter is None or matter.due_at is None:
        return ""
    if now >= matter.due_at:
        return "red"
    if matter.yellow_from and now >= matter.yellow_from:
        return "yellow"
    return ""


def _rows(proposals) -> list[dict]:
    proposals = list(proposals)
    matters = proposals_ledger.matters(p.number for p in proposals if p.reached_on)
    now = timezone.now()
    return [{"proposal": p, "colour": colour(matters.get(p.number), now)} for p in proposals]


@require_GET
@official_required
def answer_list(request):
    """The department's published proposals: those with an answer due, soonest first."""
    if not authority.departments_of(request.user):
        raise PermissionDenied(_("This list is for the departments' participation officers."))
    rows = _rows(selectors.to_answer(request.user)[:200])
    return render(request, "workbench/participation/proposals/answer_list.html", {"rows": rows})


@require_GET
@official_required
def moderation(request):
    """The moderator's queue: proposals to publish or refuse, supports flagged for review."""
    if not authority.is_moderator(request.user):
        raise PermissionDenied(_("The moderation queue is for the participation moderators."))
    flagged = [
        {"support": s, "reason": abuse.reason_label(s.flag_reason)}
        for s in selectors.flagged(request.user)[:200]
    ]
    context = {"pending": selectors.pending(request.user)[:200], "flagged": flagged}
    return render(request, "workbench/participation/proposals/moderation.html", context)


def _found_or_404(request, number):
    found = selectors.get(request.user, number)
    if found is None or not (
        authority.is_moderator(request.user)
        or (found.department_id in authority.departments_of(request.user))
    ):
        raise Http404(_("There is no proposal %(number)s that you can see.") % {"number": number})
    return found


def _page(request, found, bound=None, status=200):
    allowed = authority.actions_for(request.user, found)
    forms = {}
    for slug, (action, form_class, _call) in ACTIONS.items():
        if action in allowed:
            forms[slug] = bound[1] if bound and bound[0] == slug else form_class()
    matter = proposals_ledger.matters([found.number]).get(found.number)
    context = {
        "proposal": found,
        "forms": forms,
        "answer": selectors.answer_of(found),
        "moderations": selectors.moderations(request.user, found),
        "colour": colour(matter, timezone.now()),
        "provisional": bool(matter and matter.provisional),
    }
    return render(
        request, "workbench/participation/proposals/proposal.html", context, status=status
    )


@require_GET
@official_required
def proposal_page(request, number):
    return _page(request, _found_or_404(request, number))


@require_POST
@official_required
def act(request, number, slug):
    """One action on a proposal: the form, the service, back to the page (or the form again
    with its errors)."""
    found = _found_or_404(request, number)
    _action, form_class, call = ACTIONS[slug]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(request.user, number, form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, DONE[slug])
            return redirect("workbench:participation-proposal", number)
    return _page(request, found, bound=(slug, form), status=400)


@require_POST
@official_required
def review_support(request, support_id, decision):
    """Clear a flagged support (it counts) or discount it (kept, never counted)."""
    if decision not in ("clear", "discount"):
        raise Http404(_("There is no such decision."))
    form = f.NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    call = moderating.clear_support if decision == "clear" else moderating.discount_support
    try:
        call(request.user, support_id, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(
            request,
            _("Support cleared: it counts.") if decision == "clear"
            else _("Support discounted: it is kept but not counted."),
        )  # fmt: skip
    return redirect("workbench:participation-moderation")
