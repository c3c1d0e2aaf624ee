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

    def add(self, gold: int, pred: bool) -> None:
        """Count one labelled post and the decision on it."""
        if gold:
            self.positives += 1
            self.tp += pred
        else:
            self.negatives += 1
            self.fp += pred


@dataclass(slots=True)
class Metrics:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    unlabelled: int = 0
    by_kind: dict[str, KindCounts] = field(default_factory=dict)
    scores: list[tuple[int, float]] = field(default_factory=list)
    """(gold label, score) of every labelled post, for ROC/PR curves."""

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
        kind = str(result.item.meta.get("kind", "unknown"))
        self._count(gold, result.flagged, result.score, kind)

    def add_score(self, gold: int, score: float, kind: str, *, threshold: float) -> None:
        """Count a post scored outside the engine (training, experiments)."""
        self._count(gold, score >= threshold, score, kind)

    def _count(self, gold: int, pred: bool, score: float, kind: str) -> None:
        self.scores.append((gold, score))
        if gold and pred:
            self.tp += 1
        elif gold:
            self.fn += 1
        elif pred:
            self.fp += 1
        else:
            self.tn += 1
        self.by_kind.setdefault(kind, KindCounts()).add(gold, pred)

    @property
    def both_classes(self) -> bool:
        return 0 < self.tp + self.fn < len(self.scores)

    def roc_auc(self) -> float | None:
        if not self.both_classes:
            return None
        from sklearn.metrics import roc_auc_score

        gold, score = zip(*self.scores, strict=True)
        return float(roc_auc_score(gold, score))

    def pr_auc(self) -> float | None:
        """Average precision (area under the precision-recall curve)."""
        if not self.both_classes:
            return None
        from sklearn.metrics import average_precision_score

        gold, score = zip(*self.scores, strict=True)
        return float(average_precision_score(gold, score))

    def threshold_for_precision(self, target: float) -> OperatingPoint | None:
        """The lowest threshold whose precision reaches ``target`` (most recall),
        or None when no threshold does."""
        if not self.both_classes:
            return None
        ranked = sorted(self.scores, key=lambda gs: -gs[1])
        positives = sum(g for g, _ in ranked)
        best: OperatingPoint | None = None
        tp = fp = 0
        for i, (gold, score) in enumerate(ranked):
            tp += gold
            fp += 1 - gold
            # Only cut between distinct scores: a threshold flags all equal scores.
            if i + 1 < len(ranked) and ranked[i + 1][1] == score:
                continue
            precision = tp / (tp + fp)
            if precision >= target and (best is None or tp / positives > best.recall):
                best = OperatingPoint(score, precision, tp / positives, fp)
        return best

    def groups(self) -> dict[str, dict[str, Any]]:
        """Recall / false-positive rate by kind group (``data/kinds.toml``)."""
        from cyberpatrol.learn.dataset import group_of

        out: dict[str, KindCounts] = {}
        for kind, k in self.by_kind.items():
            g = group_of(kind)
            gid = g.id if g else "other"
            acc = out.setdefault(gid, KindCounts())
            acc.positives += k.positives
            acc.negatives += k.negatives
            acc.tp += k.tp
            acc.fp += k.fp
        return {gid: _rates(k) for gid, k in sorted(out.items())}

    def hard_negatives(self) -> dict[str, Any]:
        """False-positive rate over every hard-negative kind together."""
        from cyberpatrol.learn.dataset import is_hard_negative

        acc = KindCounts()
        for kind, k in self.by_kind.items():
            if is_hard_negative(kind):
                acc.negatives += k.negatives
                acc.fp += k.fp
        return _rates(acc)

    def to_dict(self, *, target_precision: float | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "roc_auc": _round(self.roc_auc()),
            "pr_auc": _round(self.pr_auc()),
            "confusion": {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn},
            "labelled": self.tp + self.fp + self.fn + self.tn,
            "unlabelled": self.unlabelled,
            "hard_negatives": self.hard_negatives(),
            "by_group": self.groups(),
            "by_kind": {name: _rates(k) for name, k in sorted(self.by_kind.items())},
        }
        if target_precision is not None:
            point = self.threshold_for_precision(target_precision)
            out["target_precision"] = {
                "target": target_precision,
                **(point.to_dict() if point else {"threshold": None}),
            }
        return out


@dataclass(frozen=True, slots=True)
class OperatingPoint:
    threshold: float
    precision: float
    recall: float
    false_positives: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": round(self.threshold, 6),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "false_positives": self.false_positives,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rates(k: KindCounts) -> dict[str, Any]:
    entry: dict[str, Any] = {"positives": k.positives, "negatives": k.negatives}
    if k.positives:
        entry["recall"] = round(k.tp / k.positives, 4)
    if k.negatives:
        entry["false_positive_rate"] = round(k.fp / k.negatives, 4)
    return entry


def evaluate(results: Iterable[Result]) -> Metrics:
    m = Metrics()
    for r in results:
        m.add(r)
    return m
