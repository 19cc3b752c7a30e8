"""The outgoing document's BPMN flow (``data/outgoing.bpmn``), run by ``core.bpmn``.

Task data: the drafter's completion carries ``countersigners`` (department codes) and resets
``countersignatures``; review and sign-off carry ``reviewed`` / ``signed`` (True to go on,
False to return the draft); each countersignature carries ``concurred``.
"""

from __future__ import annotations

from pathlib import Path

from onewindow.core.bpmn import Process

PROCESS = Process(Path(__file__).parent / "data" / "outgoing.bpmn", "outgoing_document")

start = PROCESS.start
load = PROCESS.load
dump = PROCESS.dump
ready = PROCESS.ready
complete = PROCESS.complete
