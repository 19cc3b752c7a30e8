"""Officials' pages for consultations on drafts: the department's drafts (paste a text, it is
split into chapters and articles), publishing and closing, the report builder (dispositions
per comment, revised articles), and the moderators' queue.

Each view parses its input, calls one selector or service of ``participation`` and renders;
who may do what is ``participation.consultations_authority``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onewindow.accounts.models import Department
from onewindow.participation import consultations_authority as authority
from onewindow.participation.models import (
    Comment,
    CommentStatus,
    ConsultationKind,
    Outcome,
    ReasonCategory,
)
from onewindow.participation.selectors import consultations as selectors
from onewindow.participation.services import consultations as services
from onewindow.workbench.access import official_required
from onewindow.workbench.form_errors import flash_errors, put_errors


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of draft"), choices=ConsultationKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title in English"), max_length=200, required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Explanatory note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note_en = forms.CharField(
        label=gettext_lazy("Explanatory note in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text = forms.CharField(
        label=gettext_lazy("Text of the draft"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=gettext_lazy(
            "Paste the whole draft. Lines starting with 第…章 begin a chapter and lines "
            "starting with 第…条 an article; the rest of the line and the lines after it are "
            "the article's text."
        ),
    )


class PublishForm(forms.Form):
    opens_on = forms.DateField(
        label=gettext_lazy("Opens on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Closes on (last day for comments)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=pgettext_lazy("moderation", "Decision"),
        choices=[
            ("approve", gettext_lazy("Publish")),
            ("reject", pgettext_lazy("moderation", "Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason (when rejecting or hiding)"),
        choices=[("", "—"), *ReasonCategory.choices],
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Explanation shown to the author"), max_length=300, required=False
    )


class HideForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Published reason"), choices=ReasonCategory.choices
    )
    note = forms.CharField(label=gettext_lazy("Explanation"), max_length=300, required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Summary of the comments and how they were used"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    summary_en = forms.CharField(
        label=gettext_lazy("Summary in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DispositionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("consultation feedback", "Outcome"), choices=Outcome.choices
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000)


class RevisionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Revised text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@require_safe
@official_required
def consultation_list(request):
    return render(
        request,
        "workbench/participation/consultations/list.html",
        {"consultations": selectors.consultations_for(request.user)},
    )


@require_http_methods(["GET", "POST"])
@official_required
def new(request):
    departments = list(Department.objects.filter(pk__in=selectors.require_officer(request.user)))
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_draft(departments[0], form.cleaned_data, actor=request.user)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(
                request,
                _("Draft saved with %(n)d articles.") % {"n": made.articles.count()},
            )
            return redirect("workbench:consultation", made.number)
    return render(
        request,
        "workbench/participation/consultations/new.html",
        {"form": form, "department": departments[0]},
        status=400 if form.errors else 200,
    )


def _page(request, consultation, status=200, **forms_):
    actions = authority.allowed_actions(request.user, consultation)
    chapters, _heat = selectors.draft_view(consultation)
    context = {
        "consultation": consultation,
        "actions": actions,
        "chapters": chapters,
        "articles": [a for c in chapters for a in c.articles],
        "today": timezone.localdate(),
    }
    if consultation.status in ("open", "closed"):
        context["recent"] = (
            Comment.objects.filter(consultation=consultation, status=CommentStatus.PUBLISHED)
            .select_related("article")
            .order_by("-decided_at", "-id")[:20]
        )
        context["reasons"] = ReasonCategory.choices
    if "edit" in actions:
        context["draft_form"] = forms_.get("draft_form") or DraftForm(
            initial={
                "kind": consultation.kind,
                "title": consultation.title,
                "title_en": consultation.title_en,
                "note": consultation.note,
                "note_en": consultation.note_en,
                "text": consultation.draft_text,
            }
        )
        context["publish_form"] = forms_.get("publish_form") or PublishForm(
            initial={"opens_on": timezone.localdate()}
        )
    if "write_report" in actions or consultation.status == "reported":
        report = consultation.report
        revisions = {r.article_id: r.text for r in report.revisions.all()}
        for a in context["articles"]:
            a.revised = revisions.get(a.pk)
        context.update(
            report=report,
            summary_form=forms_.get("summary_form")
            or SummaryForm(initial={"summary": report.summary, "summary_en": report.summary_en}),
            comments=list(selectors.comments_to_dispose(consultation)[:300]),
            undisposed=services.undisposed(consultation).count(),
            outcomes=Outcome.choices,
        )
    return render(
        request, "workbench/participation/consultations/consultation.html", context, status=status
    )


@require_safe
@official_required
def consultation(request, number):
    return _page(request, selectors.consultation_for(request.user, number))


def _form_step(request, found, form_class, form_name: str, step, done: str):
    """One form of the consultation page: valid input goes to ``step`` (a service call with
    the cleaned data); success is said and the page shown again, errors stay on the form
    (400)."""
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(form.cleaned_data)
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("workbench:consultation", found.number)
    return _page(request, found, status=400, **{form_name: form})


@require_POST
@official_required
def edit(request, number):
    found = selectors.consultation_for(request.user, number)
    return _form_step(
        request,
        found,
        DraftForm,
        "draft_form",
        lambda data: services.update_draft(found, data, actor=request.user),
        _("Draft saved."),
    )


@require_POST
@official_required
def publish(request, number):
    found = selectors.consultation_for(request.user, number)
    return _form_step(
        request,
        found,
        PublishForm,
        "publish_form",
        lambda data: services.publish(found, actor=request.user, **data),
        _("The draft is published for comments."),
    )


@require_POST
@official_required
def close(request, number):
    found = selectors.consultation_for(request.user, number)
    try:
        report = services.close(found, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Closed. The feedback report is due by %(day)s.")
            % {"day": date_format(report.due_on, "DATE_FORMAT")},
        )
    return redirect("workbench:consultation", number)


@require_POST
@official_required
def summary(request, number):
    found = selectors.consultation_for(request.user, number)
    return _form_step(
        request,
        found,
        SummaryForm,
        "summary_form",
        lambda data: services.save_summary(found, actor=request.user, **data),
        _("Summary saved."),
    )


@require_POST
@official_required
def dispose(request, number, pk):
    found = selectors.consultation_for(request.user, number)
    comment = Comment.objects.filter(pk=pk, consultation=found).first()
    form = DispositionForm(request.POST)
    if comment is None or not form.is_valid():
        messages.error(request, _("Choose the outcome and give the reason."))
    else:
        try:
            services.dispose(comment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Disposition saved."))
    return redirect(f"{request.path.rsplit('/dispose/', 1)[0]}/#comment-{pk}")


@require_POST
@official_required
def revise(request, number, position):
    found = selectors.consultation_for(request.user, number)
    article = selectors.article_of(found, position)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            services.revise(article, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Revised text of %(n)s saved.") % {"n": article.number})
    return redirect(f"{request.path.rsplit('/articles/', 1)[0]}/#revise-{position}")


@require_POST
@official_required
def publish_report(request, number):
    found = selectors.consultation_for(request.user, number)
    try:
        services.publish_report(found, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("workbench:consultation", number)
    messages.success(request, _("The feedback report is published."))
    return redirect("portal:consultation-report", number)


# --- moderators --------------------------------------------------------------------------------


@require_safe
@official_required
def moderation(request):
    """Pending comments, oldest first, each with its masked preview and the decision form."""
    queue, next_cursor = selectors.moderation_queue(request.user, request.GET.get("after", ""))
    recent = (
        Comment.objects.filter(status=CommentStatus.PUBLISHED)
        .select_related("consultation", "article")
        .order_by("-decided_at", "-id")[:10]
    )
    return render(
        request,
        "workbench/participation/consultations/moderation.html",
        {
            "queue": queue,
            "next_cursor": next_cursor,
            "pending": selectors.pending_count(request.user),
            "recent": recent,
            "form": DecisionForm(),
            "hide_form": HideForm(),
        },
    )


@require_POST
@official_required
def decide(request, pk):
    comment = selectors.comment_for(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose publish or reject."))
        return redirect("workbench:moderation")
    data = form.cleaned_data
    try:
        if data["action"] == "approve":
            services.approve(comment, actor=request.user)
        else:
            services.reject(comment, actor=request.user, reason=data["reason"], note=data["note"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Comment %(pk)d published.") % {"pk": pk}
            if data["action"] == "approve"
            else _("Comment %(pk)d rejected; its author sees the reason.") % {"pk": pk},
        )
    return redirect("workbench:moderation")


@require_POST
@official_required
def hide(request, pk):
    comment = selectors.comment_for(request.user, pk)
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the published reason."))
    else:
        try:
            services.hide(comment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Comment %(pk)d hidden with its reason.") % {"pk": pk})
    if request.POST.get("back") == "consultation":
        return redirect("workbench:consultation", comment.consultation.number)
    return redirect("workbench:moderation")
