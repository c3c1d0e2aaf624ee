"""The detector contract and the registry that decides which detectors run.

A detector never normalises: the engine hands it a :class:`Document` whose
text has already been normalised (with an offset map back to the original).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cyberpatrol.errors import ConfigError
from cyberpatrol.model import Finding, Item
from cyberpatrol.normalize import NormalizedText, Pipeline


@dataclass(frozen=True, slots=True)
class Document:
    """An item ready for detection: the post and its normalised views."""

    item: Item
    match: NormalizedText
    """Fully normalised text for lexicon and model matching."""
    light: NormalizedText
    """Lightly normalised text (NFKC, width, invisible characters) for extraction."""
    step_labels: Mapping[str, str]
    """Step id → Japanese label, for evidence reasons."""


def document_maker(pipeline: Pipeline) -> Callable[[Item], Document]:
    """A function that normalises an item into the :class:`Document` detectors read.

    The views and step labels are looked up once; the engine and model
    training both use this, so a model is trained on exactly what it will see.
    """
    light = pipeline.views.get("light", 0)
    labels = pipeline.labels()

    def make(item: Item) -> Document:
        normalized = pipeline.run(item.text)
        return Document(item, normalized, normalized.prefix(light), labels)

    return make


class Detector(ABC):
    """One detector: one small class with one :meth:`detect`."""

    name: str = ""
    version: str = "0"
    categories: tuple[str, ...] = ()

    @abstractmethod
    def detect(self, doc: Document) -> list[Finding]:
        """Findings for one document; an empty list when nothing was found."""


DetectorFactory = Callable[..., Detector]
_REGISTRY: dict[str, DetectorFactory] = {}


def register(name: str) -> Callable[[DetectorFactory], DetectorFactory]:
    """Class decorator: make a detector constructible by name from configuration."""

    def deco(factory: DetectorFactory) -> DetectorFactory:
        _REGISTRY[name] = factory
        return factory

    return deco


def available() -> list[str]:
    """Names of every registered detector."""
    _load_builtin()
    return sorted(_REGISTRY)


def build(name: str, params: Mapping[str, Any] | None = None, *, pipeline: Pipeline) -> Detector:
    """Construct the detector registered as ``name`` with keyword ``params``.

    Every detector receives the engine's normalisation ``pipeline`` so that it
    can normalise its own patterns exactly as the texts it will see.
    """
    _load_builtin()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown detector {name!r}; known: {', '.join(sorted(_REGISTRY))}"
        ) from None
    try:
        return factory(pipeline=pipeline, **dict(params or {}))
    except TypeError as exc:
        raise ConfigError(f"detector {name!r}: bad parameters: {exc}") from exc


def _load_builtin() -> None:
    # Importing the built-in detector modules runs their @register decorators.
    from cyberpatrol.detectors import recruitment  # noqa: F401
