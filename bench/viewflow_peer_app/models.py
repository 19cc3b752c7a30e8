"""The process of one application: the submitted form and what each step decided."""

from django.db import models
from viewflow.workflow.models import Process


class Opinion(models.TextChoices):
    APPROVED = "approved", "同意"
    REJECTED = "rejected", "不同意"


class FoodLicenceProcess(Process):
    """食品经营许可: viewflow's process row, extended by the application's own table."""

    reference = models.CharField(max_length=64, unique=True)  # the idempotency key
    uscc = models.CharField(max_length=18)
    business_format = models.CharField(max_length=32)
    division = models.CharField(max_length=6)
    premises_address = models.CharField(max_length=200)
    food_safety_manager = models.CharField(max_length=50)
    contact_phone = models.CharField(max_length=20)
    accepted = models.BooleanField(null=True)
    scjg_opinion = models.CharField(max_length=16, choices=Opinion.choices, blank=True)
    xf_opinion = models.CharField(max_length=16, choices=Opinion.choices, blank=True)
    sthj_opinion = models.CharField(max_length=16, choices=Opinion.choices, blank=True)
    granted = models.BooleanField(null=True)
    delivered = models.CharField(max_length=16, blank=True)

    class Meta:
        permissions = [
            ("submit_application", "Can submit an application"),
            ("accept_application", "Can accept an application at the window"),
            ("review_scjg", "Can review for market regulation"),
            ("review_xf", "Can review for fire and rescue"),
            ("review_sthj", "Can review for ecology and environment"),
            ("decide_application", "Can decide an application"),
            ("deliver_decision", "Can deliver a decision"),
        ]
