"""Human-readable rendering of evaluation metrics."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from cyberpatrol.evaluation import Metrics


def print_metrics(m: Metrics, console: Console, *, threshold: float) -> None:
    head = Table(title=f"threshold {threshold:.2f}")
    for col in ("precision", "recall", "F1", "TP", "FP", "FN", "TN"):
        head.add_column(col, justify="right")
    head.add_row(
        f"{m.precision:.3f}",
        f"{m.recall:.3f}",
        f"{m.f1:.3f}",
        str(m.tp),
        str(m.fp),
        str(m.fn),
        str(m.tn),
    )
    console.print(head)
    kinds = Table(title="by kind")
    kinds.add_column("kind")
    kinds.add_column("positives", justify="right")
    kinds.add_column("recall", justify="right")
    kinds.add_column("negatives", justify="right")
    kinds.add_column("false-positive rate", justify="right")
    for name, k in sorted(m.by_kind.items()):
        kinds.add_row(
            name,
            str(k.positives),
            f"{k.tp / k.positives:.2f}" if k.positives else "",
            str(k.negatives),
            f"{k.fp / k.negatives:.2f}" if k.negatives else "",
        )
    console.print(kinds)
    if m.unlabelled:
        console.print(f"{m.unlabelled} posts had no usable label and were not counted")
