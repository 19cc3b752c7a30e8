"""好差评: the applicant rates a handled case once, on five levels; a poor rating says why."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import User
from onewindow.cases import engine, selectors
from onewindow.cases.authority import require_applicant
from onewindow.cases.engine import Step, event
from onewindow.cases.errors import TransitionNotAllowed
from onewindow.cases.models import Case, Rating, RatingProblem, Status

MAX_COMMENT = 500


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
            engine.commit(step, "case.rated", score=score, problems=problems)
            return rating
    except IntegrityError:
        raise ValidationError({"score": [_("You have already rated this case.")]}) from None
