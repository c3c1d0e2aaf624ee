"""Human-readable rendering of evaluation metrics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from cyberpatrol.evaluation import Metrics


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _rates_table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    table = Table(title=title)
    table.add_column(title.split()[-1])
    table.add_column("positives", justify="right")
    table.add_column("recall", justify="right")
    table.add_column("negatives", justify="right")
    table.add_column("false-positive rate", justify="right")
    for name, r in rows.items():
        table.add_row(
            name,
            str(r["positives"]) if r["positives"] else "",
            _fmt(r.get("recall"), 2) if "recall" in r else "",
            str(r["negatives"]) if r["negatives"] else "",
            _fmt(r.get("false_positive_rate"), 3) if "false_positive_rate" in r else "",
        )
    return table


def print_metrics(
    m: Metrics,
    console: Console,
    *,
    threshold: float,
    target_precision: float | None = None,
    detectors: Sequence[str] = (),
) -> None:
    d = m.to_dict(target_precision=target_precision)
    title = f"threshold {threshold:.2f}"
    if detectors:
        title += " — " + ", ".join(detectors)
    head = Table(title=title)
    for col in ("precision", "recall", "F1", "ROC-AUC", "PR-AUC", "TP", "FP", "FN", "TN"):
        head.add_column(col, justify="right")
    head.add_row(
        _fmt(m.precision),
        _fmt(m.recall),
        _fmt(m.f1),
        _fmt(d["roc_auc"]),
        _fmt(d["pr_auc"]),
        str(m.tp),
        str(m.fp),
        str(m.fn),
        str(m.tn),
    )
    console.print(head)
    hard = d["hard_negatives"]
    if hard["negatives"]:
        console.print(
            f"hard negatives (news, awareness, legitimate jobs, chat): "
            f"{hard['negatives']} posts, false-positive rate "
            f"{_fmt(hard.get('false_positive_rate'), 3)}"
        )
    if "target_precision" in d:
        tp = d["target_precision"]
        if tp["threshold"] is None:
            console.print(f"no threshold reaches precision {tp['target']:.2f}")
        else:
            console.print(
                f"precision ≥ {tp['target']:.2f} from threshold {tp['threshold']:.4f}: "
                f"precision {tp['precision']:.3f}, recall {tp['recall']:.3f}"
            )
    console.print(_rates_table("by group", d["by_group"]))
    console.print(_rates_table("by kind", d["by_kind"]))
    if m.unlabelled:
        console.print(f"{m.unlabelled} posts had no usable label and were not counted")
