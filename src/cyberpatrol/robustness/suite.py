"""The robustness suite: disguise the test posts, measure what the engine still catches.

Two experiments:

* **Disguise transforms** — each transform of :data:`TRANSFORMS` is applied to
  every recruitment post and every hard negative of the chosen split; recall
  (on the posts) and false-positive rate (on the hard negatives) are compared
  with the undisguised figures.
* **Unseen slang** — every labelled post of one slang family
  (``data/slang_families.toml``) is held out of training and its words are
  removed from the lexicon; a model trained without them is scored on them.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cyberpatrol.engine import Engine
from cyberpatrol.errors import ConfigError
from cyberpatrol.evaluation import KindCounts
from cyberpatrol.learn.dataset import Example, is_hard_negative
from cyberpatrol.model import Item
from cyberpatrol.normalize import Pipeline
from cyberpatrol.resources import load_toml, str_list
from cyberpatrol.robustness.transforms import TRANSFORMS, Transform, key_spans

MODEL_SPANS = "model.ngrams"
RECALL_TOLERANCE = 0.05
FPR_TOLERANCE = 0.03
UNSEEN_RECALL_TARGET = 0.80


@dataclass(slots=True)
class Rates(KindCounts):
    """Counts of recruitment posts and hard negatives, with the posts a transform changed."""

    changed: int = 0
    """Posts the transform actually changed."""

    @property
    def recall(self) -> float | None:
        return self.tp / self.positives if self.positives else None

    @property
    def fpr(self) -> float | None:
        return self.fp / self.negatives if self.negatives else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "positives": self.positives,
            "recall": _r(self.recall),
            "hard_negatives": self.negatives,
            "false_positive_rate": _r(self.fpr),
            "changed": self.changed,
        }


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def suite_examples(examples: Sequence[Example]) -> list[Example]:
    """The posts the suite disguises: recruitment posts and hard negatives."""
    return [e for e in examples if e.label == 1 or is_hard_negative(e.kind)]


def run_transforms(
    engine: Engine,
    examples: Sequence[Example],
    transforms: Sequence[Transform] = tuple(TRANSFORMS.values()),
    *,
    seed: int = 20261122,
    tick: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Recall and false-positive rate, clean and under each transform."""
    chosen = suite_examples(examples)
    clean = Rates()
    per: dict[str, Rates] = {t.name: Rates() for t in transforms}
    for ex in chosen:
        result = engine.analyze(ex.item)
        _count(clean, ex.label, result.flagged, changed=False)
        text = ex.item.text
        spans = key_spans(
            [(e.start, e.end) for e in result.evidence if e.signal != MODEL_SPANS], text
        )
        for t in transforms:
            rng = random.Random(f"{seed}:{t.name}:{ex.item.id}")
            disguised = t.apply(text, spans, rng)
            if disguised == text:
                flagged = result.flagged
            else:
                flagged = engine.analyze(replace(ex.item, text=disguised)).flagged
            _count(per[t.name], ex.label, flagged, changed=disguised != text)
        if tick:
            tick(1)
    rows: dict[str, Any] = {}
    for t in transforms:
        r = per[t.name]
        d = r.to_dict()
        d["label"] = t.label
        d["recall_drop"] = _r(_diff(clean.recall, r.recall))
        d["fpr_rise"] = _r(_diff(r.fpr, clean.fpr))
        d["ok"] = (d["recall_drop"] or 0.0) <= RECALL_TOLERANCE and (
            d["fpr_rise"] or 0.0
        ) <= FPR_TOLERANCE
        rows[t.name] = d
    return {
        "clean": clean.to_dict(),
        "threshold": engine.threshold,
        "tolerance": {"recall_drop": RECALL_TOLERANCE, "fpr_rise": FPR_TOLERANCE},
        "transforms": rows,
    }


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _count(r: Rates, label: int, flagged: bool, *, changed: bool) -> None:
    r.changed += changed
    r.add(label, flagged)


# -- unseen slang -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlangFamily:
    id: str
    title: str
    pattern: re.Pattern[str]
    lexicon_without: tuple[str, ...]


@functools.cache
def slang_families() -> dict[str, SlangFamily]:
    data, where = load_toml(None, "slang_families.toml")
    out: dict[str, SlangFamily] = {}
    for raw in data.get("family", []):
        try:
            fid = str(raw["id"])
            out[fid] = SlangFamily(
                fid,
                str(raw["title"]),
                re.compile(str(raw["pattern"])),
                tuple(str_list(raw["lexicon_without"], "lexicon_without", where)),
            )
        except (KeyError, TypeError, re.error) as exc:
            raise ConfigError(f"bad slang family: {exc}", path=where) from exc
    return out


def family_members(
    family: SlangFamily, examples: Sequence[Example], pipeline: Pipeline
) -> list[Example]:
    return [e for e in examples if family.pattern.search(pipeline.run(e.item.text).text)]


def held_out(examples: Sequence[Example], members: Sequence[Example]) -> list[Example]:
    ids = {id(e) for e in members}
    return [e for e in examples if id(e) not in ids]


def unseen_recall(engine: Engine, members: Sequence[Example]) -> dict[str, Any]:
    r = Rates()
    for ex in members:
        _count(
            r,
            ex.label,
            engine.analyze(Item(id=ex.item.id, text=ex.item.text)).flagged,
            changed=False,
        )
    d = r.to_dict()
    del d["changed"]
    d["negatives_in_family"] = d.pop("hard_negatives")
    return d
