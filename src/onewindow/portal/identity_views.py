"""My identity: the real-name verification, reclaims, and agents (经办人) of enterprises.

A citizen asks an enterprise to confirm them as its agent with a signed letter; the enterprise's
account confirms or rejects; until then the agent cannot act for it.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from onewindow.accounts.identity import selectors, services
from onewindow.accounts.identity.models import AgentAuthorization
from onewindow.accounts.models import User
from onewindow.cases import uploads
from onewindow.portal.account_forms import AgentRequestForm
from onewindow.portal.apply_forms import UPLOAD_ACCEPT


def _page(request, form=None):
    user = request.user
    reclaims = list(selectors.reclaims_of(user))
    for reclaim in reclaims:
        reclaim.rows = [
            {**entry, "at": datetime.fromisoformat(entry["at"])} for entry in reclaim.activity
        ]
    context = {
        "verification": getattr(user, "real_name_verification", None),
        "reclaims": reclaims,
        "is_enterprise": user.kind == User.Kind.ENTERPRISE,
        "accept": UPLOAD_ACCEPT,
    }
    if user.kind == User.Kind.ENTERPRISE:
        context["agent_requests"] = selectors.agent_requests_for(user)
    elif user.kind == User.Kind.CITIZEN:
        context["authorizations"] = selectors.authorizations_of(user)
        context["form"] = form or AgentRequestForm()
    return render(request, "portal/identity.html", context)


@login_required
@require_safe
def identity(request):
    return _page(request)


@login_required
@require_POST
def request_agent(request):
    """A citizen asks an enterprise to confirm them as its agent."""
    form = AgentRequestForm(request.POST, request.FILES)
    if form.is_valid():
        letter = form.cleaned_data["letter"]
        try:
            checked = uploads.check_upload(letter.name, letter.read(), field="letter")
            services.request_agent_authorization(
                agent=request.user,
                uscc=form.cleaned_data["uscc"],
                name=form.cleaned_data["enterprise_name"],
                letter_name=checked.name,
                letter_content=checked.content,
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your request was sent to the enterprise."))
            return redirect("portal:identity")
    return _page(request, form)


@login_required
@require_POST
def decide_agent(request, pk):
    """The enterprise confirms or rejects an agent; only its own pending requests."""
    confirm = request.POST.get("decision") == "confirm"
    try:
        services.decide_agent_authorization(
            enterprise=request.user, authorization_id=pk, confirm=confirm
        )
    except AgentAuthorization.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The agent is confirmed.") if confirm else _("The request is rejected.")
        )
    return redirect("portal:identity")


@login_required
@require_safe
def agent_letter(request, pk):
    found = selectors.authorization_letter(request.user, pk)
    if found is None:
        raise Http404
    response = FileResponse(found.letter.open("rb"), as_attachment=True, filename=found.letter_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
