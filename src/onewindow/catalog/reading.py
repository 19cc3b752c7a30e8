"""Read a catalogue directory and check every rule before anything is written.

The result is either a ``Catalogue`` of plain, checked values or a ``CatalogueInvalid`` listing
every problem by file, item code and field.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from onewindow.catalog import certificate_layout
from onewindow.catalog.form_schema import form_problems
from onewindow.catalog.processes import ProcessError, parse_process
from onewindow.catalog.vocabulary import (
    REGISTRY_FIELDS,
    ApplicantType,
    Delivery,
    Domain,
    ItemType,
    LifeEvent,
    MaterialForm,
    Pattern,
    Requirement,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Problem:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.item:
            where += " " + _("item %(code)s") % {"code": self.item}
        if self.field:
            where += " " + _("field %(field)s") % {"field": self.field}
        return f"{where}: {self.message}"


class CatalogueInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Catalogue:
    processes: dict[str, str] = field(default_factory=dict)  # pattern -> BPMN XML
    certificate_types: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)  # each with "source_file"
    laws: list[dict] = field(default_factory=list)  # laws.yaml: name, name_en, version
    centres: dict[str, dict] = field(default_factory=dict)  # service_centres.yaml by key


ITEM_KEYS = {
    "code", "name", "name_en", "keywords", "summary", "summary_en", "domain", "item_type",
    "life_events", "applicant", "lead_department", "co_departments", "legal_basis",
    "statutory_limit", "promised_limit", "instant", "online_depth", "fee", "materials", "form",
    "process", "output", "faq", "in_person_steps", "joint_handling_source",
    "acceptance_conditions", "acceptance_conditions_en", "locations", "consultation_phone",
    "complaint_phone", "reviewed_on",
}  # fmt: skip
REQUIRED_ITEM_KEYS = {
    "code", "name", "domain", "item_type", "applicant", "lead_department", "legal_basis",
    "statutory_limit", "promised_limit", "materials", "form", "process",
}  # fmt: skip
MATERIAL_KEYS = {
    "key", "name", "name_en", "form", "requirement", "condition", "condition_en", "source",
    "copies", "deferrable", "committable",
}  # fmt: skip
# Parameters a pattern may take but does not need: ``cooling_off`` runs an instant item's
# decision after the divorce cooling-off period (cases.cooling_off, 民法典 Art. 1077).
OPTIONAL_PROCESS_PARAMETERS = {Pattern.INSTANT: {"cooling_off"}}
STEP_KEYS = {"what", "what_en", "why", "why_en", "appointment"}
SOURCE_KEYS = {
    "title", "title_en", "issuer", "issuer_en", "document_number", "document_number_en", "year",
}  # fmt: skip
LAW_KEYS = {"name", "name_en", "version"}
CENTRE_KEYS = {
    "key", "name", "name_en", "address", "address_en", "hours", "hours_en",
    "consultation_phone", "complaint_phone",
}  # fmt: skip
OUTPUT_KEYS = {"certificate", "holder", "description", "description_en", "delivery"}
PHONE = re.compile(r"^[0-9][0-9-]{2,19}$")
PROCESS_PARAMETERS = {
    Pattern.INSTANT: set(),
    Pattern.SINGLE_REVIEW: set(),
    Pattern.PARALLEL_REVIEW: {"parallel"},
    Pattern.ONSITE_INSPECTION: {"inspection_days"},
    Pattern.PUBLIC_NOTICE: {"notice_days"},
    Pattern.TALENT_CERTIFICATION: {"benefits"},
}


# libyaml's safe loader where PyYAML was built with it: the same documents, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(path: Path, problems: list[Problem], base: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    except yaml.YAMLError as exc:
        problems.append(Problem(str(path.relative_to(base)), "", "", str(exc)))
        return None


def read_catalogue(directory: Path, department_codes: set[str]) -> Catalogue:
    """Parse and check the catalogue under ``directory``; raise CatalogueInvalid on any problem."""
    directory = Path(directory)
    problems: list[Problem] = []
    catalogue = Catalogue()

    for pattern in Pattern.values:
        path = directory / "processes" / f"{pattern}.bpmn"
        rel = f"processes/{pattern}.bpmn"
        if not path.exists():
            problems.append(Problem(rel, "", "", _("the process file is missing")))
            continue
        bpmn = path.read_text(encoding="utf-8")
        try:
            parse_process(pattern, bpmn, filename=rel)
        except ProcessError as exc:
            problems.append(Problem(rel, "", "", str(exc)))
            continue
        catalogue.processes[pattern] = bpmn

    cert_path = directory / "certificate_types.yaml"
    certificate_codes: set[str] = set()
    for index, cert in enumerate(_load_yaml(cert_path, problems, directory) or []):
        code = str(cert.get("code", "")) if isinstance(cert, dict) else ""
        where = ("certificate_types.yaml", code or f"#{index + 1}")
        if not code or not cert.get("name"):
            problems.append(Problem(*where, "code", _("a certificate type needs a code and name")))
            continue
        if code in certificate_codes:
            problems.append(Problem(*where, "code", _("this code is used twice")))
        if cert.get("issuer") not in department_codes:
            problems.append(Problem(*where, "issuer", _("unknown department")))
        for field_name, message in certificate_layout.type_problems(cert):
            problems.append(Problem(*where, field_name, message))
        certificate_codes.add(code)
        catalogue.certificate_types.append(cert)

    catalogue.laws = _read_laws(directory, problems)
    catalogue.centres = _read_centres(directory, problems)
    law_names = {law["name"] for law in catalogue.laws}

    seen: dict[str, str] = {}
    for path in sorted((directory / "items").glob("*.yaml")):
        rel = f"items/{path.name}"
        data = _load_yaml(path, problems, directory)
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(rel, "", "", _("the file must hold a list of items")))
            continue
        for index, item in enumerate(data):
            code = str(item.get("code", "")) if isinstance(item, dict) else ""
            label = code or f"#{index + 1}"
            if not isinstance(item, dict) or not code:
                problems.append(Problem(rel, label, "code", _("every item needs a code")))
                continue
            if code in seen:
                problems.append(
                    Problem(rel, code, "code", _("also used in %(file)s") % {"file": seen[code]})
                )
            seen[code] = rel
            checker = _ItemChecker(rel, code, department_codes, certificate_codes, problems)
            checker.check(item)
            checker.guide(item, law_names, catalogue.centres)
            catalogue.items.append({**item, "source_file": path.stem})

    for first, second, reason in overlaps(catalogue.items):
        problems.append(
            Problem(
                f"items/{second['source_file']}.yaml",
                str(second["code"]),
                "name",
                _("overlaps %(code)s (%(reason)s): merge them")
                % {"code": first["code"], "reason": reason},
            )
        )
    _check_benefits(catalogue.items, problems)
    _check_outputs(catalogue, problems)
    if problems:
        raise CatalogueInvalid(problems)
    return catalogue


_QUALIFIER = re.compile(r"[（(]([^）)]*)[）)]")
_NOT_NAME = re.compile(r"[\s、，,：:·“”\"'《》]")


def _name_key(name: str) -> tuple[str, str]:
    """(base, qualifier): the name without its bracketed qualifier, as a sorted character
    multiset (引进人才入户 = 人才引进入户), and the qualifier itself."""
    qualifier = "".join(_QUALIFIER.findall(name))
    base = _NOT_NAME.sub("", _QUALIFIER.sub("", name))
    return "".join(sorted(base)), _NOT_NAME.sub("", qualifier)


def overlaps(items: list[dict]) -> list[tuple[dict, dict, str]]:
    """Pairs of items that are one service twice (事项重复): the same name up to word order and
    an optional qualifier, or the same certificate issued by the same department to the same
    applicants under the same articles."""
    found = []
    for index, first in enumerate(items):
        for second in items[index + 1 :]:
            base1, qual1 = _name_key(str(first.get("name", "")))
            base2, qual2 = _name_key(str(second.get("name", "")))
            if base1 == base2 and (qual1 == qual2 or not qual1 or not qual2):
                found.append((first, second, _("same name")))
            elif _issue_key(first) and _issue_key(first) == _issue_key(second):
                found.append((first, second, _("same certificate, department and legal basis")))
    return found


def _issue_key(item: dict) -> tuple | None:
    output = item.get("output") if isinstance(item.get("output"), dict) else {}
    if not output.get("certificate"):
        return None
    basis = frozenset(
        (b.get("law"), b.get("article"))
        for b in item.get("legal_basis") or []
        if isinstance(b, dict)
    )
    return (
        output["certificate"],
        item.get("lead_department"),
        item.get("applicant"),
        item.get("item_type"),
        basis,
    )


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _read_laws(directory: Path, problems: list[Problem]) -> list[dict]:
    """laws.yaml: every law the catalogue cites, with its current version (a date)."""
    path = directory / "laws.yaml"
    if not path.exists():
        problems.append(Problem("laws.yaml", "", "", _("the list of laws is missing")))
        return []
    laws, names = [], set()
    for index, law in enumerate(_load_yaml(path, problems, directory) or []):
        name = str(law.get("name", "")) if isinstance(law, dict) else ""
        where = ("laws.yaml", name or f"#{index + 1}")
        if not name:
            problems.append(Problem(*where, "name", _("every law needs a name")))
            continue
        for key in sorted(set(law) - LAW_KEYS):
            problems.append(Problem(*where, key, _("unknown field")))
        if name in names:
            problems.append(Problem(*where, "name", _("this law is listed twice")))
        version = _as_date(law.get("version"))
        if version is None:
            problems.append(Problem(*where, "version", _("a date (YYYY-MM-DD)")))
            continue
        names.add(name)
        laws.append({"name": name, "name_en": law.get("name_en", ""), "version": version})
    return laws


def _read_centres(directory: Path, problems: list[Problem]) -> dict[str, dict]:
    """service_centres.yaml: where items are handled (办理地点) and when (办理时间)."""
    path = directory / "service_centres.yaml"
    if not path.exists():
        problems.append(Problem("service_centres.yaml", "", "", _("the file is missing")))
        return {}
    centres: dict[str, dict] = {}
    for index, centre in enumerate(_load_yaml(path, problems, directory) or []):
        key = str(centre.get("key", "")) if isinstance(centre, dict) else ""
        where = ("service_centres.yaml", key or f"#{index + 1}")
        if not key:
            problems.append(Problem(*where, "key", _("every service centre needs a key")))
            continue
        for name in sorted(set(centre) - CENTRE_KEYS):
            problems.append(Problem(*where, name, _("unknown field")))
        for name in ("name", "name_en", "address", "address_en", "hours", "hours_en"):
            if not centre.get(name):
                problems.append(Problem(*where, name, _("this field is required")))
        centres[key] = centre
    return centres


def _check_outputs(catalogue: Catalogue, problems: list[Problem]) -> None:
    """Every item that issues a certificate can fill each of the certificate's fields."""
    types = {cert["code"]: cert for cert in catalogue.certificate_types}
    for item in catalogue.items:
        output = item.get("output")
        cert = types.get(output.get("certificate")) if isinstance(output, dict) else None
        found = certificate_layout.output_problems(cert or {}, item)
        for field_name, message in found + certificate_layout.holder_problems(item):
            where = f"items/{item['source_file']}.yaml"
            problems.append(Problem(where, str(item["code"]), field_name, message))


