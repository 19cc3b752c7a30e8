"""The hall's citizens' proposals (市民建议): the list with its filters, one proposal with its
support button, official answer or "merged into", the form to propose, and my proposals.

Every write goes through ``participation.services.proposals``; reads through its selectors;
which buttons a page shows comes from ``participation.proposals_authority``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from onewindow.accounts.identity import throttle
from onewindow.participation import abuse, proposals_ledger
from onewindow.participation import proposals_authority as authority
from onewindow.participation.selectors import proposals as selectors
from onewindow.participation.services import proposals as services
from onewindow.portal.participation_proposals_forms import FilterForm, ProposalForm

PAGE = 20


def _visible_or_404(request, number):
    found = selectors.get(request.user, number)
    if found is None:
        raise Http404(_("There is no proposal %(number)s that you can see.") % {"number": number})
    return found


@require_safe
def proposal_list(request):
    """Published and answered proposals, filtered by category and district."""
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.public(
        category=data.get("category", ""),
        district=data.get("district", ""),
        sort=data.get("sort") or "support",
    )
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/participation/proposals/list.html",
        {"form": form, "page": page, "may_propose": authority.may_take_part(request.user)},
    )


@require_safe
def proposal_page(request, number):
    """One proposal: its text and photos (or the reason it is hidden), its supports, the
    official answer, and the support button for who may support."""
    found = _visible_or_404(request, number)
    matter = proposals_ledger.matters([found.number]).get(found.number)
    context = {
        "proposal": found,
        "provisional": bool(matter and matter.provisional),
        "answer": selectors.answer_of(found),
        "supported": selectors.supports(request.user, found),
        "may_support": authority.allowed(request.user, found, "support"),
        "support_open": authority.support_open(found),
        "is_author": request.user.is_authenticated and found.author_id == request.user.pk,
    }
    return render(request, "portal/participation/proposals/detail.html", context)


@require_POST
def support(request, number):
    """Support a proposal (one per person); a flagged support is said to wait for review."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("portal:participation-proposal", args=[number]))
    _visible_or_404(request, number)
    try:
        made = services.support(request.user, number, address=throttle.client_address(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _first(error))
    except throttle.RateLimited as error:
        messages.error(request, throttle.message(error))
    else:
        if made.counted:
            messages.success(request, _("Thank you: your support is counted."))
        else:
            messages.info(
                request,
                _("Thank you. Your support is recorded and counts once a moderator has "
                  "reviewed it (%(reason)s).") % {"reason": abuse.reason_label(made.flag_reason)},
            )  # fmt: skip
    return redirect("portal:participation-proposal", number)


def _first(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return str(error) or _("You may not do this.")


@login_required
def new(request):
    """Propose: a verified citizen or enterprise writes; a moderator publishes."""
    if not authority.may_take_part(request.user):
        raise PermissionDenied(
            _("Only a signed-in citizen or enterprise with a verified identity may propose.")
        )
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.propose(
                request.user,
                title=data["title"],
                body=data["body"],
                category=data["category"],
                district=data["district"],
                photos=[(f.name, f.read()) for f in data["photos"]],
                address=throttle.client_address(request),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except throttle.RateLimited as error:
            form.add_error(None, throttle.message(error))
        else:
            messages.success(
                request,
                _("Proposal %(number)s sent. A moderator checks it before it is published.")
                % {"number": made.number},
            )
            return redirect("portal:participation-proposal", made.number)
    return render(request, "portal/participation/proposals/new.html", {"form": form})


@require_safe
@login_required
def mine(request):
    """The proposals I made, newest first, with where each stands."""
    return render(
        request,
        "portal/participation/proposals/mine.html",
        {"proposals": selectors.mine(request.user)},
    )


@require_safe
def photo(request, number, photo_id):
    """A proposal's photo, for whoever may see the proposal (not once it is hidden)."""
    found = _visible_or_404(request, number)
    item = found.photos.filter(pk=photo_id).first()
    if item is None or (found.hidden and not authority.is_moderator(request.user)):
        raise Http404(_("There is no such photo."))
    return FileResponse(item.file.open("rb"), content_type=item.content_type)
