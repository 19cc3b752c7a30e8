"""Industries of the national economy (国民经济行业分类, GB/T 4754-2017), at the level of the
major group (大类) the inspection plans filter on, and how a registry entry is classified: by its
principal business activity, the first of the licensed activities on its business licence, as
the registration authority records the industry of a new enterprise.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Industry:
    code: str  # section letter + major group, e.g. H62 (餐饮业)
    label: object
    activities: tuple[str, ...]  # words of the business scope that put an activity here


INDUSTRIES = [
    Industry("A01", _("Agriculture"), ("种植", "农产品")),
    Industry("A04", _("Fishery"), ("水产",)),
    Industry("C18", _("Manufacture of apparel"), ("服装制造",)),
    Industry("C29", _("Manufacture of rubber and plastics products"), ("塑料制品",)),
    Industry("C39", _("Manufacture of electronic equipment"), ("电子元器件制造",)),
    Industry("E47", _("Construction of buildings"), ("建设工程施工", "装饰装修")),
    Industry("F51", _("Wholesale trade"), ("批发", "进出口", "贸易代理")),
    Industry("F52", _("Retail trade"), ("零售", "销售")),
    Industry("G54", _("Road transport"), ("道路货物运输", "运输代理")),
    Industry("G59", _("Warehousing"), ("仓储",)),
    Industry("H62", _("Catering"), ("餐饮", "茶餐厅", "食品小作坊")),
    Industry("I65", _("Software and information technology services"), ("软件", "信息", "数据")),
    Industry("K70", _("Real estate"), ("房地产", "物业")),
    Industry("L72", _("Business services"), ("企业管理", "供应链", "投资", "人力资源", "会议")),
    Industry("L73", _("Advertising"), ("广告",)),
    Industry("M73", _("Research and experimental development"), ("研究", "研发", "生物技术")),
    Industry("N77", _("Environmental protection"), ("环境保护", "污水", "废物")),
    Industry("O80", _("Repair of motor vehicles and electronic products"), ("修理",)),
    Industry("O81", _("Other services to households"), ("理发", "美容", "洗车")),
    Industry("P83", _("Education"), ("教育",)),
    Industry("Q84", _("Health"), ("医疗", "卫生")),
    Industry("R88", _("Culture and arts"), ("文化", "文艺")),
    Industry("S94", _("Social organizations"), ("社会工作", "公益", "志愿")),
]
BY_CODE = {industry.code: industry for industry in INDUSTRIES}
OTHER = "Z99"


def label(code: str) -> str:
    industry = BY_CODE.get(code)
    return str(industry.label) if industry else str(_("Other industries"))


def choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.code} {i.label}") for i in INDUSTRIES]


def classify(business_scope: str) -> str:
    """The industry of the principal (first) business activity; the next activity when the
    first names no industry on the list."""
    for activity in business_scope.replace("（依法须经批准的项目", "；").split("；"):
        for industry in INDUSTRIES:
            if any(word in activity for word in industry.activities):
                return industry.code
    return OTHER
