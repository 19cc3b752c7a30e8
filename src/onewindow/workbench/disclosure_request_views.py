"""The disclosure office's request pages: the inbox by due date, the staff entry form for
letters and walk-ins, and the two-pane request page (the file on one side, the actions the
viewer's role may take on the other: supplement, third party, extension, the reply builder with
its letter preview, the confidentiality review, sending).

Each view parses, calls one selector or service, renders; which actions a page offers comes
from ``disclosure.request_authority`` (the table the services enforce).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onewindow.accounts.models import Department
from onewindow.disclosure import downloads, request_authority
from onewindow.disclosure import search as fts
from onewindow.disclosure.errors import RequestNotFound
from onewindow.disclosure.models import RequestDetail
from onewindow.disclosure.selectors import public
from onewindow.disclosure.selectors import requests as selectors
from onewindow.disclosure.services import request_fees as fees
from onewindow.disclosure.services import requests as services
from onewindow.disclosure.vocab import ReplyType
from onewindow.workbench import disclosure_request_forms as f
from onewindow.workbench.access import official_required


def _agency(code):
    return Department.objects.filter(code=code).first() if code else None


def _draft(user, number, data):
    data = dict(data)
    data["right_agency"] = _agency(data.pop("right_agency"))
    upload = data.pop("file", None)
    data["files"] = [(upload.name, upload.read())] if upload else []
    return services.draft_reply(user, number, **data)


# slug -> (action of request_authority.ACTIONS, form, service call, button text)
ACTIONS = {
    "confirm": ("confirm_receipt", f.EmptyForm,
                lambda u, n, d: services.confirm_receipt(u, n)),
    "supplement": ("send_supplement", f.SupplementForm,
                   lambda u, n, d: services.send_supplement(u, n, items=d["items"].splitlines())),
    "third-party": ("consult_third_party", f.ThirdPartyForm,
                    lambda u, n, d: services.consult_third_party(u, n, **d)),
    "third-party-answer": ("record_third_party_answer", f.ThirdPartyAnswerForm,
                           lambda u, n, d: services.record_third_party_answer(u, n, **d)),
    "extension": ("request_extension", f.ExtensionForm,
                  lambda u, n, d: services.request_extension(u, n, **d)),
    "extension-decision": ("decide_extension", f.DecisionForm,
                           lambda u, n, d: services.decide_extension(u, n, **d)),
    "reply": ("draft_reply", f.DraftForm, _draft),
    "review": ("review_reply", f.ReviewForm, lambda u, n, d: services.review_reply(u, n, **d)),
    "send": ("send_reply", f.EmptyForm, lambda u, n, d: services.send_reply(u, n)),
    # 国办函〔2020〕109号: only where the operator turned information-processing fees on
    "fee": ("send_fee_notice", f.FeeForm, lambda u, n, d: fees.send_fee_notice(u, n, **d)),
    "fee-paid": ("record_payment", f.EmptyForm, lambda u, n, d: fees.record_payment(u, n)),
}  # fmt: skip
FEE_ACTIONS = ("fee", "fee-paid")


def _request_or_404(request, number):
    found = selectors.get(request.user, number)
    if found is None or not request_authority.staff_hats(request.user, found.agency_id):
        raise Http404(
            _("There is no disclosure request %(number)s that you can see.") % {"number": number}
        )
    return found


def colour(found, today) -> str:
    """The inbox's colour of a request's due date: red when overdue, yellow within 5 days."""
    if not found.due_on:
        return ""
    if today > found.due_on:
        return "red"
    if (found.due_on - today).days <= 5:
        return "yellow"
    return ""


@require_GET
@official_required
def inbox(request):
    """The open requests of the viewer's agencies, soonest due first."""
    if not request_authority.agencies_of(request.user):
        raise PermissionDenied(_("The disclosure inbox is for the agencies' disclosure offices."))
    today = timezone.localdate()
    rows = [{"req": r, "colour": colour(r, today)} for r in selectors.inbox(request.user)[:200]]
    return render(request, "workbench/disclosure/inbox.html", {"rows": rows})


