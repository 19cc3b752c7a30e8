"""The daily operations report (日报) of a major event as a PDF in Chinese, from the data frozen
when it was compiled (``DailyReport.content``): the structure in force, the key figures, the
day's schedule, the incidents and 12345 tickets near the venues, the response tasks and the
fast-track permits. Nothing here reads the database beyond the report and its event."""

from __future__ import annotations

from onewindow.core.localized import in_chinese
from onewindow.core.pdf import Document, format_date
from onewindow.emergency.event_models import DailyReport, PermitKind
from onewindow.emergency.incident_models import Grade, IncidentState

TASK_STATES = {
    "assigned": "待接报",
    "acknowledged": "已接报，待反馈",
    "reported": "已反馈",
    "overdue": "逾期",
    "withdrawn": "已撤回",
}


def _label(choices, value: str) -> str:
    try:
        return in_chinese(choices(value).label)
    except ValueError:
        return value


def render_pdf(report: DailyReport) -> bytes:
    event = report.event
    content = report.content
    figures = content.get("figures", {})
    day = format_date(report.day)
    doc = Document(
        title=f"{event.name}运行日报（{day}）",
        author=event.department.name,
        issued_on=report.day,
        number=f"{event.code} {report.day.isoformat()}",
    )
    doc.heading()
    structure = content.get("structure", {}).get("name") or "（尚无指挥体系）"
    doc.paragraph(
        f"{day}，{structure}在运行。当日场馆周边突发事件{figures.get('incidents', 0)}起"
        f"（仍在处置{figures.get('incidents_open', 0)}起），12345诉求"
        f"{figures.get('tickets', 0)}件；成员单位响应任务{figures.get('tasks', 0)}项，"
        f"已反馈{figures.get('tasks_reported', 0)}项，逾期{figures.get('tasks_overdue', 0)}项；"
        f"赛事相关许可{figures.get('permits', 0)}件（在办{figures.get('permits_open', 0)}件）；"
        f"当日赛程{figures.get('competitions', 0)}场。"
    )
    sections = [
        ("一、当日赛程", ["时间", "项目", "场馆"], (1, 3, 2.4),
         [[c["time"], c["title"], c["venue"].get("name", "")]
          for c in content.get("schedule", [])]),
        ("二、场馆周边突发事件", ["编号", "事件", "等级", "场馆", "状态"], (2.2, 2.6, 1, 1.6, 1),
         [[i["number"], i["title"], _label(Grade, i["grade"]), i["venue"].get("name", ""),
           _label(IncidentState, i["state"])] for i in content.get("incidents", [])]),
        ("三、场馆周边12345诉求", ["工单号", "诉求", "场馆"], (1.6, 3.2, 1.6),
         [[t["number"], t["title"], t["venue"].get("name", "")]
          for t in content.get("tickets", [])]),
        ("四、成员单位响应任务", ["单位", "任务", "状态"], (1.6, 3.6, 1.2),
         [[t["department"].get("name", ""), t["text"], TASK_STATES.get(t["state"], t["state"])]
          for t in content.get("tasks", [])]),
        ("五、赛事相关许可（快速通道）", ["办件编号", "事项", "类别", "状态"], (2, 2.4, 1.4, 1),
         [[p["case"], p["item"].get("name", ""), _label(PermitKind, p["kind"]),
           "在办" if p["open"] else "已办结"] for p in content.get("permits", [])]),
    ]  # fmt: skip
    for title, headings, widths, rows in sections:
        doc.paragraph(title, indent=False, bold=True)
        if rows:
            doc.grid(headings, rows, col_widths=widths)
        else:
            doc.paragraph("无。")
    doc.sign_off(event.department.name, report.day)
    return doc.render()
