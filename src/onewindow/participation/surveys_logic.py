"""The rules of a survey's questions, in one place for the services, the pages and the API:
what a valid answer to each kind of question is, which questions a respondent is asked (the
path through the skip rules), and which skip rules are allowed (forward only, to a question
that exists, or to the end)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onewindow.core.localized import localized_entry
from onewindow.participation.models import Survey, SurveySkipRule
from onewindow.participation.models import SurveyQuestionKind as Kind

END = None  # a skip rule's target: the end of the survey
CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING, Kind.MATRIX)
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class Rule:
    """After question ``source``, if the answer is ``option``, go to ``target`` (None: end)."""

    source: int
    option: str
    target: int | None


def rule_errors(order: Sequence[int], rules: Iterable[Rule]) -> list[str]:
    """Why these skip rules cannot be kept, empty when they can. ``order`` is the questions'
    ids in their order. A rule may only jump forward, so the path never loops back."""
    where = {qid: i for i, qid in enumerate(order)}
    errors = []
    for rule in rules:
        if rule.source not in where:
            errors.append(_("A skip rule belongs to a question that is not in the survey."))
        elif rule.target is not END and rule.target not in where:
            errors.append(_("A skip rule goes to a question that is not in the survey."))
        elif rule.target is not END and where[rule.target] <= where[rule.source]:
            errors.append(_("A skip rule may only go forward, to a later question or the end."))
    return errors


def path(order: Sequence[int], rules: Mapping[tuple[int, str], int | None], answers: Mapping):
    """The question ids a respondent is asked, in order, given the answers so far: the walk
    stops at the first question on the way not answered yet (it is the last of the path)."""
    where = {qid: i for i, qid in enumerate(order)}
    asked: list[int] = []
    i = 0
    while i < len(order):
        qid = order[i]
        asked.append(qid)
        if qid not in answers:
            break
        value = answers[qid]
        key = (qid, value) if isinstance(value, str) else None
        if key is not None and key in rules:
            target = rules[key]
            if target is END:
                break
            i = where[target]
        else:
            i += 1
    return asked


def complete(order, rules, answers) -> bool:
    """Whether every question on the path has been reached and answered (or skipped over)."""
    asked = path(order, rules, answers)
    return not order or asked[-1] in answers


def parse_options(text: str) -> list[dict]:
    """Options entered one a line, "中文 | English" (the English part optional)."""
    options = []
    for line in (text or "").splitlines():
        label, _sep, english = line.partition("|")
        if label.strip():
            options.append(
                {"key": f"o{len(options) + 1}", "label": label.strip(), "label_en": english.strip()}
            )
    return options


def options_text(options: list[dict]) -> str:
    return "\n".join(
        f"{o['label']} | {o['label_en']}" if o.get("label_en") else o["label"] for o in options
    )


def _keys(entries) -> list[str]:
    return [entry["key"] for entry in entries]


def clean_answer(question, raw):
    """The answer stored for ``question`` from what was sent (strings from a form or JSON), or
    None when it was left empty; ValidationError({question id: message}) when it is wrong."""
    field = f"q{question.pk}"

    def wrong(message: str):
        return ValidationError({field: message})

    kind = question.kind
    keys = _keys(question.options)
    if kind == Kind.TEXT:
        value = (raw or "").strip() if isinstance(raw, str) else ""
        if len(value) > TEXT_LIMIT:
            raise wrong(_("Keep the answer under %(limit)d characters.") % {"limit": TEXT_LIMIT})
        value = value or None
    elif kind == Kind.SINGLE:
        value = raw or None
        if value is not None and value not in keys:
            raise wrong(_("Choose one of the options."))
    elif kind == Kind.SCALE:
        if raw in (None, ""):
            value = None
        else:
            try:
                value = int(raw)
            except (TypeError, ValueError):
                raise wrong(_("Choose a point on the scale.")) from None
            if not 1 <= value <= question.scale_max:
                raise wrong(_("Choose a point on the scale."))
    elif kind in (Kind.MULTIPLE, Kind.RANKING):
        chosen = [raw] if isinstance(raw, str) else list(raw or [])
        chosen = [c for c in chosen if c]
        if any(c not in keys for c in chosen) or len(set(chosen)) != len(chosen):
            raise wrong(_("Choose among the options, each once."))
        if kind == Kind.RANKING and chosen and len(chosen) != len(keys):
            raise wrong(_("Rank every item, each at a different place."))
        value = chosen or None
    elif kind == Kind.MATRIX:
        raw = raw or {}
        rows = _keys(question.rows)
        if not isinstance(raw, Mapping) or any(
            r not in rows or c not in keys for r, c in raw.items() if c
        ):
            raise wrong(_("Choose one of the columns on each row."))
        value = {r: raw[r] for r in rows if raw.get(r)} or None
        if value is not None and len(value) != len(rows):
            raise wrong(_("Answer every row."))
    else:  # pragma: no cover - the kinds are a closed list
        raise wrong(_("Unknown kind of question."))
    if value is None and question.required:
        raise wrong(_("This question needs an answer."))
    return value


def option_label(entries: list[dict], key: str) -> str:
    for entry in entries:
        if entry["key"] == key:
            return localized_entry(entry, "label")
    return key


def questions_and_rules(survey: Survey):
    """(questions in order, {(question id, option): target id or None}) of a survey."""
    questions = list(survey.questions.all())
    rules = {
        (r.question_id, r.option_key): r.target_id
        for r in SurveySkipRule.objects.filter(question__survey=survey)
    }
    return questions, rules


def ranking_from_places(keys: Sequence[str], places: Mapping[str, str]) -> list[str]:
    """The items in order from the place given to each ("1", "2" …), as a form without
    JavaScript sends a ranking; [] when no place was given."""
    given = {k: places.get(k) or "" for k in keys}
    if not any(given.values()):
        return []
    try:
        numbers = {k: int(v) for k, v in given.items()}
    except ValueError:
        numbers = {}
    if sorted(numbers.values()) != list(range(1, len(keys) + 1)):
        raise ValidationError(_("Rank every item, each at a different place."))
    return sorted(keys, key=numbers.__getitem__)
