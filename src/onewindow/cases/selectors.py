"""Reads of cases, each applying the caller's permissions.

An applicant sees their own cases; an official sees the cases their department leads or
reviews; a supervisor sees every case. Anything else is reported as not found.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from onewindow.accounts.models import Department, Role, User
from onewindow.cases import clocks, output_window, workflow
from onewindow.cases.authority import (
    ALL_OFFICIAL_ROLES,
    REVIEW_ROLES,
    departments_with_role,
    is_supervisor,
)
from onewindow.cases.cooling_off import phase as cooling_off_phase
from onewindow.cases.errors import CaseNotFound, TaskNotFound
from onewindow.cases.messages import change_title, timeline_text
from onewindow.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseMaterial,
    ClockPause,
    CoolingOff,
    CorrectionNotice,
    Extension,
    ReviewTask,
    TaskStatus,
)
from onewindow.catalog.models import ItemInstance
from onewindow.core.clock import WorkingCalendar
from onewindow.payments import selectors as payment_selectors


def visible_cases(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see; ``authority.can_see`` answers the same for one case."""
    base = Case.objects.select_related("item", "lead_department", "applicant")
    if not user.is_authenticated:
        return base.none()
    if not user.is_official:
        return base.filter(applicant=user)
    if is_supervisor(user):
        return base
    departments = departments_with_role(user, ALL_OFFICIAL_ROLES)
    visible = (
        Q(lead_department_id__in=departments)
        | Q(instance__service_centre_id__in=departments_with_role(user, (Role.WINDOW_CLERK,)))
        | Q(pk__in=ReviewTask.objects.filter(department_id__in=departments).values("case_id"))
    )
    centres = output_window.output_centres(user)
    if centres:  # the 统一出件 window hands out every department's results
        visible |= output_window.results_at(centres)
    return base.filter(visible)


# What a list of cases never shows: the case's own JSON and the service's texts and forms.
_NOT_LISTED = (
    "form_data",
    "workflow_state",
    "applicant_check",
    *(
        f"item__{name}"
        for name in (
            "keywords",
            "summary",
            "summary_en",
            "legal_basis",
            "form_schema",
            "process_parameters",
            "output_holder",
            "faq",
        )
    ),
)


def listed_cases(user: User) -> QuerySet[Case]:
    """``visible_cases`` for a list page: the columns a row shows, newest first."""
    return visible_cases(user).defer(*_NOT_LISTED).order_by("-submitted_at", "-pk")


def case_for(user: User, number: str, cases: QuerySet[Case] | None = None) -> Case:
    """The case ``number`` among ``cases`` (default: those the user may see), else not found."""
    cases = visible_cases(user) if cases is None else cases
    case = cases.filter(number=number).first()
    if case is None:
        raise CaseNotFound(number)
    return case


# What a status answer reads: the case's clock and the names of its service and department.
_STATUS = (
    "number",
    "item__code",
    "item__name",
    "item__name_en",
    "lead_department__name",
    "status",
    "outcome",
    "submitted_at",
    "received_on",
    "intake_due",
    "accepted_on",
    "promised_due",
    "statutory_due",
    "delivery_due",
    "due_provisional",
    "clock_paused",
    "yellow_at",
    "red_at",
    "version",
)


def case_status(user: User, number: str) -> Case:
    """``case_for`` loading only what a status answer reads (no applicant, no JSON)."""
    cases = visible_cases(user).select_related(None).select_related("item", "lead_department")
    return case_for(user, number, cases.only(*_STATUS))


def case_detail(user: User, number: str) -> Case:
    """``case_for`` with its materials, tasks, notices, pauses, extensions and documents loaded
    in one query each (the API's case detail)."""
    cases = visible_cases(user).prefetch_related(
        "materials",
        Prefetch("tasks", ReviewTask.objects.select_related("department", "benefit_item")),
        "corrections",
        "pauses",
        "extensions",
        "documents",
    )
    return case_for(user, number, cases)


def open_tasks_for(user: User) -> QuerySet[ReviewTask]:
    """The open review tasks of the user's departments, oldest due first."""
    departments = departments_with_role(user, REVIEW_ROLES)
    return (
        ReviewTask.objects.filter(
            department_id__in=departments, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]
        )
        .select_related("case__item", "department", "benefit_item")
        .order_by("due_on", "opened_at", "pk")
    )


def tasks_of(case: Case) -> QuerySet[ReviewTask]:
    return case.tasks.select_related("department", "benefit_item").order_by("opened_at", "pk")


def amendments(case: Case) -> list[dict]:
    """The applicant's amendments (变更申请), newest first: when, why, and each field old → new."""
    events = CaseEvent.objects.filter(case=case, kind="amended").order_by("-at", "-pk")
    return [
        {
            "at": e.at,
            "reason": e.params.get("reason", ""),
            "changes": [
                {**change, "label": change_title(change)} for change in e.params.get("changes", [])
            ],
        }
        for e in events
    ]


