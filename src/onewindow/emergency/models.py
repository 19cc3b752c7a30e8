"""Early warnings (预警): the warning in force and each message that issued or changed it.

突发事件应对法 (2007) Art. 42: warnings of natural disasters, accidents and public-health events
have four levels by urgency, trend and possible harm, level I the highest, marked red, orange,
yellow and blue (the 2024 revision keeps the four levels; its article number could not be
checked here). Which levels a meteorological warning has is set per kind of hazard by
气象灾害预警信号发布与传播办法 (中国气象局令第16号, 2007), its annex of signals: heat has no blue
signal, for instance (``LEVELS_OF``).

A ``Warning`` holds what is in force. Every change (issue, update, raise, lower, cancel) is a
``WarningMessage``: proposed by a duty officer, approved by a second person when its level is
orange or red, then sent as one signed OASIS CAP 1.2 alert that refers to the message before it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.core.models import Division


class Hazard(models.TextChoices):
    TYPHOON = "typhoon", _("Typhoon")  # 台风
    RAINSTORM = "rainstorm", _("Rainstorm")  # 暴雨
    THUNDERSTORM = "thunderstorm", _("Thunderstorm and gale")  # 雷雨大风
    HEAT = "heat", _("Heat")  # 高温
    COLD = "cold", _("Cold wave")  # 寒潮
    FOG = "fog", _("Dense fog")  # 大雾
    HAZE = "haze", _("Haze")  # 霾
    DROUGHT = "drought", _("Drought")  # 干旱
    FLOOD = "flood", _("Flood")  # 洪水
    GEOLOGICAL = "geological", _("Geological hazard")  # 地质灾害
    FOREST_FIRE = "forest_fire", _("Forest fire danger")  # 森林火险
    EPIDEMIC = "epidemic", _("Epidemic")  # 传染病疫情
    OTHER = "other", _("Other hazard")


class Level(models.TextChoices):
    """Art. 42: red is level I, the highest; ``rank`` orders them (red 4 … blue 1)."""

    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


RANK = {Level.BLUE: 1, Level.YELLOW: 2, Level.ORANGE: 3, Level.RED: 4}
GRADE = {Level.RED: "I", Level.ORANGE: "II", Level.YELLOW: "III", Level.BLUE: "IV"}
ALL_LEVELS = (Level.BLUE, Level.YELLOW, Level.ORANGE, Level.RED)
# 中国气象局令第16号, annex: the signals each hazard has. Hazards outside that order (floods,
# geological hazards, epidemics …) take all four levels of Art. 42.
LEVELS_OF = {
    Hazard.TYPHOON: ALL_LEVELS,
    Hazard.RAINSTORM: ALL_LEVELS,
    Hazard.THUNDERSTORM: (Level.YELLOW, Level.ORANGE, Level.RED),  # 雷电
    Hazard.HEAT: (Level.YELLOW, Level.ORANGE, Level.RED),
    Hazard.COLD: ALL_LEVELS,
    Hazard.FOG: (Level.YELLOW, Level.ORANGE, Level.RED),
    Hazard.HAZE: (Level.YELLOW, Level.ORANGE),
    Hazard.DROUGHT: (Level.ORANGE, Level.RED),
}
# A message at these levels is sent only once a second person has approved it.
APPROVED_LEVELS = (Level.ORANGE, Level.RED)


def levels_of(hazard: str) -> tuple[str, ...]:
    return LEVELS_OF.get(hazard, ALL_LEVELS)


def level_words(level: str) -> str:
    """The level in words, as every page shows it beside its colour: "Orange warning"."""
    return gettext("%(level)s warning") % {"level": Level(level).label}


class WarningState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting approval")  # its first message is not sent yet
    ACTIVE = "active", _("In force")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Not issued")  # its first message was refused


class Warning(models.Model):
    """A warning as it stands: the content of its last sent message."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("issuing department"), on_delete=models.PROTECT, related_name="+"
    )
    hazard = models.CharField(_("hazard"), max_length=16, choices=Hazard.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    state = models.CharField(
        _("state"), max_length=16, choices=WarningState.choices, default=WarningState.PROPOSED
    )
    headline = models.CharField(_("headline"), max_length=160)
    headline_en = models.CharField(_("English headline"), max_length=240)
    description = models.TextField(_("situation"))
    description_en = models.TextField(_("English situation"))
    advice = models.TextField(_("advice to the public"))
    advice_en = models.TextField(_("English advice to the public"))
    divisions = models.ManyToManyField(
        Division, verbose_name=_("divisions warned"), related_name="+", blank=True
    )
    # A drawn area: one closed ring of [latitude, longitude] pairs, as CAP's <polygon>.
    polygon = models.JSONField(_("area drawn on the map"), default=list, blank=True)
    responsible = models.ManyToManyField(
        Department, verbose_name=_("responsible departments"), related_name="+", blank=True
    )
    effective_at = models.DateTimeField(_("in force from"))
    expires_at = models.DateTimeField(_("in force until"))
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "expires_at"], name="emergency_warning_live")]

    def __str__(self) -> str:
        return self.number

    @property
    def rank(self) -> int:
        return RANK[self.level]

    @property
    def level_words(self) -> str:
        return level_words(self.level)

    @property
    def display_headline(self) -> str:
        return localized(self, "headline")

    @property
    def display_description(self) -> str:
        return localized(self, "description")

    @property
    def display_advice(self) -> str:
        return localized(self, "advice")

    @property
    def grade(self) -> str:
        return GRADE[self.level]


