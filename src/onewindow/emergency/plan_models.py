"""Emergency plans (应急预案) and their activation (启动响应).

突发事件应对法 (2007) Art. 17: governments and their departments draw up emergency plans; Art. 48:
once an emergency happens, the government responsible organises the response under the plan.
A plan has response levels I (the highest) to IV, each with its triggering conditions and the
command that leads it; working groups (工作组), each led by a member department; and the tasks of
each department, owed from a response level up. Activating a plan at a level (启动 Ⅲ级响应)
assigns every task owed at that level to its department: the department acknowledges it (接报)
and reports back (反馈) within the plan's hours, both clocks in the e-supervision ledger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.localized import localized
from onewindow.emergency.incident_models import EventClass, Grade, Incident


class ResponseLevel(models.IntegerChoices):
    """Response levels: I is the highest (the order in which the plans themselves number them)."""

    I = 1, _("Level I response")  # noqa: E741 - the plans' own numeral
    II = 2, _("Level II response")
    III = 3, _("Level III response")
    IV = 4, _("Level IV response")


NUMERAL = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


class Plan(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department in charge"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=160)
    title_en = models.CharField(_("English title"), max_length=240, blank=True)
    event_class = models.CharField(_("class of event"), max_length=16, choices=EventClass.choices)
    hazards = models.JSONField(
        _("warnings it answers"),
        default=list,
        blank=True,
        help_text=_("The kinds of warning whose levels trigger this plan (rainstorm, typhoon…)."),
    )
    summary = models.TextField(_("scope"), blank=True)
    summary_en = models.TextField(_("English scope"), blank=True)
    adopted_on = models.DateField(_("adopted on"))

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


class PlanLevel(models.Model):
    """One response level of a plan: when it is triggered and who leads it."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(_("response level"), choices=ResponseLevel.choices)
    trigger = models.TextField(_("triggering conditions"))
    trigger_en = models.TextField(_("English triggering conditions"), blank=True)
    warning_level = models.CharField(
        _("triggered by a warning of level"),
        max_length=8,
        blank=True,
        help_text=_("A warning of one of the plan's kinds at this level triggers this response."),
    )
    incident_grade = models.CharField(
        _("triggered by an incident of grade"),
        max_length=16,
        choices=Grade.choices,
        blank=True,
        help_text=_("An open incident of the plan's class at this grade or above triggers it."),
    )
    lead = models.CharField(_("led by"), max_length=200)
    lead_en = models.CharField(_("English: led by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("response level")
        verbose_name_plural = _("response levels")
        ordering = ["plan", "level"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "level"], name="emergency_one_plan_level")
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} {NUMERAL[self.level]}"

    @property
    def display_trigger(self) -> str:
        return localized(self, "trigger")

    @property
    def display_lead(self) -> str:
        return localized(self, "lead")


class PlanGroup(models.Model):
    """A working group of the command (抢险救援组, 转移安置组…), led by a member department."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class PlanTask(models.Model):
    """A department's task under a plan, owed from ``level`` up (a level IV task is owed at
    every level, a level II task at levels II and I)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    group = models.ForeignKey(
        PlanGroup,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("owed from response level"), choices=ResponseLevel.choices
    )
    text = models.TextField(_("task"))
    text_en = models.TextField(_("English task"), blank=True)
    acknowledge_hours = models.PositiveSmallIntegerField(_("hours to acknowledge"), default=1)
    report_hours = models.PositiveSmallIntegerField(_("hours to report back"), default=6)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.plan.code}: {self.text[:40]}"

    @property
    def display_text(self) -> str:
        return localized(self, "text")


class ActivationState(models.TextChoices):
    ACTIVE = "active", _("In force")
    ENDED = "ended", _("Ended")


class Activation(models.Model):
    """A plan put into force at a response level (启动响应); the level may be raised or lowered,
    and the response ended (终止响应)."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="activations"
    )
    level = models.PositiveSmallIntegerField(_("response level"), choices=ResponseLevel.choices)
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activations",
    )
    warning_number = models.CharField(_("warning"), max_length=40, blank=True)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=8, choices=ActivationState.choices, default=ActivationState.ACTIVE
    )
    activated_at = models.DateTimeField(_("activated at"))
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("activated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_note = models.TextField(_("how it ended"), blank=True)

    class Meta:
        verbose_name = _("plan activation")
        verbose_name_plural = _("plan activations")
        ordering = ["state", "-activated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(state="active"),
                name="emergency_one_active_response_per_plan",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def numeral(self) -> str:
        return NUMERAL[self.level]


class LevelChange(models.Model):
    """The response's levels in turn: the activation, then each raise or lowering."""

    activation = models.ForeignKey(
        Activation, verbose_name=_("response"), on_delete=models.CASCADE, related_name="changes"
    )
    level = models.PositiveSmallIntegerField(_("response level"), choices=ResponseLevel.choices)
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("response level change")
        verbose_name_plural = _("response level changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.activation_id} {NUMERAL[self.level]}"

    @property
    def numeral(self) -> str:
        return NUMERAL[self.level]


class Assignment(models.Model):
    """A plan task assigned to its department by an activation. The department acknowledges it
    (接报) within ``task.acknowledge_hours`` and reports back (反馈) within ``task.report_hours``
    of acknowledging; the text is kept as assigned, whatever later edits to the plan say."""

    activation = models.ForeignKey(
        Activation, verbose_name=_("response"), on_delete=models.CASCADE, related_name="assignments"
    )
    task = models.ForeignKey(
        PlanTask, verbose_name=_("plan task"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    group_name = models.CharField(_("working group"), max_length=80, blank=True)
    group_name_en = models.CharField(_("English working group"), max_length=120, blank=True)
    text = models.TextField(_("task"))
    text_en = models.TextField(_("English task"), blank=True)
    assigned_at = models.DateTimeField(_("assigned at"))
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
    report_by = models.DateTimeField(_("to report back by"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported back at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported back by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    report = models.TextField(_("report back"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")
        ordering = ["activation", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activation", "task"], name="emergency_task_once_per_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activation.number}/{self.task_id}"

    @property
    def display_text(self) -> str:
        return localized(self, "text")

    @property
    def display_group(self) -> str:
        return localized(self, "group_name")
