"""From a post to the model's inputs, exactly as the engine will see it."""

from __future__ import annotations

from dataclasses import dataclass

from cyberpatrol.detectors.base import Document
from cyberpatrol.detectors.recruitment.detector import Assessment, RecruitmentLexiconDetector
from cyberpatrol.learn.features import FeatureSpec, dense_features, ngram_counts
from cyberpatrol.model import Item
from cyberpatrol.normalize import Pipeline


@dataclass(frozen=True, slots=True)
class Features:
    counts: dict[str, int]
    dense: list[float]
    doc: Document
    assessment: Assessment


def document(pipeline: Pipeline, item: Item) -> Document:
    """Normalise ``item`` into the document every detector reads (as the engine does)."""
    normalized = pipeline.run(item.text)
    light = pipeline.views.get("light", 0)
    return Document(item, normalized, normalized.prefix(light), pipeline.labels())


class Featurizer:
    def __init__(
        self, pipeline: Pipeline, lexicon: RecruitmentLexiconDetector, spec: FeatureSpec
    ) -> None:
        self.pipeline = pipeline
        self.lexicon = lexicon
        self.spec = spec

    def __call__(self, item: Item) -> Features:
        doc = document(self.pipeline, item)
        a = self.lexicon.assess(doc)
        counts = ngram_counts(doc.match.text, self.spec.ngram_min, self.spec.ngram_max)
        return Features(counts, dense_features(a, self.spec.signals), doc, a)
