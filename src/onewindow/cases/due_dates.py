"""The due dates of every open case after a working-calendar edit, recomputed set-based.

A due date depends only on its start date and its number of working days (行政许可法 Art. 82),
so the few thousand distinct (start, days) pairs among the open cases are computed once with
the clock module and joined back to the cases. Closed pauses (Art. 45) are recounted the same
way by their (first day, resume day) pair. The cases, their closed pauses and their open review
tasks are then updated by a handful of UPDATEs. Each case whose dates (or paused days) moved
gets its version bumped and its own entry in the audit chain; once accepted, and if a date
moved, its ``due_dates_changed`` timeline event and the applicant's notification. Events,
notifications and audit entries are written in bulk. Works on SQLite and PostgreSQL.

Concurrency: on PostgreSQL every open case row is locked (``FOR UPDATE``, in id order) before
anything is read, so a service call already holding a case finishes first and is recomputed
here, and one that comes later waits for the edit to commit and then reads the new calendar.
SQLite serializes writers, and the calendar edit that calls this has already written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from onewindow.cases import clocks
from onewindow.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    ClockPause,
    ReviewTask,
    Status,
    TaskStage,
    TaskStatus,
)
from onewindow.catalog.models import ServiceItem
from onewindow.core import audit, bulk
from onewindow.core.clock import WorkingCalendar
from onewindow.notifications import services as notifications

BATCH = 5000
_PAUSE = "cases_due_pause"  # (started_on, ended_on) -> working days not counted
_SHIFT = "cases_due_shift"  # (start, working days) -> due date, provisional
_NEW = "cases_due_new"  # the new dates of the cases whose dates move


def _tables() -> dict[str, str]:
    """Names and constants the statements below are formatted with (never user input)."""
    quote = connection.ops.quote_name
    return {
        "case": quote(Case._meta.db_table),
        "pause": quote(ClockPause._meta.db_table),
        "task": quote(ReviewTask._meta.db_table),
        "item": quote(ServiceItem._meta.db_table),
        "open": ", ".join(f"'{status}'" for status in OPEN_STATUSES),
        "submitted": f"'{Status.SUBMITTED}'",
        "intake_days": str(clocks.INTAKE_LIMIT.days),
        "delivery_days": str(clocks.DELIVERY_LIMIT.days),
        "task_stages": ", ".join(
            f"'{s}'" for s in (TaskStage.REVIEW, TaskStage.INSPECTION, TaskStage.NOTICE)
        ),
        "task_done": ", ".join(f"'{s}'" for s in TaskStatus.done()),
        # A null-safe "differs": both databases' spelling.
        "differs": "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT",
    }


LOCK_SQL = """
SELECT count(*) FROM (
  SELECT id FROM {case} WHERE status IN ({open}) ORDER BY id FOR UPDATE
) locked
"""

PAUSE_PAIRS_SQL = """
SELECT DISTINCT p.started_on, p.ended_on
FROM {pause} p JOIN {case} c ON c.id = p.case_id
WHERE c.status IN ({open}) AND c.accepted_on IS NOT NULL AND p.ended_on IS NOT NULL
"""

PAUSE_UPDATE_SQL = """
UPDATE {pause} SET working_days = (
  SELECT d.days FROM cases_due_pause d
  WHERE d.started_on = {pause}.started_on AND d.ended_on = {pause}.ended_on
)
WHERE ended_on IS NOT NULL
  AND case_id IN (SELECT id FROM {case} WHERE status IN ({open}) AND accepted_on IS NOT NULL)
  AND working_days <> (
    SELECT d.days FROM cases_due_pause d
    WHERE d.started_on = {pause}.started_on AND d.ended_on = {pause}.ended_on
  )
"""

# Each open case's clock inputs, with the working days of its closed pauses.
OPEN_CASES = """
SELECT c.id, c.status, c.received_on, c.accepted_on, c.decided_on, c.statutory_limit,
       c.promised_limit, c.extension_days, COALESCE(p.days, 0) AS paused
FROM {case} c
LEFT JOIN (
  SELECT case_id, SUM(working_days) AS days FROM {pause}
  WHERE ended_on IS NOT NULL GROUP BY case_id
) p ON p.case_id = c.id
WHERE c.status IN ({open})
"""

SHIFT_PAIRS_SQL = """WITH o AS ({open_cases})
SELECT received_on, {intake_days} FROM o WHERE status = {submitted}
UNION SELECT accepted_on, statutory_limit + extension_days + paused FROM o
  WHERE accepted_on IS NOT NULL AND statutory_limit IS NOT NULL
UNION SELECT accepted_on, promised_limit + extension_days + paused FROM o
  WHERE accepted_on IS NOT NULL AND promised_limit IS NOT NULL
