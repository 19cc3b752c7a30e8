"""Emergency resources (应急资源) and their dispatch (调派).

突发事件应对法 (2007) Art. 26 and 32: governments build up rescue teams and keep stocks of
supplies for emergencies; Art. 19: cities plan emergency shelters (应急避难场所). A ``Resource`` is
one of these (or an expert), kept by a department. A ``Dispatch`` sends it to an incident (and,
where a response is in force, to a task of it): the keeper acknowledges the order within an
hour, then reports it en route, on site and done. A ``ResourceRequest`` (请求支援) asks another
department or district for resources; granting it dispatches one of theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.core.models import Division
from onewindow.emergency.incident_models import Incident
from onewindow.emergency.plan_models import Assignment


class ResourceKind(models.TextChoices):
    TEAM = "team", _("Rescue team")  # 救援队伍
    SHELTER = "shelter", _("Shelter")  # 避难场所
    SUPPLY = "supply", _("Supplies")  # 物资储备
    EXPERT = "expert", _("Expert")  # 专家


class ResourceStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    DEPLOYED = "deployed", _("Deployed")
    UNAVAILABLE = "unavailable", _("Unavailable")
    OPEN = "open", pgettext_lazy("shelter status", "Open")  # a shelter taking people in
    CLOSED = "closed", pgettext_lazy("shelter status", "Closed")


# The statuses each kind has, and those its keeper sets by hand (a team is deployed by a
# dispatch and free again when it is done or cancelled).
STATUSES = {
    ResourceKind.TEAM: ("available", "deployed", "unavailable"),
    ResourceKind.EXPERT: ("available", "deployed", "unavailable"),
    ResourceKind.SUPPLY: ("available", "unavailable"),
    ResourceKind.SHELTER: ("open", "closed"),
}
SET_BY_HAND = {kind: tuple(s for s in found if s != "deployed") for kind, found in STATUSES.items()}
ONE_AT_A_TIME = (ResourceKind.TEAM, ResourceKind.EXPERT)  # on one dispatch at a time
# The resources ready to be dispatched: the filter the pages offer from; ``dispatches._take``
# refuses the others, saying why.
READY = models.Q(status__in=("available", "open")) & ~models.Q(kind="supply", quantity=0)
FIRST_STATUS = {
    ResourceKind.TEAM: "available",
    ResourceKind.EXPERT: "available",
    ResourceKind.SUPPLY: "available",
    ResourceKind.SHELTER: "closed",
}


class Resource(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=ResourceKind.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    contact_name = models.CharField(_("contact"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=ResourceStatus.choices)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=0, help_text=_("Members of a team; places in a shelter.")
    )
    occupancy = models.PositiveIntegerField(
        _("people sheltered"), default=0, help_text=_("Shelters: the people in it now.")
    )
    quantity = models.PositiveIntegerField(
        _("quantity in stock"), default=0, help_text=_("Supplies: how many are in stock.")
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    unit_en = models.CharField(_("English unit"), max_length=40, blank=True)
    speciality = models.CharField(_("speciality"), max_length=120, blank=True)
    speciality_en = models.CharField(_("English speciality"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("emergency resource")
        verbose_name_plural = _("emergency resources")
        ordering = ["kind", "division", "name", "pk"]
        indexes = [models.Index(fields=["kind", "status"], name="emergency_resource_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(occupancy__lte=models.F("capacity")),
                name="emergency_shelter_not_over_capacity",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_unit(self) -> str:
        return localized(self, "unit")

    @property
    def display_speciality(self) -> str:
        return localized(self, "speciality")

    @property
    def fill(self) -> int:
        """A shelter's occupancy in per cent of its places, for the width of its bar."""
        return min(100, self.occupancy * 100 // self.capacity) if self.capacity else 0


class DispatchStatus(models.TextChoices):
    DISPATCHED = "dispatched", _("Dispatched, awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    EN_ROUTE = "en_route", _("En route")
    ON_SITE = "on_site", _("On site")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


LIVE = ("dispatched", "acknowledged", "en_route", "on_site")
# What a dispatch may be moved to (the API's choices): its next status, or cancelled.
MOVES = [(s, s) for s in ("acknowledged", "en_route", "on_site", "done", "cancelled")]
# The statuses in turn; a shelter is not on its way anywhere.
SEQUENCE = ("dispatched", "acknowledged", "en_route", "on_site", "done")
SEQUENCE_OF = {ResourceKind.SHELTER: ("dispatched", "acknowledged", "on_site", "done")}


def next_status(kind: str, status: str) -> str | None:
    """The status a dispatch of a ``kind`` resource moves to from ``status``, or None."""
    sequence = SEQUENCE_OF.get(kind, SEQUENCE)
    if status not in sequence or status == sequence[-1]:
        return None
    return sequence[sequence.index(status) + 1]


class Dispatch(models.Model):
    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.PROTECT, related_name="dispatches"
    )
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, related_name="dispatches"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("response task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatches",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("dispatched by"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    note = models.TextField(_("orders"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DispatchStatus.choices, default="dispatched"
    )
    dispatched_at = models.DateTimeField(_("dispatched at"))
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dispatched by (person)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledge_by = models.DateTimeField(_("to acknowledge by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    en_route_at = models.DateTimeField(_("en route at"), null=True, blank=True)
    on_site_at = models.DateTimeField(_("on site at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-dispatched_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "acknowledge_by"], name="emergency_dispatch_live")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.resource_id} ({self.status})"

    @property
    def late(self) -> bool:
        return self.acknowledged_at is not None and self.acknowledged_at > self.acknowledge_by

    @property
    def next_status(self) -> str | None:
        return next_status(self.resource.kind, self.status)


class RequestState(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ResourceRequest(models.Model):
    """A request for resources (请求支援) from one department to another about an incident."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, related_name="+"
    )
    sender = models.ForeignKey(
        Department, verbose_name=_("requesting department"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recipient = models.ForeignKey(
        Department, verbose_name=_("department asked"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("kind wanted"), max_length=8, choices=ResourceKind.choices)
    quantity = models.PositiveIntegerField(_("how many"), default=1)
    text = models.TextField(_("what is needed"))
    text_en = models.TextField(_("English: what is needed"), blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=RequestState.choices, default=RequestState.OPEN
    )
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    answer_by = models.DateTimeField(_("to answer by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )  # fmt: skip
    reason = models.TextField(_("why it was refused"), blank=True)
    dispatch = models.OneToOneField(
        Dispatch, verbose_name=_("dispatch granted"), on_delete=models.PROTECT,
        related_name="request", null=True, blank=True,
    )  # fmt: skip

    class Meta:
        verbose_name = _("request for resources")
        verbose_name_plural = _("requests for resources")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.sender_id} → {self.recipient_id}"

    @property
    def display_text(self) -> str:
        return localized(self, "text")

    @property
    def late(self) -> bool:
        return self.answered_at is not None and self.answered_at > self.answer_by
