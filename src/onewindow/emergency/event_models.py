"""Major-event operations command (赛会运行指挥).

A major event (the Asian Games, a national games, a city marathon) has venues with their places,
a competition schedule, functional areas (竞赛、安保、交通、医疗、志愿者、城市运行…) and the working
groups that support the city around it. Its command structures are data: each comes into force
on a date, and the one in force on a day is the latest that has started. Before the switch the
city's action coordination committee and its working groups run their own tasks; from the
switch (for the Asian Games, 1 October) they are part of the event operations headquarters: one
command structure, one board and one incident flow (``unified``).

Incidents and 12345 tickets are the event's when they fall within a venue's radius; the daily
report (日报) is compiled from them and from the response tasks of the structure's departments.
Permits linked to the event (temporary events, road occupancy, fire safety of venues) are
flagged on their cases and followed on the event's board.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.cases.models import Case
from onewindow.core.localized import localized
from onewindow.core.models import Division


class MajorEvent(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=240, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("duty desk of the headquarters"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose duty officers compile the daily report and take the event's incidents."),
    )
    starts_on = models.DateField(_("first day of competition"))
    ends_on = models.DateField(_("last day of competition"))
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("English summary"), blank=True)

    class Meta:
        verbose_name = _("major event")
        verbose_name_plural = _("major events")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="emergency_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


class Venue(models.Model):
    """A venue and the ring around it within which incidents and tickets are the event's."""

    event = models.ForeignKey(
        MajorEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="venues"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=240, blank=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    radius_m = models.PositiveIntegerField(
        _("radius (metres)"),
        default=1500,
        validators=[MinValueValidator(100), MaxValueValidator(10000)],
        help_text=_("Incidents and 12345 tickets within this distance are the event's."),
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["event", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="emergency_venue_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class Competition(models.Model):
    """One session of the competition schedule (赛程) at a venue."""

    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="competitions"
    )
    title = models.CharField(_("title"), max_length=160)
    title_en = models.CharField(_("English title"), max_length=240, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("competition session")
        verbose_name_plural = _("competition schedule")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")


class FunctionalArea(models.Model):
    """A functional area of event operations (竞赛、安保、交通、医疗、志愿者、城市运行…)."""

    event = models.ForeignKey(
        MajorEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="functional_areas",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("functional area")
        verbose_name_plural = _("functional areas")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="emergency_area_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class CommandStructure(models.Model):
    """A command structure of the event, in force from its date until the next one's."""

    event = models.ForeignKey(
        MajorEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="structures"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("English name"), max_length=240, blank=True)
    in_force_from = models.DateField(_("in force from"))
    unified = models.BooleanField(
        _("one command with the event's operations"),
        default=False,
        help_text=_(
            "From this structure's date the incidents near the venues go to the headquarters' "
            "duty desk as well as up the tree."
        ),
    )

    class Meta:
        verbose_name = _("command structure")
        verbose_name_plural = _("command structures")
        ordering = ["event", "in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="emergency_structure_code"),
            models.UniqueConstraint(
                fields=["event", "in_force_from"], name="emergency_structure_date"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class CommandGroup(models.Model):
    """A working group of a command structure, led by one department with its members."""

    structure = models.ForeignKey(
        CommandStructure,
        verbose_name=_("command structure"),
        on_delete=models.CASCADE,
        related_name="groups",
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    area = models.ForeignKey(
        FunctionalArea,
        verbose_name=_("functional area"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
    )
    lead = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        Department, verbose_name=_("member departments"), related_name="+", blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("of a command structure", "working group")
        verbose_name_plural = pgettext_lazy("of a command structure", "working groups")
        ordering = ["structure", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class PermitKind(models.TextChoices):
    TEMPORARY_EVENT = "temporary-event", _("Temporary event")
    ROAD_OCCUPANCY = "road-occupancy", _("Road occupancy")
    FIRE_SAFETY = "fire-safety", _("Fire safety of a venue")
    OTHER = "other", pgettext_lazy("kind of event permit", "Other")


class EventPermit(models.Model):
    """A case flagged as a permit linked to the event: the fast track (快速通道)."""

    event = models.ForeignKey(
        MajorEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="permits"
    )
    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="event_permit"
    )
    kind = models.CharField(_("kind of permit"), max_length=20, choices=PermitKind.choices)
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="permits",
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("flagged by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    flagged_at = models.DateTimeField(_("flagged at"))

    class Meta:
        verbose_name = _("event permit")
        verbose_name_plural = _("event permits")
        ordering = ["-flagged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event.code} {self.case.number}"


class DailyReport(models.Model):
    """The daily operations report (日报) of one day, as compiled; compiling again replaces it."""

    event = models.ForeignKey(
        MajorEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="daily_reports",
    )
    day = models.DateField(_("day"))
    structure = models.ForeignKey(
        CommandStructure,
        verbose_name=_("command structure in force"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content = models.JSONField(_("content"), default=dict)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compiled by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    compiled_at = models.DateTimeField(_("compiled at"))

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["event", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["event", "day"], name="emergency_daily_report_day")
        ]

    def __str__(self) -> str:
        return f"{self.event.code} {self.day}"
