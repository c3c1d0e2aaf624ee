"""The engine: ``Item → Result``. The only path from a post to a verdict.

A fixed, readable sequence: normalise → run detectors → extract indicators →
decide at the threshold. The CLI, the web app and batch jobs all call
:meth:`Engine.analyze`; none of them re-implements it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from cyberpatrol.detectors import Detector, Document, build, document_maker
from cyberpatrol.errors import ConfigError
from cyberpatrol.indicators import extract
from cyberpatrol.model import (
    TEXT_SOURCE,
    Evidence,
    ImageNote,
    Indicator,
    Item,
    Result,
    image_source,
)
from cyberpatrol.normalize import Pipeline, default_pipeline
from cyberpatrol.resources import load_toml

MODEL_DETECTOR = "recruitment.model"
IMAGE_SEPARATOR = "\n\n"
"""Put between the post text and each image's text when they are analysed together."""


class ImageText(Protocol):
    """Text read from one image of a post (see :mod:`cyberpatrol.ocr`)."""

    @property
    def index(self) -> int: ...
    @property
    def path(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def warning(self) -> str | None: ...


Segment = tuple[int, int, str]
"""``(start, end, source)`` of one source inside the combined text."""
Located = TypeVar("Located", Evidence, Indicator)


def _combine(text: str, images: Sequence[ImageText]) -> tuple[str, list[Segment]]:
    parts = [text]
    segments: list[Segment] = [(0, len(text), TEXT_SOURCE)]
    pos = len(text)
    for im in images:
        pos += len(IMAGE_SEPARATOR)
        parts += [IMAGE_SEPARATOR, im.text]
        segments.append((pos, pos + len(im.text), image_source(im.index)))
        pos += len(im.text)
    return "".join(parts), segments


def _relocate(x: Located, segments: Sequence[Segment]) -> Located:
    """Offsets of a span of the combined text, made relative to its own source."""
    i = max(bisect.bisect_right([s[0] for s in segments], x.start) - 1, 0)
    start, end, source = segments[i]
    new_start = min(max(x.start - start, 0), end - start)
    new_end = min(max(x.end - start, new_start), end - start)
    text = x.text[: new_end - new_start]
    return replace(x, start=new_start, end=new_end, text=text, source=source)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Threshold, size limit and the detectors to run (from ``data/engine.toml``)."""

    threshold: float = 0.5
    max_text_chars: int = 100_000
    detectors: tuple[tuple[str, dict[str, Any]], ...] = field(
        default=(("recruitment.lexicon", {}),)
    )

    @classmethod
    def load(cls, path: str | Path | None = None) -> EngineConfig:
        data, where = load_toml(path, "engine.toml")
        try:
            threshold = float(data.get("threshold", 0.5))
            max_chars = int(data.get("max_text_chars", 100_000))
            detectors = tuple(
                (str(d["name"]), dict(d.get("params", {}))) for d in data.get("detector", [])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"bad engine configuration: {exc}", path=where) from exc
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"threshold {threshold} outside [0, 1]", path=where)
        if max_chars < 1:
            raise ConfigError("max_text_chars must be positive", path=where)
        if not detectors:
            raise ConfigError("no [[detector]] configured", path=where)
        return cls(threshold, max_chars, detectors)

    def with_model(self, model: str | Path) -> EngineConfig:
        """This configuration with the learned detector reading ``model``."""
        if not any(name == MODEL_DETECTOR for name, _ in self.detectors):
            raise ConfigError(
                f"a model was given but the configuration runs no {MODEL_DETECTOR!r} detector"
            )
        detectors = tuple(
            (name, {**params, "model": str(model)} if name == MODEL_DETECTOR else params)
            for name, params in self.detectors
        )
        return replace(self, detectors=detectors)

    def lexicon_only(self) -> EngineConfig:
        """This configuration with the lexicon detector alone (for comparisons)."""
        lexicon = next(
            (p.get("lexicon") for n, p in self.detectors if n.startswith("recruitment.")), None
        )
        params = {"lexicon": lexicon} if lexicon else {}
        return replace(self, detectors=(("recruitment.lexicon", params),))


class Engine:
    """Normalise, detect, extract; built once per process, then reused."""

    def __init__(self, config: EngineConfig | None = None, *, pipeline: Pipeline | None = None):
        self.config = config or EngineConfig.load()
        self.pipeline = pipeline or default_pipeline()
        self.detectors: list[Detector] = [
            build(name, params, pipeline=self.pipeline) for name, params in self.config.detectors
        ]
        for d in self.detectors:
            # Detectors that explain only high scores explain every flagged post.
            if hasattr(d, "explain_above") and d.explain_above is None:
                d.explain_above = self.config.threshold
        self._document = document_maker(self.pipeline)

    @property
    def threshold(self) -> float:
        return self.config.threshold

    def document(self, item: Item) -> Document:
        """Normalise ``item`` into the document every detector reads."""
        return self._document(item)

    def analyze(self, item: Item, images: Sequence[ImageText] = ()) -> Result:
        """The verdict on ``item``; ``images`` is the text OCR read from its images.

        Image text is analysed together with the post text (a recruiter may put
        the pay in the text and the role in the picture); evidence and
        indicators found in it name the image they came from.
        """
        readable = [im for im in images if im.text]
        if readable:
            combined, segments = _combine(item.text, readable)
            doc = self.document(replace(item, text=combined))
        else:
            segments = []
            doc = self.document(item)
        findings = [f for d in self.detectors for f in d.detect(doc)]
        indicators = extract(doc.light)
        if segments:
            findings = [
                replace(f, evidence=tuple(_relocate(e, segments) for e in f.evidence))
                for f in findings
            ]
            indicators = [_relocate(i, segments) for i in indicators]
        top = max(findings, key=lambda f: f.score, default=None)
        score = top.score if top else 0.0
        flagged = top is not None and score >= self.config.threshold
        return Result(
            item=item,
            flagged=flagged,
            score=score,
            category=top.category if (top and flagged) else None,
            findings=tuple(findings),
            indicators=tuple(indicators),
            images=tuple(
                ImageNote(im.index, im.path, len(im.text), im.warning, im.text) for im in images
            ),
        )

    def analyze_many(self, items: Iterable[Item]) -> Iterator[Result]:
        for item in items:
            yield self.analyze(item)
