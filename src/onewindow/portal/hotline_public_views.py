"""The hotline's public pages (no sign-in): weekly statistics per department, the published
replies and their Atom feed (RFC 4287)."""

from __future__ import annotations

from django import forms
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from onewindow.hotline import public

PAGE = 20
FEED_ENTRIES = 50


def _week_label(week: public.Week) -> str:
    return gettext("Week %(number)s of %(year)s (%(monday)s to %(sunday)s)") % {
        "number": week.number,
        "year": week.year,
        "monday": date_format(week.monday, "SHORT_DATE_FORMAT"),
        "sunday": date_format(week.sunday, "SHORT_DATE_FORMAT"),
    }


class WeekForm(forms.Form):
    week = forms.ChoiceField(label=_("Week"))

    def __init__(self, data, *, weeks):
        super().__init__(data)
        self.fields["week"].choices = [(str(w), _week_label(w)) for w in weeks]


@require_safe
def statistics(request):
    """One week's figures per department: a chart, and the same figures as a table."""
    weeks = public.recent_weeks()
    default = public.last_complete_week()
    form = WeekForm({"week": request.GET.get("week") or str(default)}, weeks=weeks)
    statistics = chart = None
    week = None
    if form.is_valid():
        week = public.Week.parse(form.cleaned_data["week"])
        statistics = public.weekly_statistics(week)
        chart = public.chart_data(statistics)
        chart["labels"] = {
            "tickets": gettext("Tickets"),
            "received": pgettext("count of tickets", "Received"),
            "closed": pgettext("count of tickets", "Closed"),
            "rate": gettext("On time (%)"),
        }
    oldest, newest = weeks[-1], weeks[0]
    return render(
        request,
        "portal/hotline/public_statistics.html",
        {
            "form": form,
            "week": week,
            "week_label": week and _week_label(week),
            "statistics": statistics,
            "chart": chart,
            "previous": week and week > oldest and week.shifted(-1),
            "next": week and week < newest and week.shifted(1),
        },
        status=200 if form.is_valid() else 400,
    )


@require_safe
def replies(request):
    page = Paginator(public.published_replies(), PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/hotline/public_replies.html", {"page": page})


@require_safe
def reply(request, number):
    found = public.published_reply(number)
    if found is None:
        raise Http404
    return render(request, "portal/hotline/public_reply.html", {"reply": found})


class RepliesFeed(Feed):
    """The published replies as Atom 1.0, newest first."""

    feed_type = Atom1Feed

    def title(self):
        return gettext("12345 hotline: published replies")

    def subtitle(self):
        return gettext("Replies to citizens' requests whose authors allowed them to be published.")

    def link(self):
        return reverse("portal:hotline-replies")

    def feed_url(self):
        return reverse("portal:hotline-replies-atom")

    def author_name(self):
        return gettext("12345 citizen hotline")

    def items(self):
        return public.published_replies()[:FEED_ENTRIES]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.reply

    def item_link(self, item):
        return reverse("portal:hotline-reply", args=[item.number])

    def item_pubdate(self, item):
        return item.replied_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at or timezone.now()

    def item_categories(self, item):
        return [c for c in (item.category, item.department) if c]


replies_feed = require_safe(RepliesFeed())
