"""A BPMN process on SpiffWorkflow, run the way every module runs its flow: the state is
serialized to JSON on the record, and the services only complete user tasks, then let the
engine run the gateways that follow."""

from __future__ import annotations

import functools
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.util.task import TaskState

_serializer = BpmnWorkflowSerializer()


class Process:
    """The process ``process_id`` of the BPMN file at ``path``, validated when first used."""

    def __init__(self, path: Path, process_id: str):
        self.path = path
        self.process_id = process_id

    @functools.cached_property
    def spec(self):
        parser = BpmnParser(validator=BpmnValidator())
        parser.add_bpmn_file(str(self.path))
        return parser.get_spec(self.process_id)

    def start(self) -> BpmnWorkflow:
        workflow = BpmnWorkflow(self.spec)
        workflow.do_engine_steps()
        return workflow

    @staticmethod
    def load(state: str) -> BpmnWorkflow:
        return _serializer.deserialize_json(state)

    @staticmethod
    def dump(workflow: BpmnWorkflow) -> str:
        return _serializer.serialize_json(workflow)

    @staticmethod
    def ready(workflow: BpmnWorkflow) -> list[tuple[str, str]]:
        """(step, department code) of every ready task; the code only on multi-instance tasks
        that carry a ``department``."""
        return [
            (task.task_spec.bpmn_id, str(task.data.get("department") or ""))
            for task in workflow.get_tasks(state=TaskState.READY)
        ]

    @staticmethod
    def complete(workflow: BpmnWorkflow, step: str, data: dict, *, department: str = "") -> None:
        """Complete the ready task of ``step`` (of ``department`` if given) and run on."""
        for task in workflow.get_tasks(state=TaskState.READY):
            if (
                task.task_spec.bpmn_id == step
                and str(task.data.get("department") or "") == department
            ):
                task.data.update(data)
                task.run()
                workflow.do_engine_steps()
                return
        raise LookupError(f"no ready {step!r} task for {department!r}")

    @staticmethod
    def finished(workflow: BpmnWorkflow) -> bool:
        return workflow.is_completed()
