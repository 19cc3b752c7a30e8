"""Officials' pages for incoming 公文 (收文) and instructions (督办): the list of what came in
with each instruction's due date from the ledger, the register-by-hand form, one incoming
document's page with the one form of the step the user may take now (初审, 承办 with the
批示, 传阅, 答复 or 办结), and the instruction's page with its progress reports. Each view
parses its input, calls one selector or service of ``office`` and redirects; who may do what
is decided in ``office.incoming``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department, RoleAssignment
from onewindow.office import authority, incoming, instructions_ledger
from onewindow.office import incoming_selectors as selectors
from onewindow.office.incoming_models import DEFAULT_INSTRUCTION_DAYS, IncomingDocument
from onewindow.office.models import DocumentKind
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step


class RegisterForm(forms.Form):
    sender = forms.CharField(label=gettext_lazy("Sender"), max_length=200)
    sender_number = forms.CharField(
        label=gettext_lazy("Sender's document number"), max_length=40, required=False
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=DocumentKind.choices)
    received_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    pdf = forms.FileField(
        label=gettext_lazy("The document (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class CheckForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("Check (初审)"),
        choices=[
            ("1", gettext_lazy("In our remit and in due form")),
            ("0", gettext_lazy("Return to the sender")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for returning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    handling_department = forms.ChoiceField(label=gettext_lazy("Handling department (承办)"))
    instruction = forms.CharField(
        label=gettext_lazy("Instruction (批示)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    limit = forms.IntegerField(
        label=gettext_lazy("Due in working days"),
        initial=DEFAULT_INSTRUCTION_DAYS,
        min_value=1,
        max_value=incoming.MAX_LIMIT,
    )
    readers = forms.MultipleChoiceField(
        label=gettext_lazy("To be read by (传阅)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, document: IncomingDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_department"].choices = [
            (d.code, d.display_name) for d in Department.objects.order_by("code")
        ]
        self.fields["handling_department"].initial = document.department.code
        staff = (
            RoleAssignment.objects.filter(department=document.department)
            .select_related("user")
            .order_by("user__username")
        )
        self.fields["readers"].choices = list(
            dict.fromkeys((a.user_id, a.user.display_name) for a in staff)
        )


class FileForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How it was done (办结)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What has been done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=gettext_lazy("Attached file"), required=False)


def _colours(instructions) -> dict[int, str]:
    """The ledger's card colour of each instruction, by id ("" when none)."""
    return {pk: matter.card for pk, matter in instructions_ledger.matters(instructions).items()}


def _clerk_department(user) -> Department | None:
    return (
        Department.objects.filter(pk__in=authority.departments_with(user, incoming.CLERK_ROLES))
        .order_by("code")
        .first()
    )