@official_required
def enter(request):
    """A request that came by letter, in person, by fax or e-mail (Art. 29, 31)."""
    agencies = list(request_authority.agencies_of(request.user))
    if not agencies:
        raise PermissionDenied(_("The disclosure inbox is for the agencies' disclosure offices."))
    form = f.EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.enter_request(
                request.user, agency=Department.objects.get(pk=agencies[0]), **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Request %(number)s entered.") % {"number": made.number})
            return redirect("workbench:disclosure-request", made.number)
    return render(request, "workbench/disclosure/enter.html", {"form": form})


def _forms(request, found, bound=None):
    allowed = request_authority.actions_for(request.user, found)
    forms = {}
    for slug, (action, form_class, _call) in ACTIONS.items():
        if action not in allowed:
            continue
        if bound and bound[0] == slug:
            forms[slug] = bound[1]
        elif form_class is f.DraftForm:
            forms[slug] = f.DraftForm(
                agency_id=found.agency_id,
                earlier=services.earlier_identical(found),
                initial=_cited(request, found),
            )
        else:
            forms[slug] = form_class()
    fee = getattr(found, "fee", None)
    if not fees.fees_enabled() or fee is not None:
        forms.pop("fee", None)
    if not fees.fees_enabled() or fee is None or fee.paid_on:
        forms.pop("fee-paid", None)
    return forms


def _cited(request, found) -> dict:
    """The reply builder's start when the officer cites one of the agency's published
    documents (Art. 36 (一): already public, say where): its title, index number and address."""
    document = public.document(request.GET.get("cite", "")[:40])
    if document is None or document.agency_id != found.agency_id:
        return {}
    address = request.build_absolute_uri(
        reverse("portal:disclosure-document", args=[document.index_number])
    )
    return {
        "reply_type": ReplyType.ALREADY_PUBLIC,
        "where_public": f"{public.title(document)}（{document.index_number}）{address}"[:300],
    }


def _documents(request, found, forms) -> tuple[str, public.Results | None]:
    """The agency's own published documents matching ``docs``, for the reply builder."""
    query = " ".join(request.GET.get("docs", "").split())[:100]
    if "reply" not in forms or not query:
        return query, None
    filters = fts.Filters(agency_id=found.agency_id)
    return query, public.search(query, filters, offset=0, limit=10)


def _page(request, found, bound=None, status=200):
    detail, _created = RequestDetail.objects.get_or_create(request=found)
    preview = None
    if found.reply_type and found.status == "review":
        preview = services.reply_paragraphs(found, detail)
    forms = _forms(request, found, bound)
    docs_query, documents = _documents(request, found, forms)
    context = {
        "req": found,
        "detail": detail,
        "forms": forms,
        "docs_query": docs_query,
        "documents": documents,
        "events": selectors.timeline(request.user, found),
        "letters": selectors.letters_for(request.user, found),
        "files": selectors.files_for(request.user, found),
        "preview": preview,
        "colour": colour(found, timezone.localdate()),
        "extension": getattr(found, "extension", None),
        "supplement": getattr(found, "supplement", None),
        "fee": getattr(found, "fee", None),
        "consultations": list(found.consultations.all()),
    }
    return render(request, "workbench/disclosure/request.html", context, status=status)


@require_GET
@official_required
def request_page(request, number):
    return _page(request, _request_or_404(request, number))


@require_POST
@official_required
def act(request, number, slug):
    found = _request_or_404(request, number)
    _action, form_class, call = ACTIONS[slug]
    if form_class is f.DraftForm:
        form = form_class(
            request.POST,
            request.FILES,
            agency_id=found.agency_id,
            earlier=services.earlier_identical(found),
        )
    else:
        form = form_class(request.POST)
    if form.is_valid():
        try:
            call(request.user, number, form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except (PermissionDenied, RequestNotFound) as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(request, _("Done."))
            return redirect("workbench:disclosure-request", number)
    return _page(request, _request_or_404(request, number), (slug, form), status=400)


@require_GET
@official_required
def letter(request, letter):
    return downloads.letter_response(request.user, letter)


@require_GET
@official_required
def disclosed_file(request, file_id):
    return downloads.file_response(request.user, file_id)
