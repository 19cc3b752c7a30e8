"""Joint punishment and incentive at intake (联合奖惩): what the applicant's credit means here.

At submission an enterprise applicant's record is read from the legal entity registry through
the signed exchange (``registry_data.applicant_check``); the credit flags in the answer
(market/credit_flags.py) are matched against the measures in force for the item. A blocking
measure refuses the application, naming the measure, its legal basis and how to repair credit;
a tolerating one (容缺受理) lets the materials the catalogue marks ``deferrable`` follow within
the measure's working days. Flags count only if the answer's SM2 signature verifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onewindow.accounts.models import Department, User
from onewindow.cases.measure_models import Effect, JointMeasure
from onewindow.cases.registry_data import answer_view, department_name
from onewindow.catalog.models import ServiceItem
from onewindow.catalog.vocabulary import SourceKind
from onewindow.core import audit
from onewindow.core.data_files import read_yaml
from onewindow.core.localized import display_date, english_active
from onewindow.registry import signing
from onewindow.registry.vocabulary import ENTITY

DATA = Path(__file__).parent / "data" / "joint_measures.yaml"
FIELDS = {
    "code", "name", "name_en", "flag", "effect", "item_types", "item_codes", "basis",
    "basis_en", "repair", "repair_en", "supply_within", "verify_within",
}  # fmt: skip


@dataclass
class Intake:
    """What the applicant's credit check decided for one submission."""

    check: dict | None = None  # the signed answer, kept on the case
    applied: list[JointMeasure] = field(default_factory=list)
    deferrable: set[str] = field(default_factory=set)  # material keys that may follow
    committable: set[str] = field(default_factory=set)  # keys a commitment may replace
    refusal: str = ""
    refused_flags: list[dict] = field(default_factory=list)  # the flags the refusal rests on

    @property
    def tolerated(self) -> JointMeasure | None:
        return next((m for m in self.applied if m.effect == Effect.TOLERATE), None)

    @property
    def committing(self) -> JointMeasure | None:
        return next((m for m in self.applied if m.effect == Effect.COMMIT), None)

    def snapshot(self) -> list[dict]:
        """The measures as they read today, kept on the case."""
        return [
            {
                "code": m.code,
                "name": m.name,
                "name_en": m.name_en,
                "flag": m.flag,
                "effect": m.effect,
                "basis": m.basis,
                "basis_en": m.basis_en,
            }
            for m in self.applied
        ]


def measures_for(item: ServiceItem) -> list[JointMeasure]:
    if item.applicant not in ("enterprise", "both"):
        return []
    return [m for m in JointMeasure.objects.filter(active=True) if m.applies_to(item)]


def verified_flags(check: dict | None) -> list[dict]:
    """The flags of a stored answer, only if its signature holds."""
    if not check or "signature" not in check:
        return []
    if not signing.verify(check, provider=ENTITY.provider):
        return []
    return [f for f in check.get("flags") or [] if isinstance(f, dict)]


def flag_label(flag: dict) -> str:
    return (flag.get("label_en") if english_active() else "") or flag.get("label", "")


def evaluate(applicant: User, item: ServiceItem, consumer: Department, check_of) -> Intake:
    """Match the applicant's verified credit flags against the item's measures.

    ``check_of(applicant, consumer)`` reads the signed answer; it is called only when a
    measure could apply, so items without measures read nothing more than before."""
    measures = measures_for(item)
    if not measures or applicant.kind != User.Kind.ENTERPRISE or not applicant.uscc:
        return Intake()
    intake = Intake(check=check_of(applicant, consumer))
    flags = {f.get("code"): f for f in verified_flags(intake.check)}
    blocking = [m for m in measures if m.effect == Effect.BLOCK and m.flag in flags]
    if blocking:
        intake.applied = blocking
        intake.refused_flags = [flags[m.flag] for m in blocking]
        intake.refusal = " ".join(refusal(m, flags[m.flag]) for m in blocking)
        return intake
    uploaded = item.materials.filter(source_kind=SourceKind.UPLOAD)
    tolerating = [m for m in measures if m.effect == Effect.TOLERATE and m.flag in flags]
    deferrable = {m.key for m in uploaded.filter(deferrable=True)} if tolerating else set()
    if deferrable:  # 容缺受理: only where a material of the item may follow
        intake.applied = tolerating
        intake.deferrable = deferrable
    committing = [m for m in measures if m.effect == Effect.COMMIT and m.flag in flags]
    committable = {m.key for m in uploaded.filter(committable=True)} if committing else set()
    if committable:  # 告知承诺: only where a certification of the item may be replaced
        intake.applied += committing
        intake.committable = committable
    return intake


def named(measure: JointMeasure, rows) -> dict[str, str]:
    """The timeline parameters naming ``measure`` and the materials it left on a case."""
    return {
        "measure": measure.name,
        "measure_en": measure.name_en,
        "materials": "、".join(row.name for row in rows),
        "materials_en": ", ".join(row.name_en or row.name for row in rows),
    }


