"""The disclosure catalogue as open data (政务数据开放): one row per published document, in CSV
(UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese) and JSON, described
by a data dictionary (field, type, meaning in Chinese and English) that the tests hold every
row to."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

from onewindow.disclosure.selectors import public
from onewindow.disclosure.vocab import Category

NAME = "disclosure-catalogue"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, date, datetime, enum (of ``values``) or boolean
    meaning_zh: str
    meaning_en: str
    required: bool = True
    values: tuple[str, ...] = ()


DICTIONARY = (
    Field("index_number", "string", "索引号", "Index number: agency code/year-sequence"),
    Field("agency_code", "string", "发布机关代码", "Issuing agency's code"),
    Field("agency_name", "string", "发布机关", "Issuing agency (Chinese name)"),
    Field(
        "category",
        "enum",
        "主题分类（政府信息公开条例第二十条）",
        "Category (Art. 20 of the Regulations on Open Government Information)",
        values=tuple(Category.values),
    ),
    Field("title", "string", "标题", "Title (Chinese)"),
    Field("title_en", "string", "英文标题", "Title (English)", required=False),
    Field("number", "string", "文号", "Document number", required=False),
    Field("formed_on", "date", "成文日期", "Date formed or changed"),
    Field("published_at", "datetime", "发布时间", "Published at (ISO 8601, with offset)"),
    Field(
        "validity",
        "enum",
        "有效性",
        "Validity",
        values=("in_force", "repealed", "expired", "amended"),
    ),
    Field("valid_from", "date", "生效日期", "Valid from", required=False),
    Field("ended_on", "date", "废止或失效日期", "Repealed or expired on", required=False),
    Field(
        "replaced_by", "string", "替代文件索引号", "Index number of the replacement", required=False
    ),
    Field("url", "string", "网页地址", "Address of the document's page"),
)
FIELDS = [f.name for f in DICTIONARY]


def _date(value) -> str:
    return value.isoformat() if value else ""


def records(base_url: str = "") -> list[dict[str, str]]:
    """Every published document as a row of the dictionary's fields, all strings."""
    rows = []
    for doc in public.published().order_by("index_number"):
        rows.append(
            {
                "index_number": doc.index_number or "",
                "agency_code": doc.agency.code,
                "agency_name": doc.agency.name,
                "category": doc.category,
                "title": doc.title,
                "title_en": doc.title_en,
                "number": doc.number,
                "formed_on": _date(doc.formed_on),
                "published_at": _date(doc.published_at),
                "validity": doc.validity,
                "valid_from": _date(doc.valid_from),
                "ended_on": _date(doc.ended_on),
                "replaced_by": (doc.replaced_by.index_number or "") if doc.replaced_by else "",
                "url": f"{base_url}/disclosure/documents/{doc.index_number}/",
            }
        )
    return rows


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def dictionary() -> list[dict]:
    return [{**asdict(f), "values": list(f.values)} for f in DICTIONARY]


def as_json(rows: list[dict[str, str]]) -> dict:
    return {"name": NAME, "dictionary": dictionary(), "records": rows}
