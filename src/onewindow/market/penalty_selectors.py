"""Every read of penalty cases, limited to who may see it: a department's cases to its
enforcement officers, heads and legal reviewers; the party sees its own case from the prior
notice on, with every document delivered to it; the public sees published decisions (masked)
in their publication period and every department's discretion benchmarks."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from onewindow.market import authority, penalty_rules, serious_list
from onewindow.market.penalty_models import (
    OPEN_STAGES,
    Band,
    LeadSource,
    PenaltyCase,
    PenaltyDocument,
    Publication,
    Stage,
    Violation,
)


def _cases() -> QuerySet[PenaltyCase]:
    return PenaltyCase.objects.select_related(
        "department", "entity", "violation", "band", "finding__inspection"
    )


def cases_for(user) -> QuerySet[PenaltyCase]:
    """The cases of ``user``'s departments, newest first."""
    departments = authority.penalty_departments(user)
    if not departments:
        return PenaltyCase.objects.none()
    return _cases().filter(department_id__in=departments)


def case_for(user, pk) -> PenaltyCase:
    case = cases_for(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def waiting_for(user) -> QuerySet[PenaltyCase]:
    """The open cases where ``user`` has the next step: the officers' investigations, the
    head's filings and decisions, the legal reviewer's reviews, the hearing officer's hearings."""
    mine = Q(
        officers=user,
        stage__in=[Stage.LEAD, Stage.INVESTIGATING, Stage.NOTIFIED, Stage.DELIVERING, Stage.PAYING],
    ) | Q(stage=Stage.HEARING, officers=user, hearing_on__isnull=True)
    mine |= Q(stage=Stage.LEAD, department_id__in=authority.investigating_for(user))
    mine |= Q(stage=Stage.HEARING, hearing_host=user)
    mine |= Q(stage__in=[Stage.FILING, Stage.DECIDING], department_id__in=authority.heads_for(user))
    mine |= Q(stage=Stage.REVIEW, department_id__in=authority.reviewing_for(user))
    ids = cases_for(user).filter(mine).values("pk")
    return _cases().filter(pk__in=ids, stage__in=OPEN_STAGES)


def steps_for(user, case: PenaltyCase) -> set[str]:
    """The actions ``user`` may take on ``case`` now (what the case page offers)."""
    steps: set[str] = set()
    officer = case.officers.filter(pk=user.pk).exists()
    investigating = case.department_id in authority.investigating_for(user)
    heads = case.department_id in authority.heads_for(user)
    if case.stage == Stage.LEAD and investigating:
        steps |= {"propose_filing", "drop"}
    if case.stage == Stage.FILING and heads:
        steps.add("approve_filing")
    if case.stage == Stage.INVESTIGATING and officer:
        steps |= {"evidence", "notify"}
    if case.stage == Stage.NOTIFIED and officer:
        # the paper answer is taken until the day the notice gave; after it, the case goes on
        steps.add("respond" if timezone.localdate() <= case.statement_due else "proceed")
    if case.stage == Stage.HEARING and officer and case.hearing_on is None:
        steps.add("schedule_hearing")
    if case.stage == Stage.HEARING and case.hearing_host_id == user.pk:
        steps.add("record_hearing")
    if case.stage == Stage.REVIEW and case.department_id in authority.reviewing_for(user):
        steps.add("review")
    if case.stage == Stage.DECIDING and heads:
        steps.add("decide")
    if case.stage == Stage.DELIVERING and officer:
        steps.add("deliver")
    if case.stage == Stage.PAYING and officer:
        steps.add("payment")
    if case.decided_on and penalty_rules.published(case.fine, case.measures):
        if not Publication.objects.filter(case=case).exists():
            steps.add("publish")
        elif heads and Publication.objects.filter(case=case, withdrawn_on__isnull=True).exists():
            steps.add("withdraw")
    if heads and serious_list.may_list(user, case):
        steps.add("list_serious")
    return steps


def hotline_ticket(user, case: PenaltyCase):
    """The 12345 ticket a hotline lead names, if ``user`` may open it; None otherwise."""
    from onewindow.hotline import selectors as hotline_selectors

    if case.source != LeadSource.HOTLINE or not case.source_reference:
        return None
    return hotline_selectors.visible_tickets(user).filter(number=case.source_reference).first()


def violations_for(case: PenaltyCase) -> QuerySet[Violation]:
    return Violation.objects.filter(department=case.department, active=True).prefetch_related(
        "bands"
    )


def documents(case: PenaltyCase) -> QuerySet[PenaltyDocument]:
    return PenaltyDocument.objects.filter(case=case).order_by("issued_on", "pk")


def document_for(user, pk) -> PenaltyDocument:
    """A document for an official of the case's department or for the party."""
    document = PenaltyDocument.objects.select_related("case__entity").filter(pk=pk).first()
    if document is None:
        raise Http404
    case = document.case
    if case.department_id in authority.penalty_departments(user) or authority.is_party(
        user, case.entity
    ):
        return document
    raise Http404


# --- the party ---------------------------------------------------------------------------------


def cases_of_party(user) -> QuerySet[PenaltyCase]:
    """The enterprise's own cases, from the prior notice on."""
    uscc = getattr(user, "uscc", "") if getattr(user, "kind", "") == "enterprise" else ""
    if not uscc:
        return PenaltyCase.objects.none()
    return _cases().filter(entity__uscc=uscc, notified_on__isnull=False)


def party_case(user, number: str) -> PenaltyCase:
    case = cases_of_party(user).filter(number=number).first()
    if case is None:
        raise Http404
    return case


# --- the public --------------------------------------------------------------------------------


def public_publications(query: str = "", today: date | None = None) -> QuerySet[Publication]:
    """Decisions in their publication period, newest first; ``query`` matches the party's name
    or USCC."""
    today = today or timezone.localdate()
    rows = Publication.objects.select_related("case__department").filter(
        withdrawn_on__isnull=True, published_on__lte=today, ends_on__gte=today
    )
    query = (query or "").strip()[:100]
    if query:
        rows = rows.filter(Q(case__entity__name__icontains=query) | Q(case__entity__uscc=query))
    return rows.order_by("-published_on", "-pk")


def public_publication(pk) -> Publication:
    publication = public_publications().filter(pk=pk).first()
    if publication is None:
        raise Http404
    return publication


def public_benchmarks() -> QuerySet[Violation]:
    return (
        Violation.objects.filter(active=True)
        .select_related("department")
        .prefetch_related(Prefetch("bands", Band.objects.order_by("fine_min", "pk")))
        .order_by("department__code", "code")
    )
