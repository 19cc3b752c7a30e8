"""好差评: the applicant rates a handled case once, on five levels; a poor rating says why and
opens a rectification (差评整改) for the department, answered to the rater.

The rules are those of the national 好差评 system (国务院办公厅关于建立政务服务"好差评"制度提高
政务服务水平的意见, 国办发〔2019〕51号): five levels, 非常满意 … 非常不满意; the two lowest are a
poor rating (差评); every poor rating is verified (回访核实), rectified within a time limit and
answered to the rater, so that each one "有整改、有反馈" (docs/supervision.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, Role, RoleAssignment, User
from onewindow.cases import engine, selectors
from onewindow.cases.authority import (
    ALL_OFFICIAL_ROLES,
    REVIEW_ROLES,
    departments_with_role,
    is_supervisor,
    require_applicant,
    require_role,
)
from onewindow.cases.engine import Step, event
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import Case, Rating, RatingProblem, Rectification, Status
from onewindow.core import audit
from onewindow.core.clock import WorkingCalendar, WorkingDays

MAX_COMMENT = 500
MAX_ANSWER = 2000
# 国办发〔2019〕51号 (一、(二): every poor rating rectified; 三: verification, rectification and
# feedback to the rater) leaves the time to the implementing rules; they set 15 working days
# (e.g. 四川: "对不满意或者非常不满意问题，在15个工作日内整改到位"). Counted in working days by
# core.clock, like every administrative limit here. One home for the rule: this constant.
RECTIFICATION_LIMIT = WorkingDays(15)


def can_rate(case: Case) -> bool:
    """A case is rated once it is handled: decided, or not accepted."""
    return case.decided_on is not None or case.status == Status.REFUSED


def rating_of(case: Case) -> Rating | None:
    return Rating.objects.filter(case=case).first()


def _clean(score, problems, comment) -> tuple[int, list[str], str]:
    errors: dict[str, list[str]] = {}
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if score not in Rating.Score.values:
        errors["score"] = [_("Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).")]
    problems = list(dict.fromkeys(problems or []))
    unknown = [p for p in problems if p not in RatingProblem.values]
    if unknown:
        errors["problems"] = [_("Choose what went wrong from the list.")]
    elif score in (Rating.Score.VERY_POOR, Rating.Score.POOR) and not problems:
        errors["problems"] = [_("Tell us what went wrong: choose at least one reason.")]
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("Write at most %(n)d characters.") % {"n": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)
    if score > Rating.Score.POOR:
        problems = []
    return score, problems, comment


def rate(*, number: str, applicant: User, score, problems=(), comment: str = "") -> Rating:
    """Record the applicant's one rating of case ``number``."""
    selectors.case_for(applicant, number)  # CaseNotFound for anyone else's case
    score, problems, comment = _clean(score, problems, comment)
    try:
        with transaction.atomic():
            step = Step(case=engine.lock(number, viewer=applicant), actor=applicant)
            case = step.case
            require_applicant(applicant, case)
            if not can_rate(case):
                raise TransitionNotAllowed(
                    _("Case %(number)s can be rated once it has been handled.")
                    % {"number": case.number}
                )
            rating = Rating.objects.create(
                case=case,
                division_code=case.division_code,
                department=case.lead_department,
                score=score,
                problems=problems,
                comment=comment,
                rated_at=timezone.now(),
            )
            event(step, "rated", score=score)
            if rating.poor:
                _open_rectification(step, rating)
            engine.commit(step, "case.rated", score=score, problems=problems)
            return rating
    except IntegrityError:
        raise ValidationError({"score": [_("You have already rated this case.")]}) from None


# -- 差评整改: rectification of a poor rating -----------------------------------------------


def rectification_due(rated_on, calendar: WorkingCalendar | None = None):
    """The day a poor rating of ``rated_on`` must be rectified and answered by."""
    return (calendar or WorkingCalendar()).add_working_days(rated_on, RECTIFICATION_LIMIT)


