"""The base registries and the exchange that shares them between departments.

Persons, legal entities, standard addresses with division boundaries, and economic
indicators are the shared data (信息资源基础数据库). Departments read another department's
registry only under a ``Grant``; every read, served or refused, is one ``RegistryRead`` row,
which is also what a person sees of who looked at their record.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.core.fields import EncryptedCharField
from onewindow.core.identifiers import mask_id_number
from onewindow.core.models import Division


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MaritalStatus(models.TextChoices):
    UNMARRIED = "unmarried", _("Unmarried")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Person(models.Model):
    """A natural person in the population registry (人口基础信息库)."""

    id_number = EncryptedCharField(_("ID number"))
    # blind_index("id_number", …): the same index accounts.User keeps, so the two join.
    id_number_index = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=64)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    household_division = models.ForeignKey(
        Division,
        verbose_name=_("household registration division"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    household_address = models.CharField(_("household registration address"), max_length=200)
    # Where the person lives, as a standard address (标准地址): what reaches them with a warning
    # for a drawn area; without it only their household registration division is known.
    residence = models.ForeignKey(
        "Place",
        verbose_name=_("residence"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    marital_status = models.CharField(
        _("marital status"), max_length=16, choices=MaritalStatus.choices
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.name} {self.id_number_masked}"

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")


class FamilyRelation(models.Model):
    """``relative`` is ``person``'s spouse, parent or child; both directions are stored."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("relation"), max_length=8, choices=Relation.choices)

    class Meta:
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"], name="registry_unique_relation"
            ),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="registry_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.relative_id}"


class EntityType(models.TextChoices):
    LIMITED = "limited", _("Limited liability company")
    JOINT_STOCK = "joint_stock", _("Joint-stock company")
    SOLE_PROPRIETORSHIP = "sole", _("Sole proprietorship")
    PARTNERSHIP = "partnership", _("Partnership")
    INDIVIDUAL_BUSINESS = "individual", _("Individual business")
    COOPERATIVE = "cooperative", _("Farmers' cooperative")
    PUBLIC_INSTITUTION = "institution", _("Public institution")
    SOCIAL_ORGANIZATION = "social", _("Social organization")


class EntityStatus(models.TextChoices):
    ACTIVE = "active", _("In business")
    REVOKED = "revoked", _("Licence revoked")
    CANCELLED = "cancelled", _("Deregistered")


