"""The duty roster (值班) of the emergency desks, and the handovers between duty days.

Governments and their emergency departments keep a 24-hour duty with a leader in charge (领导
带班) and duty officers (值班员), handing over at each change of shift (交接班); the platform
follows that practice without citing an article it could not check here. A duty day runs from
08:30 to 08:30 the next morning (``duty.HANDOVER``, the platform's own figure); an incident or
report that comes in at night reaches whoever is on duty.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department


class Post(models.TextChoices):
    LEADER = "leader", _("Leader on duty (带班领导)")
    OFFICER = "officer", _("Duty officer (值班员)")


class DutyShift(models.Model):
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("duty day"), help_text=_("From 08:30 that day to 08:30 the next."))
    post = models.CharField(_("post"), max_length=8, choices=Post.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arranged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    arranged_at = models.DateTimeField(_("arranged at"))

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["department", "day", "post", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "day", "user"], name="emergency_one_shift_a_day"
            )
        ]
        indexes = [models.Index(fields=["department", "day"], name="emergency_duty_day")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.day} {self.post}"


class Handover(models.Model):
    """The end of a duty day: what the outgoing shift hands over (open incidents, tasks, calls
    to return), and the incoming shift's taking over (接班)."""

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("duty day handed over"))
    notes = models.TextField(_("handover notes"))
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_at = models.DateTimeField(_("handed over at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken over by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    taken_at = models.DateTimeField(_("taken over at"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-handed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "day"], name="emergency_one_handover")
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.day}"
