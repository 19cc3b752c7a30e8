"""Reads of surveys: the hall's lists and the answering page's survey (published ones only),
the department's own surveys, live results with cross-tabs and the anonymised export.

Results never show a person: a response holds no identity, and a cross-tab cell (or a group's
total) counting fewer than ``MIN_CELL`` responses is hidden so nobody is singled out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.localized import english_active, localized_entry
from onewindow.core.models import Division
from onewindow.participation import surveys_audience as audience
from onewindow.participation import surveys_logic as logic
from onewindow.participation.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestionKind,
    SurveyResponse,
    SurveyStatus,
)
from onewindow.participation.surveys_authority import officer_departments

MIN_CELL = 5  # cells under this count are hidden in cross-tabs
HALL_BLOCK = 3
CROSS_KINDS = (SurveyQuestionKind.SINGLE, SurveyQuestionKind.SCALE)


def is_open(survey: Survey, today=None) -> bool:
    today = today or timezone.localdate()
    return survey.status == SurveyStatus.OPEN and survey.opens_on <= today <= survey.closes_on


def published():
    return Survey.objects.exclude(status=SurveyStatus.DRAFT).select_related("department")


def hall_list() -> dict:
    """Open surveys first (closing soonest first), then the closed ones, newest first."""
    today = timezone.localdate()
    surveys = list(published().order_by("closes_on"))
    open_ = [s for s in surveys if is_open(s, today)]
    ended = sorted((s for s in surveys if not is_open(s, today)), key=lambda s: -s.pk)
    return {"open": open_, "closed": ended}


def hall_block() -> dict:
    """The context of ``portal/participation/surveys/_index_block.html`` (the /participation/
    landing page): the open surveys closing soonest and how many are open."""
    surveys = hall_list()["open"]
    return {"surveys_open": surveys[:HALL_BLOCK], "surveys_open_count": len(surveys)}


def public_survey(number: str) -> Survey | None:
    return published().filter(number=number).first()


def office_surveys(user):
    return Survey.objects.filter(department_id__in=officer_departments(user)).select_related(
        "department"
    )


def office_survey(user, number: str) -> Survey | None:
    """The survey if ``user`` is a participation officer of its department."""
    return office_surveys(user).filter(number=number).first()


def district_names() -> dict[str, str]:
    return {d.code: d.display_name for d in audience.districts()}


def group_label(by: str, code: str, names: dict[str, str] | None = None) -> str:
    if by == "district":
        if not code:
            return _("District unknown")
        names = names if names is not None else district_names()
        found = names.get(code)
        if found is None:
            division = Division.objects.filter(code=code).first()
            found = division.display_name if division else code
        return found
    if by == "industry":
        return audience.industry_label(code)
    if not code:
        return _("Enterprises (no age)")
    return str(audience.AGE_BAND_LABELS.get(code, code))


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    bars: list[tuple[str, int]] = field(default_factory=list)  # (label, count)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    matrix: list[tuple[str, list[int]]] = field(default_factory=list)  # (row label, counts)
    columns: list[str] = field(default_factory=list)


def _answers(survey: Survey) -> dict[int, list]:
    values: dict[int, list] = defaultdict(list)
    for qid, value in SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "question_id", "value"
    ):
        values[qid].append(value)
    return values


def results(survey: Survey) -> list[QuestionResult]:
    """The distribution of the answers to each question."""
    questions, _rules = logic.questions_and_rules(survey)
    values = _answers(survey)
    out = []
    for q in questions:
        got = values.get(q.pk, [])
        r = QuestionResult(q, answered=len(got))
        labels = [(o["key"], localized_entry(o, "label")) for o in q.options]
        if q.kind == SurveyQuestionKind.SINGLE:
            counts = Counter(got)
            r.bars = [(label, counts[key]) for key, label in labels]
        elif q.kind == SurveyQuestionKind.MULTIPLE:
            counts = Counter(key for chosen in got for key in chosen)
            r.bars = [(label, counts[key]) for key, label in labels]
        elif q.kind == SurveyQuestionKind.SCALE:
            counts = Counter(got)
            r.bars = [(str(p), counts[p]) for p in range(1, q.scale_max + 1)]
            r.mean = round(sum(got) / len(got), 2) if got else None
        elif q.kind == SurveyQuestionKind.RANKING:
            # Borda points: first of n gets n, last gets 1; the bar is the mean points
            n = len(labels)
            points = Counter()
            for ranked in got:
                for place, key in enumerate(ranked):
                    points[key] += n - place
            r.bars = [
                (label, round(points[key] / len(got), 2) if got else 0) for key, label in labels
            ]
        elif q.kind == SurveyQuestionKind.MATRIX:
            r.columns = [label for _key, label in labels]
            for row in q.rows:
                counts = Counter(v.get(row["key"]) for v in got)
                r.matrix.append((localized_entry(row, "label"), [counts[k] for k, _l in labels]))
        else:
            r.texts = [t for t in got[-20:]][::-1]
        out.append(r)
    return out


@dataclass
class CrossTab:
    question: object
    by: str
    columns: list[str]
    rows: list[tuple[str, list[int | None], int | None]]  # (group, cells or None, total)
    hidden: int = 0  # how many cells were hidden


def suppress(counts: list[list[int]], minimum: int = MIN_CELL) -> list[list[int | None]]:
    """The cells of a table of counts with the small ones hidden (None), and enough others
    that no hidden cell can be worked out again: a cell under ``minimum`` (but not 0) is
    hidden; a column (whose total is public, in the question's distribution) whose hidden
    cells add up to less than ``minimum`` hides its smallest other non-zero cell too, until
    none does."""
    cells: list[list[int | None]] = [
        [None if 0 < n < minimum else n for n in row] for row in counts
    ]
    columns = len(counts[0]) if counts else 0
    changed = True
    while changed:
        changed = False
        for c in range(columns):
            hidden = [r for r, row in enumerate(cells) if row[c] is None]
            if not hidden or sum(counts[r][c] for r in hidden) >= minimum:
                continue
            shown = [(counts[r][c], r) for r, row in enumerate(cells) if row[c]]
            if shown:
                _n, r = min(shown)
                cells[r][c] = None
                changed = True
    return cells


def crosstab(survey: Survey, question, by: str) -> CrossTab:
    """Answers to a single-choice or scale question per district, age band or industry; a
    group's total is hidden with any of its cells (else the cell would follow from it)."""
    if question.kind == SurveyQuestionKind.SCALE:
        keys = list(range(1, question.scale_max + 1))
        columns = [str(k) for k in keys]
    else:
        keys = [o["key"] for o in question.options]
        columns = [localized_entry(o, "label") for o in question.options]
    counts: dict[str, Counter] = defaultdict(Counter)
    for group, value in SurveyAnswer.objects.filter(question=question).values_list(
        f"response__{by}", "value"
    ):
        counts[group][value] += 1
    groups = sorted(counts)
    table = suppress([[counts[g][k] for k in keys] for g in groups])
    names = district_names() if by == "district" else None
    rows = []
    for group, cells in zip(groups, table, strict=True):
        total = sum(counts[group][k] for k in keys)
        shown = None if None in cells or total < MIN_CELL else total
        rows.append((group_label(by, group, names), cells, shown))
    hidden = sum(cell is None for cells in table for cell in cells)
    return CrossTab(question, by, columns, rows, hidden)


def crosstab_questions(survey: Survey) -> list:
    return [q for q in survey.questions.all() if q.kind in CROSS_KINDS]


def groups_for(survey: Survey) -> list[str]:
    """What the cross-tab groups by: districts and age bands for people, industries for
    enterprises."""
    kinds = set(survey.responses.values_list("respondent_kind", flat=True).distinct())
    groups = ["district"]
    if "citizen" in kinds or not kinds:
        groups.append("age_band")
    if "enterprise" in kinds:
        groups.append("industry")
    return groups


def _cell(question, value) -> str:
    """An answer as text in the export (labels in Chinese, the data's language)."""

    def label(entries, key):
        for entry in entries:
            if entry["key"] == key:
                return entry["label"]
        return key

    if value is None:
        return ""
    kind = question.kind
    if kind == SurveyQuestionKind.SINGLE:
        return label(question.options, value)
    if kind == SurveyQuestionKind.MULTIPLE:
        return "；".join(label(question.options, k) for k in value)
    if kind == SurveyQuestionKind.RANKING:
        return " > ".join(label(question.options, k) for k in value)
    if kind == SurveyQuestionKind.MATRIX:
        return "；".join(
            f"{label(question.rows, r)}: {label(question.options, c)}" for r, c in value.items()
        )
    return str(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value):
    """A typed text as a spreadsheet shows it, never as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_rows(survey: Survey):
    """The anonymised answers, one row per response in a shuffled-free but identity-free order:
    a running number, the day, the kind, district, age band, industry, then each question."""
    questions = list(survey.questions.all())
    yield [
        _("No."),
        _("Day"),
        _("Respondent"),
        _("District"),
        _("Age band"),
        _("Industry"),
        *[_inert(f"{q.position}. {q.text}") for q in questions],
    ]
    by_response: dict[int, dict[int, object]] = defaultdict(dict)
    for rid, qid, value in SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "value"
    ):
        by_response[rid][qid] = value
    names = district_names()
    responses = SurveyResponse.objects.filter(survey=survey).order_by("pk")
    for n, response in enumerate(responses, 1):
        got = by_response.get(response.pk, {})
        yield [
            n,
            timezone.localtime(response.submitted_at).date().isoformat(),
            response.respondent_kind,
            group_label("district", response.district, names) if response.district else "",
            response.age_band,
            response.industry,
            *[_inert(_cell(q, got.get(q.pk))) for q in questions],
        ]


def survey_path(survey: Survey, answers: dict) -> list:
    """The questions asked so far given ``answers`` ({question id: value}), in order."""
    questions, rules = logic.questions_and_rules(survey)
    by_id = {q.pk: q for q in questions}
    return [by_id[qid] for qid in logic.path([q.pk for q in questions], rules, answers)]


def already_answered(user, survey: Survey) -> bool:
    profile = audience.profile_of(user)
    return profile is not None and (
        SurveyResponse.objects.filter(survey=survey, respondent_key=profile.key(survey)).exists()
    )


def _separator() -> str:
    return ", " if english_active() else "、"


def audience_text(survey: Survey) -> str:
    """Who the survey asks, in words."""
    if survey.audience == "residents" and survey.districts:
        names = district_names()
        return _("Verified residents of %(districts)s") % {
            "districts": _separator().join(names.get(code, code) for code in survey.districts)
        }
    if survey.audience == "enterprises" and survey.industries:
        return _("Enterprises in %(industries)s") % {
            "industries": _separator().join(
                audience.industry_label(code) for code in survey.industries
            )
        }
    return survey.get_audience_display()


def answer_text(question, value) -> str:
    """An answer in words, in the active language."""
    if value in (None, "", [], {}):
        return _("No answer")
    kind = question.kind
    if kind == SurveyQuestionKind.SINGLE:
        return logic.option_label(question.options, value)
    if kind == SurveyQuestionKind.MULTIPLE:
        return _separator().join(logic.option_label(question.options, k) for k in value)
    if kind == SurveyQuestionKind.RANKING:
        return " > ".join(logic.option_label(question.options, k) for k in value)
    if kind == SurveyQuestionKind.MATRIX:
        return "; ".join(
            f"{logic.option_label(question.rows, r)}: {logic.option_label(question.options, c)}"
            for r, c in value.items()
        )
    if kind == SurveyQuestionKind.SCALE:
        return _("%(point)s of %(points)s") % {"point": value, "points": question.scale_max}
    return str(value)
