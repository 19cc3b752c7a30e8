"""Shared kernel tables: administrative divisions, the working-day calendar, the audit chain."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.localized import localized


class Division(models.Model):
    """An administrative division (GB/T 2260; townships by their 9-digit statistical code)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture-level city")
        COUNTY = "county", _("County-level division")
        TOWNSHIP = "township", _("Street or town")

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=120, blank=True, db_default="")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of codes from the root, "440000/440100/440104/", for subtree queries.
    path = models.CharField(_("path"), max_length=128, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        return localized(self, "name")


class CalendarYear(models.Model):
    """Whether a year's holiday and make-up working day data is entered (published).

    A year not published is counted Monday to Friday and every date computed so is
    provisional (core.clock)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("The State Council's holiday arrangement for this year has been entered."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """An override of the weekday rule: a statutory holiday or an adjusted working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (no work)")
        WORKDAY = "workday", _("Adjusted working day")

    class Source(models.TextChoices):
        SEED = "seed", _("Seeded from the published holiday arrangement")
        ADMIN = "admin", _("Entered by an administrator")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=64, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.ADMIN
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("working calendar day")
        verbose_name_plural = _("working calendar")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class AuditEntry(models.Model):
    """One link of the append-only, hash-chained audit log.

    ``hash`` = SM3(previous entry's hash || canonical JSON of this entry's content).
    """

    seq = models.BigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.CharField(_("actor"), max_length=160, blank=True)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=80)
    data = models.JSONField(_("data"), default=dict)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # Not db_index=True: on PostgreSQL that adds a pattern-matching copy no query uses.
            models.Index(fields=["action"], name="core_audit_by_action"),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's tip, one row; locked while appending so writers form a single chain."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
