"""Running a case's BPMN process with SpiffWorkflow: start, complete a task, read ready tasks.

The process spec comes from the catalogue (parsed once per template); the running state is
serialized to JSON on the case. The engine only ever completes user tasks and then runs the
engine steps (gateways, joins) that follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

from onewindow.catalog.processes import process_spec

_serializer = BpmnWorkflowSerializer()

# Workflow task ids (fixed per pattern by catalog.processes.SHAPES) by the engine's role.
INTAKE_TASKS = ("intake", "handle")
DECISION_TASKS = ("decide", "handle")
REVIEW_TASKS = ("review", "department_reviews")
INSPECTION_TASK = "inspection"
NOTICE_TASK = "notice_period"
BENEFIT_TASK = "benefits"
DELIVERY_TASK = "deliver"


@dataclass(frozen=True)
class ReadyTask:
    id: str
    step: str  # the BPMN element id, e.g. "department_reviews"
    department_code: str  # the department a parallel instance belongs to ("" = the lead)
    benefit_code: str  # the benefit item of a benefits instance


def start(item) -> BpmnWorkflow:
    """A new workflow for ``item`` with its parameters as process data, run to intake."""
    workflow = BpmnWorkflow(process_spec(item.process))
    params = item.process_parameters or {}
    workflow.data.update(
        {"departments": list(params.get("parallel", [])), "benefits": params.get("benefits", [])}
    )
    # The start event copies workflow data into the first task.
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(workflow.data)
    workflow.do_engine_steps()
    return workflow


def load(state: str) -> BpmnWorkflow:
    return _serializer.deserialize_json(state)


def dump(workflow: BpmnWorkflow) -> str:
    return _serializer.serialize_json(workflow)


def ready_tasks(workflow: BpmnWorkflow) -> list[ReadyTask]:
    found = []
    for task in workflow.get_tasks(state=TaskState.READY):
        found.append(
            ReadyTask(
                id=str(task.id),
                step=task.task_spec.bpmn_id,
                department_code=str(task.data.get("department") or ""),
                benefit_code=str(task.data.get("benefit") or ""),
            )
        )
    return found


def ready_steps(workflow: BpmnWorkflow) -> set[str]:
    return {task.step for task in ready_tasks(workflow)}


def complete(workflow: BpmnWorkflow, task_id: str, data: dict | None = None) -> None:
    """Complete one ready task with ``data`` and run the engine up to the next user tasks."""
    task = workflow.get_task_from_id(UUID(task_id))
    if task is None or task.state != TaskState.READY:
        raise LookupError(f"workflow task {task_id} is not ready")
    task.data.update(data or {})
    task.run()
    workflow.do_engine_steps()


def complete_step(workflow: BpmnWorkflow, step: str, data: dict | None = None) -> None:
    """Complete the single ready task of ``step`` (intake, decide, deliver)."""
    matches = [t for t in ready_tasks(workflow) if t.step == step]
    if len(matches) != 1:
        raise LookupError(f"expected one ready {step!r} task, found {len(matches)}")
    complete(workflow, matches[0].id, data)


def reopen_reviews(workflow: BpmnWorkflow) -> bool:
    """Run the review step again from its start, as if intake had just completed.

    Every review instance (a parallel multi-instance task starts one per department) is
    created anew, and what came after (inspection, notice, the ready decision) is dropped.
    False when the process has not reached its review step yet.
    """
    tops = [
        task
        for task in workflow.get_tasks()
        if task.task_spec.bpmn_id in REVIEW_TASKS
        and task.parent is not None
        and task.parent.task_spec.bpmn_id not in REVIEW_TASKS
        and task.state in (TaskState.READY, TaskState.STARTED, TaskState.COMPLETED)
    ]
    if not tops:
        return False
    workflow.reset_from_task_id(tops[0].id)
    workflow.do_engine_steps()
    return True


def cancel(workflow: BpmnWorkflow) -> None:
    workflow.cancel()


def finished(workflow: BpmnWorkflow) -> bool:
    return workflow.is_completed()
