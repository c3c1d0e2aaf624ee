"""The engine: ``Item → Result``. The only path from a post to a verdict.

A fixed, readable sequence: normalise → run detectors → extract indicators →
decide at the threshold. The CLI, the web app and batch jobs all call
:meth:`Engine.analyze`; none of them re-implements it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyberpatrol.detectors import Detector, Document, build
from cyberpatrol.errors import ConfigError
from cyberpatrol.indicators import extract
from cyberpatrol.model import Item, Result
from cyberpatrol.normalize import Pipeline, default_pipeline
from cyberpatrol.resources import load_toml


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


class Engine:
    """Normalise, detect, extract; built once per process, then reused."""

    def __init__(self, config: EngineConfig | None = None, *, pipeline: Pipeline | None = None):
        self.config = config or EngineConfig.load()
        self.pipeline = pipeline or default_pipeline()
        self.detectors: list[Detector] = [
            build(name, params, pipeline=self.pipeline) for name, params in self.config.detectors
        ]
        self._labels = self.pipeline.labels()
        self._light = self.pipeline.views.get("light", 0)

    @property
    def threshold(self) -> float:
        return self.config.threshold

    def analyze(self, item: Item) -> Result:
        normalized = self.pipeline.run(item.text)
        doc = Document(item, normalized, normalized.prefix(self._light), self._labels)
        findings = [f for d in self.detectors for f in d.detect(doc)]
        indicators = extract(doc.light)
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
        )

    def analyze_many(self, items: Iterable[Item]) -> Iterator[Result]:
        for item in items:
            yield self.analyze(item)
