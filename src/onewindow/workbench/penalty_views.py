"""Officials' pages for administrative penalty cases (行政处罚): my desk (the cases waiting
for me, the cases of my departments), a new lead, and a case's page with the step its stage
allows me (propose filing, approve it, collect evidence, tell the party, record a paper
statement, schedule and hold the hearing, legal review, decide, deliver, record payment,
publish). Each view parses its input, calls one selector or service of ``market`` and
redirects; who may do what is ``market.authority`` and the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department, User
from onewindow.market import authority, penalties, penalty_ledger, penalty_rules, serious_list
from onewindow.market import penalty_selectors as selectors
from onewindow.market import selectors as inspection_selectors
from onewindow.market.credit_models import ListingProposal
from onewindow.market.penalty_models import LeadSource, Measure, Stage
from onewindow.registry.models import LegalEntity
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class LeadForm(forms.Form):
    department = forms.TypedChoiceField(label=gettext_lazy("Department"), coerce=int)
    uscc = forms.CharField(
        label=gettext_lazy("Unified social credit code of the party"), max_length=18
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source of the lead"),
        choices=[
            (LeadSource.HOTLINE, LeadSource.HOTLINE.label),
            (LeadSource.REFERRAL, LeadSource.REFERRAL.label),
        ],
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(label=gettext_lazy("Ticket or referral number"), max_length=64)
    facts = forms.CharField(label=gettext_lazy("Facts"), max_length=4000, widget=TEXT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Department.objects.filter(pk__in=authority.investigating_for(user)).order_by("code")
        self.fields["department"].choices = [(d.pk, d.display_name) for d in mine]


class FilingForm(forms.Form):
    violation = forms.TypedChoiceField(label=gettext_lazy("Violation"), coerce=int)
    occurred_on = forms.DateField(label=gettext_lazy("Violation began on"), widget=DATE)
    ended_on = forms.DateField(
        label=gettext_lazy("Violation ended on"),
        widget=DATE,
        help_text=gettext_lazy("Still going on: the day it was discovered."),
    )
    discovered_on = forms.DateField(label=gettext_lazy("Discovered on"), widget=DATE)
    officers = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Investigating with me"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("At least two enforcement officers investigate (Art. 42)."),
    )

    def __init__(self, *args, case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation"].choices = [
            (v.pk, f"{v.code} {v.display_name}") for v in selectors.violations_for(case)
        ]
        others = (
            User.objects.filter(
                role_assignments__department=case.department,
                role_assignments__role__in=authority.INSPECT_ROLES,
            )
            .exclude(pk=user.pk)
            .distinct()
            .order_by("username")
        )
        self.fields["officers"].choices = [(u.pk, u.display_name) for u in others]


class ApprovalForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=gettext_lazy("Filing"),
        coerce=lambda v: v == "yes",
        choices=[
            ("yes", gettext_lazy("Approve the filing")),
            ("no", gettext_lazy("Do not file")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=1000, required=False)


class DropForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why no case is proposed"), max_length=1000, widget=TEXT
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Evidence"), max_length=200)
    file = forms.FileField(label=gettext_lazy("File"), required=False)


MEASURES = [(m.value, m.label) for m in Measure]


class NoticeForm(forms.Form):
    band = forms.TypedChoiceField(
        label=gettext_lazy("Band of the discretion benchmark"), coerce=int, widget=forms.RadioSelect
    )
    fine = forms.DecimalField(
        label=gettext_lazy("Fine (yuan)"), min_value=0, decimal_places=2, required=False
    )
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Other penalties"),
        choices=MEASURES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds = forms.CharField(label=gettext_lazy("Why this band"), max_length=2000, widget=TEXT)
    complex = forms.BooleanField(
        label=gettext_lazy("Complex or major case: legal review and collective decision"),
        required=False,
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        bands = case.violation.bands.all() if case.violation else []
        self.fields["band"].choices = [
            (
                b.pk,
                f"{b.get_level_display()}: {b.display_circumstances} "
                f"({b.fine_min:,.0f}–{b.fine_max:,.0f})",
            )
            for b in bands
        ]


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("The party's statement and defence (given on paper)"),
        max_length=4000,
        required=False,
        widget=TEXT,
    )
    hearing = forms.BooleanField(label=gettext_lazy("The party asks for a hearing"), required=False)


class HearingForm(forms.Form):
    hearing_on = forms.DateField(label=gettext_lazy("Hearing on"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    host = forms.TypedChoiceField(
        label=gettext_lazy("Hearing officer"),
        coerce=int,
        help_text=gettext_lazy("An official who did not investigate the case (Art. 64)."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        hosts = (
            User.objects.filter(role_assignments__department=case.department)
            .exclude(pk__in=case.officers.values("pk"))
            .distinct()
            .order_by("username")
        )
        self.fields["host"].choices = [(u.pk, u.display_name) for u in hosts]
        earliest = penalty_rules.earliest_hearing(timezone.localdate()).date
        self.fields["hearing_on"].help_text = _(
            "The party is told 7 working days ahead: %(day)s or later."
        ) % {"day": earliest.isoformat()}


class HearingRecordForm(forms.Form):
    record = forms.CharField(label=gettext_lazy("Hearing record"), max_length=4000, widget=TEXT)


class ReviewForm(forms.Form):
    opinion = forms.CharField(
        label=gettext_lazy("Legal review opinion"), max_length=4000, widget=TEXT
    )


class DecisionForm(forms.Form):
    fine = forms.DecimalField(
        label=gettext_lazy("Fine (yuan)"), min_value=0, decimal_places=2, required=False
    )
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Other penalties"),
        choices=MEASURES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=gettext_lazy("Minutes of the collective discussion"),
        max_length=4000,
        required=False,
        widget=TEXT,
        help_text=gettext_lazy("Required for a major case (Art. 57)."),
    )


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=gettext_lazy("Delivered on"), widget=DATE)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DATE)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Why the decision was revoked"), max_length=1000)


class SeriousListForm(forms.Form):
    grounds = forms.CharField(
        label=gettext_lazy("Why the violation is serious"),
        max_length=serious_list.MAX_GROUNDS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Weigh the intent, how often and how long, the means and the harm done. The "
            "enterprise stays on the list for three years and may apply for credit repair after "
            "one."
        ),
    )


@dataclass(frozen=True)
class Step:
    """One step of the case page: its heading and button, its form (None: a button alone), what
    the form needs besides the POST (``case``, and ``user`` for the officers' choice), the
    service it calls and what the official is told after (a message, or one made from the
    form's data)."""

    title: str
    button: str
    form: type[forms.Form] | None
    act: Callable
    done: str | Callable[[dict], str]
    needs: tuple[str, ...] = ()


# each step of the flow, in its order on the page
STEPS = {
    "propose_filing": Step(
        gettext_lazy("Propose filing"),
        gettext_lazy("Propose filing"),
        FilingForm,
        lambda case, user, data: penalties.propose_filing(case, actor=user, data=data),
        gettext_lazy("Filing is proposed to the head."),
        needs=("case", "user"),
    ),
    "drop": Step(
        gettext_lazy("No case"),
        gettext_lazy("Close the lead"),
        DropForm,
        lambda case, user, data: penalties.drop_lead(case, actor=user, reason=data["reason"]),
        gettext_lazy("No case is proposed; the lead is closed."),
    ),
    "approve_filing": Step(
        gettext_lazy("Approve the filing"),
        gettext_lazy("Record the approval"),
        ApprovalForm,
        lambda case, user, data: penalties.approve_filing(
            case, actor=user, approved=data["approved"], note=data["note"]
        ),
        lambda data: _("The case is filed.") if data["approved"] else _("The case is not filed."),
    ),
    "evidence": Step(
        gettext_lazy("Add evidence"),
        gettext_lazy("Add the evidence"),
        EvidenceForm,
        lambda case, user, data: penalties.add_evidence(
            case, actor=user, title=data["title"], upload=data["file"]
        ),
        gettext_lazy("The evidence is on file."),
    ),
    "notify": Step(
        gettext_lazy("Tell the party: prior notice"),
        gettext_lazy("Issue the notice"),
        NoticeForm,
        lambda case, user, data: penalties.notify(case, actor=user, data=data),
        gettext_lazy("The prior notice is issued and sent to the party."),
        needs=("case",),
    ),
    "respond": Step(
        gettext_lazy("The party's answer on paper"),
        gettext_lazy("Record the answer"),
        StatementForm,
        lambda case, user, data: penalties.respond(
            case, actor=user, statement=data["statement"], hearing=data["hearing"]
        ),
        gettext_lazy("The party's answer is on file."),
    ),
    "proceed": Step(
        gettext_lazy("No answer in time"),
        gettext_lazy("Go on without an answer"),
        None,
        lambda case, user, data: penalties.proceed(case, actor=user),
        gettext_lazy("The party did not answer in time; the case goes on."),
    ),
    "schedule_hearing": Step(
        gettext_lazy("Schedule the hearing"),
        gettext_lazy("Issue the notice"),
        HearingForm,
        lambda case, user, data: penalties.schedule_hearing(case, actor=user, data=data),
        gettext_lazy("The hearing notice is issued and sent to the party."),
        needs=("case",),
    ),
    "record_hearing": Step(
        gettext_lazy("Hold the hearing"),
        gettext_lazy("Record the hearing"),
        HearingRecordForm,
        lambda case, user, data: penalties.record_hearing(case, actor=user, record=data["record"]),
        gettext_lazy("The hearing is on file; the case goes to legal review."),
    ),
    "review": Step(
        gettext_lazy("Legal review"),
        gettext_lazy("Record the review"),
        ReviewForm,
        lambda case, user, data: penalties.review(case, actor=user, opinion=data["opinion"]),
        gettext_lazy("The legal review is on file."),
    ),
    "decide": Step(
        gettext_lazy("Decide"),
        gettext_lazy("Issue the decision"),
        DecisionForm,
        lambda case, user, data: penalties.decide(case, actor=user, data=data),
        gettext_lazy("The decision is issued and sent to the party."),
    ),
    "deliver": Step(
        gettext_lazy("Delivery"),
        gettext_lazy("Record the delivery"),
        DeliveryForm,
        lambda case, user, data: penalties.deliver(
            case, actor=user, delivered_on=data["delivered_on"]
        ),
        gettext_lazy("The delivery is on file."),
    ),
    "payment": Step(
        gettext_lazy("Payment"),
        gettext_lazy("Record the payment"),
        PaymentForm,
        lambda case, user, data: penalties.record_payment(
            case, actor=user, paid_on=data["paid_on"]
        ),
        gettext_lazy("The payment is on file and the case is closed."),
    ),
    "publish": Step(
        gettext_lazy("Publication"),
        gettext_lazy("Publish, personal data masked"),
        None,
        lambda case, user, data: penalties.publish(case, actor=user),
        gettext_lazy("The decision is published, personal data masked."),
    ),
    "withdraw": Step(
        gettext_lazy("Revoked decision"),
        gettext_lazy("Withdraw the publication"),
        WithdrawForm,
        lambda case, user, data: penalties.withdraw_revoked(case, actor=user, note=data["note"]),
        gettext_lazy("The publication is withdrawn."),
    ),
    "list_serious": Step(
        gettext_lazy("Serious-dishonesty list"),
        gettext_lazy("Put on the serious-dishonesty list"),
        SeriousListForm,
        lambda case, user, data: _list_serious(case, user, data["grounds"]),
        gettext_lazy("The enterprise is on the serious-dishonesty list for three years."),
    ),
}


def _list_serious(case, user, grounds: str) -> str | None:
    """The listing, or what is said of it when it went to the level above for consent."""
    done = serious_list.list_serious(case, actor=user, grounds=grounds)
    if isinstance(done, ListingProposal):
        return _(
            "Sent to %(department)s for its consent: the enterprise is listed when it agrees."
        ) % {"department": done.consenting.display_name}
    return None


def _form(name, case, user, *args, **kwargs):
    step = STEPS[name]
    for need in step.needs:
        kwargs[need] = {"case": case, "user": user}[need]
    return step.form(*args, **kwargs)


def _initial(step: str, case) -> dict:
    today = timezone.localdate()
    return {
        "propose_filing": {"discovered_on": today},
        "deliver": {"delivered_on": today},
        "payment": {"paid_on": today},
        "decide": {"fine": case.proposed_fine, "measures": case.proposed_measures},
    }.get(step, {})


@require_safe
@official_required
def desk(request):
    if not authority.penalty_departments(request.user):
        raise PermissionDenied(_("Penalty cases are for departments with a discretion benchmark."))
    waiting = list(selectors.waiting_for(request.user).order_by("-opened_at")[:100])
    cases = list(selectors.cases_for(request.user).order_by("-opened_at")[:100])
    matters = penalty_ledger.matters(waiting + cases)
    for case in waiting + cases:
        case.matter = matters.get(case.number)
    return render(
        request,
        "workbench/market/penalties.html",
        {
            "waiting": waiting,
            "cases": cases,
            "may_open": bool(authority.investigating_for(request.user)),
            "may_repair": bool(authority.repairing_for(request.user)),
        },
    )


def _lead_page(request, form, status=200):
    return render(request, "workbench/market/penalty_new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@official_required
def new(request):
    if not authority.investigating_for(request.user):
        raise PermissionDenied(_("Leads are recorded by enforcement officers."))
    if request.method == "GET":
        return _lead_page(request, LeadForm(user=request.user))
    form = LeadForm(request.POST, user=request.user)
    if not form.is_valid():
        return _lead_page(request, form, status=400)
    data = form.cleaned_data
    entity = LegalEntity.objects.filter(uscc=data["uscc"].strip().upper()).first()
    if entity is None:
        form.add_error("uscc", _("No enterprise on the registry has this code."))
        return _lead_page(request, form, status=400)
    try:
        case = penalties.open_lead(
            actor=request.user,
            department=data["department"],
            entity=entity,
            facts=data["facts"],
            source=data["source"],
            reference=data["reference"],
        )
    except ValidationError as error:
        put_errors(form, error)
        return _lead_page(request, form, status=400)
    return redirect("workbench:market-penalty", case.pk)


@require_POST
@official_required
def from_finding(request, pk):
    """Open a case from a finding of a problem to be dealt with (the inspection page's button)."""
    finding = inspection_selectors.finding_for(request.user, pk)

    def act(_data):
        case = penalties.open_from_finding(finding, actor=request.user)
        return redirect("workbench:market-penalty", case.pk)

    back = reverse("workbench:market-inspection", args=[finding.inspection_id])
    return take_step(request, None, act, page=None, back=back)


def _page(request, case, *, status=200, bad=None, bad_step=""):
    steps = selectors.steps_for(request.user, case)
    actions = []
    for name, step in STEPS.items():
        if name not in steps:
            continue
        form = None
        if step.form is not None:
            form = (
                bad
                if name == bad_step and bad is not None
                else _form(name, case, request.user, initial=_initial(name, case))
            )
        actions.append({"step": name, "title": step.title, "button": step.button, "form": form})
    today = timezone.localdate()
    fine, charge = penalties.amount_due(case, today)
    context = {
        "case": case,
        "actions": actions,
        "documents": list(selectors.documents(case)),
        "evidence": list(case.evidence.all()),
        "officers": list(case.officers.all()),
        "matters": penalty_ledger.rows(case),
        "publication": getattr(case, "publication", None),
        "serious_entry": serious_list.entry_for(case),
        "listing_proposal": serious_list.latest_proposal(case),
        "ticket": selectors.hotline_ticket(request.user, case),
        "hearing_allowed": case.notified_on is not None and penalties.hearing_allowed(case),
        "fine_due": fine,
        "late_charge": charge,
        "Stage": Stage,
    }
    return render(request, "workbench/market/penalty.html", context, status=status)


@require_safe
@official_required
def case(request, pk):
    return _page(request, selectors.case_for(request.user, pk))


@require_POST
@official_required
def step(request, pk, name):
    found = selectors.case_for(request.user, pk)
    chosen = STEPS.get(name)
    if chosen is None:
        raise Http404
    form = None
    if chosen.form is not None:
        form = _form(name, found, request.user, request.POST, request.FILES)

    def act(data):
        said = chosen.act(found, request.user, data)
        if isinstance(said, str):  # what the service's outcome says
            return said
        return chosen.done(data) if callable(chosen.done) else str(chosen.done)

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _page(request, found, status=400, bad=bad, bad_step=name),
        back=reverse("workbench:market-penalty", args=[pk]),
    )


@require_safe
@official_required
def document(request, pk):
    found = selectors.document_for(request.user, pk)
    return FileResponse(
        found.pdf.open("rb"),
        as_attachment=True,
        filename=f"{found.number}.pdf",
        content_type="application/pdf",
    )


@require_safe
@official_required
def evidence(request, pk, evidence_pk):
    found = selectors.case_for(request.user, pk)
    item = found.evidence.filter(pk=evidence_pk).exclude(file="").first()
    if item is None:
        raise Http404
    return FileResponse(item.file.open("rb"), filename=item.file.name.rsplit("/", 1)[-1])
