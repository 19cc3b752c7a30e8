"""Incidents (突发事件) and their reports up the tree.

突发事件应对法 (2007) Art. 3: emergencies are natural disasters, accidents, public-health events
and social-security events, graded 特别重大, 重大, 较大 and 一般 by their harm and reach.
生产安全事故报告和调查处理条例 (国务院令第493号, 2007) Art. 10: an ordinary (一般) accident is
reported level by level up to the government department of the city with districts (设区的市),
a larger (较大) one up to the province, a major (重大) or especially major (特别重大) one up to
the State Council's department; Art. 11: each level passes it on within 2 hours. The platform
applies the same chain and clock to every class of incident: the accident rule is the most
precise one in force, and the others ask for reports "at once".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import in_chinese, in_english, localized
from onewindow.core.models import Division


class EventClass(models.TextChoices):
    NATURAL = "natural", _("Natural disaster")  # 自然灾害
    ACCIDENT = "accident", _("Accident")  # 事故灾难
    HEALTH = "health", _("Public-health event")  # 公共卫生事件
    SOCIAL = "social", _("Social-security event")  # 社会安全事件


class Grade(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary (一般)")
    LARGER = "larger", _("Larger (较大)")
    MAJOR = "major", _("Major (重大)")
    GRAVEST = "gravest", _("Especially major (特别重大)")


GRADE_RANK = {Grade.ORDINARY: 1, Grade.LARGER: 2, Grade.MAJOR: 3, Grade.GRAVEST: 4}


class Source(models.TextChoices):
    DUTY = "duty", _("Received by the duty officer")  # 值班接报
    HOTLINE = "hotline", _("Escalated from a 12345 ticket")  # 12345 转报
    DEPARTMENT = "department", _("Reported by a department")  # 部门报送


class IncidentState(models.TextChoices):
    OPEN = "open", _("Being handled")
    CLOSED = "closed", _("Closed")


class Incident(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("recording department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    event_class = models.CharField(_("class"), max_length=16, choices=EventClass.choices)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices)
    title = models.CharField(_("title"), max_length=160)
    title_en = models.CharField(_("English title"), max_length=240, blank=True)
    description = models.TextField(_("what happened"))
    description_en = models.TextField(_("English description"), blank=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    occurred_at = models.DateTimeField(_("occurred at"))
    deaths = models.PositiveIntegerField(_("dead"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    affected = models.PositiveIntegerField(_("people affected"), default=0)
    losses = models.DecimalField(
        _("direct losses (10,000 yuan)"), max_digits=12, decimal_places=2, default=0
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    ticket_number = models.CharField(_("12345 ticket"), max_length=24, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["state", "occurred_at"], name="emergency_incident_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket_number"],
                condition=~models.Q(ticket_number=""),
                name="emergency_one_incident_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def notice_params(self) -> dict:
        """What a notice about the incident says of it, in both languages."""
        grade = Grade(self.grade).label
        return {
            "number": self.number,
            "title": self.title,
            "title_en": self.title_en or self.title,
            "grade": in_chinese(grade),
            "grade_en": in_english(grade),
        }

    @property
    def display_description(self) -> str:
        return localized(self, "description")


class IncidentReport(models.Model):
    """One step up the tree: ``sender`` passes the incident on to ``recipient`` within the
    limit, counted from when the sender learned of it; the recipient acknowledges (接报)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="reports"
    )
    sender = models.ForeignKey(
        Department,
        verbose_name=_("reporting department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recipient = models.ForeignKey(
        Department,
        verbose_name=_("department reported to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("known since"))
    due_at = models.DateTimeField(_("to report by"))
    sent_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.TextField(_("report"), blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "recipient"], name="emergency_report_once_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.sender_id} → {self.recipient_id}"

    @property
    def late(self) -> bool:
        return self.sent_at is not None and self.sent_at > self.due_at