UNION SELECT decided_on, {delivery_days} FROM o WHERE decided_on IS NOT NULL
"""

# The cases whose dates move, with their new dates; the old ones stay on the case row.
NEW_DATES_SQL = """
INSERT INTO cases_due_new (case_id, paused_days, intake_due, statutory_due, promised_due,
                           delivery_due, provisional)
SELECT id, paused_days, intake_due, statutory_due, promised_due, delivery_due, provisional
FROM (
  SELECT c.id,
    CASE WHEN c.accepted_on IS NOT NULL THEN COALESCE(p.days, 0) ELSE c.paused_days
    END AS paused_days,
    CASE WHEN c.status = {submitted} THEN si.due ELSE c.intake_due END AS intake_due,
    CASE WHEN ss.due IS NOT NULL THEN ss.due ELSE c.statutory_due END AS statutory_due,
    CASE WHEN sp.due IS NOT NULL THEN sp.due ELSE c.promised_due END AS promised_due,
    CASE WHEN sd.due IS NOT NULL THEN sd.due ELSE c.delivery_due END AS delivery_due,
    CASE WHEN c.status = {submitted} THEN COALESCE(si.provisional, c.due_provisional)
         WHEN ss.due IS NOT NULL AND sp.due IS NOT NULL
           THEN (ss.provisional OR sp.provisional OR COALESCE(sd.provisional, FALSE))
         ELSE c.due_provisional END AS provisional,
    c.due_provisional AS old_provisional,
    c.paused_days AS old_paused, c.intake_due AS old_intake, c.statutory_due AS old_statutory,
    c.promised_due AS old_promised, c.delivery_due AS old_delivery
  FROM {case} c
  LEFT JOIN (
    SELECT case_id, SUM(working_days) AS days FROM {pause}
    WHERE ended_on IS NOT NULL GROUP BY case_id
  ) p ON p.case_id = c.id
  LEFT JOIN cases_due_shift si
    ON c.status = {submitted} AND si.start = c.received_on AND si.days = {intake_days}
  LEFT JOIN cases_due_shift ss
    ON ss.start = c.accepted_on
   AND ss.days = c.statutory_limit + c.extension_days + COALESCE(p.days, 0)
  LEFT JOIN cases_due_shift sp
    ON sp.start = c.accepted_on
   AND sp.days = c.promised_limit + c.extension_days + COALESCE(p.days, 0)
  LEFT JOIN cases_due_shift sd ON sd.start = c.decided_on AND sd.days = {delivery_days}
  WHERE c.status IN ({open})
) n
WHERE paused_days <> old_paused OR intake_due {differs} old_intake
   OR statutory_due {differs} old_statutory OR promised_due {differs} old_promised
   OR delivery_due {differs} old_delivery OR provisional <> old_provisional
"""

CHANGED_SQL = """
SELECT c.id, c.number, c.division_code, c.status, c.version, c.applicant_id, i.name,
       c.paused_days, n.paused_days,
       c.intake_due, c.statutory_due, c.promised_due, c.delivery_due,
       n.intake_due, n.statutory_due, n.promised_due, n.delivery_due
FROM cases_due_new n JOIN {case} c ON c.id = n.case_id JOIN {item} i ON i.id = c.item_id
ORDER BY c.number
"""

CASE_UPDATE_SQL = """
UPDATE {case} SET paused_days = n.paused_days, intake_due = n.intake_due,
  statutory_due = n.statutory_due, promised_due = n.promised_due,
  delivery_due = n.delivery_due, due_provisional = n.provisional,
  version = {case}.version + 1
FROM cases_due_new n WHERE {case}.id = n.case_id
"""

TASK_UPDATE_SQL = """
UPDATE {task} SET due_on = n.promised_due
FROM cases_due_new n
WHERE {task}.case_id = n.case_id AND n.promised_due IS NOT NULL
  AND {task}.stage IN ({task_stages}) AND {task}.status NOT IN ({task_done})
  AND {task}.due_on {differs} n.promised_due
"""

TEMP_TABLES = {
    _PAUSE: "started_on date, ended_on date, days integer, PRIMARY KEY (started_on, ended_on)",
    _SHIFT: "start date, days integer, due date, provisional boolean, PRIMARY KEY (start, days)",
    _NEW: (
        "case_id bigint PRIMARY KEY, paused_days integer, intake_due date, statutory_due date,"
        " promised_due date, delivery_due date, provisional boolean"
    ),
}


def _date(value) -> date | None:
    """A date from a raw cursor: SQLite returns ISO text."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _iso(value) -> str:
    value = _date(value)
    return value.isoformat() if value else ""


def _run(cursor, sql: str, params: Iterable = ()) -> None:
    names = _tables()
    cursor.execute(sql.format(open_cases=OPEN_CASES.format(**names), **names), list(params))