@require_safe
@official_required
def incoming_list(request):
    """What came in to my departments, or was assigned to them, with the instructions' due
    dates and colours from the ledger."""
    documents = list(selectors.incoming_for(request.user)[:100])
    instructions = selectors.open_instructions(documents)
    colours = _colours(instructions.values())
    rows = []
    for document in documents:
        instruction = instructions.get(document.pk)
        colour = colours.get(instruction.pk, "") if instruction else ""
        if instruction and instruction.completed_at:
            colour = ""
        rows.append({"document": document, "instruction": instruction, "colour": colour})
    others = list(selectors.instructions_without_document(request.user)[:100])
    other_colours = _colours(others)
    return render(
        request,
        "workbench/office/incoming/list.html",
        {
            "rows": rows,
            "may_register": _clerk_department(request.user) is not None,
            "instructions": [
                {"instruction": i, "colour": other_colours.get(i.pk, "")} for i in others
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@official_required
def incoming_new(request):
    department = _clerk_department(request.user)
    if department is None:
        raise PermissionDenied
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        pdf = data.pop("pdf", None)
        try:
            made = incoming.register(department, data, actor=request.user, pdf=pdf)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Registered as %(number)s.") % {"number": made.number})
            return redirect("workbench:office-incoming-document", made.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workbench/office/incoming/new.html",
        {"form": form, "department": department, "today": timezone.localdate()},
        status=status,
    )


def _page(request, document: IncomingDocument, *, status: int = 200, **forms_):
    actions = incoming.actions_for(request.user, document)
    instructions = list(document.instructions.select_related("department", "assigned_by"))
    colours = _colours(instructions)
    context = {
        "document": document,
        "actions": actions,
        "instructions": [
            {"instruction": i, "colour": "" if i.completed_at else colours.get(i.pk, "")}
            for i in instructions
        ],
        "readings": document.readings.select_related("reader"),
        "check_form": forms_.get("check_form") or CheckForm(),
        "file_form": forms_.get("file_form") or FileForm(),
    }
    if "assign" in actions:
        context["assign_form"] = forms_.get("assign_form") or AssignForm(document=document)
    return render(request, "workbench/office/incoming/document.html", context, status=status)


@require_safe
@official_required
def incoming_document(request, pk):
    return _page(request, selectors.document_for(request.user, pk))


@require_POST
@official_required
def incoming_step(request, pk, step):
    """One step: check, assign, read, answer or file."""
    found = selectors.document_for(request.user, pk)
    forms_by_step = {
        "check": ("check_form", CheckForm(request.POST)),
        "assign": ("assign_form", AssignForm(request.POST, document=found)),
        "file": ("file_form", FileForm(request.POST)),
    }
    if step not in (*forms_by_step, "read", "answer"):
        raise Http404
    name, form = forms_by_step.get(step, ("", None))

    def act(data):
        if step == "check":
            incoming.check(found, actor=request.user, **data)
            return _("The check is recorded.")
        if step == "assign":
            handling = Department.objects.get(code=data["handling_department"])
            incoming.assign(
                found,
                actor=request.user,
                handling_department=handling,
                instruction=data["instruction"],
                readers=data["readers"],
                limit=data["limit"],
            )
            return _("Assigned; the instruction is tracked.")
        if step == "read":
            incoming.mark_read(found, actor=request.user)
            return _("Marked read.")
        if step == "answer":
            reply = incoming.answer(found, actor=request.user)
            messages.success(request, _("The answer is drafted; complete it and send it on."))
            return redirect("workbench:office-document", reply.pk)
        incoming.file(found, actor=request.user, note=data["note"])
        return _("Done and filed.")

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, found, status=400, **{name: bad}),
        back=reverse("workbench:office-incoming-document", args=[pk]),
    )


@require_safe
@official_required
def incoming_pdf(request, pk):
    """The PDF of a document registered by hand."""
    found = selectors.document_for(request.user, pk)
    if not found.pdf:
        raise Http404
    return FileResponse(found.pdf.open("rb"), filename=f"{found.number}.pdf")


def _instruction_page(request, instruction, *, status: int = 200, report_form=None):
    colour = "" if instruction.completed_at else _colours([instruction]).get(instruction.pk, "")
    may_act = instruction.completed_at is None and incoming.may_handle(
        request.user, instruction.department_id
    )
    return render(
        request,
        "workbench/office/incoming/instruction.html",
        {
            "instruction": instruction,
            "colour": colour,
            "reports": instruction.reports.select_related("author"),
            "may_act": may_act,
            "report_form": report_form or ReportForm(),
        },
        status=status,
    )


@require_safe
@official_required
def instruction(request, pk):
    return _instruction_page(request, selectors.instruction_for(request.user, pk))


@require_POST
@official_required
def instruction_report(request, pk):
    found = selectors.instruction_for(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            incoming.report_progress(
                found,
                actor=request.user,
                text=form.cleaned_data["text"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("workbench:office-instruction", pk)
    return _instruction_page(request, found, status=400, report_form=form)


@require_POST
@official_required
def instruction_complete(request, pk):
    found = selectors.instruction_for(request.user, pk)
    incoming.complete(found, actor=request.user)
    messages.success(request, _("The instruction is done."))
    return redirect("workbench:office-instruction", pk)


@require_safe
@official_required
def instruction_file(request, pk, report_pk):
    """The file of a progress report, for those who may see the instruction."""
    found = selectors.instruction_for(request.user, pk)
    report = found.reports.filter(pk=report_pk).exclude(file="").first()
    if report is None:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True)
