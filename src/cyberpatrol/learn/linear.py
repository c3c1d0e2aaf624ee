"""The runtime scorer of a trained model, and the model directory format.

A model is a logistic regression over TF-IDF character n-grams (sublinear
term frequency, smoothed idf, L2 norm — as scikit-learn's ``TfidfTransformer``)
plus the lexicon's signals, followed by Platt scaling. At run time one
Aho-Corasick pass over the post finds every occurrence of every n-gram of the
vocabulary (in C, without building a string per n-gram), and the sums run over
lists indexed by n-gram number: no scikit-learn, no NumPy, no pickle on the hot
path. ``tests/learn`` checks that the probabilities equal scikit-learn's.

A model directory holds ``model.json`` (metadata, feature spec, dense weights,
calibration) and ``ngrams.json.gz`` (every n-gram with its idf and weight).
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections import _count_elements  # type: ignore[attr-defined]
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import ahocorasick
import orjson

from cyberpatrol.errors import ModelError
from cyberpatrol.learn.features import (
    FeatureSpec,
    compact,
    kept_positions,
)

FORMAT = "cyberpatrol.recruitment-model"
FORMAT_VERSION = 1
META_FILE = "model.json"
NGRAM_FILE = "ngrams.json.gz"
SPAN_FLOOR = 0.15
"""A character belongs to a span when its contribution is above this share of the peak."""
_second = itemgetter(1)
DEFAULT_MODEL = "recruitment"
"""Name of the model shipped in ``cyberpatrol/data/models/``."""


def sigmoid(z: float) -> float:
    """The logistic function, written to avoid overflow at either extreme."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(slots=True)
class Score:
    """A model's reading of one text."""

    probability: float
    decision: float
    """Log-odds before calibration."""
    ngram_part: float
    dense_part: float
    norm: float
    """L2 norm of the text's TF-IDF vector (0 when no known n-gram occurs)."""
    counts: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    """Occurrences of each vocabulary n-gram (by number) in the text."""


@dataclass(slots=True)
class Span:
    """A stretch of the scored text that pushed the decision up."""

    start: int
    end: int
    weight: float


