"""Learned routing: propose a ticket's category and lead department from its text.

Features are jieba words plus character bigrams (they survive typos, Cantonese and words jieba
does not know), weighted by sublinear tf-idf; one multinomial logistic regression for the
category and one for the department give calibrated probabilities. Training (``training.py``)
uses scikit-learn; the model file under ``data/model/`` holds the fitted vocabulary, idf weights
and coefficients as plain arrays, so a proposal is a dictionary look-up and one small matrix
product (about 0.2 ms) and loading needs neither scikit-learn nor its pickle format.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jieba
import joblib
import numpy as np

MODEL_DIR = Path(__file__).parent / "data" / "model"
MODEL_NAME = re.compile(r"routing-v(\d+)\.joblib$")
TOP = 3

jieba.setLogLevel(logging.WARNING)
_NOT_TEXT = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


@cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()  # our own, so the catalogue's user dictionary stays its own
    tokenizer.initialize()
    return tokenizer


def ticket_text(title: str, description: str, address: str = "") -> str:
    """The text a ticket is classified on: what the caller said and where."""
    return " ".join(part for part in (title, description, address) if part)


def features(text: str) -> list[str]:
    """jieba words (numbers folded to one token) and character bigrams, marked apart."""
    text = _DIGITS.sub("0", text)
    words = [w for w in _tokenizer().lcut(text, HMM=False) if not _NOT_TEXT.fullmatch(w)]
    compact = _NOT_TEXT.sub("", text)
    return words + ["·" + compact[i : i + 2] for i in range(len(compact) - 1)]


@dataclass(frozen=True)
class Proposal:
    categories: list[tuple[str, float]]  # the three likeliest, best first
    departments: list[tuple[str, float]]
    version: str = ""

    @property
    def category(self) -> str:
        return self.categories[0][0]

    @property
    def department(self) -> str:
        return self.departments[0][0]


@dataclass
class Head:
    """One output (category or department): classes, coefficients by feature, intercepts."""

    classes: np.ndarray
    weights: np.ndarray  # (features, classes), float32
    intercept: np.ndarray  # (classes,)

    def probabilities(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        scores = values @ self.weights[columns] + self.intercept
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def top(self, probabilities: np.ndarray, n: int = TOP) -> list[tuple[str, float]]:
        best = np.argsort(-probabilities)[:n]
        return [(str(self.classes[i]), float(probabilities[i])) for i in best]


@dataclass
class Model:
    version: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    category: Head
    department: Head
    meta: dict = field(default_factory=dict)

    @classmethod
    def from_payload(cls, data: dict, meta: dict | None = None) -> Model:
        heads = {
            name: Head(
                np.asarray(data[name]["classes"]),
                np.asarray(data[name]["weights"], dtype=np.float32),
                np.asarray(data[name]["intercept"], dtype=np.float32),
            )
            for name in ("category", "department")
        }
        return cls(
            version=data["version"],
            vocabulary=data["vocabulary"],
            idf=np.asarray(data["idf"], dtype=np.float32),
            meta=meta or {},
            **heads,
        )

    @classmethod
    def load(cls, path: Path) -> Model:
        meta_path = path.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return cls.from_payload(joblib.load(path), meta)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The sparse tf-idf vector (sublinear tf, l2-normalised) as columns and values."""
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for token in features(text):
            column = vocabulary.get(token)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        columns = np.fromiter(counts, dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        values = (np.log(tf) + 1) * self.idf[columns]
        return columns, values / np.sqrt(values @ values)

    def probabilities(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        columns, values = self.vector(text)
        return (
            self.category.probabilities(columns, values),
            self.department.probabilities(columns, values),
        )

    def propose(self, text: str) -> Proposal:
        categories, departments = self.probabilities(text)
        return Proposal(
            categories=self.category.top(categories),
            departments=self.department.top(departments),
            version=self.version,
        )


def model_files(directory: Path = MODEL_DIR) -> list[tuple[int, Path]]:
    """The model files in ``directory``, oldest version first."""
    found = []
    for path in directory.glob("routing-v*.joblib"):
        match = MODEL_NAME.search(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


_lock = threading.Lock()
_current: Model | None = None


def current_model() -> Model:
    """The newest shipped model, loaded once per process."""
    global _current
    if _current is None:
        with _lock:
            if _current is None:
                files = model_files()
                if not files:
                    raise FileNotFoundError(f"no routing model in {MODEL_DIR}")
                _current = Model.load(files[-1][1])
    return _current


def reset() -> None:
    """Forget the loaded model (after retraining, or in tests)."""
    global _current
    with _lock:
        _current = None


def propose(text: str) -> Proposal:
    """The three likeliest categories and departments for a ticket's text, with probabilities."""
    return current_model().propose(text)
