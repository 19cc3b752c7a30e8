"""Two reads on the case page that need more than a GET of the file: revealing the applicant's
phone number for a logged purpose, and the head's preview of the decision document."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from onewindow.accounts.identity.throttle import RateLimited
from onewindow.cases import decision_preview, disclosure
from onewindow.cases.errors import CaseNotFound, TransitionNotAllowed
from onewindow.workbench import casepage
from onewindow.workbench.access import official_required
from onewindow.workbench.forms import PhoneRevealForm
from onewindow.workbench.views import case_file_or_404


@require_POST
@official_required
def reveal_phone(request, number):
    """The case page again, with the applicant's phone number in full for this response only
    (never stored in the session); the purpose goes to the audit log."""
    file = case_file_or_404(request, number)
    form = PhoneRevealForm(request.POST)
    revealed, status = "", 200
    if form.is_valid():
        try:
            revealed = disclosure.reveal_phone(
                actor=request.user,
                number=number,
                purpose=form.cleaned_data["purpose"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
        except CaseNotFound as error:
            raise Http404(str(error)) from error
    if not revealed and status == 200:
        status = 400
    context = casepage.context(request.desk, file)
    context.update(revealed_phone=revealed, reveal_form=form)
    response = render(request, "workbench/case.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@official_required
def decision_preview_pdf(request, number):
    """The decision as it would be issued now, watermarked 预览 / PREVIEW; nothing is stored."""
    try:
        pdf = decision_preview.decision_pdf(actor=request.user, number=number)
    except CaseNotFound as error:
        raise Http404(str(error)) from error
    except TransitionNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{number}-preview.pdf"'
    response["Cache-Control"] = "no-store"
    return response
