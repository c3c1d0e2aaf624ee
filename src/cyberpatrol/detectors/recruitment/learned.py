"""The learned crime-recruitment detector: the trained model with the lexicon's evidence.

The lexicon reads the post first; its signals are features of the model, and
its matches stay in the evidence. The model's probability is the score, and
the stretches of the original text whose character n-grams pushed it up most
are added to the evidence (unless a lexicon match already covers them), so an
analyst sees why the model flagged a post even when no lexicon word matched.
"""

from __future__ import annotations

from pathlib import Path

from cyberpatrol.detectors.base import Detector, Document, register
from cyberpatrol.detectors.recruitment.detector import RecruitmentLexiconDetector
from cyberpatrol.detectors.recruitment.lexicon import Lexicon
from cyberpatrol.learn.features import dense_features
from cyberpatrol.learn.linear import DEFAULT_MODEL, LinearModel
from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding
from cyberpatrol.normalize import Pipeline


@register("recruitment.model")
class RecruitmentModelDetector(Detector):
    """Trained model over character n-grams and lexicon signals, with explanations."""

    name = "recruitment.model"
    categories = (CRIME_RECRUITMENT,)

    def __init__(
        self,
        *,
        pipeline: Pipeline,
        model: str | Path | LinearModel = DEFAULT_MODEL,
        lexicon: str | Path | Lexicon = "recruitment.toml",
        explain_spans: int = 5,
        explain_above: float | None = None,
    ) -> None:
        self.model = model if isinstance(model, LinearModel) else LinearModel.load(model)
        self.lexicon = RecruitmentLexiconDetector(pipeline=pipeline, lexicon=lexicon)
        self.version = f"{self.model.version}+lexicon-{self.lexicon.version}"
        self.explain_spans = explain_spans
        self.explain_above = explain_above
        """Learned spans are worked out only for posts scoring at least this; unset,
        the engine sets it to its threshold (every flagged post is explained)."""

    def detect(self, doc: Document) -> list[Finding]:
        a = self.lexicon.assess(doc)
        dense = dense_features(a, self.model.spec.signals)
        text = doc.match.text
        s = self.model.score(text, dense)
        evidence = list(self.lexicon.evidence(doc, a)) if a.hits else []
        explanation = [
            f"学習モデル {self.model.version}: 確率 {s.probability:.3f}"
            f"（文字n-gram {s.ngram_part:+.2f}、語彙・規則の特徴 {s.dense_part:+.2f}）"
        ]
        if s.probability >= (0.5 if self.explain_above is None else self.explain_above):
            known = [(h.start, h.end) for h in a.hits]
            for span in self.model.spans(text, s, top=self.explain_spans, known=known):
                start, end, steps = doc.match.trace(span.start, span.end)
                if end <= start:
                    continue
                reason = f"学習モデルが重視した表現（寄与 {span.weight:+.2f}）"
                evidence.append(
                    Evidence(
                        start,
                        end,
                        doc.item.text[start:end],
                        reason,
                        "model.ngrams",
                        span.weight,
                        tuple(steps),
                    )
                )
        explanation.extend(a.explanation)
        return [
            Finding(
                detector=self.name,
                detector_version=self.version,
                category=CRIME_RECRUITMENT,
                score=s.probability,
                evidence=tuple(evidence),
                explanation=tuple(explanation),
            )
        ]
