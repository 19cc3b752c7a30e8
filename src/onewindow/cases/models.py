"""Applications (办件) and what the engine projects out of their workflow state.

The serialized SpiffWorkflow state on :class:`Case` is the process's truth; statuses, open
tasks, due dates and flags are projected into indexed columns in the same transaction, so
inboxes and reports never deserialize a workflow. Every table carries its case's
administrative division code, the key a distributed PostgreSQL would shard on.
Only ``cases.services`` writes these rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.accounts.models import Department
from onewindow.cases.delivery import Carrier
from onewindow.catalog.models import ServiceItem
from onewindow.core.localized import localized


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting intake")
    CORRECTION = "correction", _("Awaiting correction")
    REFUSED = "refused", _("Not accepted")
    IN_REVIEW = "in_review", _("Under review")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    BENEFITS = "benefits", _("Benefits being handled")
    AWAITING_DELIVERY = "awaiting_delivery", _("Awaiting delivery")
    CONCLUDED = "concluded", _("Concluded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses in which the applicant's case is still being handled.
OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.CORRECTION,
    Status.IN_REVIEW,
    Status.AWAITING_DECISION,
    Status.BENEFITS,
    Status.AWAITING_DELIVERY,
)
# Statuses in which the decision clock (行政许可法 Art. 42) runs.
DECISION_CLOCK_STATUSES = (Status.IN_REVIEW, Status.AWAITING_DECISION)
# Statuses in which the delivery clock (Art. 44) runs.
DELIVERY_CLOCK_STATUSES = (Status.BENEFITS, Status.AWAITING_DELIVERY)


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    DENIED = "denied", _("Denied")


class DeliveryMethod(models.TextChoices):
    ONLINE = "online", _("Online download")
    COUNTER = "counter", _("Pickup at the service centre's output window")
    POST = "post", _("Postal delivery")


# What the applicant may choose (统一出件): the counter, or post to an address.
APPLICANT_DELIVERY_METHODS = (DeliveryMethod.COUNTER, DeliveryMethod.POST)


class Case(models.Model):
    # Unique by a constraint, not ``unique=True``, which on PostgreSQL adds a second,
    # pattern-matching index that no query uses; every index is rewritten when a case moves.
    number = models.CharField(_("case number"), max_length=32)
    division_code = models.CharField(_("division code"), max_length=6)
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service"), on_delete=models.PROTECT, related_name="cases"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # cases_by_applicant leads with it
    )
    instance = models.ForeignKey(
        "catalog.ItemInstance",
        verbose_name=_("item instance"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="led_cases",
        db_index=False,  # cases_by_lead_status leads with it
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.SUBMITTED
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    form_data = models.JSONField(_("form data"), default=dict)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    # SM3 of the request that used the key (cases.idempotency): another body is refused.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, default="", db_default="")
    version = models.PositiveIntegerField(_("version"), default=1)
    # Printed on the acceptance notice (受理回执): with the case number, anyone may look up the
    # case's progress without signing in (cases.progress); random, compared in constant time.
    progress_code = models.CharField(
        _("progress lookup code"), max_length=16, blank=True, default="", editable=False
    )
    # An enterprise applicant's registration status from the legal entity registry, read at
    # submission (signed exchange answer) so intake sees joint-supervision flags.
    applicant_check = models.JSONField(_("applicant check"), null=True, blank=True)
    # The joint measures (联合奖惩) the check led to at submission, as they read then.
    joint_measures = models.JSONField(_("joint measures applied"), default=list, blank=True)
    workflow_state = models.TextField(editable=False)

    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(_("received on"))
    intake_due = models.DateField(_("intake due"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by_law = models.BooleanField(_("accepted by operation of law"), default=False)

    statutory_limit = models.PositiveIntegerField(_("statutory limit"), null=True, blank=True)
    promised_limit = models.PositiveIntegerField(_("promised limit"), null=True, blank=True)
    extension_days = models.PositiveIntegerField(_("extension (working days)"), default=0)
    paused_days = models.PositiveIntegerField(_("paused working days"), default=0)
    clock_paused = models.BooleanField(_("clock paused"), default=False)
    statutory_due = models.DateField(_("statutory due date"), null=True, blank=True)
    promised_due = models.DateField(_("promised due date"), null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    yellow_at = models.DateTimeField(_("yellow card raised at"), null=True, blank=True)
    red_at = models.DateTimeField(_("red card raised at"), null=True, blank=True)

    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    delivery_due = models.DateField(_("delivery due"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivery method"), max_length=12, choices=DeliveryMethod.choices, blank=True
    )
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    delivery_address = models.CharField(_("postal address"), max_length=200, blank=True)
    delivery_carrier = models.CharField(
        _("carrier"), max_length=8, choices=Carrier.choices, blank=True
    )
    collected_by = models.CharField(_("collected by"), max_length=50, blank=True)
    collector_id_masked = models.CharField(_("collector's ID number"), max_length=24, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="cases_case_number_unique"),
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="cases_one_case_per_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"], name="cases_by_applicant"),
            models.Index(fields=["lead_department", "status"], name="cases_by_lead_status"),
            models.Index(fields=["status", "promised_due"], name="cases_by_status_due"),
            models.Index(fields=["status", "intake_due"], name="cases_by_intake_due"),
            # The workbench inbox pages each kind of work by (due date, id); see bench/.
            models.Index(
                fields=["lead_department", "intake_due", "id"],
                condition=Q(status="submitted"),
                name="cases_intake_inbox",
            ),
            models.Index(
                fields=["lead_department", "promised_due", "id"],
                condition=Q(status="awaiting_decision"),
                name="cases_decision_inbox",
            ),
            models.Index(
                fields=["lead_department", "delivery_due", "id"],
                condition=Q(status="awaiting_delivery"),
                name="cases_delivery_inbox",
            ),
            models.Index(
                fields=["status", "promised_due", "id"],
                condition=Q(yellow_at__isnull=False),
                name="cases_flagged_decision",
            ),
            models.Index(
                fields=["status", "delivery_due", "id"],
                condition=Q(yellow_at__isnull=False),
                name="cases_flagged_delivery",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseSequence(models.Model):
    """The last case number handed out per division and day."""

    division_code = models.CharField(max_length=6)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["division_code", "day"], name="cases_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.division_code} {self.day}: {self.last}"


class MaterialSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded")
    REGISTRY = "registry", _("Base registry")
    CERTIFICATE = "certificate", _("E-certificate")


class CaseMaterial(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    division_code = models.CharField(max_length=6)
    key = models.CharField(_("material"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=12, choices=MaterialSource.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # For a registry material: the provider's signed exchange answer, or why there is none.
    registry_answer = models.JSONField(_("registry answer"), null=True, blank=True)
    # For an e-certificate material: the applicant's certificate, attached by reference.
    certificate = models.ForeignKey(
        "certificates.Certificate",
        verbose_name=_("e-certificate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    digest = models.CharField(_("SM3 digest"), max_length=64, blank=True)
    round = models.PositiveSmallIntegerField(_("submission round"), default=1)
    superseded = models.BooleanField(_("replaced by a later submission"), default=False)
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "key", "round"]
        indexes = [models.Index(fields=["case", "superseded"], name="cases_material_current")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.key}#{self.round}"

    @property
    def display_name(self) -> str:
        """The catalogue's English name when English is active (``name_en`` is set on the
        instance by ``cases.selectors.case_file``), else the name copied at submission."""
        return localized(self, "name")


class TaskStage(models.TextChoices):
    REVIEW = "review", _("Review")
    INSPECTION = "inspection", _("On-site inspection")
    NOTICE = "notice", _("Public notice")
    BENEFIT = "benefit", _("Benefit")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for the applicant")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    CANCELLED = "cancelled", _("Cancelled")
    # Closed by the applicant's amendment (变更申请); the department reviews again in a new task.
    REOPENED = "reopened", _("Reopened after an amendment")

    @classmethod
    def done(cls) -> tuple[str, ...]:
        """Statuses of a task nobody acts on any more."""
        return (cls.APPROVED, cls.DENIED, cls.CANCELLED, cls.REOPENED)


class ReviewTask(models.Model):
    """One department's part of a case (并联办理): a projection of a ready workflow task."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    division_code = models.CharField(max_length=6)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="tasks",
        db_index=False,  # cases_task_inbox leads with it
    )
    stage = models.CharField(_("stage"), max_length=12, choices=TaskStage.choices)
    workflow_task = models.CharField(max_length=36)  # unique by cases_task_workflow_task
    benefit_item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    opinion = models.TextField(_("opinion"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workflow_task"], name="cases_task_workflow_task"),
        ]
        indexes = [
            models.Index(fields=["department", "status", "due_on", "id"], name="cases_task_inbox"),
            models.Index(
                fields=["case", "department"],
                condition=Q(status__in=["open", "waiting"]),
                name="cases_task_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.department_id}/{self.stage}"

    @property
    def is_open(self) -> bool:
        return self.status in (TaskStatus.OPEN, TaskStatus.WAITING)


class CorrectionNotice(models.Model):
    """The one-time notice of everything to correct (一次性告知, 行政许可法 Art. 32)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="corrections")
    division_code = models.CharField(max_length=6)
    items = models.JSONField(_("materials to correct"), default=list)  # [{key, name, problem}]
    note = models.TextField(_("note"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]

    def __str__(self) -> str:
        return f"correction {self.pk} of case {self.case_id}"


class PauseReason(models.TextChoices):
    """Time the law does not count (行政许可法 Art. 45) and waiting for the applicant."""

    INSPECTION = "inspection", _("On-site inspection")
    TESTING = "testing", _("Testing")
    QUARANTINE = "quarantine", _("Quarantine")
    APPRAISAL = "appraisal", _("Appraisal")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    HEARING = "hearing", _("Hearing")
    SUPPLEMENT = "supplement", _("Waiting for the applicant's supplement")


class ClockPause(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    division_code = models.CharField(max_length=6)
    kind = models.CharField(_("reason"), max_length=16, choices=PauseReason.choices)
    reason = models.TextField(_("details"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(
        ReviewTask, null=True, blank=True, on_delete=models.CASCADE, related_name="pauses"
    )
    supplement_items = models.JSONField(default=list, blank=True)  # for a supplement request
    started_on = models.DateField(_("paused from"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    working_days = models.PositiveIntegerField(_("working days not counted"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on=None), name="cases_one_open_pause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Extension(models.Model):
    """An extension of the time limit (行政许可法 Art. 42 / Art. 26), approved by a head."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    division_code = models.CharField(max_length=6)
    days = models.PositiveIntegerField(_("working days"))
    article = models.CharField(_("legal basis"), max_length=8)  # "42" or "26"
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=12, choices=ExtensionStatus.choices, default="pending"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"+{self.days} ({self.status})"

    @property
    def citation(self) -> str:
        """The provisions the extension rests on, e.g. "Art. 42 para. 1", in the active language."""
        from onewindow.cases.clocks import EXTENSION_RULES  # clocks → catalog, not models

        return EXTENSION_RULES[self.article].citation


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance notice")
    CORRECTION = "correction", _("Correction notice")
    REFUSAL = "refusal", _("Refusal notice")
    PAUSE = "pause", _("Clock pause notice")
    EXTENSION = "extension", _("Extension notice")
    DECISION = "decision", _("Decision")
    FEE = "fee", _("Payment notice")


class CaseDocument(models.Model):
    """A notice or decision the case issued to the applicant, and its PDF.

    ``content`` freezes what the document says when it is issued; the PDF is rendered from it
    after the commit (by the task worker, or on first download) and its SM3 digest goes into
    the audit chain beside the content's.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    division_code = models.CharField(max_length=6)
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    number = models.CharField(_("document number"), max_length=64, unique=True)
    content = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    digest = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField()
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        indexes = [
            models.Index(
                fields=["issued_at"],
                name="cases_document_unrendered",
                condition=Q(rendered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    """One step on the applicant-visible timeline."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # cases_event_timeline leads with it
    )
    division_code = models.CharField(max_length=6)
    kind = models.CharField(max_length=32)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="cases_event_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at}"


class Draft(models.Model):
    """An application being filled in on the service hall: saved as typed, resumed later.

    Nothing in a draft is checked beyond the uploads' type and size; the case engine checks
    everything on submission. ``case`` is set once submitted, so a repeated submit finds it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="+")
    form_data = models.JSONField(_("form data"), default=dict)
    # Field name -> {"value", "source"}: what was filled in for the applicant, and from where.
    prefilled = models.JSONField(_("prefilled values"), default=dict)
    # The division the applicant chose to apply in (属地); blank: their registered one.
    place = models.CharField(_("place of application"), max_length=12, blank=True, default="")
    # The material keys the applicant replaces with a written commitment (告知承诺).
    commitments = models.JSONField(_("commitments"), default=list, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["applicant", "case"], name="cases_draft_applicant")]

    def __str__(self) -> str:
        return f"draft {self.pk} of {self.item_id}"


class DraftMaterial(models.Model):
    """An upload kept with a draft until it is submitted."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="materials")
    key = models.CharField(_("material"), max_length=64)
    file = models.FileField(_("file"), upload_to="drafts/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    digest = models.CharField(_("SM3 digest"), max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="cases_draftmaterial_one_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} of draft {self.draft_id}"


class RatingProblem(models.TextChoices):
    """What went wrong, asked after a poor rating (好差评 差评 reasons)."""

    SLOW = "slow", _("It took too long")
    MATERIALS = "materials", _("Too many or unclear materials")
    TRIPS = "trips", _("I had to go to an office in person")
    ATTITUDE = "attitude", _("Staff were unhelpful")
    WEBSITE = "website", _("The website was hard to use")
    UNCLEAR = "unclear", _("The decision or its reasons were unclear")
    OTHER = "other", _("Something else")


class Rating(models.Model):
    """好差评: the applicant's one rating of a handled case, five levels."""

    class Score(models.IntegerChoices):
        VERY_POOR = 1, _("Very dissatisfied")
        POOR = 2, _("Dissatisfied")
        FAIR = 3, _("Neutral")
        GOOD = 4, _("Satisfied")
        VERY_GOOD = 5, _("Very satisfied")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="rating"
    )
    division_code = models.CharField(max_length=6)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    problems = models.JSONField(_("what went wrong"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating of a service")
        verbose_name_plural = _("ratings of services")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="cases_rating_score_range"
            )
        ]
        indexes = [models.Index(fields=["department", "rated_at"], name="cases_rating_dept")]

    def __str__(self) -> str:
        return f"{self.score} for case {self.case_id}"

    @property
    def poor(self) -> bool:
        return self.score <= self.Score.POOR

    def problem_labels(self) -> list[str]:
        return [str(RatingProblem(p).label) for p in self.problems if p in RatingProblem.values]


class Rectification(models.Model):
    """差评整改: the department's verification and rectification of a poor rating (1–2), and its
    reply to the rater (国办发〔2019〕51号: every poor rating is verified, rectified and
    answered). Opened by ``cases.ratings.rate``; its deadline comes from ``core.clock``."""

    rating = models.OneToOneField(
        Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="rectification"
    )
    division_code = models.CharField(max_length=6)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    due = models.DateField(_("rectify by"))
    due_provisional = models.BooleanField(default=False)
    findings = models.TextField(_("what was found"), blank=True)
    actions = models.TextField(_("what was done"), blank=True)
    reply = models.TextField(_("reply to the rater"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rectification of a poor rating")
        verbose_name_plural = _("rectifications of poor ratings")
        indexes = [
            models.Index(
                fields=["department", "due"],
                condition=Q(answered_at=None),
                name="cases_rectification_open",
            )
        ]

    def __str__(self) -> str:
        return f"rectification of rating {self.rating_id}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def overdue(self) -> bool:
        """Open past its deadline: a red card on the supervision pages."""
        return self.answered_at is None and self.due < timezone.localdate()

    @property
    def answered_late(self) -> bool:
        return self.answered_at is not None and timezone.localdate(self.answered_at) > self.due


class CoolingOff(models.Model):
    """The divorce cooling-off period (离婚冷静期, 民法典 Art. 1077) of a registration case: 30
    calendar days from the registry's receipt of the joint application, then 30 days in which
    both parties appear in person together; dates from ``cases.cooling_off``."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="cooling_off")
    division_code = models.CharField(max_length=6)
    received_on = models.DateField(_("application received"))
    cooling_off_ends = models.DateField(_("cooling-off period ends"))
    appearance_ends = models.DateField(_("last day to appear together"))
    provisional = models.BooleanField(default=False)
    appeared_on = models.DateField(_("appeared together on"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=100, blank=True)
    lapsed_on = models.DateField(_("deemed withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("cooling-off period")
        verbose_name_plural = _("cooling-off periods")
        indexes = [
            models.Index(
                fields=["appearance_ends"],
                condition=Q(appeared_on=None, lapsed_on=None, withdrawn_by=""),
                name="cases_coolingoff_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.received_on} → {self.appearance_ends}"


class WindowIntake(models.Model):
    """An application filed for a person at the counter of a service centre (窗口收件).

    It records the channel (the central window, the clerk, the centre and the item instance)
    and the person's consent to the clerk filing it with their identity: the statement shown,
    its purpose and when it was given (个人信息保护法 Art. 14: informed, voluntary, explicit).
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="window_intake")
    division_code = models.CharField(max_length=6)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="window_intakes",
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    centre = models.ForeignKey(
        Department, verbose_name=_("service centre"), on_delete=models.PROTECT, related_name="+"
    )
    instance = models.ForeignKey(
        "catalog.ItemInstance",
        verbose_name=_("item instance"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    account_created = models.BooleanField(_("account created at the window"), default=False)
    consent_purpose = models.CharField(_("purpose of the consent"), max_length=200)
    consent_statement = models.TextField(_("statement shown"))
    consented_at = models.DateTimeField(_("consent given at"))

    class Meta:
        verbose_name = _("window intake")
        verbose_name_plural = _("window intakes")

    def __str__(self) -> str:
        return f"window intake of case {self.case_id}"


from onewindow.cases.measure_models import *  # noqa: E402, F403