@dataclass(slots=True)
class LinearModel:
    spec: FeatureSpec
    ngrams: dict[str, tuple[float, float]]
    """n-gram → (idf, weight)."""
    dense_weights: list[float]
    intercept: float
    calibration: tuple[float, float]
    """Platt scaling ``(a, b)``: probability = 1 / (1 + exp(-(a·decision + b)))."""
    meta: dict[str, Any] = field(default_factory=dict)
    where: str = "<memory>"
    _automaton: Any = field(default=None, repr=False)
    """Aho-Corasick automaton: every n-gram of the vocabulary → its number."""
    _iw: list[float] = field(default_factory=list, repr=False)
    """By n-gram number: idf·weight, its term in the dot product when it occurs once."""
    _ii: list[float] = field(default_factory=list, repr=False)
    """By n-gram number: idf², its term in the squared norm when it occurs once."""
    _lift: list[float] = field(default_factory=list, repr=False)
    """By n-gram number: idf·weight per character when positive, else 0."""
    _length: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for number, (gram, (idf, w)) in enumerate(self.ngrams.items()):
            automaton.add_word(gram, number)
            self._iw.append(idf * w)
            self._ii.append(idf * idf)
            self._lift.append(idf * w / len(gram) if w > 0 else 0.0)
            self._length.append(len(gram))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unversioned"))

    def occurrences(self, text: str) -> Iterator[tuple[int, int]]:
        """``(end, number)`` of every occurrence of a vocabulary n-gram in
        :func:`compact` ``text`` (``end`` is the index of its last character)."""
        if not self.ngrams:
            return iter(())
        return cast("Iterator[tuple[int, int]]", self._automaton.iter(text))

    def score(self, text: str, dense: Sequence[float]) -> Score:
        counts: dict[int, int] = {}
        # Counted in C: the automaton yields (end, number), the counter takes numbers.
        _count_elements(counts, map(_second, self.occurrences(compact(text))))
        iw, ii = self._iw, self._ii
        # Every n-gram as if it occurred once…
        dot = sum(map(iw.__getitem__, counts))
        squares = sum(map(ii.__getitem__, counts))
        if len(counts) < sum(counts.values()):
            # …then those that occur more than once take their sublinear term
            # frequency 1 + log(tf) instead of 1.
            for number, tf in counts.items():
                if tf > 1:
                    f = 1.0 + math.log(tf)
                    dot += (f - 1.0) * iw[number]
                    squares += (f * f - 1.0) * ii[number]
        norm = math.sqrt(squares)
        ngram_part = dot / norm if norm else 0.0
        dense_part = sum(w * x for w, x in zip(self.dense_weights, dense, strict=True))
        decision = self.intercept + ngram_part + dense_part
        a, b = self.calibration
        return Score(sigmoid(a * decision + b), decision, ngram_part, dense_part, norm, counts)

    def spans(
        self,
        text: str,
        score: Score,
        *,
        top: int = 5,
        known: Sequence[tuple[int, int]] = (),
    ) -> list[Span]:
        """The stretches of ``text`` whose n-grams raised the decision most.

        Each occurrence of an n-gram with a positive weight spreads its
        contribution evenly over its characters; maximal runs of characters
        above a floor (a share of the peak) become spans, ranked by their
        total. A stretch that lies inside one of the ``known`` spans (already
        explained by other evidence, e.g. a lexicon match) is left out, so the
        ``top`` returned add something.
        """
        if not score.norm or top <= 0:
            return []
        counts = score.counts
        lift, length = self._lift, self._length
        flat = compact(text)
        # Difference array over ``flat``: +share where an occurrence starts,
        # −share after it ends; a running sum gives each character's total.
        diff = [0.0] * (len(flat) + 1)
        for end, number in self.occurrences(flat):
            share = lift[number]
            if share:
                tf = counts[number]
                if tf > 1:
                    share *= (1.0 + math.log(tf)) / tf
                diff[end + 1 - length[number]] += share
                diff[end + 1] -= share
        per_char = list(accumulate(diff))
        peak = max(per_char)
        if peak <= 0:
            return []
        floor = peak * SPAN_FLOOR
        scale = 1.0 / score.norm
        # Runs over the characters n-grams are made of; a space ends a run.
        found: list[tuple[float, int, int]] = []
        start = -1
        total = 0.0
        for i, value in enumerate(per_char):
            if value > floor and i < len(flat) and flat[i] != " ":
                if start < 0:
                    start, total = i, 0.0
                total += value
            elif start >= 0:
                found.append((total * scale, start, i))
                start = -1
        found.sort(key=lambda r: -r[0])
        if len(flat) == len(text):
            # compact() changed no position (no run of white space, nothing stripped).
            runs = [Span(s, e, w) for w, s, e in found]
        else:
            kept = kept_positions(text)
            runs = [Span(kept[s], kept[e - 1] + 1, w) for w, s, e in found]
        if known:
            runs = [r for r in runs if not any(a <= r.start and r.end <= b for a, b in known)]
        return runs[:top]

    # -- the model directory -------------------------------------------------

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = dict(self.meta)
        meta.update(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            features={
                "ngram_min": self.spec.ngram_min,
                "ngram_max": self.spec.ngram_max,
                "signals": list(self.spec.signals),
                "dense": self.spec.dense_names(),
            },
            dense_weights=self.dense_weights,
            intercept=self.intercept,
            calibration={"a": self.calibration[0], "b": self.calibration[1]},
        )
        (directory / META_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        rows = [[g, idf, w] for g, (idf, w) in sorted(self.ngrams.items())]
        payload = json.dumps({"ngrams": rows}, ensure_ascii=False, separators=(",", ":"))
        # mtime=0: the same model always gives the same bytes.
        with (
            (directory / NGRAM_FILE).open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz,
        ):
            gz.write(payload.encode("utf-8"))

    @classmethod
    def load(cls, name_or_path: str | Path = DEFAULT_MODEL) -> LinearModel:
        """Load a model directory by path, or a packaged model by bare name.

        Models are cached per process: every engine in a process that names the
        same unchanged directory shares one copy.
        """
        directory = resolve(name_or_path)
        meta_path = directory / META_FILE
        try:
            stamp = meta_path.stat().st_mtime_ns
        except OSError as exc:
            raise ModelError(
                f"not a model directory (no {META_FILE}): {exc.strerror or exc}",
                path=str(directory),
            ) from exc
        return _load_cached(str(directory), stamp)


def resolve(name_or_path: str | Path) -> Path:
    """A bare name (no directory part) is a packaged model; anything else a path."""
    text = str(name_or_path)
    if "/" in text or "\\" in text or text.startswith("."):
        return Path(text)
    with resources.as_file(resources.files("cyberpatrol.data").joinpath("models", text)) as p:
        return Path(p)


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str, stamp: int) -> LinearModel:
    del stamp  # part of the cache key only: a rewritten model is read again
    return _read(Path(directory))


def _read(directory: Path) -> LinearModel:
    where = str(directory)
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        with gzip.open(directory / NGRAM_FILE, "rb") as fh:
            rows = orjson.loads(fh.read())["ngrams"]
    except (OSError, EOFError, ValueError, KeyError, TypeError, orjson.JSONDecodeError) as exc:
        raise ModelError(f"cannot read model: {exc}", path=where) from exc
    if meta.get("format") != FORMAT:
        raise ModelError(f"not a {FORMAT} directory (format={meta.get('format')!r})", path=where)
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"model format version {meta.get('format_version')!r} is not supported"
            f" (this cyberpatrol reads {FORMAT_VERSION}); retrain with `cyberpatrol train`",
            path=where,
        )
    try:
        feats = meta["features"]
        spec = FeatureSpec(
            int(feats["ngram_min"]), int(feats["ngram_max"]), tuple(feats["signals"])
        )
        dense = [float(w) for w in meta["dense_weights"]]
        if len(dense) != len(spec.dense_names()):
            raise ValueError("dense_weights does not match the feature list")
        ngrams = {str(g): (float(idf), float(w)) for g, idf, w in rows}
        calib = meta["calibration"]
        return LinearModel(
            spec=spec,
            ngrams=ngrams,
            dense_weights=dense,
            intercept=float(meta["intercept"]),
            calibration=(float(calib["a"]), float(calib["b"])),
            meta=meta,
            where=where,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"malformed model: {exc}", path=where) from exc
