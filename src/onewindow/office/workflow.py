"""The outgoing document's BPMN flow (``data/outgoing.bpmn``) on SpiffWorkflow, as the case
engine runs its processes: the state is serialized to JSON on the document, and the services
only complete user tasks, then let the engine run the gateways that follow.

Task data: the drafter's completion carries ``countersigners`` (department codes) and resets
``countersignatures``; review and sign-off carry ``reviewed`` / ``signed`` (True to go on,
False to return the draft); each countersignature carries ``concurred``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

PROCESS = Path(__file__).parent / "data" / "outgoing.bpmn"
PROCESS_ID = "outgoing_document"
_serializer = BpmnWorkflowSerializer()


@functools.cache
def spec():
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_file(str(PROCESS))
    return parser.get_spec(PROCESS_ID)


def start() -> BpmnWorkflow:
    workflow = BpmnWorkflow(spec())
    workflow.do_engine_steps()
    return workflow


def load(state: str) -> BpmnWorkflow:
    return _serializer.deserialize_json(state)


def dump(workflow: BpmnWorkflow) -> str:
    return _serializer.serialize_json(workflow)


def ready(workflow: BpmnWorkflow) -> list[tuple[str, str]]:
    """(step, department code) of every ready task; the code only on countersign tasks."""
    return [
        (task.task_spec.bpmn_id, str(task.data.get("department") or ""))
        for task in workflow.get_tasks(state=TaskState.READY)
    ]


def complete(workflow: BpmnWorkflow, step: str, data: dict, *, department: str = "") -> None:
    """Complete the ready task of ``step`` (for countersign: of ``department``) and run on."""
    for task in workflow.get_tasks(state=TaskState.READY):
        if task.task_spec.bpmn_id == step and str(task.data.get("department") or "") == department:
            task.data.update(data)
            task.run()
            workflow.do_engine_steps()
            return
    raise LookupError(f"no ready {step!r} task for {department!r}")
