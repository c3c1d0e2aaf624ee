"""From a post to the model's inputs, exactly as the engine will see it."""

from __future__ import annotations

from dataclasses import dataclass

from cyberpatrol.detectors.base import Document, document_maker
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


class Featurizer:
    def __init__(
        self, pipeline: Pipeline, lexicon: RecruitmentLexiconDetector, spec: FeatureSpec
    ) -> None:
        self.pipeline = pipeline
        self.lexicon = lexicon
        self.spec = spec
        self._document = document_maker(pipeline)

    def __call__(self, item: Item) -> Features:
        doc = self._document(item)
        a = self.lexicon.assess(doc)
        counts = ngram_counts(doc.match.text, self.spec.ngram_min, self.spec.ngram_max)
        return Features(counts, dense_features(a, self.spec.signals), doc, a)