def department_head(department: Department) -> User | None:
    """Who a rectification is assigned to: the department's head (the first appointed)."""
    assignment = (
        RoleAssignment.objects.filter(department=department, role=Role.HEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def _open_rectification(step: Step, rating: Rating) -> Rectification:
    due = rectification_due(step.today, step.calendar)
    rectification = Rectification.objects.create(
        rating=rating,
        division_code=rating.division_code,
        department=rating.department,
        assignee=department_head(rating.department),
        opened_at=step.now,
        due=due.date,
        due_provisional=due.provisional,
    )
    event(step, "rectification_opened", due=due.date.isoformat())
    audit.record(
        "rating.rectification_opened",
        object_type="rectification",
        object_id=rectification.pk,
        actor=step.actor,
        data={
            "case": step.case.number,
            "department": rating.department.code,
            "due": due.date.isoformat(),
            "assignee": rectification.assignee.username if rectification.assignee else "",
        },
    )
    return rectification


def visible_rectifications(user: User):
    """Rectifications ``user`` may see: a supervisor all of them, an official those of the
    departments where they hold a role; nobody else any."""
    rows = Rectification.objects.select_related(
        "rating__case__item", "rating__case__applicant", "department", "assignee", "answered_by"
    )
    if not (user.is_authenticated and user.is_official):
        return rows.none()
    if is_supervisor(user):
        return rows
    return rows.filter(department_id__in=departments_with_role(user, ALL_OFFICIAL_ROLES))


def rectifications(user: User, *, open_only: bool = False) -> list[Rectification]:
    """The rectifications ``user`` may see, open ones first, earliest due first."""
    rows = visible_rectifications(user)
    if open_only:
        rows = rows.filter(answered_at=None)
    return sorted(rows, key=lambda r: (r.answered, r.due, r.pk))


def rectification_for(user: User, pk) -> Rectification:
    """One rectification ``user`` may see; ``Rectification.DoesNotExist`` for any other."""
    return visible_rectifications(user).get(pk=pk)


def can_answer(user: User, rectification: Rectification) -> bool:
    return not rectification.answered and rectification.department_id in departments_with_role(
        user, REVIEW_ROLES
    )


def answer_rectification(
    *, rectification_id: int, actor: User, findings: str, actions: str, reply: str
) -> Rectification:
    """The department records what it found and did and answers the rater (回访/反馈)."""
    texts = {"findings": findings, "actions": actions, "reply": reply}
    texts = {name: (value or "").strip() for name, value in texts.items()}
    errors: dict[str, list[str]] = {}
    required = {
        "findings": _("Write what the verification found."),
        "actions": _("Write what the department did to put it right."),
        "reply": _("Write the reply the rater will read."),
    }
    for name, value in texts.items():
        if not value:
            errors[name] = [required[name]]
        elif len(value) > MAX_ANSWER:
            errors[name] = [_("Write at most %(n)d characters.") % {"n": MAX_ANSWER}]
    with transaction.atomic():
        try:
            rectification = (
                visible_rectifications(actor)
                .select_for_update(of=("self",))
                .get(pk=rectification_id)
            )
        except Rectification.DoesNotExist:
            raise PermissionDenied(_("There is no such rectification for you to answer.")) from None
        require_role(actor, REVIEW_ROLES, rectification.department, _("answer a poor rating"))
        if rectification.answered:
            raise TransitionNotAllowed(_("This poor rating has already been answered."))
        if errors:
            raise ValidationError(errors)
        rectification.findings = texts["findings"]
        rectification.actions = texts["actions"]
        rectification.reply = texts["reply"]
        rectification.answered_at = timezone.now()
        rectification.answered_by = actor
        rectification.save(
            update_fields=["findings", "actions", "reply", "answered_at", "answered_by"]
        )
        late = timezone.localdate(rectification.answered_at) > rectification.due
        audit.record(
            "rating.rectification_answered",
            object_type="rectification",
            object_id=rectification.pk,
            actor=actor,
            data={"case": rectification.rating.case.number, "late": late},
        )
        return rectification


def reply_for_applicant(user: User, case: Case) -> Rectification | None:
    """The department's answered rectification of the applicant's poor rating, for the
    applicant only (the rater); None for anyone else and while it is unanswered."""
    if not user.is_authenticated or case.applicant_id != user.pk:
        return None
    return (
        Rectification.objects.filter(rating__case=case, answered_at__isnull=False)
        .select_related("department")
        .first()
    )
