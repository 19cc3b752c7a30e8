"""Service items (事项) as a service-item list publishes them, with their process templates."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.catalog.english import article_en
from onewindow.catalog.vocabulary import (
    REGISTRY_FIELDS,
    ApplicantType,
    Domain,
    ItemType,
    LifeEvent,
    MaterialForm,
    Pattern,
    Requirement,
    SourceKind,
)
from onewindow.core.localized import english_active, localized, localized_entry


class ProcessTemplate(models.Model):
    """One BPMN 2.0 process per handling pattern; service items fill in its parameters."""

    pattern = models.CharField(_("pattern"), max_length=32, choices=Pattern.choices, unique=True)
    process_id = models.CharField(_("BPMN process id"), max_length=64)
    bpmn = models.TextField(_("BPMN 2.0 XML"))
    digest = models.CharField(_("SM3 digest"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("process template")
        verbose_name_plural = _("process templates")
        ordering = ["pattern"]

    def __str__(self) -> str:
        return self.get_pattern_display()


class Holder(models.TextChoices):
    PERSON = "person", _("Person")
    ENTITY = "entity", _("Legal entity")


class CertificateType(models.Model):
    """A kind of e-certificate (电子证照): what a grant issues, or what stands in for a material."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    issuer = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("issuer")
    )
    holder = models.CharField(
        _("holder"), max_length=8, choices=Holder.choices, default=Holder.PERSON
    )
    validity_years = models.PositiveSmallIntegerField(
        _("validity (years)"), null=True, blank=True, help_text=_("Empty: long-term.")
    )
    # [{"key", "title", "title_en", "from": [source, …]}]: see catalog.certificate_layout.
    fields = models.JSONField(_("fields"), default=list)

    class Meta:
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")
        ordering = ["code"]

    def __str__(self) -> str:
        return localized(self, "name")


