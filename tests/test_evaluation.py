from __future__ import annotations

from cyberpatrol.evaluation import evaluate, label_of
from cyberpatrol.model import Item, Result


def _r(label: object, flagged: bool, kind: str = "k") -> Result:
    item = Item(id="x", text="t", meta={"label": label, "kind": kind})
    return Result(item, flagged, 0.9 if flagged else 0.1, None, (), ())


def test_confusion_and_scores() -> None:
    m = evaluate(
        [
            _r(1, True),
            _r(1, True),
            _r(1, False, "hidden"),
            _r(0, True, "news"),
            _r(0, False),
            _r("?", True),
        ]
    )
    assert (m.tp, m.fn, m.fp, m.tn, m.unlabelled) == (2, 1, 1, 1, 1)
    assert m.precision == 2 / 3
    assert m.recall == 2 / 3
    assert abs(m.f1 - 2 / 3) < 1e-9
    d = m.to_dict()
    assert d["by_kind"]["hidden"]["recall"] == 0.0
    assert d["by_kind"]["news"]["false_positive_rate"] == 1.0


def test_labels_accept_common_spellings() -> None:
    for raw, want in [(1, 1), (0, 0), (True, 1), ("true", 1), ("0", 0), ("yes", None), (2, None)]:
        assert label_of(Item(id="x", text="t", meta={"label": raw})) == want


def test_empty_metrics_do_not_divide_by_zero() -> None:
    m = evaluate([])
    assert (m.precision, m.recall, m.f1) == (0.0, 0.0, 0.0)
