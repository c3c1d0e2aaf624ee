"""Crime-recruitment detector built on the lexicon: co-occurrence scoring with explanations.

Score = logistic(bias + P / (1 + d·|N|) + N), where P is the sum of the capped
positive classes and the (capped) combination bonuses, and N the sum of the
counter-signal classes (news, awareness, legitimate job ads…) and negative
combinations. Counter-signals both subtract and damp the positive evidence:
an awareness post lists every red flag, so subtraction alone cannot outweigh
it. Single words stay below the threshold by design; combinations of signals
— above all the IHC test "remarkable reward + role" — flag a post.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.detectors.base import Detector, Document, register
from cyberpatrol.detectors.recruitment.lexicon import Lexicon
from cyberpatrol.detectors.recruitment.matcher import Hit, Matcher
from cyberpatrol.learn.linear import sigmoid
from cyberpatrol.model import CRIME_RECRUITMENT, Evidence, Finding
from cyberpatrol.normalize import Pipeline


@dataclass(frozen=True, slots=True)
class Assessment:
    """The lexicon's reading of one document, before it becomes a finding.

    The learned detector uses the same numbers as features, so a post is read
    by the lexicon once whichever detector is configured.
    """

    hits: list[Hit]
    raw: float
    """Log-odds of the lexicon score."""
    explanation: list[str]
    weights: dict[str, float]
    """Counted weight of each matched entry."""
    signals: dict[str, float]
    """Capped total of each signal class present."""
    rules: tuple[str, ...]
    """Ids of the combination rules that fired."""


@register("recruitment.lexicon")
class RecruitmentLexiconDetector(Detector):
    """Lexicon and combination rules for 犯罪実行者募集情報 (crime-recruitment information)."""

    name = "recruitment.lexicon"
    categories = (CRIME_RECRUITMENT,)

    def __init__(
        self,
        *,
        pipeline: Pipeline,
        lexicon: str | Path | Lexicon = "recruitment.toml",
    ) -> None:
        self.lexicon = lexicon if isinstance(lexicon, Lexicon) else Lexicon.load(lexicon)
        self.version = self.lexicon.version
        self._matcher = Matcher(self.lexicon, pipeline)

    def detect(self, doc: Document) -> list[Finding]:
        a = self.assess(doc)
        if not a.hits:
            return []
        return [
            Finding(
                detector=self.name,
                detector_version=self.version,
                category=CRIME_RECRUITMENT,
                score=sigmoid(a.raw),
                evidence=self.evidence(doc, a),
                explanation=tuple(a.explanation),
            )
        ]

    def assess(self, doc: Document) -> Assessment:
        """Hits, log-odds and explanation for one document."""
        hits = self._matcher.hits(doc.match.text)
        if not hits:
            return Assessment(hits, self.lexicon.bias, [], {}, {}, ())
        return self._score(hits)

    def evidence(self, doc: Document, a: Assessment) -> tuple[Evidence, ...]:
        """Original-text spans of the assessment's hits, with their reasons."""
        return self._evidence(doc, a.hits, a.weights)

    def _score(self, hits: list[Hit]) -> Assessment:
        """Raw log-odds, explanation lines, each entry's counted weight.

        An entry counts once however often it matches; a class's sum is capped.
        """
        signals = self.lexicon.signals
        weights: dict[str, float] = {}
        totals: dict[str, float] = {}
        for h in hits:
            if h.entry not in weights:
                weights[h.entry] = h.weight
                totals[h.signal] = totals.get(h.signal, 0.0) + h.weight
        lex = self.lexicon
        explanation: list[str] = []
        capped_totals: dict[str, float] = {}
        fired: list[str] = []
        positive = negative = 0.0
        for sid, total in totals.items():
            sig = signals[sid]
            capped = max(-sig.cap, min(sig.cap, total))
            capped_totals[sid] = capped
            if capped >= 0:
                positive += capped
            else:
                negative += capped
            note = " (上限適用)" if capped != total else ""
            explanation.append(f"{sig.label}: {capped:+.2f}{note}")
        present = totals.keys()
        bonus = 0.0
        for rule in lex.rules:
            if rule.required <= present:
                fired.append(rule.id)
                if rule.bonus >= 0:
                    bonus += rule.bonus
                else:
                    negative += rule.bonus
                explanation.append(f"組合せ「{rule.id}」: {rule.bonus:+.2f} — {rule.reason}")
        if bonus > lex.rule_bonus_cap:
            explanation.append(f"組合せ加点の合計を {lex.rule_bonus_cap:+.2f} に制限")
            bonus = lex.rule_bonus_cap
        positive += bonus
        damping = 1.0 + lex.counter_damping * -negative
        if damping > 1.0:
            explanation.append(f"報道・注意喚起等の文脈により加点を 1/{damping:.2f} に減衰")
        raw = lex.bias + positive / damping + negative
        return Assessment(hits, raw, explanation, weights, capped_totals, tuple(fired))

    def _evidence(
        self, doc: Document, hits: list[Hit], weights: dict[str, float]
    ) -> tuple[Evidence, ...]:
        signals = self.lexicon.signals
        out: dict[tuple[int, int, str], Evidence] = {}
        for h in sorted(hits, key=lambda h: (h.start, -h.end)):
            start, end, traced = doc.match.trace(h.start, h.end)
            steps = tuple(s for s in traced if s not in h.own_steps)
            key = (start, end, h.entry)
            if key in out:
                continue
            label = signals[h.signal].label
            # The first sentence of a lexicon note is for analysts; the rest is
            # for lexicon maintainers.
            note = h.note.split("。", 1)[0]
            reason = f"{label}: {note}" if note else label
            if h.value is not None:
                reason += f" ({h.value:,}円)"
            if steps:
                labels = "・".join(doc.step_labels.get(s, s) for s in steps)
                reason += f"（{labels}の後に一致）"
            out[key] = Evidence(
                start, end, doc.item.text[start:end], reason, h.entry, weights[h.entry], steps
            )
        return tuple(out.values())
