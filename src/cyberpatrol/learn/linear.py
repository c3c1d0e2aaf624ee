"""The runtime scorer of a trained model, and the model directory format.

A model is a logistic regression over TF-IDF character n-grams (sublinear
term frequency, smoothed idf, L2 norm — as scikit-learn's ``TfidfTransformer``)
plus the lexicon's signals, followed by Platt scaling. Scoring it here costs a
few dictionary look-ups per n-gram: no scikit-learn, no NumPy, no pickle on the
hot path. ``tests/learn`` checks that the probabilities equal scikit-learn's.

A model directory holds ``model.json`` (metadata, feature spec, dense weights,
calibration) and ``ngrams.json.gz`` (every n-gram with its idf and weight).
"""

from __future__ import annotations

import functools
import gzip
import heapq
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

from cyberpatrol.errors import ModelError
from cyberpatrol.learn.features import (
    FeatureSpec,
    kept_positions,
    ngram_counts,
)

FORMAT = "cyberpatrol.recruitment-model"
FORMAT_VERSION = 1
META_FILE = "model.json"
NGRAM_FILE = "ngrams.json.gz"
SPAN_GRAMS = 40
"""Only the n-grams with the largest per-character contribution are spread into spans."""
SPAN_FLOOR = 0.15
"""A character belongs to a span when its contribution is above this share of the peak."""
DEFAULT_MODEL = "recruitment"
"""Name of the model shipped in ``cyberpatrol/data/models/``."""


def sigmoid(z: float) -> float:
    """The logistic function, written to avoid overflow at either extreme."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class Score:
    """A model's reading of one text."""

    probability: float
    decision: float
    """Log-odds before calibration."""
    ngram_part: float
    dense_part: float
    norm: float
    """L2 norm of the text's TF-IDF vector (0 when no known n-gram occurs)."""
    counts: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """The text's n-gram counts (kept for :meth:`LinearModel.spans`)."""


@dataclass(frozen=True, slots=True)
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
    _fast: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)
    """n-gram → (idf·weight, idf²): the products the hot loop needs."""

    def __post_init__(self) -> None:
        self._fast = {g: (idf * w, idf * idf) for g, (idf, w) in self.ngrams.items()}

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version", "unversioned"))

    def score(self, text: str, dense: Sequence[float]) -> Score:
        spec = self.spec
        counts = ngram_counts(text, spec.ngram_min, spec.ngram_max)
        fast = self._fast
        dot = 0.0
        squares = 0.0
        log = math.log
        get = fast.get
        # (Not ``counts.keys() & fast.keys()``: that walks the whole vocabulary.)
        for gram, tf in counts.items():
            entry = get(gram)
            if entry is None:
                continue
            iw, ii = entry
            if tf == 1:  # (1 + log 1) = 1: the common case, no logarithm
                dot += iw
                squares += ii
            else:
                f = 1.0 + log(tf)
                dot += f * iw
                squares += f * f * ii
        norm = math.sqrt(squares)
        ngram_part = dot / norm if norm else 0.0
        dense_part = sum(w * x for w, x in zip(self.dense_weights, dense, strict=True))
        decision = self.intercept + ngram_part + dense_part
        a, b = self.calibration
        return Score(sigmoid(a * decision + b), decision, ngram_part, dense_part, norm, counts)

    def spans(self, text: str, score: Score, *, top: int = 5) -> list[Span]:
        """The stretches of ``text`` whose n-grams raised the decision most.

        Each n-gram occurrence's contribution is spread over its characters;
        maximal runs of positive per-character contribution become spans,
        ranked by their total.
        """
        if not score.norm or top <= 0:
            return []
        spec = self.spec
        counts = score.counts or ngram_counts(text, spec.ngram_min, spec.ngram_max)
        # Share of each occurrence of each n-gram that raised the decision.
        shares: dict[str, float] = {}
        fast = self._fast
        for gram, tf in counts.items():
            entry = fast.get(gram)
            if entry is not None and entry[0] > 0:
                iw = entry[0]
                shares[gram] = (1.0 + math.log(tf)) * iw / score.norm / tf / len(gram)
        per_char = [0.0] * len(text)
        kept = kept_positions(text)
        flat = "".join(" " if text[i].isspace() else text[i] for i in kept)
        # The strongest n-grams make the spans; the long tail only adds noise below
        # the span floor, so it is not spread (this keeps explanations cheap).
        for gram, share in heapq.nlargest(SPAN_GRAMS, shares.items(), key=itemgetter(1)):
            n = len(gram)
            at = flat.find(gram)
            while at >= 0:
                for p in kept[at : at + n]:
                    per_char[p] += share
                at = flat.find(gram, at + 1)
        peak = max(per_char, default=0.0)
        if peak <= 0:
            return []
        floor = peak * SPAN_FLOOR
        # Runs over the characters n-grams are made of; white space ends a run.
        runs: list[Span] = []
        start = last = -1
        total = 0.0
        for i in [*kept, len(text)]:
            # White space ends a span: spans are words and phrases, never a space.
            value = per_char[i] if i < len(text) and not text[i].isspace() else 0.0
            if value > floor:
                if start < 0:
                    start, total = i, 0.0
                total += value
                last = i
            elif start >= 0:
                runs.append(Span(start, last + 1, total))
                start = -1
        runs.sort(key=lambda s: -s.weight)
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
        with gzip.open(directory / NGRAM_FILE, "rt", encoding="utf-8") as fh:
            rows = json.load(fh)["ngrams"]
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
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
