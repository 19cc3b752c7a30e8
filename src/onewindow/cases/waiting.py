"""What waits for the applicant (待补正, a supplement, a material owed under 容缺受理, a fee, a
result to receive), and the
lists built on it: "my cases" tabs with their counts and each row's current step and due date.
The same rule answers one case (``actions``), a page of cases (``pending_actions``) and a query
(``action_needed_q``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onewindow.cases import output_window
from onewindow.cases.models import (
    OPEN_STATUSES,
    Case,
    ClockPause,
    DeferredMaterial,
    DeliveryMethod,
    PauseReason,
    Status,
)
from onewindow.core.localized import english_active
from onewindow.payments.models import FeeNotice, FeeStatus

FINISHED_STATUSES = (Status.CONCLUDED, Status.REFUSED, Status.WITHDRAWN)


@dataclass(frozen=True)
class Action:
    """What the applicant must do now, and where on the case page to do it."""

    kind: str  # correction, supplement, deferred, fee, delivery, collect
    title: str
    text: str
    button: str
    anchor: str
    due: date | None = None
    provisional: bool = False


def due_of(case: Case, provisional: dict[str, bool]) -> tuple[date | None, str, bool]:
    """The date the running stage is due by, what it is, and whether it may still move."""
    if case.status == Status.SUBMITTED:
        return case.intake_due, _("Intake by"), provisional.get("intake", False)
    if case.status in (Status.IN_REVIEW, Status.AWAITING_DECISION) and not case.decided_on:
        return case.promised_due, _("Promised by"), provisional.get("promised", False)
    if case.status in (Status.BENEFITS, Status.AWAITING_DELIVERY):
        return case.delivery_due, _("Delivery by"), provisional.get("delivery", False)
    return None, "", False


def actions(case: Case) -> list[Action]:
    """What the applicant must do now, most urgent first."""
    return pending_actions([case])[case.number]


def _correction_action() -> Action:
    return Action(
        "correction",
        _("Correct your application"),
        _(
            "The department lists everything to correct in one notice. Send the corrected "
            "materials; the application is then received again."
        ),
        _("Correct the materials"),
        "#correction-heading",
    )


def _supplement_action() -> Action:
    return Action(
        "supplement",
        _("Send the supplement"),
        _("A department needs more material. The time limit is paused until you send it."),
        _("Send the material"),
        "#supplement-heading",
    )


def _deferred_action(owed: list[DeferredMaterial]) -> Action:
    return Action(
        "deferred",
        _("Send the materials to follow"),
        _(
            "Your application was accepted with materials to follow: send %(names)s from the "
            "case page."
        )
        % {"names": (", " if english_active() else "、").join(m.display_name for m in owed)},
        _("Send the materials"),
        "#credit-heading",
        due=min(m.due_on for m in owed),
        provisional=any(m.due_provisional for m in owed),
    )


def _fee_action(fee: FeeNotice) -> Action:
    return Action(
        "fee",
        _("Pay the fee"),
        _("Pay %(amount)s yuan (payment reference %(reference)s).")
        % {"amount": fee.amount, "reference": fee.reference},
        _("See the payment notice"),
        "#fees-heading",
        due=fee.due_on,
        provisional=fee.due_provisional,
    )


def _delivery_action(case: Case) -> Action:
    if case.delivery_method == DeliveryMethod.COUNTER:
        place = output_window.delivering_departments(case)[-1].display_name
        return Action(
            "collect",
            _("Collect your result"),
            _("Collect it at the window of %(place)s; bring your ID card.") % {"place": place},
            _("See how to collect"),
            "#delivery-heading",
            due=case.delivery_due,
        )
    return Action(
        "delivery",
        _("Choose how to receive the result"),
        _("Pick it up at the service centre's window, or have it posted."),
        _("Choose delivery"),
        "#delivery-heading",
        due=case.delivery_due,
    )


def _open_supplements() -> QuerySet:
    return ClockPause.objects.filter(ended_on=None, kind=PauseReason.SUPPLEMENT).values("case_id")


def _owed() -> QuerySet:
    return DeferredMaterial.objects.filter(supplied_at=None).values("case_id")


def action_needed_q() -> Q:
    """Cases waiting for the applicant: correction, supplement, a material owed under 容缺受理,
    an unpaid fee, or a result to receive (a choice to make or a counter to go to). Posted
    results wait for nobody."""
    unpaid = FeeNotice.objects.filter(status=FeeStatus.DUE).values("case_number")
    return (
        Q(status=Status.CORRECTION)
        | Q(pk__in=_open_supplements(), status__in=OPEN_STATUSES)
        | Q(pk__in=_owed(), status__in=OPEN_STATUSES)
        | Q(number__in=unpaid, status__in=OPEN_STATUSES)
        | (Q(status=Status.AWAITING_DELIVERY) & ~Q(delivery_method=DeliveryMethod.POST))
    )


TABS = ("action", "open", "finished")


def tab_filter(tab: str) -> Q:
    needed = action_needed_q()
    if tab == "action":
        return needed
    if tab == "open":
        return Q(status__in=OPEN_STATUSES) & ~needed
    if tab == "finished":
        return Q(status__in=FINISHED_STATUSES)
    return Q()


def tab_counts(cases: QuerySet[Case]) -> dict[str, int]:
    """How many of ``cases`` fall in each tab of "my cases", in one query."""
    return cases.aggregate(
        **{tab: Count("pk", filter=tab_filter(tab)) for tab in TABS}, all=Count("pk")
    )


def pending_actions(cases: list[Case]) -> dict[str, list[Action]]:
    """Each listed case's actions (case number → actions), in a fixed number of queries."""
    if not cases:
        return {}
    ids = [c.pk for c in cases]
    numbers = [c.number for c in cases]
    supplements = set(
        ClockPause.objects.filter(
            case_id__in=ids, ended_on=None, kind=PauseReason.SUPPLEMENT
        ).values_list("case_id", flat=True)
    )
    owed: dict[int, list[DeferredMaterial]] = {}
    for material in DeferredMaterial.objects.filter(case_id__in=ids, supplied_at=None).order_by(
        "due_on", "key"
    ):
        owed.setdefault(material.case_id, []).append(material)
    fees: dict[str, FeeNotice] = {}
    for fee in FeeNotice.objects.filter(case_number__in=numbers, status=FeeStatus.DUE).order_by(
        "-created_at", "-pk"
    ):
        fees[fee.case_number] = fee
    found = {}
    for case in cases:
        rows = []
        if case.status == Status.CORRECTION:
            rows.append(_correction_action())
        if case.pk in supplements and case.status in OPEN_STATUSES:
            rows.append(_supplement_action())
        if case.pk in owed and case.status in OPEN_STATUSES:
            rows.append(_deferred_action(owed[case.pk]))
        if case.number in fees and case.status in OPEN_STATUSES:
            rows.append(_fee_action(fees[case.number]))
        waiting = case.status == Status.AWAITING_DELIVERY and case.number not in fees
        if waiting and case.delivery_method != DeliveryMethod.POST:
            rows.append(_delivery_action(case))
        found[case.number] = rows
    return found


def current_label(case: Case) -> str:
    """The current step in a few words, for a list row (no query)."""
    return {
        Status.SUBMITTED: _("Intake check"),
        Status.CORRECTION: _("Correction requested"),
        Status.REFUSED: _("Not accepted"),
        Status.IN_REVIEW: _("Review by the departments"),
        Status.AWAITING_DECISION: pgettext("progress step", "Decision"),
        Status.BENEFITS: _("Benefits being handled"),
        Status.AWAITING_DELIVERY: _("Delivery or collection"),
        Status.CONCLUDED: pgettext("progress step", "Concluded"),
        Status.WITHDRAWN: pgettext("progress step", "Withdrawn"),
    }[case.status]


def list_due(case: Case) -> tuple[date | None, str]:
    """The due date a list row shows (no calendar lookup: provisional from the case's flag)."""
    due, label, _provisional = due_of(case, {})
    return due, label