def refusal(measure: JointMeasure, flag: dict) -> str:
    listing = flag.get("department") or {}  # the signed flag keeps its Chinese name
    department = department_name(listing.get("name", ""), listing.get("code", ""))
    params = {
        "since": display_date(flag.get("since")) or "—",
        "by": (_(", listed by %(department)s") % {"department": department}) if department else "",
        "measure": measure.display_name,
        "basis": measure.display_basis,
        "repair": measure.display_repair
        or _("Apply for credit repair to the department that listed it."),
    }
    other = flag.get("entity")
    if isinstance(other, dict):  # the legal representative's other enterprise is listed
        return _(
            "Your enterprise's legal representative is also the legal representative of "
            "%(other)s (%(uscc)s), which is on the serious-dishonesty list (since "
            "%(since)s%(by)s). Under the joint measure “%(measure)s” (%(basis)s), this "
            "application cannot be accepted. %(repair)s The entry is on that enterprise's "
            "public credit record."
        ) % {**params, "other": other.get("name", ""), "uscc": other.get("uscc", "")}
    label = flag_label(flag)
    if english_active():  # "On the serious-dishonesty list" inside the sentence
        label = label[:1].lower() + label[1:]
    return _(
        "Your enterprise is %(flag)s (since %(since)s%(by)s). Under the joint measure "
        "“%(measure)s” (%(basis)s), this application cannot be accepted. %(repair)s "
        "The entry is on your enterprise's public credit record."
    ) % {**params, "flag": label}


def read(path: Path = DATA) -> list[dict]:
    """The measures of the file, checked: every problem named with the entry's code."""
    rows = read_yaml(path) or []
    problems = []
    for index, row in enumerate(rows):
        where = f"{path.name}[{index}]"
        if not isinstance(row, dict):
            problems.append(f"{where}: a measure is a mapping")
            continue
        where = f"{where} {row.get('code', '')}"
        problems += [f"{where}.{key}: unknown field" for key in sorted(set(row) - FIELDS)]
        for key in ("code", "name", "flag", "basis"):
            if not row.get(key):
                problems.append(f"{where}.{key}: required")
        if row.get("effect") not in Effect.values:
            problems.append(f"{where}.effect: one of {', '.join(Effect.values)}")
        if row.get("effect") == Effect.TOLERATE and not row.get("supply_within"):
            problems.append(f"{where}.supply_within: working days to supply the material")
        if row.get("effect") == Effect.COMMIT and not row.get("verify_within"):
            problems.append(f"{where}.verify_within: working days to verify the commitment")
    if problems:
        raise ValidationError(problems)
    return rows


@transaction.atomic
def load(path: Path = DATA, *, actor=None) -> int:
    """Write the measures of the file; a measure dropped from it is put out of force."""
    rows = read(path)
    for row in rows:
        JointMeasure.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_en": row.get("name_en", ""),
                "flag": row["flag"],
                "effect": row["effect"],
                "item_types": list(row.get("item_types") or []),
                "item_codes": list(row.get("item_codes") or []),
                "basis": " ".join(str(row["basis"]).split()),
                "basis_en": " ".join(str(row.get("basis_en", "")).split()),
                "repair": " ".join(str(row.get("repair", "")).split()),
                "repair_en": " ".join(str(row.get("repair_en", "")).split()),
                "supply_within": row.get("supply_within"),
                "verify_within": row.get("verify_within"),
                "active": True,
            },
        )
    codes = [row["code"] for row in rows]
    JointMeasure.objects.exclude(code__in=codes).update(active=False)
    audit.record(
        "cases.joint_measures_loaded",
        object_type="joint_measure",
        object_id=path.name,
        actor=actor,
        data={"codes": codes},
    )
    return len(rows)


@dataclass
class CreditView:
    """What a case page shows of the credit check: the signed answer, the measures applied
    and the materials to follow (容缺受理)."""

    check: object  # registry_data.AnswerView
    measures: list[dict]
    owed: list  # DeferredMaterial, supplied or not
    committed: list = field(default_factory=list)  # CommittedMaterial (告知承诺), checked or not

    @property
    def outstanding(self) -> list:
        return [m for m in self.owed if m.supplied_at is None]


def case_credit(case) -> CreditView | None:
    """The credit check of a case its reader may already see (from ``selectors.case_file``)."""
    owed = list(case.deferred_materials.order_by("due_on", "key"))
    committed = list(case.committed_materials.order_by("verify_by", "key"))
    if not case.applicant_check and not case.joint_measures and not owed and not committed:
        return None
    english = english_active()
    measures = [
        {
            **m,
            "text": (m.get("name_en") if english else "") or m.get("name", ""),
            "basis_text": (m.get("basis_en") if english else "") or m.get("basis", ""),
            "blocks": m.get("effect") == Effect.BLOCK,
        }
        for m in case.joint_measures or []
    ]
    return CreditView(
        check=answer_view(case.applicant_check),
        measures=measures,
        owed=owed,
        committed=committed,
    )
