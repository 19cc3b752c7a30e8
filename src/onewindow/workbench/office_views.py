"""Officials' pages for 公文: what waits for my step, the department's documents and what other
agencies sent to it; a document's page with its text, versions, opinions and the one form of
the step the user may take now (edit and submit, review, countersign, sign off, number and
seal, send, sign for, chase). Each view parses its input, calls one selector or service of
``office`` and redirects; who may do what is ``office.authority``.
"""

from __future__ import annotations

import difflib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department, Role
from onewindow.office import authority, meeting_selectors
from onewindow.office import selectors as office_selectors
from onewindow.office import services as office
from onewindow.office.models import (
    Classification,
    Dispatch,
    DocumentKind,
    OutgoingDocument,
    Urgency,
)
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import flash_errors, put_errors


def _departments():
    return Department.objects.order_by("code")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        help_text=gettext_lazy("The issuing agency, the matter and the kind: 关于……的通知."),
    )
    main_recipients = forms.CharField(label=gettext_lazy("Main recipients"), max_length=500)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    attachments_note = forms.CharField(
        label=gettext_lazy("Attachments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("One attachment a line, numbered: 1. …"),
    )
    copy_to = forms.CharField(label=gettext_lazy("Copy to"), max_length=500, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)
    classification = forms.ChoiceField(
        label=gettext_lazy("Classification"),
        choices=Classification.choices,
        help_text=gettext_lazy(
            "Classified documents (秘密 and above) are not handled on this platform."
        ),
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("Urgency"), choices=Urgency.choices, required=False
    )
    countersigners = forms.MultipleChoiceField(
        label=gettext_lazy("Departments that countersign"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countersigners"].choices = [
            (d.code, d.display_name) for d in _departments().exclude(pk=exclude)
        ]


class OpinionForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label=gettext_lazy("Your word"),
        choices=[("1", gettext_lazy("Agree")), ("0", gettext_lazy("Return with comments"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SendForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label=gettext_lazy("Receiving agencies"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [
            (d.code, d.display_name)
            for d in _departments().filter(document_agency__isnull=False).exclude(pk=exclude)
        ]


@require_safe
@official_required
def desk(request):
    """What waits for my step, what other agencies sent, the department's documents."""
    if not request.desk.office:
        raise PermissionDenied
    drafting = authority.departments_with(request.user, (Role.DOCUMENT_DRAFTER,))
    return render(
        request,
        "workbench/office/desk.html",
        {
            "waiting": office_selectors.waiting_for(request.user),
            "received": list(office_selectors.received(request.user)[:50]),
            "documents": list(office_selectors.documents_of(request.user)[:50]),
            "may_draft": bool(drafting),
            "meetings_today": list(meeting_selectors.today(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
@official_required
def new(request):
    drafting = list(
        Department.objects.filter(
            pk__in=authority.departments_with(request.user, (Role.DOCUMENT_DRAFTER,))
        )
    )
    if not drafting:
        raise PermissionDenied
    department = drafting[0]
    form = DocumentForm(request.POST or None, exclude=department.pk)
    if request.method == "POST" and form.is_valid():
        try:
            made = office.create_draft(department, form.cleaned_data, actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("workbench:office-document", made.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workbench/office/new.html",
        {"form": form, "department": department},
        status=status,
    )


def _versions(document: OutgoingDocument) -> list[dict]:
    """Each version with its changes against the one before, line by line."""
    out, before = [], None
    for version in document.versions.select_related("author"):
        lines = []
        if before is not None:
            for name, value in version.content.items():
                old = before.content.get(name, "")
                if old != value:
                    lines.extend(
                        difflib.unified_diff(
                            old.splitlines(), value.splitlines(), name, name, lineterm="", n=1
                        )
                    )
        out.append({"version": version, "diff": "\n".join(lines)})
        before = version
    return out[::-1]


def _page(request, document: OutgoingDocument, *, status: int = 200, **forms_):
    actions = authority.actions_for(request.user, document)
    countersign_for = list(
        Department.objects.filter(
            pk__in=authority.countersign_departments(request.user, document),
            code__in=office_selectors.pending_countersigners(document),
        )
    )
    context = {
        "document": document,
        "actions": actions,
        "decide_step": next((s for s in ("review", "sign_off") if s in actions), None),
        "countersign_for": countersign_for,
        "pending_countersigners": office_selectors.pending_countersigners(document),
        "opinions": document.opinions.select_related("department", "author"),
        "versions": _versions(document),
        "dispatches": document.dispatches.select_related("recipient", "signed_for_by"),
        "countersigners": document.countersigners.order_by("code"),
        "opinion_form": forms_.get("opinion_form") or OpinionForm(),
        "clerk_departments": authority.departments_with(request.user, (Role.DOCUMENT_CLERK,)),
    }
    if "edit" in actions:
        context["edit_form"] = forms_.get("edit_form") or DocumentForm(
            initial={
                **{name: getattr(document, name) for name in office.TEXT_FIELDS},
                "kind": document.kind,
                "classification": document.classification,
                "urgency": document.urgency,
                "countersigners": [d.code for d in document.countersigners.all()],
            },
            exclude=document.department_id,
        )
    if "send" in actions:
        context["send_form"] = forms_.get("send_form") or SendForm(exclude=document.department_id)
    return render(request, "workbench/office/document.html", context, status=status)


@require_safe
@official_required
def document(request, pk):
    return _page(request, office_selectors.document_for(request.user, pk))


@require_POST
@official_required
def edit(request, pk):
    found = office_selectors.document_for(request.user, pk)
    form = DocumentForm(request.POST, exclude=found.department_id)
    if form.is_valid():
        try:
            office.edit(found, form.cleaned_data, actor=request.user)
            if "submit" in request.POST:
                office.submit(found, actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            done = _("Sent for review.") if "submit" in request.POST else _("Draft saved.")
            messages.success(request, done)
            return redirect("workbench:office-document", pk)
    return _page(request, found, status=400, edit_form=form)


# step -> (service, success message)
STEPS = {
    "review": (office.review, gettext_lazy("Your review is recorded.")),
    "sign_off": (office.sign_off, gettext_lazy("Your sign-off is recorded.")),
}


@require_POST
@official_required
def decide(request, pk, step):
    """Review, countersign (for one department) or sign off: agree, or return with comments."""
    found = office_selectors.document_for(request.user, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return _page(request, found, status=400, opinion_form=form)
    data = form.cleaned_data
    try:
        if step == "countersign":
            department = Department.objects.filter(code=request.POST.get("department")).first()
            if department is None:
                raise Http404
            office.countersign(found, department, actor=request.user, **data)
            done = _("Your countersignature is recorded.")
        elif step in STEPS:
            service, done = STEPS[step]
            service(found, actor=request.user, **data)
        else:
            raise Http404
    except ValidationError as error:
        put_errors(form, error)
        return _page(request, found, status=400, opinion_form=form)
    messages.success(request, done)
    return redirect("workbench:office-document", pk)


@require_POST
@official_required
def issue(request, pk):
    found = office_selectors.document_for(request.user, pk)
    try:
        issued = office.issue(found, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Numbered %(number)s and sealed.") % {"number": issued.number})
    return redirect("workbench:office-document", pk)


@require_POST
@official_required
def send(request, pk):
    found = office_selectors.document_for(request.user, pk)
    form = SendForm(request.POST, exclude=found.department_id)
    if form.is_valid():
        try:
            made = office.send(found, form.cleaned_data["recipients"], actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Sent to %(n)d agencies.") % {"n": len(made)})
            return redirect("workbench:office-document", pk)
    return _page(request, found, status=400, send_form=form)


def _dispatch(pk: int, dispatch_pk: int) -> Dispatch:
    found = Dispatch.objects.filter(pk=dispatch_pk, document_id=pk).first()
    if found is None:
        raise Http404
    return found


def _on_dispatch(request, pk: int, dispatch_pk: int, service, done: str):
    """签收 or 催办 of one dispatch of a document the user may read."""
    office_selectors.document_for(request.user, pk)
    try:
        service(_dispatch(pk, dispatch_pk), actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("workbench:office-document", pk)


@require_POST
@official_required
def sign_for(request, pk, dispatch_pk):
    return _on_dispatch(request, pk, dispatch_pk, office.sign_for, _("Signed for."))


@require_POST
@official_required
def chase(request, pk, dispatch_pk):
    done = _("The receiving agency is asked again.")
    return _on_dispatch(request, pk, dispatch_pk, office.chase, done)


@require_safe
@official_required
def download(request, pk, kind):
    """The issued document as PDF or OFD."""
    found = office_selectors.document_for(request.user, pk)
    stored = {"pdf": found.pdf, "ofd": found.ofd}.get(kind)
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=kind == "ofd",
        filename=f"{found.number}.{kind}",
        content_type="application/pdf" if kind == "pdf" else "application/ofd",
    )
