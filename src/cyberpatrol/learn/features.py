"""Features of one post: character n-grams of the normalised text, lexicon signals.

The same functions build the training matrix and score posts at run time, so
what the model learned is exactly what it sees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import tee
from operator import add
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberpatrol.detectors.recruitment.detector import Assessment

DENSE_PREFIX = "lex:"
_SPACES = re.compile(r"\s+")
# Every non-space character, and the first character of each run of white space.
_KEEP = re.compile(r"\S|(?<!\s)\s")


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which features a model uses; stored in the model directory."""

    ngram_min: int = 1
    ngram_max: int = 3
    signals: tuple[str, ...] = ()
    """Lexicon signal classes used as dense features (capped totals)."""

    def dense_names(self) -> list[str]:
        names = [f"{DENSE_PREFIX}signal:{s}" for s in self.signals]
        return [*names, f"{DENSE_PREFIX}rules", f"{DENSE_PREFIX}logit"]


def compact(text: str) -> str:
    """The text the n-grams are taken from: runs of white space become one space.

    (Dropping all punctuation and symbols as well was measured on the dev split
    and lost accuracy: brackets, 「」 and ！ carry signal.)
    """
    return _SPACES.sub(" ", text).strip()


def ngram_counts(text: str, lo: int, hi: int) -> dict[str, int]:
    """Occurrences of every character n-gram (``lo ≤ n ≤ hi``) of :func:`compact` ``text``."""
    text = compact(text)
    counts: Counter[str] = Counter()
    # n-grams built by concatenating shifted copies of the text: the loops run in C.
    grams: Iterator[str] = iter(text)
    for n in range(1, hi + 1):
        if n > 1:
            grams = map(add, grams, text[n - 1 :])
        if n >= lo:
            if n < hi:
                grams, counted = tee(grams)
                counts.update(counted)
            else:
                counts.update(grams)
    counts.pop(" ", None)
    return counts


def kept_positions(text: str) -> list[int]:
    """Positions in ``text`` of the characters :func:`compact` keeps (a run of
    white space is represented by its first character)."""
    out = [m.start() for m in _KEEP.finditer(text)]
    # compact() strips white space at either end.
    if out and text[out[0]].isspace():
        out.pop(0)
    if out and text[out[-1]].isspace():
        out.pop()
    return out


def dense_features(a: Assessment, signals: Sequence[str]) -> list[float]:
    """Lexicon features in :meth:`FeatureSpec.dense_names` order."""
    positive_rules = len(a.rules)
    return [*(a.signals.get(s, 0.0) for s in signals), float(positive_rules), a.raw]
