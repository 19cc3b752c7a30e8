"""Train and evaluate the routing model (``classifier.py``) and write its report.

The data is the synthetic history (``synthetic.py``) plus the platform's own tickets whose
category and lead department an operator confirmed by dispatching them; a ticket whose proposal
the operator corrected counts more, so the next model learns from its mistakes. A held-out split
gives precision and recall per category and per department and the dispatch accuracy at top-1
and top-3, measured through the same code path that serves proposals.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import joblib
import numpy as np
from django.utils import timezone

from onewindow.hotline import synthetic
from onewindow.hotline.classifier import MODEL_DIR, Model, features, model_files, ticket_text
from onewindow.hotline.models import Status, Ticket

PLATFORM_WEIGHT = 2.0  # a real ticket counts twice a synthetic one
CORRECTION_WEIGHT = 5.0  # a proposal the operator corrected counts five times
CONFIRMED = (Status.DISPATCHED, Status.HANDLING, Status.REPLIED, Status.CALLBACK, Status.CLOSED)
MAX_FEATURES = 30_000
C = 30.0
REPORT_TEMPLATE = Path(__file__).parent / "data" / "classifier_report.md"


@dataclass(frozen=True)
class Example:
    text: str
    category: str
    department: str
    weight: float = 1.0
    source: str = "synthetic"  # synthetic | platform | correction
    group: str = ""  # the synthetic template that wrote it


def synthetic_examples(n: int = synthetic.HISTORY_SIZE, seed: int = synthetic.DEFAULT_SEED):
    return [
        Example(
            ticket_text(t.title, t.description, t.address),
            t.category,
            t.department,
            group=t.template,
        )
        for t in synthetic.Generator(seed).take(n)
    ]


def platform_examples(limit: int | None = None) -> list[Example]:
    """Tickets an operator routed (dispatched, whatever happened next), newest first."""
    rows = (
        Ticket.objects.filter(
            category__isnull=False, lead_department__isnull=False, status__in=CONFIRMED
        )
        .order_by("-received_at", "-pk")
        .values_list(
            "title",
            "description",
            "address",
            "category__code",
            "lead_department__code",
            "proposal_corrected",
        )
    )
    if limit:
        rows = rows[:limit]
    return [
        Example(
            ticket_text(title, description, address),
            category,
            department,
            CORRECTION_WEIGHT if corrected else PLATFORM_WEIGHT,
            "correction" if corrected else "platform",
        )
        for title, description, address, category, department, corrected in rows
    ]


def data_hash(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(f"{e.text}\t{e.category}\t{e.department}\t{e.weight}\n".encode())
    return digest.hexdigest()


@dataclass
class ClassScores:
    code: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Evaluation:
    held_out: int
    category_top1: float
    category_top3: float
    department_top1: float
    department_top3: float
    categories: list[ClassScores]
    departments: list[ClassScores]
    latency_ms: float  # mean wall time of one proposal, features included
    cpu_ms: float  # mean CPU time of one proposal (what is left when other processes compete)

    def summary(self) -> dict:
        data = asdict(self)
        for name in ("categories", "departments"):
            rows = [r for r in getattr(self, name) if r.support]
            data[name] = {
                "macro_precision": round(float(np.mean([r.precision for r in rows])), 4),
                "macro_recall": round(float(np.mean([r.recall for r in rows])), 4),
                "classes": len(rows),
            }
        return data


@dataclass
class Result:
    payload: dict  # what the model file holds
    evaluation: Evaluation
    meta: dict = field(default_factory=dict)
    unseen: Evaluation | None = None  # phrasings the model never saw (``unseen_phrasings``)

    @property
    def model(self) -> Model:
        return Model.from_payload(self.payload)


def fit(examples: list[Example], *, max_features: int = MAX_FEATURES, c: float = C):
    """The scikit-learn pipeline: tf-idf over ``features`` and two logistic regressions."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=features,
        sublinear_tf=True,
        min_df=2,
        max_features=max_features,
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform([e.text for e in examples])
    weights = np.array([e.weight for e in examples])
    heads = {}
    for name in ("category", "department"):
        model = LogisticRegression(C=c, max_iter=500)
        model.fit(matrix, [getattr(e, name) for e in examples], sample_weight=weights)
        heads[name] = model
    return vectorizer, heads