def _fill(cursor, table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    marks = ", ".join(["%s"] * len(rows[0]))
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        values = ", ".join([f"({marks})"] * len(chunk))
        cursor.execute(
            f"INSERT INTO {table} VALUES {values}",  # noqa: S608  a temporary table of ours
            [value for row in chunk for value in row],
        )


def _temporary(table: str) -> str:
    """The temporary table itself, never a permanent one of the same name."""
    return ("pg_temp." if connection.vendor == "postgresql" else "temp.") + table


def _create_temp_tables(cursor) -> None:
    for table, columns in TEMP_TABLES.items():
        cursor.execute(f"DROP TABLE IF EXISTS {_temporary(table)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns})")


def _drop_temp_tables(cursor) -> None:
    for table in TEMP_TABLES:
        cursor.execute(f"DROP TABLE IF EXISTS {_temporary(table)}")


def _pause_days(cursor, calendar: WorkingCalendar) -> None:
    """Recount the working days of the open cases' closed pauses."""
    _run(cursor, PAUSE_PAIRS_SQL)
    pairs = [(_date(started), _date(ended)) for started, ended in cursor.fetchall()]
    rows = [(s, e, clocks.paused_working_days(s, e, calendar)) for s, e in pairs]
    _fill(cursor, _PAUSE, rows)
    if rows:
        _run(cursor, PAUSE_UPDATE_SQL)


def _shifts(cursor, calendar: WorkingCalendar) -> None:
    """The due date of every (start, working days) pair the open cases need."""
    _run(cursor, SHIFT_PAIRS_SQL)
    rows = []
    for start, days in cursor.fetchall():
        if start is None or days is None:
            continue
        due = calendar.add_working_days(_date(start), int(days))
        rows.append((_date(start), int(days), due.date, due.provisional))
    _fill(cursor, _SHIFT, rows)


class _Moved(NamedTuple):
    """One row of CHANGED_SQL: a case whose clock moved, before and after."""

    id: int
    number: str
    division_code: str
    status: str
    version: int
    applicant_id: int
    item_name: str
    paused_before: int
    paused_after: int
    intake_before: object
    statutory_before: object
    promised_before: object
    delivery_before: object
    intake_after: object
    statutory_after: object
    promised_after: object
    delivery_after: object

    def dates(self) -> tuple[list[str], list[str]]:
        """(before, after): the intake, statutory, promised and delivery due dates as ISO."""
        before = (self.intake_before, self.statutory_before, self.promised_before)
        after = (self.intake_after, self.statutory_after, self.promised_after)
        return (
            [_iso(d) for d in (*before, self.delivery_before)],
            [_iso(d) for d in (*after, self.delivery_after)],
        )


def _side_effects(moved: list[_Moved], actor, now) -> None:
    """Per moved case: its audit entry; once accepted and if a date moved, its timeline event
    and the applicant's notification (a pause recounted without a new date tells no one)."""
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    events, notices, entries = [], [], []
    for case in moved:
        before, after = case.dates()
        entries.append(
            (
                case.number,
                {
                    "status": case.status,
                    "version": case.version + 1,
                    "before": before,
                    "after": after,
                    "paused_days": [case.paused_before, case.paused_after],
                },
            )
        )
        statutory, promised = after[1], after[2]
        if not promised or before == after:
            continue
        params = {
            "promised_due": promised,
            "statutory_due": statutory,
            "old_promised_due": before[2],
            "old_statutory_due": before[1],
        }
        events.append((case.id, case.division_code, "due_dates_changed", now, actor_id, params))
        notices.append(
            notifications.Notice(
                recipient_id=case.applicant_id,
                kind="case.due_dates_changed",
                params={"number": case.number, "item": case.item_name, **params},
                link=f"/my/cases/{case.number}/",  # the case page of the service hall
                case_number=case.number,
            )
        )
    bulk.insert(CaseEvent, ("case_id", "division_code", "kind", "at", "actor_id", "params"), events)
    notifications.notify_many(notices)
    audit.record_many("case.due_dates_recomputed", object_type="case", actor=actor, entries=entries)


def recompute(*, actor=None) -> list[str]:
    """Move every open case's due dates to the current calendar; the numbers that moved."""
    calendar, now = WorkingCalendar(), timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _run(cursor, LOCK_SQL)
        _create_temp_tables(cursor)  # dropped again below, or with the rolled-back transaction
        _pause_days(cursor, calendar)
        _shifts(cursor, calendar)
        _run(cursor, NEW_DATES_SQL)
        _run(cursor, CHANGED_SQL)
        moved = [_Moved(*row) for row in cursor.fetchall()]
        if moved:
            _run(cursor, CASE_UPDATE_SQL)
            _run(cursor, TASK_UPDATE_SQL)
            _side_effects(moved, actor, now)
        _drop_temp_tables(cursor)
    return [case.number for case in moved]