def timeline(case: Case) -> list[dict]:
    events = CaseEvent.objects.filter(case=case).select_related("department").order_by("at", "pk")
    return [
        {
            "at": e.at,
            "kind": e.kind,
            "department": e.department.display_name if e.department else "",
            "text": timeline_text(e.kind, e.params),
        }
        for e in events
    ]


def documents_of(case: Case) -> QuerySet[CaseDocument]:
    return case.documents.order_by("issued_at", "pk")


def document_for(user: User, number: str, document_number: str) -> CaseDocument:
    case = case_for(user, number)
    document = case.documents.filter(number=document_number).first()
    if document is None:
        raise CaseNotFound(document_number)
    return document


def case_by_idempotency_key(user: User, key: str) -> Case | None:
    if not key or not user.is_authenticated:
        return None
    return Case.objects.filter(applicant=user, idempotency_key=key.strip()[:64]).first()


def material_for(user: User, number: str, material_id: int) -> CaseMaterial:
    case = case_for(user, number)
    material = case.materials.filter(pk=material_id).exclude(file="").first()
    if material is None:
        raise CaseNotFound(number)
    return material


def task_for(user: User, task_id: int) -> ReviewTask:
    task = (
        ReviewTask.objects.filter(pk=task_id, case__in=visible_cases(user))
        .select_related("case", "department", "benefit_item")
        .first()
    )
    if task is None:
        raise TaskNotFound(task_id)
    return task


def card(case: Case) -> str:
    """The case's e-supervision card: "red", "yellow" or "" (stamped by the sweep)."""
    if case.red_at:
        return "red"
    if case.yellow_at:
        return "yellow"
    return ""


def current_steps(case: Case) -> list[str]:
    """The BPMN element ids the case is waiting at, for highlighting the process diagram."""
    return sorted(workflow.ready_steps(workflow.load(case.workflow_state)))


@dataclass(frozen=True)
class CaseFile:
    """Everything one case page shows: the shared file every party sees (一网通办)."""

    case: Case
    card: str
    tasks: list[ReviewTask]
    timeline: list[dict]
    documents: list[CaseDocument]
    materials: list[CaseMaterial]
    superseded: list[CaseMaterial]
    open_correction: CorrectionNotice | None
    pauses: list[ClockPause]
    open_pause: ClockPause | None
    extensions: list[Extension]
    current_steps: list[str]
    provisional: dict[str, bool]  # which due dates may still move (clocks.provisional_dates)
    cooling_off: CoolingOff | None = None  # a divorce registration's periods (Art. 1077)
    cooling_off_phase: str = ""


def case_file(user: User, number: str) -> CaseFile:
    """The case ``number`` as ``user`` may see it (``CaseNotFound`` otherwise)."""
    case = case_for(user, number)
    materials = list(
        case.materials.select_related(
            "certificate__certificate_type", "certificate__issuer", "certificate__seal"
        ).order_by("round", "pk")
    )
    english = dict(case.item.materials.values_list("key", "name_en"))
    for material in materials:
        material.name_en = english.get(material.key, "")
    pauses = list(case.pauses.select_related("department", "task").order_by("started_on", "pk"))
    record = CoolingOff.objects.filter(case=case).first()
    return CaseFile(
        case=case,
        card=card(case),
        tasks=list(tasks_of(case).select_related("reviewer")),
        timeline=timeline(case),
        documents=list(documents_of(case)),
        materials=[m for m in materials if not m.superseded],
        superseded=[m for m in materials if m.superseded],
        open_correction=case.corrections.filter(answered_at=None).order_by("pk").last(),
        pauses=pauses,
        open_pause=next((p for p in pauses if p.ended_on is None), None),
        extensions=list(case.extensions.select_related("requested_by").order_by("pk")),
        current_steps=current_steps(case),
        provisional=clocks.provisional_dates(case, WorkingCalendar()),
        cooling_off=record,
        cooling_off_phase=cooling_off_phase(record, timezone.localdate()) if record else "",
    )


def window_instances(user: User) -> QuerySet[ItemInstance]:
    """The published item instances whose central window is at a service centre where ``user``
    is a window clerk: the items the centre is authorized to take (综合受理)."""
    centres = departments_with_role(user, (Role.WINDOW_CLERK,))
    return (
        ItemInstance.objects.filter(
            service_centre_id__in=centres,
            service_centre__kind=Department.Kind.SERVICE_CENTRE,
            published=True,
            item__published=True,
        )
        .select_related("item", "department", "service_centre")
        .order_by("item__code")
    )


def fee_notices(case: Case) -> list:
    """The payment notices of a case the caller already sees (``case_for``), oldest first,
    each with its payment if paid."""
    return list(payment_selectors.notices_of_case(case.number))
