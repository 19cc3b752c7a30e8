"""The applicant's own cases: list, case page, answers to notices, downloads, rating, messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from onewindow.cases import (
    application,
    certificate_data,
    downloads,
    drafts,
    joint_measures,
    progress,
    ratings,
    registry_data,
    selectors,
    services,
    waiting,
)
from onewindow.cases.errors import CaseNotFound, StaleVersion, TransitionNotAllowed
from onewindow.cases.models import (
    APPLICANT_DELIVERY_METHODS,
    PauseReason,
    Rating,
    RatingProblem,
)
from onewindow.cases.services import AMENDABLE, WITHDRAWABLE
from onewindow.catalog import form_schema
from onewindow.certificates import presentation
from onewindow.certificates import selectors as certificate_selectors
from onewindow.notifications import selectors as notification_selectors
from onewindow.notifications import services as notification_services
from onewindow.notifications.models import Notification
from onewindow.portal.apply_forms import ApplicationForm

PAGE_SIZE = 20


def _applicant_only(view):
    """Pages of the applicant's own cases: citizens and enterprises; officials use the workbench."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if request.user.is_official:
            raise PermissionDenied(_("Officials handle cases in the workbench."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _file(request, number):
    try:
        return selectors.case_file(request.user, number)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from None


def case_rows(cases) -> list[dict]:
    """List rows: each case with its card, current step, due date and what to do now."""
    cases = list(cases)
    pending = waiting.pending_actions(cases)
    rows = []
    for case in cases:
        due, due_label = waiting.list_due(case)
        rows.append(
            {
                "case": case,
                "card": selectors.card(case),
                "current": waiting.current_label(case),
                "due": due,
                "due_label": due_label,
                "actions": pending[case.number],
            }
        )
    return rows


@_applicant_only
@require_safe
def my_cases(request):
    """My cases: those waiting for me first, then tabs (action needed, in progress, finished)."""
    cases = selectors.listed_cases(request.user)
    counts = waiting.tab_counts(cases)
    tab = request.GET.get("tab", "")
    if tab not in waiting.TABS:
        tab = "all"
    page = Paginator(cases.filter(waiting.tab_filter(tab)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    needed = (
        case_rows(cases.filter(waiting.tab_filter("action"))[:PAGE_SIZE]) if tab == "all" else []
    )
    return render(
        request,
        "portal/my_cases.html",
        {
            "page": page,
            "rows": case_rows(page),
            "needed": needed,
            "tab": tab,
            "counts": counts,
            "drafts": list(drafts.open_drafts(request.user)),
        },
    )


def _open_supplement(file):
    pause = file.open_pause
    return pause if pause is not None and pause.kind == PauseReason.SUPPLEMENT else None


@_applicant_only
@require_safe
def case_page(request, number):
    return _case_page(request, number)


@_applicant_only
@require_safe
def case_process(request, number):
    """The item's BPMN process with the steps the case waits at, behind a link on the case page."""
    file = _file(request, number)
    return render(request, "portal/case_process.html", {"file": file, "case": file.case})


def _case_page(request, number, errors=None):
    """The case page, with the errors of a form posted from it."""
    file = _file(request, number)
    case = file.case
    errors = application.titled(case.item, errors)  # listed away from the fields they name
    rating = ratings.rating_of(case)
    issued = certificate_data.issued(case)
    for material in file.materials:
        material.registry_view = registry_data.answer_view(material.registry_answer)
        material.certificate_check = certificate_data.check(material.certificate)
    return render(
        request,
        "portal/case.html",
        {
            "file": file,
            "case": case,
            "progress": progress.steps(case, request.user),
            "progress_code": progress.code_of(case),
            "supplement": _open_supplement(file),
            "can_withdraw": case.status in WITHDRAWABLE,
            "amend_form": _amend_form(request, file),
            "amend_posted": request.method == "POST" and request.path.endswith("/amendment/"),
            "can_rate": rating is None and ratings.can_rate(case),
            "rating": rating,
            "rating_reply": ratings.reply_for_applicant(request.user, case) if rating else None,
            "scores": Rating.Score.choices[::-1],
            "rating_problems": RatingProblem.choices,
            "errors": errors or {},
            "posted": request.POST if request.method == "POST" else {},
            "document_url": "portal:case-document",
            "fees": selectors.fee_notices(case),
            "can_choose_delivery": case.is_open and case.delivered_at is None,
            "delivery_choices": [(m.value, m.label) for m in APPLICANT_DELIVERY_METHODS],
            "issued": certificate_data.check(issued),
            "holds_issued": issued is not None
            and certificate_selectors.own(request.user, issued.number) is not None,
            "credit": joint_measures.case_credit(case),
            "supply_errors": (errors or {}) if request.path.endswith("/deferred/") else {},
        },
    )


def _amend_form(request, file):
    """The application's form to amend (变更申请), while the case is pending and not waiting for a
    supplement. The fields naming the applicant are left out (they cannot change); ID and phone
    numbers are not shown in full (masked as a placeholder; left empty, they keep their value)."""
    case = file.case
    if case.status not in AMENDABLE or _open_supplement(file) is not None:
        return None
    bound = drafts.bound_fields(request.user, case.item)
    posted = (
        request.POST if request.method == "POST" and request.path.endswith("/amendment/") else None
    )
    form = ApplicationForm(case.item, posted, initial=case.form_data, auto_id="amend-%s")
    for name in bound:
        del form.fields[name]
    properties = case.item.form_schema["properties"]
    for name in list(form.fields):
        if form_schema.is_personal(properties[name]):
            form.initial.pop(name, None)
            form.fields[name].widget.attrs["placeholder"] = application.shown_value(
                properties[name], case.form_data.get(name)
            )
    return form


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _act(request, number, action, success: str):
    """Run ``action``; on bad input show the case page with the errors, else go back to it."""
    try:
        action()
    except ValidationError as exc:
        return _case_page(request, number, errors=exc.message_dict)
    except (PermissionDenied, TransitionNotAllowed, StaleVersion) as exc:
        messages.error(request, str(exc))
    except CaseNotFound as exc:
        raise Http404(str(exc)) from None
    else:
        messages.success(request, success)
    return redirect("portal:case", number=number)


@_applicant_only
@require_POST
def resubmit(request, number):
    """The corrected or supplementary materials the notice asked for."""
    uploads = application.uploads_from(request.FILES)

    def action():
        file = selectors.case_file(request.user, number)
        supplement = _open_supplement(file)
        asked = supplement.supplement_items if supplement else []
        if file.open_correction is not None:
            asked = file.open_correction.items
        typed = {
            row["field"]: request.POST.get(row["field"], "").strip()
            for row in asked
            if row.get("field")
        }
        form = file.case.form_data | {k: v for k, v in typed.items() if v} if typed else None
        services.resubmit(
            number=number,
            applicant=request.user,
            uploads=uploads,
            form=form,
            expected_version=_expected_version(request),
        )

    return _act(request, number, action, _("Your materials were submitted."))


@_applicant_only
@require_POST
def supply_deferred(request, number):
    """容缺受理: the materials the case was accepted without."""

    def action():
        services.supply_deferred(
            number=number,
            applicant=request.user,
            uploads=application.uploads_from(request.FILES),
            expected_version=_expected_version(request),
        )

    return _act(request, number, action, _("Your materials were submitted."))


@_applicant_only
@require_POST
def amend(request, number):
    """变更申请: the changed form with the reason; every completed review reopens."""

    def action():
        case = selectors.case_file(request.user, number).case
        names = ApplicationForm(case.item).fields
        typed = {name: request.POST.get(name, "").strip() for name in names}
        services.amend(
            number=number,
            applicant=request.user,
            form=case.form_data | {name: value for name, value in typed.items() if value},
            reason=request.POST.get("reason", ""),
            expected_version=_expected_version(request),
        )

    return _act(
        request,
        number,
        action,
        _("Your amendment was received; the departments review the changed application."),
    )


@_applicant_only
@require_POST
def withdraw(request, number):
    if request.POST.get("confirm") != "1":
        return _case_page(
            request, number, errors={"confirm": [_("Tick the box to confirm the withdrawal.")]}
        )

    def action():
        services.withdraw(
            number=number, applicant=request.user, expected_version=_expected_version(request)
        )

    return _act(request, number, action, _("Your application was withdrawn."))


@_applicant_only
@require_POST
def choose_delivery(request, number):
    """统一出件: the result is picked up at the service centre's window, or posted."""

    def action():
        services.choose_delivery(
            number=number,
            applicant=request.user,
            method=request.POST.get("method", ""),
            address=request.POST.get("address", ""),
            expected_version=_expected_version(request),
        )

    return _act(request, number, action, _("Your choice of delivery is recorded."))


@_applicant_only
@require_POST
def rate(request, number):
    def action():
        ratings.rate(
            number=number,
            applicant=request.user,
            score=request.POST.get("score"),
            problems=request.POST.getlist("problems"),
            comment=request.POST.get("comment", ""),
        )

    return _act(request, number, action, _("Thank you for rating this service."))


@_applicant_only
@require_safe
def document(request, number, document):
    try:
        found = selectors.document_for(request.user, number, document)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from None
    return downloads.document_response(found)


@_applicant_only
@require_safe
def material(request, number, material):
    try:
        found = selectors.material_for(request.user, number, material)
    except CaseNotFound as exc:
        raise Http404(str(exc)) from None
    return downloads.material_response(found)


@_applicant_only
@require_safe
def certificate(request, number):
    """The certificate the case issued, for its applicant, also when someone else holds it
    (an employee's work permit, a newborn's birth certificate)."""
    issued = certificate_data.issued(_file(request, number).case)
    if issued is None:
        raise Http404(_("Case %(number)s issued no certificate.") % {"number": number})
    return presentation.pdf_response(issued)


@_applicant_only
@require_safe
def inbox(request):
    notifications = notification_selectors.inbox(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/inbox.html", {"page": page})


@_applicant_only
@require_POST
def open_notification(request, notification):
    """Mark one notification read and follow its link."""
    try:
        found = notification_services.mark_read(request.user, notification)
    except (PermissionDenied, Notification.DoesNotExist):
        raise Http404 from None
    return redirect(found.link if found.link.startswith("/") else "portal:inbox")


@_applicant_only
@require_POST
def mark_all_read(request):
    count = notification_services.mark_all_read(request.user)
    messages.success(request, _("%(count)d message(s) marked as read.") % {"count": count})
    return redirect("portal:inbox")
