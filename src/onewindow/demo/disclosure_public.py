"""Demo proactive disclosures (主动公开): disclosure guides of six agencies and about sixty
published documents over all fifteen Art. 20 categories, two of them repealed and replaced,
indexed for search. Made once each (found again by ``source_key``).

``compose`` writes one realistic document of a category from templates and Faker's zh_CN
names; the search benchmark (bench/disclosure_search.py) generates its corpus with it too.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from onewindow.accounts.models import Department
from onewindow.disclosure import search
from onewindow.disclosure.models import Document, Guide, Validity
from onewindow.disclosure.services import publishing
from onewindow.disclosure.vocab import Category, DocumentForm

SOURCE = "demo"
COUNT = 60

# code: (文号 prefix, office, office_en, address, address_en, phone)
AGENCIES = {
    "440100-SCJG": ("穗市监", "广州市市场监督管理局办公室（政务公开科）", "Office (Open Government Section)",  # noqa: E501
                    "广州市天河区天润路87号", "87 Tianrun Road, Tianhe District", "020-82585001"),
    "440100-MZ": ("穗民", "广州市民政局办公室", "General Office",
                  "广州市越秀区东风中路348号", "348 Dongfeng Road Central, Yuexiu District",
                  "020-83123972"),
    "440100-STHJ": ("穗环", "广州市生态环境局办公室", "General Office",
                    "广州市越秀区吉祥路95号", "95 Jixiang Road, Yuexiu District", "020-83203110"),
    "440100-RS": ("穗人社", "广州市人力资源和社会保障局办公室", "General Office",
                  "广州市越秀区八旗二马路48号", "48 Baqi Erma Road, Yuexiu District",
                  "020-83320900"),
    "440100-FG": ("穗发改", "广州市发展和改革委员会办公室", "General Office",
                  "广州市越秀区府前路1号", "1 Fuqian Road, Yuexiu District", "020-83555988"),
    "440100-WJ": ("穗卫健", "广州市卫生健康委员会办公室", "General Office",
                  "广州市越秀区科甲巷1号", "1 Kejia Lane, Yuexiu District", "020-81081088"),
}  # fmt: skip

# category: [(title, English title, opening of the text)]; {year} {place} {company} {n} fill in
TEMPLATES = {
    Category.RULES: [
        ("广州市{topic}管理办法", "Guangzhou measures on {topic_en}",
         "第一条 为了规范{topic}管理，保障公民、法人和其他组织的合法权益，根据有关法律法规，结合本市实际，制定本办法。"),  # noqa: E501
        ("关于进一步加强{topic}工作的若干规定", "Provisions on strengthening {topic_en}",
         "第一条 为进一步加强本市{topic}工作，提升治理水平，制定本规定。"),
    ],
    Category.FUNCTIONS: [
        ("{agency}主要职责、内设机构和人员编制", "Functions, internal bodies and staffing",
         "根据市委、市政府批准的机构改革方案，{agency}是市政府工作部门，负责本行政区域内相关工作。"),
    ],
    Category.PLANS: [
        ("广州市{topic}发展“十五五”规划", "Guangzhou 15th five-year plan for {topic_en}",
         "本规划依据国家和省有关部署编制，规划期为2026年至2030年，是指导全市{topic}工作的纲领性文件。"),
    ],
    Category.STATISTICS: [
        ("{year}年{month}月{topic}统计数据", "{topic_en} statistics, {month}/{year}",
         "{year}年{month}月，全市{topic}主要指标运行平稳，累计完成{n}项，同比增长{pct}%。"),
    ],
    Category.LICENSING: [
        ("{year}年第{n}批{topic}行政许可结果公示", "Licences granted for {topic_en}, batch {n} of {year}",  # noqa: E501
         "根据《中华人民共和国行政许可法》，现将{year}年第{n}批准予行政许可的{company}等单位名单予以公示。"),
    ],
    Category.ENFORCEMENT: [
        ("{company}行政处罚决定书", "Penalty decision: {company_en}",
         "当事人{company}，住所位于{place}。经查，当事人存在违反{topic}相关规定的行为，依法给予警告并处罚款。"),
    ],
    Category.BUDGETS: [
        ("{agency}{year}年部门预算", "{year} departmental budget",
         "根据《中华人民共和国预算法》，现将{agency}{year}年部门预算公开如下。收支总预算{n}万元。"),
        ("{agency}{year}年部门决算", "{year} final accounts",
         "现将{agency}{year}年部门决算公开，包括收入支出决算总表、财政拨款收入支出决算表等。"),
    ],
    Category.FEES: [
        ("{topic}行政事业性收费项目及标准", "Administrative fees for {topic_en}: items and rates",
         "根据省发展改革委、省财政厅有关文件，现将{topic}行政事业性收费项目、依据和标准公布如下。"),
    ],
    Category.PROCUREMENT: [
        ("{year}年{topic}服务采购意向公开", "{year} procurement intention: {topic_en} services",
         "为便于供应商及时了解政府采购信息，现将{year}年{topic}服务采购意向公开，预算金额{n}万元。"),
    ],
    Category.PROJECTS: [
        ("{place}{topic}建设项目批准信息", "Approval of the {topic_en} project",
         "项目位于{place}，建设内容包括主体工程及配套设施，总投资约{n}万元，已完成立项审批。"),
    ],
    Category.SOCIAL: [
        ("关于调整{year}年{topic}补助标准的通知", "Adjusted {topic_en} subsidy rates for {year}",
         "经市政府同意，自{year}年7月1日起调整本市{topic}补助标准，每人每月提高{pct}元。"),
    ],
    Category.EMERGENCIES: [
        ("广州市{topic}突发事件应急预案", "Guangzhou emergency plan: {topic_en}",
         "为有效预防和处置{topic}突发事件，最大程度减少损失，依据《中华人民共和国突发事件应对法》制定本预案。"),
    ],
    Category.SUPERVISION: [
        ("{year}年第{n}期{topic}监督抽查结果", "{topic_en} inspection results, issue {n} of {year}",
         "{year}年第{n}期共抽查{company}等{n}家单位，合格率{pct}%，不合格单位已责令限期整改。"),
    ],
    Category.RECRUITMENT: [
        ("{agency}{year}年考试录用公务员拟录用人员名单", "{year} civil-service recruitment: candidates",  # noqa: E501
         "根据{year}年度考试录用公务员工作安排，经笔试、面试、体检和考察，拟录用{name}等{n}名同志。"),
    ],
    Category.OTHER: [
        ("{agency}{year}年政府信息公开工作年度报告", "{year} annual report on government information disclosure",  # noqa: E501
         "本报告根据《中华人民共和国政府信息公开条例》第五十条要求编制，所列数据统计期限自{year}年1月1日起至12月31日止。"),
    ],
}  # fmt: skip

TOPICS = [
    ("食品安全", "food safety"), ("养老服务", "elderly care"), ("大气污染防治", "air pollution"),
    ("就业创业", "employment"), ("价格监测", "price monitoring"), ("公共卫生", "public health"),
    ("特种设备", "special equipment"), ("社会救助", "social assistance"),
    ("水环境保护", "water protection"), ("职业技能培训", "skills training"),
    ("医疗机构", "medical institutions"), ("消防安全", "fire safety"),
]  # fmt: skip

PARAGRAPHS = [
    "第{k}条 本市各级行政机关应当按照职责分工，做好{topic}相关工作，建立健全工作机制，"
    "明确责任主体，加强部门协同和信息共享。",
    "第{k}条 有关部门应当通过政府网站、政务新媒体等渠道及时公开{topic}相关信息，"
    "接受社会监督，对公众反映的问题依法处理并反馈。",
    "第{k}条 违反本办法规定的，由有关部门责令改正；情节严重的，依法予以处理。"
    "构成犯罪的，依法追究刑事责任。",
    "第{k}条 {place}等区应当结合本地实际，制定具体实施方案，并于每年12月底前将工作情况"
    "报送市主管部门。",
    "第{k}条 本市鼓励{company}等市场主体参与{topic}工作，对表现突出的单位和个人给予表扬。",
    "第{k}条 市主管部门应当会同财政、审计等部门对{topic}资金使用情况进行监督检查，"
    "检查结果向社会公开。",
]


def compose(rng: random.Random, fake: Faker, agency: Department, category: str, year: int):
    """Title, English title, document number prefix-free text and English text of one document
    of ``category`` by ``agency`` in ``year``: a few hundred to a few thousand characters."""
    title, title_en, opening = rng.choice(TEMPLATES[category])
    topic, topic_en = rng.choice(TOPICS)
    company = fake.company()
    values = {
        "agency": agency.name,
        "topic": topic,
        "topic_en": topic_en,
        "year": year,
        "month": rng.randint(1, 12),
        "n": rng.randint(2, 60),
        "pct": rng.randint(3, 99),
        "company": company,
        "company_en": f"{fake.romanized_name()} Co.",
        "place": fake.district() + "区",
        "name": fake.name(),
    }
    paragraphs = [opening.format(**values)]
    for k in range(2, rng.randint(4, 12)):
        paragraphs.append(rng.choice(PARAGRAPHS).format(k=_han(k), **values))
    body = "\n".join(paragraphs)
    body_en = (
        f"{title_en.format(**values)}. Published by {agency.name_en or agency.code} under "
        "Article 20 of the Regulations on Open Government Information; the Chinese text is "
        "authoritative."
    )
    return title.format(**values), title_en.format(**values), body, body_en


def _han(k: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[k] if k <= 10 else "十" + digits[k - 10]


def _guides(today: date) -> None:
    for code, (_prefix, office, office_en, address, address_en, phone) in AGENCIES.items():
        agency = Department.objects.filter(code=code).first()
        if agency is None or Guide.objects.filter(agency=agency).exists():
            continue
        Guide.objects.create(
            agency=agency,
            office=office,
            office_en=office_en,
            address=address,
            address_en=address_en,
            postcode="510000",
            phone=phone,
            hours="工作日 9:00-12:00，14:00-17:30",
            hours_en="Working days 9:00-12:00 and 14:00-17:30",
            text=(
                f"一、主动公开：{agency.name}通过门户网站“政府信息公开”专栏主动公开政府信息，"
                "信息形成或者变更之日起20个工作日内予以公开。\n"
                "二、依申请公开：公民、法人或者其他组织可以通过网上办事大厅、信函或者当面提交"
                "政府信息公开申请。本机关收到申请后，能够当场答复的当场答复；不能当场答复的，"
                "自收到申请之日起20个工作日内答复。\n"
                "三、监督和救济：申请人认为本机关在政府信息公开工作中侵犯其合法权益的，"
                "可以依法申请行政复议或者提起行政诉讼。"
            ),
            text_en=(
                "Proactive disclosure: the agency publishes government information within 20 "
                "working days of its being formed or changed. Requests: apply online, by letter "
                "or in person; a reply comes on the spot or within 20 working days. Remedies: "
                "administrative review or a lawsuit."
            ),
            updated_on=today - timedelta(days=40),
        )


@transaction.atomic
def ensure() -> int:
    """Create the guides and the demo documents that are not there yet, index them; returns
    how many documents are new."""
    today = timezone.localdate()
    _guides(today)
    agencies = [a for a in Department.objects.filter(code__in=AGENCIES).order_by("code")]
    if not agencies:
        return 0
    rng = random.Random(22)  # noqa: S311 - demo data, not secrets
    fake = Faker("zh_CN")
    fake.seed_instance(22)
    categories = list(Category.values)
    created: list[Document] = []
    sequences: dict[tuple[str, int], int] = {}
    for i in range(COUNT):
        agency = agencies[i % len(agencies)]
        category = categories[i % len(categories)]
        published = timezone.make_aware(
            datetime.combine(today - timedelta(days=3 + 7 * i), datetime.min.time())
        ) + timedelta(hours=9 + i % 8)
        year = published.year
        sequences[(agency.code, year)] = seq = sequences.get((agency.code, year), 0) + 1
        title, title_en, body, body_en = compose(rng, fake, agency, category, year)
        document, new = publishing.publish_from_module(
            SOURCE,
            f"public-{i}",
            agency=agency,
            category=category,
            form=DocumentForm.NORMATIVE if category == Category.RULES else DocumentForm.OTHER,
            title=title,
            title_en=title_en,
            number=f"{AGENCIES[agency.code][0]}〔{year}〕{seq}号"
            if category in (Category.RULES, Category.SOCIAL, Category.EMERGENCIES)
            else "",
            body=body,
            body_en=body_en,
            formed_on=published.date() - timedelta(days=5),
            now=published,
        )
        if new:
            if category == Category.RULES:
                document.valid_from = published.date()
                document.save(update_fields=["valid_from"])
            created.append(document)
    _repeal_older_rules(created)
    search.index_documents(created)
    return len(created)


def _repeal_older_rules(created: list[Document]) -> None:
    """The older of two rules of the same agency is repealed by the newer (废止), as in life."""
    rules: dict[int, list[Document]] = {}
    for doc in created:
        if doc.category in (Category.RULES, Category.SOCIAL):
            rules.setdefault(doc.agency_id, []).append(doc)
    for documents in list(rules.values())[:2]:
        if len(documents) < 2:
            continue
        newer, older = documents[0], documents[-1]  # created newest first
        older.validity = Validity.REPEALED
        older.ended_on = newer.published_at.date()
        older.replaced_by = newer
        older.save(update_fields=["validity", "ended_on", "replaced_by", "updated_at"])
