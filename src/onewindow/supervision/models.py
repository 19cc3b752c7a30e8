"""The e-supervision ledger (电子监察): one row per matter that runs against a legal clock.

Every module that has deadlines (cases, hotline tickets, disclosure requests, 公文 instructions,
penalty cases…) registers its matters here through :func:`onewindow.supervision.services.track`
in the same transaction as its own change. Cards, the supervision pages, escalation and every
KPI read this table only, never a module's own tables, so a new kind of matter needs no change
here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized


class Labels:
    """What a matter shows of itself, for a ``Matter`` and for a row read as values alike."""

    __slots__ = ()

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def kind_label(self) -> str:
        from onewindow.supervision import kinds

        return kinds.label(self.kind)

    @property
    def stage_label(self) -> str:
        from onewindow.supervision import kinds

        return kinds.stage_label(self.kind, self.stage)


class Unit(models.TextChoices):
    """The unit a matter's limit is counted in; which applies is a property of the legal rule."""

    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    HOURS = "hours", _("hours")
    # a limit that ends on a day a rule names (core.clock.FixedDate): calendar days, no roll
    FIXED_DATE = "fixed_date", _("days to a fixed date")


class State(models.TextChoices):
    OPEN = "open", _("Running")
    PAUSED = "paused", _("Clock paused")
    CLOSED = "closed", _("Closed")


class Card(models.TextChoices):
    NONE = "", _("No card")
    YELLOW = "yellow", _("Yellow card")
    RED = "red", _("Red card")


class Matter(Labels, models.Model):
    """One clocked matter: what it is, who handles it, and when its clock runs out.

    ``yellow_from`` and ``due_at`` are instants computed by ``core.clock`` when the matter is
    tracked: a matter shows a yellow card from ``yellow_from`` (80 % of its time used) and a red
    card from ``due_at`` (past its due date). ``yellow_at`` / ``red_at`` record when the card was
    raised and its escalation sent.
    """

    kind = models.CharField(_("kind"), max_length=32)  # "case", "ticket", …
    key = models.CharField(_("reference"), max_length=64)  # the matter's number within its kind
    stage = models.CharField(_("stage"), max_length=32, blank=True)  # "decision", "handling"…
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)  # the workbench page
    # What the matter is about, for drill-downs: a case's service item, a ticket's category…
    group = models.CharField(_("group"), max_length=64, blank=True)
    group_name = models.CharField(_("group name"), max_length=200, blank=True)
    group_name_en = models.CharField(_("group name (English)"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    division_code = models.CharField(_("division code"), max_length=9)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    limit = models.PositiveIntegerField(_("limit"))
    extended = models.PositiveIntegerField(_("extension"), default=0)
    paused = models.PositiveIntegerField(_("paused time not counted"), default=0)
    started_at = models.DateTimeField(_("started at"))
    yellow_from = models.DateTimeField(_("yellow card from"), null=True, blank=True)
    due_at = models.DateTimeField(_("overdue from"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    provisional = models.BooleanField(_("due date provisional"), default=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    card = models.CharField(_("card"), max_length=8, choices=Card.choices, blank=True, default="")
    yellow_at = models.DateTimeField(_("yellow card raised at"), null=True, blank=True)
    red_at = models.DateTimeField(_("red card raised at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    late = models.BooleanField(_("closed late"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("supervised matter")
        verbose_name_plural = _("supervised matters")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="supervision_matter_kind_key")
        ]
        indexes = [
            # the red/yellow list: open matters whose yellow instant has passed, by due instant
            models.Index(
                fields=["yellow_from", "due_at"],
                condition=Q(state="open"),
                name="supervision_open_yellow",
            ),
            models.Index(
                fields=["department", "state", "due_at"], name="supervision_department_due"
            ),
            models.Index(fields=["division_code", "state"], name="supervision_division"),
            # the card lists: matters with a card whose clock is not closed, by due instant
            models.Index(
                fields=["due_at", "id"],
                condition=Q(state__in=["open", "paused"]) & ~Q(card=""),
                name="supervision_carded",
            ),
            # issue 21 (docs/performance.md): the card list of one department
            models.Index(
                fields=["department", "due_at", "id"],
                condition=Q(state__in=["open", "paused"]) & ~Q(card=""),
                name="supervision_carded_department",
            ),
            # the public weekly statistics: a kind's matters started / closed in a week
            models.Index(fields=["kind", "started_at"], name="supervision_kind_started"),
            models.Index(
                fields=["kind", "closed_at"],
                condition=Q(state="closed"),
                name="supervision_kind_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def display_group(self) -> str:
        return localized(self, "group_name")
