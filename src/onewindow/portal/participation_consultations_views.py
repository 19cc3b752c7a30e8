"""The public side of consultations on drafts (征求意见): the participation landing page, a
draft by chapter and article with each article's heat, an article's comments (keyset pages)
and the comment form, the word-frequency view, the feedback report with its diff and PDF,
the Atom feed, and "my comments" in the citizen's account.

Reading needs no sign-in; commenting needs a real-name verified account. Every write goes
through ``participation.services.consultations``; every read through its selectors.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from onewindow.accounts.identity import throttle
from onewindow.participation import consultations_pdf
from onewindow.participation.models import FeedbackReport, Stance
from onewindow.participation.selectors import consultations as selectors
from onewindow.participation.selectors import proposals as proposal_selectors
from onewindow.participation.selectors import surveys as survey_selectors
from onewindow.participation.services import consultations as services

FEED_ENTRIES = 50


class CommentForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Your view"), choices=Stance.choices, widget=forms.RadioSelect, initial="comment"
    )
    body = forms.CharField(
        label=_("Your comment or reason"),
        required=False,
        max_length=services.BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Published after moderation. ID numbers and phone numbers are masked; do not "
            "write other people's personal data."
        ),
    )
    show_district = forms.BooleanField(
        label=_("Show my district (from my registered residence) beside my comment"),
        required=False,
    )


def _context(consultation, **more):
    return {
        "consultation": consultation,
        "accepting": services.is_accepting(consultation),
        **more,
    }


@require_safe
def landing(request):
    """/participation/: open consultations first, then closed and reported ones; then the open
    surveys and the proposals."""
    consultations = list(selectors.public_consultations()[:100])
    return render(
        request,
        "portal/participation/consultations/landing.html",
        {
            "open": [c for c in consultations if c.status == "open"],
            "finished": [c for c in consultations if c.status != "open"],
            **survey_selectors.hall_block(),
            "proposals": proposal_selectors.landing(),
        },
    )


@require_safe
def consultation(request, number):
    found = selectors.public_consultation(number)
    chapters, heat = selectors.draft_view(found)
    whole, next_cursor = selectors.draft_comments(found, request.GET.get("after", ""))
    return render(
        request,
        "portal/participation/consultations/consultation.html",
        _context(
            found,
            chapters=chapters,
            whole_heat=heat.get(None, selectors.Heat()),
            comments=whole,
            next_cursor=next_cursor,
            verified=services.is_verified(request.user),
            form=CommentForm(initial={"stance": "comment"}),
        ),
    )


@require_safe
def article(request, number, position):
    found = selectors.public_consultation(number)
    item = selectors.article_of(found, position)
    comments, next_cursor = selectors.article_comments(item, request.GET.get("after", ""))
    heat = selectors.article_heat(item)
    return render(
        request,
        "portal/participation/consultations/article.html",
        _context(
            found,
            article=item,
            heat=heat,
            comments=comments,
            next_cursor=next_cursor,
            verified=services.is_verified(request.user),
            form=CommentForm(),
        ),
    )


@login_required
@require_POST
def comment(request, number):
    """A comment on the whole draft (no ``article``) or on one article."""
    found = selectors.public_consultation(number)
    position = request.POST.get("article", "")
    item = selectors.article_of(found, int(position)) if position.isdigit() else None
    form = CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.comment(
                found,
                request.user,
                stance=data["stance"],
                body=data["body"],
                article=item,
                show_district=data["show_district"],
                address=throttle.client_address(request),
            )
        except throttle.RateLimited as error:
            messages.error(request, throttle.message(error))
        except PermissionDenied:
            messages.error(request, gettext("Commenting needs a real-name verified account."))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                gettext("Thank you. Your comment is published once a moderator has read it; "
                        "you can follow it under My comments."),
            )  # fmt: skip
            target = (
                reverse("portal:consultation-article", args=[number, item.position])
                if item
                else reverse("portal:consultation", args=[number])
            )
            return redirect(target)
    if item is None:
        chapters, heat = selectors.draft_view(found)
        whole, next_cursor = selectors.draft_comments(found)
        template, extra = (
            "portal/participation/consultations/consultation.html",
            {"chapters": chapters, "whole_heat": heat.get(None, selectors.Heat()),
             "comments": whole, "next_cursor": next_cursor},
        )  # fmt: skip
    else:
        comments, next_cursor = selectors.article_comments(item)
        template, extra = (
            "portal/participation/consultations/article.html",
            {"article": item, "heat": selectors.article_heat(item),
             "comments": comments, "next_cursor": next_cursor},
        )  # fmt: skip
    context = _context(found, form=form, verified=services.is_verified(request.user), **extra)
    return render(request, template, context, status=400)


@require_safe
def words(request, number):
    found = selectors.public_consultation(number)
    frequencies = selectors.words(found)
    top = frequencies[0][1] if frequencies else 1
    return render(
        request,
        "portal/participation/consultations/words.html",
        _context(found, words=[(w, n, round(10 * n / top)) for w, n in frequencies]),
    )


@require_safe
def report(request, number):
    found = selectors.published_report(number)
    return render(
        request,
        "portal/participation/consultations/report.html",
        _context(found.consultation, report=found, **selectors.report_view(found)),
    )


@require_safe
def report_pdf(request, number):
    found = selectors.published_report(number)
    content = consultations_pdf.render(found, selectors.report_view(found))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consultation-report-{number}.pdf"'
    return response


@login_required
@require_safe
def my_comments(request):
    return render(
        request,
        "portal/participation/consultations/my_comments.html",
        {"comments": selectors.my_comments(request.user)[:200]},
    )


class ConsultationFeed(Feed):
    """New consultations and published feedback reports, newest first (RFC 4287)."""

    feed_type = Atom1Feed

    def title(self):
        return gettext("OneWindow: consultations on drafts")

    def subtitle(self):
        return gettext("Drafts opened for comments and the feedback reports on them.")

    def link(self):
        return reverse("portal:participation")

    def feed_url(self):
        return reverse("portal:participation-feed")

    def author_name(self):
        return gettext("OneWindow public participation")

    def items(self):
        consultations = list(selectors.public_consultations()[:FEED_ENTRIES])
        reports = list(
            FeedbackReport.objects.filter(published_at__isnull=False)
            .select_related("consultation__department")
            .order_by("-published_at")[:FEED_ENTRIES]
        )
        entries = consultations + reports
        entries.sort(key=self.item_pubdate, reverse=True)
        return entries[:FEED_ENTRIES]

    def item_title(self, item):
        if isinstance(item, FeedbackReport):
            return gettext("Feedback report: %(title)s") % {
                "title": item.consultation.display_title
            }
        return item.display_title

    def item_description(self, item):
        if isinstance(item, FeedbackReport):
            return item.display_summary[:500]
        return gettext("%(department)s asks for comments until %(day)s.") % {
            "department": item.department.display_name,
            "day": date_format(item.closes_on, "DATE_FORMAT"),
        }

    def item_link(self, item):
        if isinstance(item, FeedbackReport):
            return reverse("portal:consultation-report", args=[item.consultation.number])
        return reverse("portal:consultation", args=[item.number])

    def item_guid(self, item):
        if isinstance(item, FeedbackReport):
            return f"urn:onewindow:consultation-report:{item.consultation.number}"
        return f"urn:onewindow:consultation:{item.number}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


feed = require_safe(ConsultationFeed())
