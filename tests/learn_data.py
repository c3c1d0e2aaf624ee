"""A small labelled corpus (a deterministic slice of data/corpus) for training tests.

The fixtures using it (``examples``, ``trained``, ``model_dir``) are in conftest.py."""

from __future__ import annotations

from pathlib import Path

from cyberpatrol.learn.dataset import Example, load_examples
from cyberpatrol.learn.train import TrainConfig

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
SMALL = TrainConfig(augment=1, folds=3, c=4.0)


def small_examples() -> list[Example]:
    """Every 6th post of the corpus: about 400 posts of every split and kind."""
    everything = load_examples(sorted(CORPUS.glob("*.jsonl")))
    return everything[::6]
