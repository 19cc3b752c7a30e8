"""The catalogue's closed vocabularies: domains, life events, item kinds, material sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    HOUSEHOLD = "household", _("Household registration")
    MARRIAGE = "marriage", _("Marriage registration")
    FAMILY_PLANNING = "family_planning", _("Population and family planning")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    EMPLOYMENT = "employment", _("Labour and employment")
    SOCIAL_SECURITY = "social_security", _("Social security")
    HOUSING_TRANSPORT = "housing_transport", _("Housing and transport")
    EXIT_ENTRY = "exit_entry", _("Exit and entry")
    BUSINESS_STARTUP = "business_startup", _("Starting and licensing a business")
    ANNUAL_INSPECTION = "annual_inspection", _("Annual reviews and inspections")
    QUALIFICATION = "qualification", _("Qualifications and certification")
    TAX = "tax", _("Taxes and fees")
    CONSTRUCTION = "construction", _("Construction project approval")
    FIRE_SAFETY = "fire_safety", _("Public security and fire safety")
    QUALITY = "quality", _("Quality supervision")
    INSPECTION_QUARANTINE = "inspection_quarantine", _("Inspection and quarantine")
    ENVIRONMENT = "environment", _("Environmental protection")
    MUNICIPAL = "municipal", _("Municipal works")
    FOREIGN_TRADE = "foreign_trade", _("Foreign trade and exchange")
    PUBLISHING = "publishing", _("Press and publishing")
    TALENT = "talent", _("Talent services")


class LifeEvent(models.TextChoices):
    BIRTH = "birth", _("Birth")
    SCHOOLING = "schooling", _("Going to school")
    EMPLOYMENT = "employment", _("Finding work")
    MARRIAGE = "marriage", _("Getting married")
    CHILDBEARING = "childbearing", _("Having a child")
    HOME_PURCHASE = "home_purchase", _("Buying a home")
    RELOCATION = "relocation", _("Moving and settling")
    MEDICAL_CARE = "medical_care", _("Seeing a doctor")
    TRAVEL_ABROAD = "travel_abroad", _("Travelling abroad")
    RETIREMENT = "retirement", _("Retiring")
    BUSINESS_STARTUP = "business_startup", _("Starting a business")
    BUSINESS_OPERATION = "business_operation", _("Operating licences")
    CONSTRUCTION = "construction", _("Building a project")
    FOREIGN_TRADE = "foreign_trade", _("Importing and exporting")


class ItemType(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing")
    CONFIRMATION = "confirmation", _("Administrative confirmation")
    PUBLIC_SERVICE = "public_service", _("Public service")
    OTHER = "other", _("Other")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Citizens")
    ENTERPRISE = "enterprise", _("Enterprises")
    BOTH = "both", _("Citizens and enterprises")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    ORIGINAL_AND_COPY = "original_and_copy", _("Original and copy")
    ELECTRONIC = "electronic", _("Electronic")


class Requirement(models.TextChoices):
    MANDATORY = "mandatory", _("Required")
    CONDITIONAL = "conditional", _("Required when applicable")


class SourceKind(models.TextChoices):
    UPLOAD = "upload", _("Upload")
    REGISTRY = "registry", _("From the base registry")
    CERTIFICATE = "certificate", _("From your e-certificates")


class Pattern(models.TextChoices):
    INSTANT = "instant", _("Instant service")
    SINGLE_REVIEW = "single_review", _("Single-department review")
    PARALLEL_REVIEW = "parallel_review", _("Parallel review")
    ONSITE_INSPECTION = "onsite_inspection", _("Review with on-site inspection")
    PUBLIC_NOTICE = "public_notice", _("Review with a public-notice period")
    TALENT_CERTIFICATION = "talent_certification", _("Talent certification with parallel benefits")


class Delivery(models.TextChoices):
    """How the result (办理结果) reaches the applicant."""

    ELECTRONIC = "electronic", _("Electronic certificate or document online")
    WINDOW = "window", _("Collected at the window")
    POST = "post", _("Sent by post (EMS)")
    SELF_SERVICE = "self_service", _("Printed at a self-service terminal")


# Base-registry fields a material can be fetched from; the registry app serves them.
REGISTRY_FIELDS = {
    "person.identity": _("Population basic information"),
    "person.household": _("Household registration information"),
    "person.marriage": _("Marriage registration information"),
    "person.education": _("Education and degree information"),
    "person.social_insurance": _("Social insurance information"),
    "person.provident_fund": _("Housing provident fund information"),
    "person.property": _("Real estate registration information"),
    "person.birth": _("Birth registration information"),
    "person.residence": _("Residence registration information"),
    "entity.registration": _("Legal entity registration information"),
    "entity.tax": _("Tax information"),
    "entity.credit": _("Credit information"),
    "entity.social_insurance": _("Employer social insurance information"),
    "place.address": _("Standard address information"),
}


class ApplicantField(models.TextChoices):
    """What a form property says about the applicant itself (the ``applicant`` keyword).

    Such a property is filled from the signed-in account and may not name anyone else; it binds
    only an account of its kind (``person.*`` a citizen, ``entity.*`` an enterprise), so the same
    property stays free when the other kind applies (an enterprise naming its employee).
    """

    PERSON_NAME = "person.name", _("the applicant's real name")
    PERSON_ID_NUMBER = "person.id_number", _("the applicant's ID number")
    ENTITY_NAME = "entity.name", _("the enterprise's registered name")
    ENTITY_USCC = "entity.uscc", _("the enterprise's unified social credit code")


# Per applicant field: (the account kind it binds, the account attribute it must equal,
# the form format it needs: "" for plain text).
APPLICANT_ACCOUNT = {
    ApplicantField.PERSON_NAME: ("citizen", "real_name", ""),
    ApplicantField.PERSON_ID_NUMBER: ("citizen", "id_number", "id-number"),
    ApplicantField.ENTITY_NAME: ("enterprise", "enterprise_name", ""),
    ApplicantField.ENTITY_USCC: ("enterprise", "uscc", "uscc"),
}