class MessageType(models.TextChoices):
    """CAP 1.2 msgType of the alert a message is sent as."""

    ALERT = "Alert", _("Alert")
    UPDATE = "Update", _("Update")
    CANCEL = "Cancel", _("Cancel")


class Change(models.TextChoices):
    ISSUE = "issue", _("Issued")
    UPDATE = "update", _("Updated")
    RAISE = "raise", _("Raised")
    LOWER = "lower", _("Lowered")
    CANCEL = "cancel", _("Cancelled")


MESSAGE_TYPE = {
    Change.ISSUE: MessageType.ALERT,
    Change.UPDATE: MessageType.UPDATE,
    Change.RAISE: MessageType.UPDATE,
    Change.LOWER: MessageType.UPDATE,
    Change.CANCEL: MessageType.CANCEL,
}


class MessageState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    SENT = "sent", _("Sent")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Superseded before approval")


class WarningMessage(models.Model):
    """One change to a warning: its content as proposed, and once sent its signed CAP alert."""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.CASCADE, related_name="messages"
    )
    change = models.CharField(_("change"), max_length=8, choices=Change.choices)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    # what the warning becomes when this message is sent (services.CONTENT_FIELDS)
    content = models.JSONField(_("content"), default=dict)
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=MessageState.choices, default=MessageState.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or refused by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reasons = models.TextField(_("reasons for refusing"), blank=True)
    # the CAP alert, set when sent
    identifier = models.CharField(_("CAP identifier"), max_length=160, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    refers_to = models.ForeignKey(
        "self",
        verbose_name=_("refers to"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    xml = models.TextField(_("signed CAP alert"), blank=True)
    key_id = models.CharField(_("signing key"), max_length=64, blank=True)
    reached = models.PositiveIntegerField(_("people reached"), default=0)

    class Meta:
        verbose_name = _("warning message")
        verbose_name_plural = _("warning messages")
        ordering = ["proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["identifier"], condition=~Q(identifier=""), name="emergency_cap_id_once"
            ),
            models.UniqueConstraint(
                fields=["warning"],
                condition=Q(state="pending"),
                name="emergency_one_pending_message",
            ),
        ]
        indexes = [models.Index(fields=["state", "sent_at"], name="emergency_message_sent")]

    def __str__(self) -> str:
        return self.identifier or f"{self.warning_id}:{self.change}"

    @property
    def message_type(self) -> str:
        return MESSAGE_TYPE[self.change]

    @property
    def level_words(self) -> str:
        return level_words(self.level)

    @property
    def grade(self) -> str:
        return GRADE[self.level]


class Reach(models.Model):
    """How many people a sent message was queued for, per district and channel ("inbox" for
    the in-app inbox)."""

    message = models.ForeignKey(
        WarningMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="reach"
    )
    district = models.ForeignKey(
        Division, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=32)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("warning reach")
        verbose_name_plural = _("warning reach")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "district", "channel"], name="emergency_reach_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.channel} {self.count}"


from onewindow.emergency.duty_models import (  # noqa: E402, F401 - the app's models
    DutyShift,
    Handover,
)
from onewindow.emergency.event_models import (  # noqa: E402, F401 - the app's models
    CommandGroup,
    CommandStructure,
    Competition,
    DailyReport,
    EventPermit,
    FunctionalArea,
    MajorEvent,
    Venue,
)
from onewindow.emergency.incident_models import (  # noqa: E402, F401 - the app's models
    Incident,
    IncidentReport,
)
from onewindow.emergency.plan_models import (  # noqa: E402, F401 - the app's models
    Activation,
    Assignment,
    LevelChange,
    Plan,
    PlanGroup,
    PlanLevel,
    PlanTask,
)
from onewindow.emergency.resource_models import (  # noqa: E402, F401 - the app's models
    Dispatch,
    Resource,
    ResourceRequest,
)
