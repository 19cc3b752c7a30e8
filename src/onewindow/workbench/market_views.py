"""Officials' pages for random inspections (双随机一公开): the visits drawn for me and the
plans of my departments; the form that makes a plan; a plan's page (commit the seed, draw,
the drawn visits with their publication deadlines, publish); a visit's shared record (each
department's finding, photos, the party's signature or refusal). Each view parses its input,
calls one selector or service of ``market`` and redirects; who may do what is
``market.authority`` and the services."""

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

from onewindow.accounts.models import Department
from onewindow.catalog.models import CertificateType
from onewindow.core.models import Division
from onewindow.market import (
    authority,
    industries,
    inspection_ledger,
    inspections,
    rectification,
    selectors,
)
from onewindow.market.models import (
    PUBLISH_WITHIN,
    InspectionStatus,
    PlanStatus,
    Result,
    RiskGrade,
)
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import put_errors, take_step

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    department = forms.TypedChoiceField(label=gettext_lazy("Lead department"), coerce=int)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=200, required=False)
    district = forms.ChoiceField(label=gettext_lazy("District"))
    industries = forms.MultipleChoiceField(
        label=gettext_lazy("Industries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: every industry."),
    )
    licence_type = forms.ChoiceField(
        label=gettext_lazy("Only holders of a licence"), required=False
    )
    risk_grades = forms.MultipleChoiceField(
        label=gettext_lazy("Credit risk grades"),
        required=False,
        choices=RiskGrade.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: every grade."),
    )
    weighted = forms.BooleanField(
        label=gettext_lazy("Draw higher credit risk more often"), required=False, initial=True
    )
    ratio = forms.DecimalField(
        label=gettext_lazy("Sample ratio (%)"), min_value=0.01, max_value=100, decimal_places=2
    )
    starts_on = forms.DateField(label=gettext_lazy("Inspections from"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Inspections until"), widget=DATE)
    publish_within = forms.IntegerField(
        label=gettext_lazy("Results public within (working days)"),
        min_value=1,
        max_value=60,
        initial=PUBLISH_WITHIN,
    )
    items = forms.MultipleChoiceField(
        label=gettext_lazy("Inspection items"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "One item per department; several departments make a joint inspection, one visit "
            "for all."
        ),
    )
    inspectors = forms.IntegerField(
        label=gettext_lazy("Inspectors of each department per visit"),
        min_value=2,
        max_value=5,
        initial=2,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = Department.objects.filter(pk__in=authority.plans_for(user)).order_by("code")
        self.fields["department"].choices = [(d.pk, d.display_name) for d in mine]
        self.fields["district"].choices = [
            (d.code, d.display_name)
            for d in Division.objects.filter(
                level=Division.Level.COUNTY, code__startswith="4401"
            ).order_by("code")
        ]
        self.fields["industries"].choices = industries.choices()
        self.fields["licence_type"].choices = [("", _("Any"))] + [
            (t.code, t.display_name) for t in CertificateType.objects.order_by("code")
        ]
        self.fields["items"].choices = [
            (str(item.pk), f"{item.department.display_name} · {item.display_name}")
            for item in selectors.items_for(user).order_by("department__code", "code")
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        count = data.pop("inspectors")
        data["parts"] = [{"item": pk, "inspectors": count} for pk in data.pop("items")]
        return data


class FindingForm(forms.Form):
    department = forms.TypedChoiceField(label=gettext_lazy("For"), coerce=int)
    result = forms.ChoiceField(
        label=gettext_lazy("Result"), choices=Result.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=gettext_lazy("What was found"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visited_on = forms.DateField(label=gettext_lazy("Visited on"), widget=DATE)
    rectify_by = forms.DateField(
        label=gettext_lazy("Ordered to rectify by (a problem to be dealt with)"),
        required=False,
        widget=DATE,
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d.pk, d.display_name) for d in departments]
        if len(departments) == 1:
            self.fields["department"].widget = forms.HiddenInput()


class ReviewForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("What the review visit found (复查)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PhotoForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    photo = forms.FileField(
        label=gettext_lazy("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )


class CloseForm(forms.Form):
    signed_by = forms.CharField(
        label=gettext_lazy("Signed for the party by"), max_length=64, required=False
    )
    signature = forms.FileField(
        label=gettext_lazy("The party's signature (photo of the signed record)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    refused = forms.BooleanField(label=gettext_lazy("The party refused to sign"), required=False)
    refusal_note = forms.CharField(
        label=gettext_lazy("Refusal: who refused, who witnessed it"),
        max_length=300,
        required=False,
    )


@require_safe
@official_required
def home(request):
    """The visits drawn for me, and the plans of my departments."""
    if not authority.market_departments(request.user):
        raise PermissionDenied(_("Random inspections are for inspecting departments."))
    visits = list(selectors.visits_of(request.user)[:100])
    return render(
        request,
        "workbench/market/home.html",
        {
            "visits": visits,
            "plans": list(selectors.plans_for(request.user)[:100]),
            "may_plan": bool(authority.plans_for(request.user)),
        },
    )


def _plan_form_page(request, form, status=200):
    return render(request, "workbench/market/plan_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@official_required
def plan_new(request):
    if not authority.plans_for(request.user):
        raise PermissionDenied(
            _("Only the head of a department with an inspection-item list makes plans.")
        )
    if request.method == "GET":
        today = timezone.localdate()
        return _plan_form_page(
            request,
            PlanForm(user=request.user, initial={"starts_on": today, "district": "440106"}),
        )
    form = PlanForm(request.POST, user=request.user)
    if not form.is_valid():
        return _plan_form_page(request, form, status=400)
    try:
        plan = inspections.create_plan(actor=request.user, data=form.service_data())
    except ValidationError as error:
        if hasattr(error, "error_dict") and "parts" in error.error_dict:
            error.error_dict["items"] = error.error_dict.pop("parts")
        put_errors(form, error)
        return _plan_form_page(request, form, status=400)
    messages.success(request, _("The plan is made. Commit its seed when the lists are right."))
    return redirect("workbench:market-plan", plan.pk)


@require_safe
@official_required
def plan(request, pk):
    found = selectors.plan_for(request.user, pk)
    visits = list(selectors.inspections_for(request.user).filter(plan=found).order_by("rank"))
    matters = inspection_ledger.matters(v for v in visits if v.recorded_at)
    for visit in visits:
        visit.matter = matters.get(visit.pk)
        visit.teams = _teams(visit)
    return render(
        request,
        "workbench/market/plan.html",
        {
            "plan": found,
            "visits": visits,
            "manage": inspections.may_plan(request.user, found),
            "recorded": sum(1 for v in visits if v.status == InspectionStatus.RECORDED),
            "industry_labels": [f"{c} {industries.label(c)}" for c in found.industries],
            "PlanStatus": PlanStatus,
        },
    )


def _teams(visit) -> list[tuple[str, list[str]]]:
    teams: dict[int, tuple[str, list[str]]] = {}
    for member in visit.team.all():
        _name, people = teams.setdefault(member.department_id, (member.department.display_name, []))
        people.append(member.inspector.user.display_name)
    return list(teams.values())


@require_POST
@official_required
def plan_step(request, pk, step):
    """Commit the seed, draw, or publish every closed record."""
    found = selectors.plan_for(request.user, pk)
    if step not in ("commit", "draw", "publish"):
        raise Http404

    def act(_data):
        if step == "commit":
            inspections.commit(found, actor=request.user)
            return _("The lists are frozen and the seed's commitment is published.")
        if step == "draw":
            inspections.run_draw(found, actor=request.user)
            return _("The draw is made and its seed published; the inspectors are told.")
        count = inspections.publish_plan(found, actor=request.user)
        return _("%(n)d results are published.") % {"n": count}

    return take_step(
        request, None, act, page=None, back=reverse("workbench:market-plan", args=[pk])
    )


@require_safe
@official_required
def lists(request, pk):
    found = selectors.plan_for(request.user, pk)
    if not found.lists:
        raise Http404
    return FileResponse(
        found.lists.open("rb"),
        as_attachment=True,
        filename=f"{found.number}-lists.json",
        content_type="application/json",
    )


def _inspection_page(request, visit, *, status=200, **forms_):
    mine = inspections.team_departments(request.user, visit)
    findings = {f.department_id: f for f in visit.findings.all()}
    parts = list(visit.plan.parts.select_related("department", "item"))
    officer_of = authority.investigating_for(request.user)
    for part in parts:
        part.finding = findings.get(part.department_id)
        part.mine = part.department_id in mine
        part.may_open_case = bool(
            part.finding
            and part.finding.result == Result.FOLLOW_UP
            and part.department_id in officer_of
            and not part.finding.penalty_cases.exists()
        )
        part.rectification = (
            rectification.row(part.finding) if part.finding and part.finding.rectify_by else None
        )
        part.may_review = bool(part.finding) and rectification.may_review(
            request.user, part.finding
        )
    matter = inspection_ledger.row(visit) if visit.recorded_at else None
    open_ = visit.status == InspectionStatus.ASSIGNED and bool(mine)
    context = {
        "visit": visit,
        "plan": visit.plan,
        "parts": parts,
        "teams": _teams(visit),
        "matter": matter,
        "industry": industries.label(visit.target.industry),
        "open": open_,
        "may_publish": visit.status == InspectionStatus.RECORDED
        and inspections.may_plan(request.user, visit.plan),
    }
    context["review_form"] = forms_.get("review_form") or ReviewForm()
    if open_:
        departments = list(Department.objects.filter(pk__in=mine).order_by("code"))
        mine_finding = next((findings[d.pk] for d in departments if d.pk in findings), None)
        context["finding_form"] = forms_.get("finding_form") or FindingForm(
            departments=departments,
            initial={
                "department": departments[0].pk,
                "result": mine_finding.result if mine_finding else None,
                "description": mine_finding.description if mine_finding else "",
                "visited_on": visit.visited_on or timezone.localdate(),
                "rectify_by": mine_finding.rectify_by if mine_finding else None,
            },
        )
        context["photo_form"] = forms_.get("photo_form") or PhotoForm()
        context["close_form"] = forms_.get("close_form") or CloseForm()
    return render(request, "workbench/market/inspection.html", context, status=status)


@require_safe
@official_required
def inspection(request, pk):
    return _inspection_page(request, selectors.inspection_for(request.user, pk))


@require_POST
@official_required
def inspection_step(request, pk, step):
    """Record my department's finding, add a photo, close the record, publish it, or confirm a
    rectification at a review visit."""
    visit = selectors.inspection_for(request.user, pk)
    mine = list(
        Department.objects.filter(
            pk__in=inspections.team_departments(request.user, visit)
        ).order_by("code")
    )
    forms_by_step = {
        "finding": ("finding_form", FindingForm(request.POST, departments=mine)),
        "photo": ("photo_form", PhotoForm(request.POST, request.FILES)),
        "close": ("close_form", CloseForm(request.POST, request.FILES)),
        "review": ("review_form", ReviewForm(request.POST)),
    }
    if step not in (*forms_by_step, "publish"):
        raise Http404
    name, form = forms_by_step.get(step, ("", None))

    def act(data):
        if step == "finding":
            inspections.record_finding(visit, actor=request.user, data=data)
            return _("Your finding is on the record.")
        if step == "photo":
            finding = visit.findings.filter(pk=data["finding"]).first()
            if finding is None:
                raise Http404
            inspections.add_photo(finding, actor=request.user, upload=data["photo"])
            return _("The photo is on the record.")
        if step == "review":
            finding = visit.findings.filter(pk=data["finding"]).first()
            if finding is None:
                raise Http404
            rectification.review(finding, actor=request.user, data=data)
            return _("The rectification is confirmed.")
        if step == "close":
            inspections.close_record(
                visit, actor=request.user, data=data, signature=data.get("signature")
            )
            return _("The record is closed; the results are to be published in time.")
        inspections.publish([visit], actor=request.user)
        return _("The result is published.")

    return take_step(
        request,
        form,
        act,
        page=lambda bad: _inspection_page(request, visit, status=400, **{name: bad}),
        back=reverse("workbench:market-inspection", args=[pk]),
    )


@require_safe
@official_required
def file(request, pk, kind, file_pk=0):
    """A photo of a finding, or the party's signature, to those who see the visit."""
    visit = selectors.inspection_for(request.user, pk)
    if kind == "signature" and visit.party_signature:
        stored = visit.party_signature
    elif kind == "photo":
        photo = next(
            (p for f in visit.findings.all() for p in f.photos.all() if p.pk == file_pk), None
        )
        if photo is None:
            raise Http404
        stored = photo.image
    else:
        raise Http404
    return FileResponse(stored.open("rb"), filename=stored.name.rsplit("/", 1)[-1])
