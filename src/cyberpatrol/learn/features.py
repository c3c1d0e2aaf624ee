"""Features of one post: character n-grams of the normalised text, lexicon signals.

The same functions build the training matrix and score posts at run time, so
what the model learned is exactly what it sees.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberpatrol.detectors.recruitment.detector import Assessment

DENSE_PREFIX = "lex:"


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


def ngram_counts(text: str, lo: int, hi: int) -> dict[str, int]:
    """Occurrences of every character n-gram (``lo ≤ n ≤ hi``) of ``text``.

    Runs of white space count as one space, and n-grams that are only white
    space are skipped: spacing carries no meaning once normalised.
    """
    text = " ".join(text.split())
    counts: dict[str, int] = {}
    get = counts.get
    size = len(text)
    for n in range(lo, hi + 1):
        for i in range(size - n + 1):
            gram = text[i : i + n]
            counts[gram] = get(gram, 0) + 1
    counts.pop(" ", None)
    return counts


def ngram_positions(text: str, lo: int, hi: int) -> Iterator[tuple[str, int, int]]:
    """Every n-gram with its ``[start, end)`` in ``text`` (white space collapsed
    as in :func:`ngram_counts`; positions refer to the uncollapsed ``text``)."""
    index: list[int] = []
    chars: list[str] = []
    prev_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not prev_space:
                chars.append(" ")
                index.append(i)
            prev_space = True
            continue
        chars.append(ch)
        index.append(i)
        prev_space = False
    if chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    collapsed = "".join(chars)
    for n in range(lo, hi + 1):
        for i in range(len(collapsed) - n + 1):
            gram = collapsed[i : i + n]
            if gram != " ":
                yield gram, index[i], index[i + n - 1] + 1


def dense_features(a: Assessment, signals: Sequence[str]) -> list[float]:
    """Lexicon features in :meth:`FeatureSpec.dense_names` order."""
    positive_rules = len(a.rules)
    return [*(a.signals.get(s, 0.0) for s in signals), float(positive_rules), a.raw]
