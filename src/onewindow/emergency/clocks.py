"""The colour of an hour clock on the emergency pages (a report up the tree, a plan task, a
dispatch, a request between departments), in the words the templates and the board use.

One rule for all of them, the supervision ledger's: red once the deadline has passed, yellow
from the matter's ``yellow_from`` (80 % of its time used, computed by ``core.clock`` when the
matter was tracked), green before; once done, "done" or "late"."""

from __future__ import annotations

from datetime import datetime

from onewindow.supervision.models import Matter


def colour(due_at: datetime, now: datetime, matter: Matter | None = None, *, done_at=None) -> str:
    if done_at is not None:
        return "late" if done_at > due_at else "done"
    if now >= due_at:
        return "red"
    if matter is not None and matter.yellow_from and now >= matter.yellow_from:
        return "yellow"
    return "green"
