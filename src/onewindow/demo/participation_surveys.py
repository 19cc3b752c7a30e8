"""住建局's survey on old neighbourhood renewal (老旧小区改造), with skip logic, answered by 60
demo residents of four districts and every age band, so the results page has charts and a
cross-tab; and a draft survey for the builder. Safe to run twice."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from onewindow.accounts.identity import services as identity
from onewindow.accounts.models import User
from onewindow.core.identifiers import generate_id_number
from onewindow.participation.models import Survey, SurveyQuestionKind
from onewindow.participation.services import surveys as services
from onewindow.participation.services import surveys_answering as answering
from onewindow.registry import services as registry

_rng = random.Random(20261206)  # noqa: S311 - fixed seed: the same demo data on every run
OFFICER = "zj_officer"
TITLE = "老旧小区改造居民意愿调查"
DISTRICTS = {"440106": 18, "440104": 16, "440105": 14, "440103": 12}  # 天河 越秀 海珠 荔湾
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"]

QUESTIONS = [
    (SurveyQuestionKind.SINGLE, "您居住的小区是否属于老旧小区（2000年底前建成）？",
     "Is your neighbourhood an old one (built before the end of 2000)?",
     "是 | Yes\n否 | No\n不清楚 | Not sure", ""),
    (SurveyQuestionKind.SCALE, "您对小区目前的居住环境满意吗？",
     "How satisfied are you with your neighbourhood as it is?", "", ""),
    (SurveyQuestionKind.MULTIPLE, "您最希望改造哪些内容？", "What would you most like renewed?",
     "加装电梯 | Lifts\n外墙及屋面防水 | Walls and roofs\n雨污分流管网 | Drains\n"
     "停车位和充电桩 | Parking and chargers\n适老化设施 | Facilities for the elderly", ""),
    (SurveyQuestionKind.RANKING, "请为以下出资方式排序（1为最认可）",
     "Rank these ways of paying (1 for the one you prefer)",
     "政府全额出资 | Government pays all\n政府补贴加居民出资 | Subsidy plus residents\n"
     "引入社会资本 | Private investors", ""),
    (SurveyQuestionKind.MATRIX, "您对小区以下方面的满意度", "Your satisfaction with",
     "满意 | Satisfied\n一般 | Neutral\n不满意 | Dissatisfied",
     "物业管理 | Property management\n垃圾分类 | Waste sorting\n消防通道 | Fire lanes"),
    (SurveyQuestionKind.SINGLE, "您是否愿意为改造分摊部分费用？",
     "Would you share part of the cost?",
     "愿意 | Yes\n视金额而定 | Depends on the amount\n不愿意 | No", ""),
    (SurveyQuestionKind.TEXT, "其他意见和建议", "Other comments", "", ""),
]  # fmt: skip


def _residents() -> list[User]:
    """The 60 survey residents: registry persons of four districts, registered and verified."""
    people = []
    n = 0
    for district, count in DISTRICTS.items():
        for _i in range(count):
            n += 1
            username = f"survey_resident_{n:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                birth = date(1945, 1, 1) + timedelta(days=_rng.randrange(0, 365 * 60))
                id_number = generate_id_number(district, birth, rng=_rng)
                name = _rng.choice(SURNAMES) + "".join(_rng.sample(GIVEN, 2))
                registry.save_person(id_number, name, household_division=district)
                user = identity.register_citizen(
                    username=username,
                    password=None,
                    real_name=name,
                    id_number=id_number,
                    phone=f"1870000{n:04d}",
                )
            people.append(user)
    return people


def _answers(questions, rng) -> dict:
    q1, q2, q3, q4, q5, q6, q7 = questions
    old = rng.random() < 0.75
    answers = {q1.pk: "o1" if old else rng.choice(["o2", "o2", "o3"])}
    if answers[q1.pk] == "o2":  # the skip rule: not an old neighbourhood → question 6
        answers[q6.pk] = rng.choice(["o1", "o2", "o3"])
        return answers
    answers[q2.pk] = str(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]))
    answers[q3.pk] = rng.sample(["o1", "o2", "o3", "o4", "o5"], rng.randint(1, 3))
    answers[q4.pk] = rng.sample(["o1", "o2", "o3"], 3)
    answers[q5.pk] = {r: rng.choice(["o1", "o2", "o2", "o3"]) for r in ("r1", "r2", "r3")}
    answers[q6.pk] = rng.choice(["o1", "o1", "o2", "o2", "o3"])
    if rng.random() < 0.3:
        answers[q7.pk] = rng.choice(["希望尽快加装电梯", "施工期间注意噪音", "多听取老年人意见"])
    return answers


def ensure() -> dict[str, int]:
    officer = User.objects.get(username=OFFICER)
    survey = Survey.objects.filter(title=TITLE).first()
    today = timezone.localdate()
    if survey is None:
        survey = services.create_survey(
            officer,
            title=TITLE,
            title_en="Old neighbourhood renewal: what residents want",
            intro="市住房城乡建设局拟于明年启动新一批老旧小区改造，诚邀居民填写本问卷。",
            intro_en="The housing bureau plans next year's renewal of old neighbourhoods and "
            "asks residents what they want.",
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=20),
            audience="residents",
            districts=list(DISTRICTS),
            sample_size=500,
        )
        made = [
            services.add_question(
                officer, survey.number, kind=kind, text=text, text_en=text_en, options=options,
                rows=rows, required=kind != SurveyQuestionKind.TEXT,
            )
            for kind, text, text_en, options, rows in QUESTIONS
        ]  # fmt: skip
        services.set_skip_rule(officer, made[0].pk, option_key="o2", target=str(made[5].pk))
        services.publish(officer, survey.number)
        survey.refresh_from_db()
    questions = list(survey.questions.all())
    rng = random.Random(survey.pk)  # noqa: S311 - demo answers
    answered = 0
    if survey.response_count == 0:
        for person in _residents():
            answering.answer(person, survey.number, _answers(questions, rng))
            answered += 1
    if not Survey.objects.filter(title="住宅小区停车位需求调查").exists():
        draft = services.create_survey(
            officer,
            title="住宅小区停车位需求调查",
            title_en="Parking needs in residential estates",
            opens_on=today + timedelta(days=7),
            closes_on=today + timedelta(days=37),
            audience="everyone",
        )
        services.add_question(
            officer, draft.number, kind=SurveyQuestionKind.SINGLE, text="您家有几辆汽车？",
            text_en="How many cars does your household have?",
            options="没有 | None\n1辆 | One\n2辆及以上 | Two or more",
        )  # fmt: skip
    return {"survey": survey.number, "answered": answered}
