"""Who may answer a survey, and what a response keeps of them: the district and age band of a
person from the population registry, the district and industry of an enterprise from the legal
entity registry, and a keyed hash standing for them (one response per person and survey).

The legal entity registry has no industry code; an enterprise's industry is the GB/T 4754-2017
section (门类) of the first activity in its licensed business scope (经营范围), the main one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from onewindow.accounts.identity.selectors import is_real_name_verified
from onewindow.accounts.models import User
from onewindow.core.fields import blind_index
from onewindow.core.models import Division
from onewindow.participation.models import Survey, SurveyAudience
from onewindow.registry.models import LegalEntity, Person

# GB/T 4754-2017 sections, most specific first; a scope activity containing a keyword is in it.
_ = gettext_lazy
INDUSTRIES: dict[str, tuple] = {
    "A": (_("Agriculture, forestry, animal husbandry and fishery"),
          ("种植", "养殖", "农产品", "农业")),
    "C": (_("Manufacturing"), ("制造",)),
    "E": (_("Construction"), ("建设工程", "装饰装修", "工程施工")),
    "H": (_("Accommodation and catering"), ("餐饮", "住宿")),
    "I": (_("Information technology and software"),
          ("软件", "信息技术", "信息系统", "数据处理", "互联网数据")),
    "K": (_("Real estate"), ("房地产", "物业管理", "住房租赁")),
    "G": (_("Transport, storage and post"), ("运输", "仓储", "装卸")),
    "M": (_("Scientific research and technical services"),
          ("技术服务", "研究和试验", "技术推广", "技术研发")),
    "P": (_("Education"), ("教育",)),
    "Q": (_("Health and social work"), ("医疗", "卫生", "社会工作", "公益", "助老")),
    "R": (_("Culture, sports and entertainment"), ("文化", "体育", "图书")),
    "O": (_("Services to households and repairs"), ("理发", "美容", "修理", "洗车", "家庭服务")),
    "L": (_("Leasing and business services"),
          ("企业管理", "广告", "人力资源", "供应链", "会议及展览", "投资", "法律咨询")),
    "F": (_("Wholesale and retail"), ("销售", "批发", "零售")),
}  # fmt: skip

AGE_BANDS = (("<18", 0), ("18-29", 18), ("30-44", 30), ("45-59", 45), ("60+", 60))
AGE_BAND_LABELS = {
    "<18": _("Under 18"),
    "18-29": _("18 to 29"),
    "30-44": _("30 to 44"),
    "45-59": _("45 to 59"),
    "60+": _("60 and over"),
}


def industry_of(business_scope: str) -> str:
    """The section code of the scope's first activity, or "" when none is recognised."""
    first = (business_scope or "").replace(";", "；").split("；")[0]
    for code, (_label, words) in INDUSTRIES.items():
        if any(word in first for word in words):
            return code
    return ""


def industry_label(code: str) -> str:
    return str(INDUSTRIES[code][0]) if code in INDUSTRIES else gettext("Other industries")


def age_band(birth: date, today: date) -> str:
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    band = AGE_BANDS[0][0]
    for name, lowest in AGE_BANDS:
        if age >= lowest:
            band = name
    return band


def county_of(division: Division | None) -> str:
    """The county-level division (district) holding ``division``, "" when above it."""
    if division is None:
        return ""
    if division.level == Division.Level.COUNTY:
        return division.code
    codes = [c for c in division.path.split("/") if c]
    return (
        Division.objects.filter(code__in=codes, level=Division.Level.COUNTY)
        .values_list("code", flat=True)
        .first()
        or ""
    )


def districts() -> list[Division]:
    """The city's districts an audience may name (Guangzhou's county-level divisions)."""
    return list(
        Division.objects.filter(level=Division.Level.COUNTY, code__startswith="4401").order_by(
            "code"
        )
    )


@dataclass(frozen=True)
class Profile:
    """What a response may keep of its respondent; ``identity`` only feeds the keyed hash."""

    kind: str
    identity: str
    district: str = ""
    age_band: str = ""
    industry: str = ""

    def key(self, survey: Survey) -> str:
        return blind_index(f"participation.survey.{survey.pk}", f"{self.kind}:{self.identity}")


def profile_of(user: User) -> Profile | None:
    """The verified citizen's or enterprise's profile from the registries; None otherwise."""
    if not is_real_name_verified(user):
        return None
    if user.kind == User.Kind.ENTERPRISE:
        entity = LegalEntity.objects.filter(uscc=user.uscc).select_related("division").first()
        if entity is None:
            return Profile("enterprise", user.uscc)
        return Profile(
            "enterprise",
            user.uscc,
            district=county_of(entity.division),
            industry=industry_of(entity.business_scope),
        )
    if not user.id_number_index:
        return None
    person = (
        Person.objects.filter(id_number_index=user.id_number_index)
        .select_related("household_division")
        .first()
    )
    if person is None:
        return Profile("citizen", user.id_number_index)
    return Profile(
        "citizen",
        user.id_number_index,
        district=county_of(person.household_division),
        age_band=age_band(person.birth_date, timezone.localdate()),
    )


def refusal(user, survey: Survey) -> str:
    """Why ``user`` may not answer ``survey``, "" when they may (whatever its state)."""
    if not getattr(user, "is_authenticated", False):
        return gettext("Sign in with a verified account to answer.")
    if user.is_official:
        return gettext("Officials do not answer surveys.")
    profile = profile_of(user)
    if profile is None:
        return gettext("Only accounts with a verified real name answer surveys.")
    if survey.audience == SurveyAudience.RESIDENTS:
        if profile.kind != "citizen":
            return gettext("This survey asks residents, not enterprises.")
        if survey.districts and profile.district not in survey.districts:
            return gettext("This survey asks residents of other districts.")
    if survey.audience == SurveyAudience.ENTERPRISES:
        if profile.kind != "enterprise":
            return gettext("This survey asks enterprises, not residents.")
        if survey.industries and profile.industry not in survey.industries:
            return gettext("This survey asks enterprises of other industries.")
    return ""