class ServiceItem(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=128)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("English summary"), blank=True)
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices, db_index=True)
    item_type = models.CharField(_("item type"), max_length=32, choices=ItemType.choices)
    applicant = models.CharField(_("applicant"), max_length=16, choices=ApplicantType.choices)
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="led_items",
        verbose_name=_("lead department"),
    )
    co_departments = models.ManyToManyField(
        Department, blank=True, related_name="co_handled_items", verbose_name=_("co-departments")
    )
    legal_basis = models.JSONField(_("legal basis"), default=list)
    statutory_limit = models.PositiveSmallIntegerField(_("statutory limit (working days)"))
    promised_limit = models.PositiveSmallIntegerField(_("promised limit (working days)"))
    instant = models.BooleanField(_("instant service"), default=False)
    online_depth = models.PositiveSmallIntegerField(_("online depth"), default=4)
    # [{"what", "what_en", "why", "why_en", "appointment": bool}]: visits the law requires.
    in_person_steps = models.JSONField(_("in-person steps"), default=list, blank=True)
    # {"title", "issuer", "document_number", "year"}: where the joint handling is decided.
    joint_handling_source = models.JSONField(_("source of joint handling"), null=True, blank=True)
    acceptance_conditions = models.TextField(_("acceptance conditions"), blank=True)
    acceptance_conditions_en = models.TextField(_("English acceptance conditions"), blank=True)
    # [{"centre", "name", "name_en", "address", "address_en", "hours", "hours_en"}]
    service_locations = models.JSONField(_("where and when"), default=list, blank=True)
    consultation_phone = models.CharField(_("enquiries phone"), max_length=40, blank=True)
    complaint_phone = models.CharField(_("complaints phone"), max_length=40, blank=True)
    delivery_methods = models.JSONField(_("delivery of the result"), default=list, blank=True)
    reviewed_on = models.DateField(_("reviewed against the law on"), null=True, blank=True)
    fee_amount = models.DecimalField(
        _("fee (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_basis = models.CharField(_("fee basis"), max_length=300, blank=True)
    fee_basis_en = models.CharField(_("English fee basis"), max_length=400, blank=True)
    form_schema = models.JSONField(_("application form schema"), default=dict)
    process = models.ForeignKey(
        ProcessTemplate, on_delete=models.PROTECT, related_name="items", verbose_name=_("process")
    )
    process_parameters = models.JSONField(_("process parameters"), default=dict, blank=True)
    output_certificate = models.ForeignKey(
        CertificateType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issuing_items",
        verbose_name=_("certificate issued"),
    )
    # When the certificate's holder is not the applicant: {"name": [source], "id_number": [...]}
    output_holder = models.JSONField(_("certificate holder"), null=True, blank=True)
    output_description = models.CharField(_("output"), max_length=200, blank=True)
    output_description_en = models.CharField(_("English output"), max_length=300, blank=True)
    faq = models.JSONField(_("FAQ"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=True)
    source_file = models.CharField(_("catalogue file"), max_length=64, default="custom")
    position = models.PositiveIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_limit__lte=F("statutory_limit")),
                name="catalog_item_promised_within_statutory",
            ),
            models.CheckConstraint(
                condition=Q(online_depth__gte=1, online_depth__lte=4),
                name="catalog_item_online_depth_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(instant=False) | Q(promised_limit=0),
                name="catalog_item_instant_decided_same_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")

    @property
    def display_output(self) -> str:
        return localized(self, "output_description")

    @property
    def is_free(self) -> bool:
        return self.fee_amount is None or self.fee_amount == 0

    @property
    def parallel_department_codes(self) -> list[str]:
        return list(self.process_parameters.get("parallel", []))

    @property
    def display_acceptance_conditions(self) -> str:
        return localized(self, "acceptance_conditions")

    @property
    def display_fee_basis(self) -> str:
        return localized(self, "fee_basis")

    @property
    def display_legal_basis(self) -> list[dict]:
        """The legal basis with each law's name and article in the active language."""
        names = {}
        if english_active():
            laws = {basis.get("law") for basis in self.legal_basis}
            names = dict(Law.objects.filter(name__in=laws).values_list("name", "name_en"))
        return [
            {
                "law": names.get(basis.get("law")) or basis.get("law", ""),
                "article": (
                    (basis.get("article_en") or article_en(basis.get("article", "")))
                    if english_active()
                    else ""
                )
                or basis.get("article", ""),
                "version": basis.get("version", ""),
            }
            for basis in self.legal_basis
        ]

    @property
    def display_joint_handling_source(self) -> dict | None:
        source = self.joint_handling_source
        if not source:
            return None
        return {
            **source,
            "title": localized_entry(source, "title"),
            "issuer": localized_entry(source, "issuer"),
            "document_number": localized_entry(source, "document_number"),
        }

    def localized_steps(self) -> list[dict]:
        return [
            {
                "what": localized_entry(step, "what"),
                "why": localized_entry(step, "why"),
                "appointment": bool(step.get("appointment")),
            }
            for step in self.in_person_steps
        ]

    def localized_locations(self) -> list[dict]:
        return [
            {key: localized_entry(place, key) for key in ("name", "address", "hours")}
            for place in self.service_locations
        ]


class Law(models.Model):
    """A law or regulation the catalogue cites, with its current version (最新修订/公布日期)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    version = models.DateField(
        _("current version"), help_text=_("Date of promulgation or of the latest amendment.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version.isoformat()})"


class InstanceLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street or town")


class ItemInstance(models.Model):
    """One implementation of a service item (实施清单) at one level and division.

    The item is defined once; each instance names who decides (``department``), where the
    window is (``service_centre``, whose address and hours the guide shows), and the limit
    promised there, which may be shorter than the item's but never longer than its statutory
    limit. An application goes to the instance of the applicant's division or chosen place.
    """

    item = models.ForeignKey(
        ServiceItem, on_delete=models.CASCADE, related_name="instances", verbose_name=_("item")
    )
    level = models.CharField(_("level"), max_length=16, choices=InstanceLevel.choices)
    division = models.ForeignKey(
        "core.Division",
        on_delete=models.PROTECT,
        related_name="item_instances",
        verbose_name=_("division"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="item_instances",
        verbose_name=_("implementing department"),
    )
    service_centre = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="centre_instances",
        verbose_name=_("service centre"),
    )
    window = models.CharField(_("window"), max_length=120, blank=True)
    window_en = models.CharField(_("English window"), max_length=200, blank=True)
    promised_limit = models.PositiveSmallIntegerField(_("promised limit (working days)"))
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("item instance")
        verbose_name_plural = _("item instances")
        ordering = ["item", "division"]
        constraints = [
            models.UniqueConstraint(fields=["item", "division"], name="catalog_instance_once"),
        ]
        indexes = [models.Index(fields=["service_centre", "published"])]

    def __str__(self) -> str:
        return f"{self.item.code} @ {self.division_id}"

    @property
    def display_window(self) -> str:
        return localized(self, "window")


class LifeEventTag(models.Model):
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="life_events")
    event = models.CharField(_("life event"), max_length=32, choices=LifeEvent.choices)

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        constraints = [
            models.UniqueConstraint(fields=["item", "event"], name="catalog_life_event_once")
        ]
        indexes = [models.Index(fields=["event"])]

    def __str__(self) -> str:
        return self.get_event_display()


class Material(models.Model):
    """A required material and where it comes from; registry and certificate ones are 免提交."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="materials")
    key = models.SlugField(_("key"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    form = models.CharField(_("form"), max_length=24, choices=MaterialForm.choices)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    requirement = models.CharField(_("requirement"), max_length=16, choices=Requirement.choices)
    condition = models.CharField(_("condition"), max_length=300, blank=True)
    condition_en = models.CharField(_("English condition"), max_length=400, blank=True)
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    # Non-essential (非核心): under 容缺受理 an applicant of good credit may supply it later.
    deferrable = models.BooleanField(_("may be supplied later"), default=False)
    # A certification (证明) an applicant of good credit may replace with a written commitment
    # (告知承诺, 国办发〔2020〕42号), the department verifying it after the case is accepted.
    committable = models.BooleanField(_("may be replaced by a commitment"), default=False)
    registry_field = models.CharField(
        _("registry field"),
        max_length=64,
        blank=True,
        choices=[(code, label) for code, label in REGISTRY_FIELDS.items()],
    )
    certificate_type = models.ForeignKey(
        CertificateType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate type"),
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "key"], name="catalog_material_key_once"),
            models.CheckConstraint(
                condition=(
                    Q(source_kind="upload", registry_field="", certificate_type__isnull=True)
                    | (
                        Q(source_kind="registry", certificate_type__isnull=True)
                        & ~Q(registry_field="")
                    )
                    | Q(
                        source_kind="certificate", registry_field="", certificate_type__isnull=False
                    )
                ),
                name="catalog_material_source_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self, "name")

    @property
    def display_condition(self) -> str:
        return localized(self, "condition")

    @property
    def source(self) -> str:
        """The catalogue notation: upload, registry:<field> or certificate:<type>."""
        if self.source_kind == SourceKind.REGISTRY:
            return f"registry:{self.registry_field}"
        if self.source_kind == SourceKind.CERTIFICATE:
            return f"certificate:{self.certificate_type.code}"
        return "upload"

    @property
    def no_submission_needed(self) -> bool:
        return self.source_kind != SourceKind.UPLOAD

    @property
    def source_label(self) -> str:
        if self.source_kind == SourceKind.REGISTRY:
            return str(REGISTRY_FIELDS.get(self.registry_field, self.registry_field))
        if self.source_kind == SourceKind.CERTIFICATE and self.certificate_type:
            return str(self.certificate_type)
        return ""


class HallNotice(models.Model):
    """A notice of the service hall (大厅公告): opening hours, holidays, new services.

    Shown from ``published_at`` on and, when ``expires_at`` is set, until then.
    """

    title = models.CharField(_("title"), max_length=120)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    body_en = models.TextField(_("English body"), blank=True)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hall notice")
        verbose_name_plural = _("hall notices")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("published_at")),
                name="catalog_notice_expires_after_publication",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_body(self) -> str:
        return localized(self, "body")