def export(vectorizer, heads: dict, version: int) -> dict:
    """The fitted parameters as plain arrays (float16 coefficients keep the file small)."""
    payload = {
        "version": str(version),
        "vocabulary": {term: int(i) for term, i in vectorizer.vocabulary_.items()},
        "idf": vectorizer.idf_.astype(np.float32),
    }
    for name, model in heads.items():
        payload[name] = {
            "classes": np.asarray(model.classes_, dtype=str),
            "weights": np.ascontiguousarray(model.coef_.T.astype(np.float16)),
            "intercept": model.intercept_.astype(np.float32),
        }
    return payload


def _scores(true: list[str], predicted: list[str]) -> list[ClassScores]:
    from sklearn.metrics import precision_recall_fscore_support

    labels = sorted(set(true) | set(predicted))
    p, r, f, s = precision_recall_fscore_support(true, predicted, labels=labels, zero_division=0)
    return [
        ClassScores(code, round(float(pi), 4), round(float(ri), 4), round(float(fi), 4), int(si))
        for code, pi, ri, fi, si in zip(labels, p, r, f, s, strict=True)
    ]


def evaluate(model: Model, examples: list[Example]) -> Evaluation:
    """Scores on held-out examples through ``Model.propose``, the serving path."""
    hits = Counter()
    predicted = {"category": [], "department": []}
    started, cpu = time.perf_counter(), time.process_time()
    for example in examples:
        proposal = model.propose(example.text)
        for name, ranked in (
            ("category", proposal.categories),
            ("department", proposal.departments),
        ):
            codes = [code for code, _ in ranked]
            truth = getattr(example, name)
            predicted[name].append(codes[0])
            hits[name, 1] += codes[0] == truth
            hits[name, 3] += truth in codes
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    n = max(len(examples), 1)
    return Evaluation(
        held_out=len(examples),
        category_top1=round(hits["category", 1] / n, 4),
        category_top3=round(hits["category", 3] / n, 4),
        department_top1=round(hits["department", 1] / n, 4),
        department_top3=round(hits["department", 3] / n, 4),
        categories=_scores([e.category for e in examples], predicted["category"]),
        departments=_scores([e.department for e in examples], predicted["department"]),
        latency_ms=round(elapsed / n * 1000, 4),
        cpu_ms=round(cpu / n * 1000, 4),
    )


def split(examples: list[Example], test_size: float, seed: int):
    shuffled = list(examples)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a reproducible split
    cut = int(len(shuffled) * test_size)
    return shuffled[cut:], shuffled[:cut]


def held_out_templates(examples: list[Example], seed: int = 21) -> set[str]:
    """One template per category, drawn reproducibly."""
    groups: dict[str, set[str]] = {}
    for e in examples:
        if e.group:
            groups.setdefault(e.group.split("/")[0], set()).add(e.group)
    rng = random.Random(seed)  # noqa: S311 - a reproducible choice
    return {rng.choice(sorted(groups[category])) for category in sorted(groups)}


def unseen_phrasings(
    examples: list[Example], *, seed: int = 21, max_features: int = MAX_FEATURES, c: float = C
) -> Evaluation:
    """Hold out one whole template per category, train on the rest, score the held-out ones.

    The random split scores new draws of known phrasings; this scores phrasings the model never
    saw, closer to what a new caller says. It trains a second model, which is not kept.
    """
    held = held_out_templates(examples, seed)
    training = [e for e in examples if e.group not in held]
    vectorizer, heads = fit(training, max_features=max_features, c=c)
    model = Model.from_payload(export(vectorizer, heads, version=0))
    return evaluate(model, [e for e in examples if e.group in held])


def next_version(directory: Path = MODEL_DIR) -> int:
    files = model_files(directory)
    return files[-1][0] + 1 if files else 1


def train(
    examples: list[Example],
    *,
    version: int = 1,
    test_size: float = 0.2,
    seed: int = 21,
    max_features: int = MAX_FEATURES,
    c: float = C,
    unseen: bool = False,
) -> Result:
    """Fit on the training part, evaluate on the held-out part (and on unseen phrasings)."""
    training, held_out = split(examples, test_size, seed)
    vectorizer, heads = fit(training, max_features=max_features, c=c)
    payload = export(vectorizer, heads, version)
    evaluation = evaluate(Model.from_payload(payload), held_out)
    import sklearn

    meta = {
        "version": version,
        "trained_at": timezone.now().isoformat(timespec="seconds"),
        "data_sha256": data_hash(examples),
        "examples": dict(Counter(e.source for e in examples)),
        "training": len(training),
        "held_out": len(held_out),
        "split_seed": seed,
        "features": len(payload["vocabulary"]),
        "parameters": {"max_features": max_features, "C": c, "min_df": 2, "sublinear_tf": True},
        "scikit_learn": sklearn.__version__,
        "metrics": evaluation.summary(),
    }
    result = Result(payload, evaluation, meta)
    if unseen:
        result.unseen = unseen_phrasings(examples, seed=seed, max_features=max_features, c=c)
        meta["metrics_unseen_phrasings"] = result.unseen.summary()
    return result


