"""The lists synthetic registry data is drawn from: districts, roads, age bands, industries,
entity types. Real where it matters (district populations, main roads), plausible elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from onewindow.registry.models import EntityType

# Resident population by district, 2020 census (10,000 persons).
DISTRICT_POPULATION = {
    "440103": 123.8,
    "440104": 103.9,
    "440105": 181.9,
    "440106": 224.2,
    "440111": 374.3,
    "440112": 126.4,
    "440113": 265.5,
    "440114": 164.2,
    "440115": 84.6,
    "440117": 72.0,
    "440118": 146.6,
}
# Firms cluster in the central business districts and the development zones.
DISTRICT_FIRMS = {
    **DISTRICT_POPULATION,
    "440104": 220.0,
    "440106": 420.0,
    "440112": 200.0,
    "440117": 40.0,
}
# Real main roads per district; Faker's street names fill each pool to STREETS_PER_DISTRICT.
MAIN_ROADS = {
    "440103": "中山八路 龙津西路 芳村大道 康王中路 多宝路 花地大道 西湾路 黄沙大道",
    "440104": "北京路 中山五路 东风中路 环市东路 解放北路 农林下路 越秀北路 沿江中路",
    "440105": "江南大道 新港西路 工业大道 昌岗中路 宝岗大道 琶洲大道 南洲路 革新路",
    "440106": "天河路 天河北路 体育西路 黄埔大道西 中山大道西 林和西路 珠江西路 岑村路",
    "440111": "白云大道北 机场路 广州大道北 云城西路 同泰路 石井大道 广园中路 景泰直街",
    "440112": "开创大道 科学大道 黄埔东路 香雪大道 丰乐北路 开发大道 港湾路 萝岗大道",
    "440113": "番禺大道北 市广路 迎宾路 兴业大道 清河东路 汉溪大道 亚运大道 南村路",
    "440114": "新华路 迎宾大道 凤凰北路 天贵路 建设北路 云山大道 龙珠路 秀全大道",
    "440115": "进港大道 环市大道南 港前大道 金岭北路 黄阁大道 蕉门路 凤凰大道 海滨路",
    "440117": "河滨北路 街口大道 新城中路 青云路 旺城大道 江埔路 河东南路 从城大道",
    "440118": "荔城大道 增城大道 府佑路 新塘大道 光明路 挂绿路 园圃路 东江大道",
}
ROADS_PER_DISTRICT = 8
STREETS_PER_DISTRICT = 40

# Relative size of each 5-year age band (0-4 … 90-94), shaped like Guangzhou's young pyramid.
AGE_BANDS = (55, 50, 48, 45, 60, 95, 110, 100, 85, 75, 65, 55, 45, 35, 25, 15, 8, 4, 2)
CHILDREN = (0, 1, 2, 3)
MAX_HOUSEHOLD = 2 + 3 * (1 + 1 + 3)  # a couple and 3 children, each married with 3
CHILDREN_WEIGHTS = (15, 45, 33, 7)  # children per couple


@dataclass
class Industry:
    word: str  # the industry part of a name: 科技, 贸易, 餐饮管理 …
    scope: tuple[str, ...]  # licensed business activities, as on a business licence


INDUSTRIES = [
    Industry(w, tuple(s.split("；")))
    for w, s in [
        ("科技", "软件开发；信息技术咨询服务；技术服务、技术开发、技术咨询、技术交流、技术转让"),
        ("信息技术", "信息系统集成服务；数据处理和存储支持服务；互联网数据服务；软件开发"),
        ("贸易", "日用百货销售；五金产品批发；电子产品销售；货物进出口；技术进出口"),
        (
            "商贸",
            "服装服饰批发；鞋帽批发；箱包销售；化妆品批发；互联网销售（除销售需要许可的商品）",
        ),
        ("餐饮管理", "餐饮服务；餐饮管理；食品销售；外卖递送服务"),
        ("物流", "道路货物运输（不含危险货物）；国内货物运输代理；普通货物仓储服务；装卸搬运"),
        ("建筑工程", "建设工程施工；住宅室内装饰装修；建筑材料销售；园林绿化工程施工"),
        ("服饰", "服装制造；服装服饰批发；服装服饰零售；针纺织品销售"),
        ("电子", "电子元器件制造；电子产品销售；计算机软硬件及辅助设备零售；通讯设备销售"),
        ("文化传媒", "组织文化艺术交流活动；广告设计、代理；广告制作；会议及展览服务"),
        ("房地产开发", "房地产开发经营；物业管理；房地产经纪；住房租赁"),
        ("医药", "药品零售；第二类医疗器械销售；保健食品（预包装）销售；消毒剂销售"),
        ("教育咨询", "教育咨询服务（不含涉许可审批的教育培训活动）；信息咨询服务；会议及展览服务"),
        ("汽车服务", "汽车零配件零售；机动车修理和维护；汽车租赁；洗车服务"),
        ("投资", "以自有资金从事投资活动；企业管理咨询；财务咨询"),
        ("生物科技", "生物技术推广服务；医学研究和试验发展；实验分析仪器销售"),
        ("新材料", "新材料技术研发；塑料制品制造；合成材料销售"),
        ("供应链管理", "供应链管理服务；国际货物运输代理；报关业务；国内贸易代理"),
        ("人力资源", "人力资源服务（不含职业中介活动、劳务派遣服务）；劳务服务（不含劳务派遣）"),
        ("环保科技", "环境保护专用设备销售；污水处理及其再生利用；固体废物治理"),
    ]
]
SHOPS = [
    Industry(w, tuple(s.split("；")))
    for w, s in [
        ("餐饮店", "餐饮服务；食品小作坊经营；食品销售"),
        ("茶餐厅", "餐饮服务；酒类经营；食品销售"),
        ("便利店", "食品销售；烟草制品零售；日用百货销售"),
        ("理发店", "理发服务；美容服务；日用百货销售"),
        ("五金店", "五金产品零售；建筑材料销售；电线、电缆经营"),
        ("水果店", "食用农产品零售；新鲜水果零售"),
        ("服装店", "服装服饰零售；鞋帽零售；针纺织品销售"),
        ("手机维修部", "通讯设备修理；通信设备销售；电子产品销售"),
    ]
]
FARMS = [
    Industry(w, tuple(s.split("；")))
    for w, s in [
        ("荔枝种植专业合作社", "水果种植；农产品的生产、销售、加工、运输、贮藏及其他相关服务"),
        ("蔬菜种植专业合作社", "蔬菜种植；食用农产品初加工；农业专业及辅助性活动"),
        ("水产养殖专业合作社", "水产养殖；水产品收购；农业机械服务"),
    ]
]
# Public institutions, named after the street they serve, and non-profits (民办非企业单位).
INSTITUTIONS = [
    Industry(w, tuple(s.split("；")))
    for w, s in [
        ("社区卫生服务中心", "基本医疗服务；公共卫生服务；健康教育；慢性病管理"),
        ("文化站", "群众文化活动；图书阅览；文艺培训；非物质文化遗产保护"),
        ("家庭综合服务中心", "家庭服务；长者服务；青少年服务；社区志愿服务"),
        ("公共法律服务工作站", "法律咨询；人民调解；法治宣传"),
        ("退役军人服务站", "就业创业服务；优抚帮扶；权益维护"),
    ]
]
NON_PROFITS = [
    Industry(w, tuple(s.split("；")))
    for w, s in [
        ("社会工作服务中心", "社会工作服务；社区治理服务；志愿者培训"),
        ("公益服务中心", "公益慈善项目；志愿服务；助老助残服务"),
    ]
]
SOCIETIES = ["协会", "商会", "促进会"]  # an industry association: 广州市天河区科技协会
LICENCE_TAIL = "（依法须经批准的项目，经相关部门批准后方可开展经营活动）"

# (type, weight, USCC registration authority + category per GB 32100)
ENTITY_TYPES = [
    (EntityType.LIMITED, 58, "91"),
    (EntityType.JOINT_STOCK, 2, "91"),
    (EntityType.SOLE_PROPRIETORSHIP, 4, "91"),
    (EntityType.PARTNERSHIP, 3, "91"),
    (EntityType.INDIVIDUAL_BUSINESS, 27, "92"),
    (EntityType.COOPERATIVE, 1, "93"),
    (EntityType.PUBLIC_INSTITUTION, 2, "12"),
    (EntityType.SOCIAL_ORGANIZATION, 3, "51"),
]
# Registered capital choices in 10,000 yuan (万元) per type.
CAPITAL = {
    EntityType.LIMITED: (10, 30, 50, 100, 100, 200, 300, 500, 500, 1000, 2000, 5000),
    EntityType.JOINT_STOCK: (1000, 3000, 5000, 10000, 20000, 50000),
    EntityType.SOLE_PROPRIETORSHIP: (1, 3, 5, 10, 20, 50),
    EntityType.PARTNERSHIP: (100, 500, 1000, 3000, 10000),
    EntityType.INDIVIDUAL_BUSINESS: (1, 2, 3, 5, 10, 20),
    EntityType.COOPERATIVE: (10, 50, 100, 200, 500),
    EntityType.PUBLIC_INSTITUTION: (50, 100, 300, 1000, 3000),
    EntityType.SOCIAL_ORGANIZATION: (3, 10, 30, 50, 100),
}
TRADE_NAME_CHARS = (
    "华瑞泰恒信达丰盛鑫源宏远嘉德顺安康福隆兴昌汇通和美新天宇星辰海云峰粤穗羊城珠江南北"
    "东方中正诚立合众创联智博睿思明辉光金宝玉雅骏凯旭腾飞扬卓锦绣佳乐永富贵祥利万润泽"
)