class LegalEntity(models.Model):
    """A legal person or other registered organization (法人基础信息库)."""

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=128)
    entity_type = models.CharField(_("type"), max_length=16, choices=EntityType.choices)
    legal_representative = models.ForeignKey(
        Person,
        verbose_name=_("legal representative"),
        on_delete=models.PROTECT,
        related_name="represented_entities",
    )
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"), max_digits=16, decimal_places=2
    )
    established_on = models.DateField(_("established on"))
    registration_authority = models.CharField(_("registration authority"), max_length=128)
    business_scope = models.TextField(_("business scope"))
    status = models.CharField(
        _("status"), max_length=16, choices=EntityStatus.choices, default=EntityStatus.ACTIVE
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"


class Place(models.Model):
    """A standard address (标准地址): division, street, building number and its coordinates."""

    code = models.CharField(_("address code"), max_length=32, unique=True)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.CharField(_("street or road"), max_length=64)
    number = models.CharField(_("building number"), max_length=32)
    building = models.CharField(_("building"), max_length=64, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        indexes = [models.Index(fields=["division", "street"], name="registry_place_street")]

    def __str__(self) -> str:
        return self.code


class DivisionBoundary(models.Model):
    """A division's boundary as a GeoJSON geometry, with its bounding box for pre-filtering."""

    division = models.OneToOneField(
        Division,
        verbose_name=_("division"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="boundary",
    )
    geometry = models.JSONField(_("GeoJSON geometry"))
    min_longitude = models.FloatField()
    min_latitude = models.FloatField()
    max_longitude = models.FloatField()
    max_latitude = models.FloatField()
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("division boundary")
        verbose_name_plural = _("division boundaries")

    def __str__(self) -> str:
        return str(self.division_id)


class Indicator(models.Model):
    """A macro-economic or population indicator (宏观经济数据库) with its unit and source."""

    class Frequency(models.TextChoices):
        YEAR = "year", _("Yearly")
        QUARTER = "quarter", _("Quarterly")
        MONTH = "month", _("Monthly")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=128)
    unit = models.CharField(_("unit"), max_length=32)
    unit_en = models.CharField(_("unit (English)"), max_length=64)
    source = models.CharField(_("source"), max_length=128)
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.YEAR
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One value of an indicator for a division and a period ("2024", "2024Q3", "2024-07")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8)
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["indicator", "division", "period_start"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "division", "period"], name="registry_unique_observation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.division_id} {self.period}"


class Grant(models.Model):
    """Permission for one department to read named fields of another registry."""

    provider = models.ForeignKey(
        Department,
        verbose_name=_("provider department"),
        on_delete=models.PROTECT,
        related_name="grants_given",
    )
    registry = models.CharField(_("registry"), max_length=16)
    consumer = models.ForeignKey(
        Department,
        verbose_name=_("consumer department"),
        on_delete=models.PROTECT,
        related_name="grants_held",
    )
    fields = models.JSONField(_("allowed fields"), default=list)
    purpose = models.CharField(_("purpose"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    # Statutory purposes a query may name without a case: [{"code": …, "legal_basis": …}],
    # codes from ``vocabulary.STATUTORY_PURPOSES`` (个人信息保护法 Art. 6, purpose limitation).
    purposes = models.JSONField(_("statutory purposes"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["registry", "consumer__code"]
        verbose_name = _("data-sharing grant")
        verbose_name_plural = _("data-sharing grants")
        indexes = [models.Index(fields=["consumer", "registry"], name="registry_grant_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="registry_grant_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.registry}: {self.provider.code} → {self.consumer.code}"


class ExchangeKey(models.Model):
    """A provider department's SM2 signing key for exchange responses.

    The private key is stored SM4-GCM encrypted under a key derived from the master key. A
    rotated-out key is retired, not deleted, so what it signed still verifies.
    """

    key_id = models.CharField(_("key id"), max_length=64, unique=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="exchange_keys",
    )
    public_key = models.CharField(_("public key"), max_length=128)
    private_key = models.TextField(_("private key (encrypted)"), editable=False)
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["department__code", "-created_at"]
        verbose_name = _("exchange signing key")
        verbose_name_plural = _("exchange signing keys")
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(retired_at__isnull=True),
                name="registry_one_active_key",
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class RegistryRead(models.Model):
    """One read of a registry record: who, for which department, when, why, and the outcome.

    The person whose record it was finds it on their own page (the data tracker).
    """

    class Outcome(models.TextChoices):
        SERVED = "served", _("Served")
        REFUSED = "refused", _("Refused")
        NOT_FOUND = "not_found", _("No such record")

    query_id = models.UUIDField(_("query id"), default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"))
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consumer = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider = models.ForeignKey(
        Department,
        verbose_name=_("provider department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registry = models.CharField(_("registry"), max_length=16)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="reads"
    )
    entity = models.ForeignKey(
        LegalEntity, null=True, blank=True, on_delete=models.SET_NULL, related_name="reads"
    )
    subject = models.CharField(_("subject"), max_length=64, blank=True)  # masked key
    fields = models.JSONField(_("fields"), default=list)
    purpose = models.CharField(_("purpose"), max_length=200)
    purpose_code = models.CharField(_("statutory purpose"), max_length=32, blank=True)
    case_number = models.CharField(_("case"), max_length=32, blank=True)
    grant = models.ForeignKey(
        Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="reads"
    )
    # A relative's entry: the read whose answer disclosed them, and how they are related to
    # its subject (spouse, parent, child), so the relative sees it on their own page.
    disclosed_in = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="disclosures"
    )
    relation = models.CharField(_("relation"), max_length=24, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    response_digest = models.CharField(_("response SM3 digest"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("registry read")
        verbose_name_plural = _("registry reads")
        indexes = [
            models.Index(fields=["person", "-at"], name="registry_read_person"),
            models.Index(fields=["entity", "-at"], name="registry_read_entity"),
        ]

    def __str__(self) -> str:
        return f"{self.query_id} {self.registry} {self.outcome}"
