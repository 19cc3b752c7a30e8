"""The labelled rows of the report's tables, for the public page, the workbench preview and the
PDF, from the JSON that ``annual_report.compute`` gives (or a publication froze).

Labels follow the national template's wording and are translated when shown; the frozen JSON
holds only codes and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onewindow.core.localized import english_active
from onewindow.disclosure.annual_report import COLUMNS, TOTAL
from onewindow.disclosure.vocab import (
    GROUP_OF,
    Outcome,
    OutcomeGroup,
    RemedyKind,
    RemedyResult,
    RequesterKind,
)

NUMERALS = "一二三四五六七"


def _group_number(n: int) -> str:
    """（一）…（七） in Chinese, as the template numbers its groups; (1)…(7) in English."""
    return f"（{NUMERALS[n]}）" if not english_active() else f"({n + 1}) "


def _cell_label(outcome: str) -> str:
    """An outcome's label under its group, without the group's name before the colon."""
    label = str(Outcome(outcome).label)
    label = label.split("：", 1)[-1].split(": ", 1)[-1]
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class Row:
    label: str
    cells: list
    level: int = 0  # 0: a part of the table, 1: a group, 2: a cell of a group


def requester_columns() -> list[str]:
    return [*[str(label) for label in RequesterKind.labels], pgettext("report column", "Total")]


def remedy_columns() -> list[str]:
    return [*[str(label) for label in RemedyResult.labels], pgettext("report column", "Total")]


def proactive_rows(table: dict) -> dict:
    documents = table["documents"]
    names = {"rule": _("Rules"), "normative": _("Normative documents")}
    not_recorded = _("not recorded on the platform")

    def decisions(value):
        return not_recorded if value is None else value

    return {
        "documents": [
            Row(names[form], [documents[form][k] for k in ("issued", "repealed", "in_force")])
            for form in ("rule", "normative")
        ],
        "decisions": [
            Row(_("Administrative licensing"), [table["licensing"]]),
            Row(_("Administrative penalties"), [decisions(table["penalties"])]),
            Row(_("Administrative enforcement"), [decisions(table["enforcement"])]),
        ],
        "fees": [Row(_("Administrative fees"), [table["fees"]])],
    }


def request_rows(table: dict) -> list[Row]:
    def cells(line: dict) -> list[int]:
        return [line[column] for column in COLUMNS]

    rows = [
        Row(_("1. New requests received this year"), cells(table["received"])),
        Row(_("2. Requests carried over from last year"), cells(table["carried_in"])),
        Row(_("3. Outcomes this year"), [], 0),
    ]
    for n, group in enumerate(OutcomeGroup):
        members = [o for o, g in GROUP_OF.items() if g == group]
        label = f"{_group_number(n)}{group.label}"
        rows.append(Row(label, cells(table["groups"][group.value]), 1))
        if len(members) > 1:
            rows.extend(
                Row(f"{i}. {_cell_label(o)}", cells(table["outcomes"][o]), 2)
                for i, o in enumerate(members, start=1)
            )
    total = pgettext("report row", "Total")
    rows.append(Row(f"{_group_number(6)}{total}", cells(table["concluded"]), 1))
    rows.append(Row(_("4. Carried over to next year"), cells(table["carried_out"])))
    return rows


def remedy_rows(table: dict) -> list[Row]:
    return [
        Row(str(kind.label), [table[kind.value][c] for c in (*RemedyResult.values, TOTAL)])
        for kind in RemedyKind
    ]


def layout(tables: dict) -> dict:
    return {
        "proactive": proactive_rows(tables["proactive"]),
        "requests": request_rows(tables["requests"]),
        "requester_columns": requester_columns(),
        "remedies": remedy_rows(tables["remedies"]),
        "remedy_columns": remedy_columns(),
    }
