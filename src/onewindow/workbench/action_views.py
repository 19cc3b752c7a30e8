"""The case actions: one POST each, calling one service, then back to the case page.

Success redirects with a message (POST-redirect-GET); invalid input renders the page again
with the errors on the form's fields and changes nothing; a refusal by the service (role,
state, a stale version) redirects with the service's translated message.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onewindow.cases import certificate_data, cooling_off, selectors, services
from onewindow.cases.errors import (
    CaseNotFound,
    StaleVersion,
    TaskNotFound,
    TransitionNotAllowed,
)
from onewindow.certificates import services as certificate_services
from onewindow.workbench import casepage
from onewindow.workbench.access import official_required
from onewindow.workbench.views import case_file_or_404

STALE = gettext_lazy(
    "Someone else changed this case while you had it open. This is the case as it is now: "
    "check it and try again."
)


def _task_of_case(request, number: str, task_id: int):
    try:
        task = selectors.task_for(request.user, task_id)
    except TaskNotFound as exc:
        raise Http404(str(exc)) from exc
    if task.case.number != number:
        raise Http404(str(TaskNotFound(task_id)))
    return task


NOT_OFFERED = gettext_lazy(
    "This action is not open to you on this case now; the page shows what you can do."
)


def _action(name: str, call: Callable, success):
    """A POST view: validate the action's form, then ``call(request, number, arguments,
    **url)``; ``success`` is the message, or a function of the arguments giving it."""

    @require_POST
    @official_required
    def view(request, number, **url):
        file = case_file_or_404(request, number)
        if name not in casepage.action_forms(request.desk, file):
            # Not this user's action, or not in this state: refused before any input is read,
            # unless the page it came from is out of date (the action was offered then).
            if request.POST.get("version", str(file.case.version)) != str(file.case.version):
                messages.error(request, STALE)
                return redirect("workbench:case", number)
            messages.error(request, NOT_OFFERED)
            context = casepage.context(request.desk, file)
            return render(request, "workbench/case.html", context, status=403)
        form = casepage.build_form(name, file, request.POST)
        if form.is_valid():
            try:
                call(request, number, form.service_arguments(), **url)
            except ValidationError as error:
                form.add_service_errors(error)
            except (CaseNotFound, TaskNotFound) as error:
                raise Http404(str(error)) from error
            except StaleVersion:
                messages.error(request, STALE)
                return redirect("workbench:case", number)
            except (PermissionDenied, TransitionNotAllowed) as error:
                messages.error(request, str(error))
                return redirect("workbench:case", number)
            else:
                arguments = form.service_arguments()
                messages.success(request, success(arguments) if callable(success) else success)
                return redirect("workbench:case", number)
        context = casepage.context(request.desk, file, failed=(name, form))
        return render(request, "workbench/case.html", context)

    view.__name__ = name.replace("-", "_")
    return view


def _accept(request, number, data):
    services.accept(number=number, actor=request.user, **data)


def _correction(request, number, data):
    services.send_correction_notice(number=number, actor=request.user, **data)


def _refuse(request, number, data):
    services.refuse(number=number, actor=request.user, **data)


def _task(service):
    def call(request, number, data, task_id):
        task = _task_of_case(request, number, task_id)
        service(task_id=task.pk, actor=request.user, **data)

    return call


def _pause(request, number, data):
    services.pause_clock(number=number, actor=request.user, **data)


def _resume(request, number, data, pause_id):
    services.resume_clock(number=number, pause_id=pause_id, actor=request.user, **data)


def _extension(request, number, data):
    services.request_extension(number=number, actor=request.user, **data)


def _extension_decision(request, number, data, extension_id):
    services.decide_extension(number=number, extension_id=extension_id, actor=request.user, **data)


def _extension_decided(data) -> str:
    if data["approve"]:
        return _("Extension approved; the applicant has been told the new due date.")
    return _("Extension rejected; the time limit is unchanged.")


def _verify_commitment(request, number, data):
    services.verify_commitment(number=number, actor=request.user, **data)


def _commitment_verified(data) -> str:
    if data["truthful"]:
        return _("The commitment is recorded as verified.")
    return _(
        "The commitment is recorded as untrue; the applicant is told and it is on the "
        "enterprise's credit record."
    )


def _decide(request, number, data):
    services.decide(number=number, actor=request.user, **data)


def _cooling_off_withdrawal(request, number, data):
    cooling_off.withdraw_during_cooling_off(number=number, actor=request.user, **data)


def _deliver(request, number, data):
    services.deliver(number=number, actor=request.user, **data)


def _fee_payment(request, number, data):
    services.record_fee_payment(number=number, actor=request.user, **data)


def _revoke(request, number, data):
    file = case_file_or_404(request, number)
    certificate = certificate_data.issued(file.case)
    if certificate is None:
        raise Http404(_("Case %(number)s issued no certificate.") % {"number": number})
    certificate_services.revoke(number=certificate.number, actor=request.user, **data)


accept = _action(
    "accept",
    _accept,
    gettext_lazy("Application accepted; the acceptance notice has been issued."),
)
correction = _action(
    "correction",
    _correction,
    gettext_lazy("The correction notice has been sent to the applicant."),
)
refuse = _action(
    "refuse",
    _refuse,
    gettext_lazy("The application was not accepted; the notice has been issued."),
)
approve = _action(
    "approve",
    _task(services.approve),
    gettext_lazy("Your department's approval has been recorded."),
)
deny = _action(
    "deny",
    _task(services.deny),
    gettext_lazy("Your department's denial has been recorded."),
)
supplement = _action(
    "supplement",
    _task(services.request_supplement),
    gettext_lazy("Supplement requested; the clock is paused until the applicant answers."),
)
pause = _action(
    "pause",
    _pause,
    gettext_lazy("The clock is paused and the applicant has been told why."),
)
resume = _action("resume", _resume, gettext_lazy("The clock runs again."))
extension = _action(
    "extension",
    _extension,
    gettext_lazy("Extension requested; it awaits the approval of the lead department's head."),
)
extension_decision = _action(
    "extension_decision",
    _extension_decision,
    _extension_decided,
)
decide = _action("decide", _decide, gettext_lazy("The decision has been issued."))
cooling_off_withdrawal = _action(
    "cooling_off_withdrawal",
    _cooling_off_withdrawal,
    gettext_lazy("The withdrawal is recorded and the application closed."),
)
deliver = _action("deliver", _deliver, gettext_lazy("The delivery is recorded."))
fee_payment = _action(
    "fee_payment",
    _fee_payment,
    gettext_lazy("The payment is recorded; the result can now be handed out."),
)
revoke = _action(
    "revoke",
    _revoke,
    gettext_lazy("The certificate is revoked; verification now shows it as revoked."),
)

verify_commitment = _action("verify_commitment", _verify_commitment, _commitment_verified)
