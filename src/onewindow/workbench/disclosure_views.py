"""The disclosure office's workbench (主动公开): the agency's documents by status with their
Art. 26 due dates, the draft form, and the document page: its text with the personal data found
highlighted on one side, the viewer's action and the history on the other.

Each view parses, calls one selector or service, renders; which actions a page offers comes
from ``disclosure.authority`` (the table the services enforce).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.core.localized import localized
from onewindow.disclosure import authority, ledger, privacy
from onewindow.disclosure.errors import DocumentNotFound, StaleDocument
from onewindow.disclosure.models import DocumentStatus
from onewindow.disclosure.selectors import documents as selectors
from onewindow.disclosure.services import publishing
from onewindow.workbench import disclosure_forms as f
from onewindow.workbench.access import official_required

PAGE = 50
FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "body": gettext_lazy("text"),
    "title_en": gettext_lazy("English title"),
    "body_en": gettext_lazy("English text"),
}
ORDER = [
    DocumentStatus.RETURNED, DocumentStatus.DRAFT, DocumentStatus.REVIEW,
    DocumentStatus.APPROVAL, DocumentStatus.PUBLISHED,
]  # fmt: skip


def _office_only(request) -> None:
    if not authority.agencies_of(request.user):
        raise PermissionDenied(_("These pages are for the disclosure offices."))


@require_http_methods(["GET"])
@official_required
def documents(request):
    """The agency's documents, grouped by status; running ones show the Art. 26 due date."""
    _office_only(request)
    form = f.FilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.office_documents(request.user, status=status), PAGE).get_page(
        request.GET.get("page")
    )
    clocks = selectors.clocks(page)
    now = timezone.now()
    rows = [
        {
            "document": d,
            "title": localized(d, "title"),
            "matter": clocks.get(d.pk),
            "colour": selectors.due_colour(clocks.get(d.pk), now),
        }
        for d in page
    ]
    rows.sort(key=lambda r: (ORDER.index(r["document"].status), -r["document"].pk))
    groups = []
    for status_code in ORDER:
        mine = [r for r in rows if r["document"].status == status_code]
        if mine:
            groups.append({"status": DocumentStatus(status_code), "rows": mine})
    context = {
        "form": form,
        "page": page,
        "groups": groups,
        "counts": [
            (DocumentStatus(code).label, n) for code, n in selectors.counts(request.user).items()
        ],
        "can_draft": bool(authority.agencies_of(request.user, (authority.OFFICER,))),
        "query": "status=" + status if status else "",
    }
    return render(request, "workbench/disclosure/documents.html", context)


def _document_or_404(request, pk):
    document = selectors.document_for(request.user, pk)
    if not selectors.may_manage(request.user, document):
        raise DocumentNotFound(pk)
    return document


def _finding_choices(findings) -> list[tuple[str, str]]:
    return [
        (
            f"{x.field}:{x.start}:{x.end}:{x.kind}",
            _("%(kind)s in the %(field)s, characters %(start)d–%(end)d")
            % {
                "kind": privacy.Kind(x.kind).label,
                "field": FIELD_LABELS[x.field],
                "start": x.start + 1,
                "end": x.end,
            },
        )
        for x in findings
    ]


def _action_forms(document, offered, findings, bound):
    initial = {"version": document.version}
    builders = {
        "submit": lambda: f.VersionForm(initial=initial, prefix="submit"),
        "review": lambda: f.ReviewForm(
            initial=initial, prefix="review", findings=_finding_choices(findings)
        ),
        "approve": lambda: f.NoteForm(initial=initial, prefix="approve"),
        "return": lambda: f.ReturnForm(initial=initial, prefix="return"),
        "repeal": lambda: f.EndForm(
            initial={**initial, "ended_on": timezone.localdate()}, prefix="repeal"
        ),
        "expire": lambda: f.ExpireForm(
            initial={**initial, "ended_on": timezone.localdate()}, prefix="expire"
        ),
        "amend": lambda: f.AmendForm(
            initial={**initial, "ended_on": timezone.localdate()}, prefix="amend"
        ),
    }
    return [
        {"action": action, "form": bound.get(action) or builders[action]()}
        for action in offered
        if action in builders
    ]


def _texts(document, findings):
    out = []
    for field in ("title", "body", "title_en", "body_en"):
        text = getattr(document, field)
        if text:
            mine = [x for x in findings if x.field == field]
            out.append(
                {
                    "field": field,
                    "text": text,
                    "label": FIELD_LABELS[field],
                    "segments": privacy.segments(text, mine),
                }
            )
    return out


