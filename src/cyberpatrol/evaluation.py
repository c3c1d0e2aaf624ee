"""Precision, recall and F1 of the engine on labelled posts.

Labelled posts carry ``label`` (1/0, true/false) and optionally ``kind`` as
extra fields; the readers keep those in ``Item.meta`` and the engine never
sees them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cyberpatrol.model import Item, Result


def label_of(item: Item) -> int | None:
    """The gold label of a post, or None when it has none or it is unreadable."""
    raw = item.meta.get("label")
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("0", "1", "true", "false"):
        return int(raw.strip().lower() in ("1", "true"))
    return None


@dataclass(slots=True)
class KindCounts:
    positives: int = 0
    negatives: int = 0
    tp: int = 0
    fp: int = 0


@dataclass(slots=True)
class Metrics:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    unlabelled: int = 0
    by_kind: dict[str, KindCounts] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, result: Result) -> None:
        gold = label_of(result.item)
        if gold is None:
            self.unlabelled += 1
            return
        pred = result.flagged
        if gold and pred:
            self.tp += 1
        elif gold:
            self.fn += 1
        elif pred:
            self.fp += 1
        else:
            self.tn += 1
        kind = str(result.item.meta.get("kind", "unknown"))
        k = self.by_kind.setdefault(kind, KindCounts())
        if gold:
            k.positives += 1
            k.tp += pred
        else:
            k.negatives += 1
            k.fp += pred

    def to_dict(self) -> dict[str, Any]:
        kinds = {}
        for name, k in sorted(self.by_kind.items()):
            entry: dict[str, Any] = {"positives": k.positives, "negatives": k.negatives}
            if k.positives:
                entry["recall"] = round(k.tp / k.positives, 4)
            if k.negatives:
                entry["false_positive_rate"] = round(k.fp / k.negatives, 4)
            kinds[name] = entry
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "confusion": {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn},
            "labelled": self.tp + self.fp + self.fn + self.tn,
            "unlabelled": self.unlabelled,
            "by_kind": kinds,
        }


def evaluate(results: Iterable[Result]) -> Metrics:
    m = Metrics()
    for r in results:
        m.add(r)
    return m
