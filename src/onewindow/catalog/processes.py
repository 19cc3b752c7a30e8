"""BPMN process templates: parse and validate with SpiffWorkflow, cache specs, localize labels.

Each pattern's file declares one executable process whose id is the pattern's name. The
elements the case engine drives (intake, reviews, decision, delivery) have fixed ids, checked
here, so a service item only supplies parameters (which departments, how many days).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from lxml import etree
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import ParallelMultiInstanceTask
from SpiffWorkflow.exceptions import SpiffWorkflowException

from onewindow.catalog.vocabulary import Pattern
from onewindow.core.crypto import sm3_hex


@dataclass(frozen=True)
class PatternShape:
    tasks: tuple[str, ...]
    # (task id, the process variable it iterates over) for parallel multi-instance tasks
    parallel: tuple[tuple[str, str], ...] = ()


SHAPES = {
    Pattern.INSTANT: PatternShape(tasks=("handle", "deliver")),
    Pattern.SINGLE_REVIEW: PatternShape(tasks=("intake", "review", "decide", "deliver")),
    Pattern.PARALLEL_REVIEW: PatternShape(
        tasks=("intake", "department_reviews", "decide", "deliver"),
        parallel=(("department_reviews", "departments"),),
    ),
    Pattern.ONSITE_INSPECTION: PatternShape(
        tasks=("intake", "review", "inspection", "decide", "deliver")
    ),
    Pattern.PUBLIC_NOTICE: PatternShape(
        tasks=("intake", "review", "notice_period", "decide", "deliver")
    ),
    Pattern.TALENT_CERTIFICATION: PatternShape(
        tasks=("intake", "review", "decide", "benefits", "deliver"),
        parallel=(("benefits", "benefits"),),
    ),
}

# Display labels for the elements of the pattern files, keyed by element id; the files carry
# the English text and the guide page shows the active language.
LABELS = {
    "submitted": _("Application submitted"),
    "handle": _("Accept and decide at the window"),
    "intake": _("Intake: check and accept"),
    "review": _("Department review"),
    "department_reviews": _("Parallel review by each department"),
    "inspection": _("On-site inspection (not counted)"),
    "notice_period": _("Public notice period"),
    "decide": _("Decision: grant or deny"),
    "certified": _("Certified?"),
    "benefits": _("Benefits handled in parallel"),
    "deliver": _("Deliver the decision"),
    "concluded": _("Concluded"),
    "lane_window": _("Service window"),
    "lane_review": _("Reviewing departments"),
    "lane_decision": _("Department head"),
    "flow_certified_benefits": _("Certified"),
    "flow_certified_deliver": _("Denied"),
}


class ProcessError(Exception):
    """A process file that is not valid BPMN 2.0 or does not fit its pattern."""


def _parser() -> BpmnParser:
    return BpmnParser(validator=BpmnValidator())


def parse_process(pattern: str, bpmn: str, filename: str = ""):
    """Validate ``bpmn`` against the BPMN 2.0 schema and its pattern's shape; return the spec."""
    parser = _parser()
    try:
        parser.add_bpmn_str(bpmn.encode(), filename=filename)
        spec = parser.get_spec(pattern)
    except ValidationException as exc:
        line = f" (line {exc.line_number})" if getattr(exc, "line_number", "") else ""
        raise ProcessError(f"{exc}{line}") from exc
    except etree.XMLSyntaxError as exc:
        raise ProcessError(str(exc)) from exc
    except SpiffWorkflowException as exc:
        raise ProcessError(str(exc)) from exc
    shape = SHAPES[Pattern(pattern)]
    by_id: dict[str, list] = {}
    for task_spec in spec.task_specs.values():
        by_id.setdefault(task_spec.bpmn_id, []).append(task_spec)
    for task_id in shape.tasks:
        if task_id not in by_id:
            raise ProcessError(f"the process has no task with id {task_id!r}")
    for task_id, collection in shape.parallel:
        loops = [t for t in by_id[task_id] if isinstance(t, ParallelMultiInstanceTask)]
        if not loops or loops[0].data_input is None:
            raise ProcessError(f"task {task_id!r} must be a parallel multi-instance task")
        if loops[0].data_input.bpmn_id != collection:
            raise ProcessError(f"task {task_id!r} must iterate over {collection!r}")
    return spec


def digest(bpmn: str) -> str:
    return sm3_hex(bpmn.encode())


@functools.lru_cache(maxsize=32)
def _cached_spec(pattern: str, bpmn_digest: str, bpmn: str):
    return parse_process(pattern, bpmn)


def process_spec(template):
    """The parsed spec of a ProcessTemplate row, parsed once per content."""
    return _cached_spec(template.pattern, template.digest, template.bpmn)


def localized_bpmn(bpmn: str) -> str:
    """The diagram with its labels in the active language, for the guide page's viewer."""
    root = etree.fromstring(bpmn.encode())
    for element in root.iter():
        element_id = element.get("id", "")
        label = LABELS.get(element_id)
        if element_id.startswith("participant_") and element_id[12:] in Pattern.values:
            label = Pattern(element_id[12:]).label
        if label is not None and element.get("name") is not None:
            element.set("name", str(label))
    return etree.tostring(root, encoding="unicode")