def save(result: Result, directory: Path = MODEL_DIR, *, keep: int = 2) -> Path:
    """Write ``routing-vN.joblib`` and its ``.json``; keep the ``keep`` newest versions."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"routing-v{result.meta['version']}.joblib"
    joblib.dump(result.payload, path, compress=("xz", 6))
    result.meta["file"] = path.name
    result.meta["bytes"] = path.stat().st_size
    meta = json.dumps(result.meta, ensure_ascii=False, indent=2)
    path.with_suffix(".json").write_text(meta + "\n", encoding="utf-8")
    for _, old in model_files(directory)[:-keep]:
        old.unlink()
        old.with_suffix(".json").unlink(missing_ok=True)
    return path


def _table(rows: list[ClassScores], names: dict[str, str]) -> str:
    lines = [
        "| code | name | precision | recall | F1 | held-out tickets |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.code} | {names.get(r.code, '')} | {r.precision:.3f} | {r.recall:.3f} "
            f"| {r.f1:.3f} | {r.support} |"
        )
    return "\n".join(lines)


def _unseen(e: Evaluation | None) -> str:
    if e is None:
        return "Not measured for this model (`onewindow hotline-train --unseen` measures it)."
    summary = e.summary()
    return "\n".join(
        [
            f"One whole template per category held out ({e.held_out:,} tickets), a second model "
            "trained on the rest (not kept):",
            "",
            "| | top-1 | top-3 | macro precision | macro recall |",
            "|---|---:|---:|---:|---:|",
            f"| dispatch (lead department) | {e.department_top1:.3f} | {e.department_top3:.3f} "
            f"| {summary['departments']['macro_precision']:.3f} "
            f"| {summary['departments']['macro_recall']:.3f} |",
            f"| category | {e.category_top1:.3f} | {e.category_top3:.3f} "
            f"| {summary['categories']['macro_precision']:.3f} "
            f"| {summary['categories']['macro_recall']:.3f} |",
        ]
    )


def report(result: Result) -> str:
    """The markdown report: what the model is, how to retrain it, and its figures."""
    e, meta = result.evaluation, result.meta
    summary = meta["metrics"]
    per_category = [len(c["templates"]) for c in synthetic.templates()["categories"].values()]
    values = {
        "version": meta["version"],
        "trained_at": meta["trained_at"],
        "data_sha256": meta["data_sha256"][:16],
        "examples": ", ".join(f"{n:,} {source}" for source, n in sorted(meta["examples"].items())),
        "training": f"{meta['training']:,}",
        "held_out": f"{meta['held_out']:,}",
        "features": f"{meta['features']:,}",
        "max_features": f"{meta['parameters']['max_features']:,}",
        "templates": sum(per_category),
        "templates_min": min(per_category),
        "templates_max": max(per_category),
        "c": meta["parameters"]["C"],
        "bytes": f"{meta.get('bytes', 0) / 1e6:.1f} MB",
        "category_top1": f"{e.category_top1:.3f}",
        "category_top3": f"{e.category_top3:.3f}",
        "department_top1": f"{e.department_top1:.3f}",
        "department_top3": f"{e.department_top3:.3f}",
        "category_macro_p": f"{summary['categories']['macro_precision']:.3f}",
        "category_macro_r": f"{summary['categories']['macro_recall']:.3f}",
        "department_macro_p": f"{summary['departments']['macro_precision']:.3f}",
        "department_macro_r": f"{summary['departments']['macro_recall']:.3f}",
        "departments_count": summary["departments"]["classes"],
        "latency_ms": f"{e.latency_ms:.3f}",
        "cpu_ms": f"{e.cpu_ms:.3f}",
        "department_table": _table(e.departments, synthetic.department_names()),
        "category_table": _table(e.categories, synthetic.category_names()),
        "platform_weight": f"{PLATFORM_WEIGHT:g}",
        "correction_weight": f"{CORRECTION_WEIGHT:g}",
    }
    values["unseen"] = _unseen(result.unseen)
    template = string.Template(REPORT_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(values)


def write_report(result: Result, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report(result), encoding="utf-8")
