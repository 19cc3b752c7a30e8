"""Blank application forms and filled-in samples (空白表格、示范文本) as PDFs, drawn from an
item's form schema: one labelled box per field; the sample carries example values and is marked
样表 / SAMPLE on every page so it cannot pass for a real application."""

from __future__ import annotations

from datetime import date
from random import Random

from fpdf.enums import XPos, YPos

from onewindow.catalog.form_schema import field_kind
from onewindow.catalog.models import ServiceItem
from onewindow.core.identifiers import generate_id_number, generate_uscc
from onewindow.core.pdf import FAMILY, Document

BOX_HEIGHT = 11
LABEL_WIDTH = 62
SAMPLE_MARK = "样表 SAMPLE"
# A fixed date keeps the PDF bytes stable from one download to the next.
FORM_DATE = date(2026, 1, 5)


def example_value(name: str, field: dict, materials: dict[str, str]) -> str:
    """A plausible example for the sample (示范文本), by field kind and title."""
    kind = field_kind(field)
    title = field.get("title", "")
    rng = Random(name)  # noqa: S311 - example data, the same on every download
    if kind == "choice":
        return field["enum"][0]
    if kind == "number":
        example = 120 if "面积" in title else 3 if "数" in title else 1
        return str(max(example, int(field.get("minimum", 0))))
    if kind == "file":
        return "附：" + materials.get(field.get("material", ""), title)
    if kind == "formatted":
        return {
            "date": "2026-01-05",
            "id-number": generate_id_number("440106", date(1990, 1, 1), rng=rng),
            "uscc": generate_uscc("440106", rng=rng),
            "division": "440106 广州市天河区",
            "phone": "13800138000",
        }[field["format"]]
    if "姓名" in title or title.endswith("人"):
        return "张三"
    if "地址" in title or "坐落" in title:
        return "广州市天河区天河路1号"
    if "名称" in title:
        return "广州示例科技有限公司"
    return "（按实际情况填写）"


def render(item: ServiceItem, *, sample: bool) -> bytes:
    """The item's application form as an A4 PDF: blank, or the sample with example values."""
    title = f"{item.name}申请表" + ("（样表）" if sample else "")
    document = _FormDocument(
        title=title, author=item.lead_department.name, issued_on=FORM_DATE, sample=sample
    )
    document.heading()
    document.set_font(FAMILY, size=document.SMALL_SIZE)
    document.multi_cell(
        0, 6, f"事项编码：{item.code}    受理部门：{item.lead_department.name}",
        new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    document.ln(3)
    schema = item.form_schema
    required = set(schema.get("required", []))
    materials = {m.key: m.name for m in item.materials.all()}
    for name, field in schema.get("properties", {}).items():
        label = field.get("title", name) + ("（必填）" if name in required else "")
        value = example_value(name, field, materials) if sample else ""
        if field_kind(field) == "choice" and not sample:
            value = "□ " + "  □ ".join(field["enum"])
        document.box(label, field.get("title_en", ""), value)
    document.ln(6)
    document.set_font(FAMILY, size=document.SMALL_SIZE)
    document.multi_cell(
        0,
        6,
        "申请人承诺：以上填写内容及所附材料真实、有效。\n"
        "申请人（签名或盖章）：            日期：    年  月  日",
        new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )  # fmt: skip
    return document.render()


class _FormDocument(Document):
    def __init__(self, *, sample: bool, **kwargs):
        self.sample = sample
        super().__init__(**kwargs)

    def header(self) -> None:
        super().header()
        if self.sample:  # on every page, top right, in red
            self.set_font(FAMILY, "B", 16)
            self.set_text_color(200, 0, 0)
            self.set_xy(self.w - self.r_margin - 50, 14)
            self.cell(50, 10, SAMPLE_MARK, border=1, align="C")
            self.set_text_color(0, 0, 0)
            self.set_xy(self.l_margin, self.t_margin)
            self.set_font(FAMILY, size=self.BODY_SIZE)

    def box(self, label: str, label_en: str, value: str) -> None:
        """One labelled box: the label on the left, room to write (or the example) on the right."""
        self.set_font(FAMILY, size=self.SMALL_SIZE)
        text = label + (f"\n{label_en}" if label_en else "")
        lines = max(len(self.multi_cell(LABEL_WIDTH - 2, 5, text, dry_run=True, output="LINES")), 2)
        height = max(BOX_HEIGHT, lines * 5 + 2)
        if self.will_page_break(height):
            self.add_page()
        x, y = self.get_x(), self.get_y()
        self.rect(x, y, LABEL_WIDTH, height)
        self.rect(x + LABEL_WIDTH, y, self.epw - LABEL_WIDTH, height)
        self.set_xy(x + 1, y + 1)
        self.multi_cell(LABEL_WIDTH - 2, 5, text)
        if value:
            self.set_font(FAMILY, size=self.TABLE_SIZE)
            self.set_xy(x + LABEL_WIDTH + 2, y + 1)
            self.multi_cell(self.epw - LABEL_WIDTH - 4, 6, value)
        self.set_xy(x, y + height)