def _check_benefits(items: list[dict], problems: list[Problem]) -> None:
    by_code = {str(item["code"]): item for item in items}
    for item in items:
        process = item.get("process") or {}
        if not isinstance(process, dict):
            continue
        for code in process.get("benefits", []) or []:
            benefit = by_code.get(str(code))
            if benefit is None:
                problems.append(
                    Problem(
                        f"items/{item['source_file']}.yaml",
                        str(item["code"]),
                        "process.benefits",
                        _("no service item with code %(code)s") % {"code": code},
                    )
                )
            elif benefit.get("applicant") == ApplicantType.ENTERPRISE:
                problems.append(
                    Problem(
                        f"items/{item['source_file']}.yaml",
                        str(item["code"]),
                        "process.benefits",
                        _("%(code)s is not a service for citizens") % {"code": code},
                    )
                )


class _ItemChecker:
    def __init__(self, file, code, departments, certificates, problems):
        self.file, self.code = file, code
        self.departments, self.certificates = departments, certificates
        self.problems = problems

    def problem(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.code, field_name, message))

    def check(self, item: dict) -> None:
        for key in sorted(set(item) - ITEM_KEYS):
            self.problem(key, _("unknown field"))
        for key in sorted(REQUIRED_ITEM_KEYS - set(item)):
            self.problem(key, _("this field is required"))
        self.choice(item, "domain", Domain.values)
        self.choice(item, "item_type", ItemType.values)
        self.choice(item, "applicant", ApplicantType.values)
        for event in item.get("life_events") or []:
            if event not in LifeEvent.values:
                self.problem("life_events", _("unknown life event %(v)s") % {"v": event})
        lead = item.get("lead_department")
        if lead is not None and lead not in self.departments:
            self.problem("lead_department", _("unknown department %(v)s") % {"v": lead})
        co = item.get("co_departments") or []
        for dept in co:
            if dept not in self.departments:
                self.problem("co_departments", _("unknown department %(v)s") % {"v": dept})
        self.limits(item)
        self.fee(item.get("fee", "free"))
        if not item.get("legal_basis") or not all(
            isinstance(b, dict) and b.get("law") for b in item.get("legal_basis") or []
        ):
            self.problem("legal_basis", _("name at least one law, each with its article"))
        if item.get("online_depth", 4) not in (1, 2, 3, 4):
            self.problem("online_depth", _("online depth is 1, 2, 3 or 4"))
        material_keys = self.materials(item.get("materials") or [])
        if "form" in item:
            for path, message in form_problems(item["form"], material_keys):
                self.problem("form" + (f".{path}" if path else ""), message)
        self.process(item.get("process"), lead, co)
        output = item.get("output") or {}
        cert = output.get("certificate") if isinstance(output, dict) else None
        if cert and cert not in self.certificates:
            self.problem("output.certificate", _("unknown certificate type %(v)s") % {"v": cert})
        for key in sorted(set(output) - OUTPUT_KEYS if isinstance(output, dict) else ()):
            self.problem(f"output.{key}", _("unknown field"))
        self.joint_handling(co, item.get("joint_handling_source"))
        self.in_person_steps(item.get("online_depth", 4), item.get("in_person_steps"))

    def joint_handling(self, co: list, source) -> None:
        """Co-handling departments only where a published document says the item is joint."""
        if not co:
            if source:
                self.problem("joint_handling_source", _("only items with co-departments cite one"))
            return
        if not isinstance(source, dict):
            self.problem(
                "joint_handling_source",
                _("co-departments need the document that makes the handling joint"),
            )
            return
        for key in sorted(set(source) - SOURCE_KEYS):
            self.problem(f"joint_handling_source.{key}", _("unknown field"))
        for key in ("title", "issuer", "document_number"):
            if not str(source.get(key) or "").strip():
                self.problem(f"joint_handling_source.{key}", _("this field is required"))
        year = source.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2100:
            self.problem("joint_handling_source.year", _("a year, e.g. 2024"))

    def in_person_steps(self, depth, steps) -> None:
        """Visits the law requires; 全程网办 (depth 4) means there are none."""
        if steps is None:
            return
        if not isinstance(steps, list):
            self.problem("in_person_steps", _("a list of steps"))
            return
        for index, step in enumerate(steps):
            where = f"in_person_steps[{index}]"
            if not isinstance(step, dict):
                self.problem(where, _("a step is a mapping"))
                continue
            for key in sorted(set(step) - STEP_KEYS):
                self.problem(f"{where}.{key}", _("unknown field"))
            for key in ("what", "what_en", "why", "why_en"):
                if not str(step.get(key) or "").strip():
                    self.problem(f"{where}.{key}", _("this field is required"))
            if not isinstance(step.get("appointment", False), bool):
                self.problem(f"{where}.appointment", _("true or false"))
        if steps and depth == 4:
            self.problem(
                "online_depth",
                _("depth 4 (fully online) cannot have in-person steps; lower the depth"),
            )

    def guide(self, item: dict, law_names: set[str], centres: dict[str, dict]) -> None:
        """The service-guide fields (办事指南要素): laws and versions, places, phones, delivery."""
        for index, basis in enumerate(item.get("legal_basis") or []):
            if not isinstance(basis, dict):
                continue
            where = f"legal_basis[{index}]"
            if basis.get("law") and basis["law"] not in law_names:
                self.problem(f"{where}.law", _("%(v)s is not in laws.yaml") % {"v": basis["law"]})
            if "version" in basis and _as_date(basis["version"]) is None:
                self.problem(f"{where}.version", _("a date (YYYY-MM-DD)"))
        if "reviewed_on" in item and _as_date(item["reviewed_on"]) is None:
            self.problem("reviewed_on", _("a date (YYYY-MM-DD)"))
        locations = item.get("locations", [])
        if not isinstance(locations, list):
            self.problem("locations", _("a list of service centre keys"))
        else:
            for key in locations:
                if key not in centres:
                    self.problem("locations", _("unknown service centre %(v)s") % {"v": key})
        for key in ("consultation_phone", "complaint_phone"):
            if key in item and not PHONE.match(str(item[key])):
                self.problem(key, _("a telephone number, digits and hyphens"))
        output = item.get("output") if isinstance(item.get("output"), dict) else {}
        delivery = output.get("delivery", [])
        if not isinstance(delivery, list) or any(d not in Delivery.values for d in delivery):
            self.problem(
                "output.delivery", _("a list of: %(v)s") % {"v": ", ".join(Delivery.values)}
            )
        elif output.get("certificate") and delivery and Delivery.ELECTRONIC not in delivery:
            self.problem("output.delivery", _("an e-certificate is also delivered electronically"))

    def choice(self, item: dict, key: str, allowed) -> None:
        if key in item and item[key] not in allowed:
            self.problem(key, _("%(v)s is not one of the allowed values") % {"v": item[key]})

    def limits(self, item: dict) -> None:
        statutory, promised = item.get("statutory_limit"), item.get("promised_limit")
        for key, value in (("statutory_limit", statutory), ("promised_limit", promised)):
            if key in item and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                self.problem(key, _("a number of working days, 0 or more"))
                return
        if statutory is None or promised is None:
            return
        if promised > statutory:
            self.problem(
                "promised_limit",
                _("the promised limit (%(p)s) is above the statutory limit (%(s)s)")
                % {"p": promised, "s": statutory},
            )
        if item.get("instant") and promised != 0:
            self.problem("promised_limit", _("an instant service is decided on the spot (0)"))

    def fee(self, fee) -> None:
        if fee == "free" or fee is None:
            return
        if not isinstance(fee, dict) or not fee.get("basis"):
            self.problem("fee", _('"free", or an amount with its basis'))
            return
        try:
            if Decimal(str(fee.get("amount"))) <= 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.problem("fee.amount", _("an amount in yuan above zero"))

    def materials(self, materials: list) -> set[str]:
        keys: set[str] = set()
        for index, material in enumerate(materials):
            where = f"materials[{index}]"
            if not isinstance(material, dict):
                self.problem(where, _("a material is a mapping"))
                continue
            for key in sorted(set(material) - MATERIAL_KEYS):
                self.problem(f"{where}.{key}", _("unknown field"))
            key = material.get("key")
            if not key or not material.get("name"):
                self.problem(where, _("a material needs a key and a name"))
            elif key in keys:
                self.problem(f"{where}.key", _("this key is used twice"))
            keys.add(key)
            if material.get("form") not in MaterialForm.values:
                self.problem(f"{where}.form", _("original, copy, original_and_copy or electronic"))
            if material.get("requirement") not in Requirement.values:
                self.problem(f"{where}.requirement", _("mandatory or conditional"))
            elif material["requirement"] == Requirement.CONDITIONAL and not material.get(
                "condition"
            ):
                self.problem(f"{where}.condition", _("say when a conditional material is needed"))
            self.source(f"{where}.source", material.get("source", ""))
            copies = material.get("copies", 1)
            if not isinstance(copies, int) or isinstance(copies, bool) or not 0 <= copies <= 20:
                self.problem(f"{where}.copies", _("a number of copies from 0 to 20"))
            if material.get("deferrable", False) not in (True, False):
                self.problem(f"{where}.deferrable", _("true or false"))
            elif material.get("deferrable") and str(material.get("source")) != "upload":
                self.problem(f"{where}.deferrable", _("only an uploaded material can be deferred"))
            if material.get("committable", False) not in (True, False):
                self.problem(f"{where}.committable", _("true or false"))
            elif material.get("committable") and str(material.get("source")) != "upload":
                self.problem(
                    f"{where}.committable",
                    _("only an uploaded material can be replaced by a commitment"),
                )
        return keys

    def source(self, where: str, source: str) -> None:
        kind, _sep, ref = str(source).partition(":")
        if kind == "upload" and not ref:
            return
        if kind == "registry" and ref in REGISTRY_FIELDS:
            return
        if kind == "certificate" and ref in self.certificates:
            return
        self.problem(where, _("no such material source: %(v)s") % {"v": source})

    def process(self, process, lead, co) -> None:
        if not isinstance(process, dict) or process.get("pattern") not in Pattern.values:
            self.problem("process.pattern", _("one of: %(v)s") % {"v": ", ".join(Pattern.values)})
            return
        pattern = Pattern(process["pattern"])
        params = set(process) - {"pattern"}
        allowed = PROCESS_PARAMETERS[pattern] | OPTIONAL_PROCESS_PARAMETERS.get(pattern, set())
        for key in sorted(params - allowed):
            self.problem(f"process.{key}", _("not a parameter of this pattern"))
        for key in sorted(PROCESS_PARAMETERS[pattern] - params):
            self.problem(f"process.{key}", _("this pattern needs this parameter"))
        if "parallel" in process:
            parallel = process["parallel"] or []
            if len(set(parallel)) < 2:
                self.problem("process.parallel", _("name two or more departments"))
            for dept in parallel:
                if dept != lead and dept not in co:
                    self.problem(
                        "process.parallel",
                        _("%(v)s is neither the lead nor a co-department") % {"v": dept},
                    )
        for key in ("inspection_days", "notice_days"):
            value = process.get(key)
            if key in process and (not isinstance(value, int) or not 1 <= value <= 60):
                self.problem(f"process.{key}", _("a number of working days from 1 to 60"))
        if "cooling_off" in process and process["cooling_off"] is not True:
            self.problem("process.cooling_off", _("true, or leave it out"))
        if "benefits" in process and not process["benefits"]:
            self.problem("process.benefits", _("name the benefit services"))


def edit_problems(
    *,
    form: dict,
    material_keys: set[str],
    pattern: str,
    parameters: dict,
    lead: str,
    co: list,
    online_depth: int = 4,
    in_person_steps=None,
    joint_handling_source=None,
) -> list[tuple[str, str]]:
    """The form, process and guide checks of the loader, for an item edited in the admin."""
    problems: list[Problem] = []
    checker = _ItemChecker("admin", "", set(), set(), problems)
    for path, message in form_problems(form, material_keys):
        checker.problem("form_schema" + (f".{path}" if path else ""), message)
    checker.process({"pattern": pattern, **parameters}, lead, co)
    checker.joint_handling(co, joint_handling_source)
    checker.in_person_steps(online_depth, in_person_steps or [])
    return [(p.field, p.message) for p in problems]
