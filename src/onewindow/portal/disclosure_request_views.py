"""The applicant's side of requests on application (依申请公开): the form, my requests, one
request with its steps and letters, the supplement and withdrawal.

Every write goes through ``disclosure.services.requests``; reads through its selectors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.disclosure import downloads, request_authority
from onewindow.disclosure.errors import RequestNotFound
from onewindow.disclosure.models import RequestStatus as S
from onewindow.disclosure.selectors import requests as selectors
from onewindow.disclosure.services import requests as services
from onewindow.portal.disclosure_request_forms import ApplyForm, SupplementAnswerForm, WithdrawForm


def _applicant_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.is_official:
            raise PermissionDenied(_("Officials answer requests in the workbench."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _mine_or_404(request, number):
    found = selectors.mine(request.user).filter(number=number).first()
    if found is None:
        raise Http404(
            _("There is no disclosure request %(number)s that you can see.") % {"number": number}
        )
    return found


@_applicant_only
def apply(request):
    """The request on application (Art. 29), with the agency chosen from the list."""
    enterprise = request.user.kind == "enterprise"
    form = ApplyForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.apply_online(
                request.user,
                agency=Department.objects.filter(code=data["agency"]).first(),
                description=data["description"],
                wanted_form=data["wanted_form"],
                requester_kind=data.get("requester_kind", ""),
                email=data["email"],
                address=data["address"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Request %(number)s sent. The agency confirms its receipt; the 20 working "
                  "days run from then.") % {"number": made.number},
            )  # fmt: skip
            return redirect("portal:disclosure-request", made.number)
    return render(request, "portal/disclosure/apply.html", {"form": form})


@require_safe
@_applicant_only
def mine(request):
    """The applicant's requests, newest first."""
    return render(
        request, "portal/disclosure/mine.html", {"requests": selectors.mine(request.user)}
    )


def steps(found) -> list[dict]:
    """The step list the applicant sees: received, supplement, third party, extension, reply."""
    supplement = getattr(found, "supplement", None)
    extension = getattr(found, "extension", None)
    consultations = list(found.consultations.all())
    concluded = found.status in (S.REPLIED, S.WITHDRAWN, S.LAPSED)
    return [
        {
            "label": _("Received"),
            "done": found.received_on is not None,
            "on": found.received_on,
            "text": _("Reply due on %(day)s") % {"day": date_format(found.due_on)}
            if found.due_on and not found.replied_on
            else "",
        },
        {
            "label": _("Supplement"),
            "done": bool(supplement and supplement.answered_on),
            "current": bool(supplement and not supplement.answered_on),
            "skipped": supplement is None and concluded,
            "optional": True,
            "on": supplement.sent_on if supplement else None,
        },
        {
            "label": _("Third party consulted"),
            "done": bool(consultations) and all(c.answered_on for c in consultations),
            "current": any(not c.answered_on for c in consultations),
            "skipped": not consultations and concluded,
            "optional": True,
            "on": consultations[0].sent_on if consultations else None,
        },
        {
            "label": _("Extension"),
            "done": bool(extension and extension.approved),
            "skipped": not (extension and extension.approved) and concluded,
            "optional": True,
            "on": extension.decided_on if extension and extension.approved else None,
        },
        {
            "label": _("Reply")
            if found.status == S.REPLIED or not concluded
            else found.get_status_display(),
            "done": found.replied_on is not None,
            "on": found.replied_on,
            "skipped": False,
            "text": found.get_outcome_display() if found.outcome else "",
        },
    ]


@require_safe
@_applicant_only
def request_page(request, number):
    """One request: its steps, its letters to download, and what the applicant may do."""
    found = _mine_or_404(request, number)
    actions = request_authority.actions_for(request.user, found)
    context = {
        "req": found,
        "steps": steps(found),
        "letters": selectors.letters_for(request.user, found),
        "files": selectors.files_for(request.user, found),
        "supplement": getattr(found, "supplement", None),
        "answer_form": SupplementAnswerForm() if "answer_supplement" in actions else None,
        "withdraw_form": WithdrawForm() if "withdraw" in actions else None,
    }
    return render(request, "portal/disclosure/request.html", context)


@require_POST
@_applicant_only
def answer_supplement(request, number):
    found = _mine_or_404(request, number)
    form = SupplementAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_supplement(request.user, number, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Supplement sent; the 20 working days run again from today.")
            )
            return redirect("portal:disclosure-request", number)
    context = {
        "req": found, "steps": steps(found), "answer_form": form,
        "letters": selectors.letters_for(request.user, found),
        "supplement": getattr(found, "supplement", None),
    }  # fmt: skip
    return render(request, "portal/disclosure/request.html", context, status=400)


@require_POST
@_applicant_only
def withdraw(request, number):
    _mine_or_404(request, number)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.withdraw(request.user, number, reason=form.cleaned_data.get("reason", ""))
    except (ValidationError, RequestNotFound) as error:
        raise Http404(str(error)) from error
    messages.success(request, _("Request %(number)s withdrawn.") % {"number": number})
    return redirect("portal:disclosure-request", number)


@require_safe
@login_required
def letter(request, letter):
    """One letter as a PDF with the agency's e-seal, for the applicant it was sent to."""
    return downloads.letter_response(request.user, letter)


@require_safe
@login_required
def disclosed_file(request, file_id):
    """A file released with the reply, for the applicant once the reply is sent."""
    return downloads.file_response(request.user, file_id)