def _document_page(request, document, bound: dict | None = None, status: int = 200):
    offered = authority.allowed_actions(request.user, document)
    findings = selectors.findings(document)
    matter = ledger.row(document)
    context = {
        "document": document,
        "title": localized(document, "title"),
        "texts": _texts(document, findings),
        "findings": findings,
        "kinds": privacy.Kind,
        "matter": matter,
        "colour": selectors.due_colour(matter),
        "history": selectors.history(document),
        "can_edit": "edit" in offered,
        "action_forms": _action_forms(document, offered, findings, bound or {}),
        "drafter_reviewing": (
            document.status == DocumentStatus.REVIEW
            and document.created_by_id == request.user.pk
            and authority.REVIEWER in authority.roles_at(request.user, document.agency_id)
        ),
    }
    return render(request, "workbench/disclosure/document.html", context, status=status)


@require_http_methods(["GET"])
@official_required
def document(request, pk):
    return _document_page(request, _document_or_404(request, pk))


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _draft_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@require_http_methods(["GET", "POST"])
@official_required
def new_draft(request):
    if not authority.agencies_of(request.user, (authority.OFFICER,)):
        raise PermissionDenied(_("Only a disclosure officer drafts documents to disclose."))
    form = f.DraftForm(request.POST or None, initial={"formed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            created = publishing.create_draft(actor=request.user, **_draft_data(form))
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Draft saved; its Art. 26 clock is running."))
            return redirect("workbench:disclosure-document", created.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workbench/disclosure/draft.html", {"form": form, "document": None}, status=status
    )


@require_http_methods(["GET", "POST"])
@official_required
def edit_draft(request, pk):
    document = _document_or_404(request, pk)
    if "edit" not in authority.allowed_actions(request.user, document):
        raise PermissionDenied(_("This document cannot be edited now."))
    fields = list(f.DraftForm.base_fields)
    initial = {name: getattr(document, name) for name in fields}
    form = f.DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.update_draft(
                pk=document.pk,
                actor=request.user,
                version=form.cleaned_data["version"],
                **_draft_data(form),
            )
        except StaleDocument as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("workbench:disclosure-document", document.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "document": document}
    return render(request, "workbench/disclosure/draft.html", context, status=status)


FORMS = {
    "submit": f.VersionForm,
    "review": f.ReviewForm,
    "approve": f.NoteForm,
    "return": f.ReturnForm,
    "repeal": f.EndForm,
    "expire": f.ExpireForm,
    "amend": f.AmendForm,
}
DONE = {
    "submit": gettext_lazy("Sent to the confidentiality review."),
    "review": gettext_lazy("Review recorded."),
    "approve": gettext_lazy("Published with index number %(index)s."),
    "return": gettext_lazy("Returned to the drafter."),
    "repeal": gettext_lazy("Marked repealed; it stays published."),
    "expire": gettext_lazy("Marked expired; it stays published."),
    "amend": gettext_lazy("Marked amended and linked to its replacement."),
}


def _masks(values: list[str]) -> list[dict]:
    out = []
    for value in values:
        field, start, end, kind = value.split(":")
        out.append({"field": field, "start": start, "end": end, "kind": kind})
    return out


def _perform(action, request, document, data):
    common = {"pk": document.pk, "actor": request.user, "version": data["version"]}
    if action == "submit":
        return publishing.submit_for_review(**common)
    if action == "review":
        return publishing.review(
            **common,
            passed=data["decision"] == "pass",
            masks=_masks(data["masks"]),
            extra=data["extra"],
            note=data["note"],
        )
    if action == "approve":
        return publishing.approve_and_publish(**common, note=data["note"])
    if action == "return":
        return publishing.return_to_drafter(**common, note=data["note"])
    if action == "expire":
        return publishing.expire(**common, ended_on=data["ended_on"], note=data["note"])
    function = publishing.repeal if action == "repeal" else publishing.amend
    return function(
        **common, ended_on=data["ended_on"], replaced_by=data["replaced_by"], note=data["note"]
    )


@require_POST
@official_required
def act(request, pk, action):
    """One step of the workflow: its form, then its service; back to the document page."""
    document = _document_or_404(request, pk)
    if action == "review":
        choices = _finding_choices(selectors.findings(document))
        form = f.ReviewForm(request.POST, prefix=action, findings=choices)
    else:
        form = FORMS[action](request.POST, prefix=action)
    if not form.is_valid():
        return _document_page(request, document, {action: form}, status=400)
    try:
        result = _perform(action, request, document, form.cleaned_data)
    except StaleDocument as error:
        messages.error(request, str(error))
        return redirect("workbench:disclosure-document", document.pk)
    except ValidationError as error:
        _errors_onto(form, error)
        return _document_page(request, document, {action: form}, status=400)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not do this."))
        return redirect("workbench:disclosure-document", document.pk)
    messages.success(request, str(DONE[action]) % {"index": result.index_number or ""})
    return redirect("workbench:disclosure-document", document.pk)


ACTION_URLS = [(action, f"disclosure-{action}") for action in FORMS]
