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
from typing import NamedTuple

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
    """In text order: by start, the longer of two hits at one start first."""
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
        self._signals = {sid: (sig.label, sig.cap) for sid, sig in self.lexicon.signals.items()}
        self._fired_by_classes: dict[frozenset[str], _Fired] = {}
        self._reasons: dict[tuple[str, str], str] = {}

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
        weights: dict[str, float] = {}
        totals: dict[str, float] = {}
        for h in hits:
            if h.entry not in weights:
                weights[h.entry] = h.weight
                totals[h.signal] = totals.get(h.signal, 0.0) + h.weight
        lex = self.lexicon
        explanation: list[str] = []
        capped_totals: dict[str, float] = {}
        positive = negative = 0.0
        for sid, total in totals.items():
            label, cap = self._signals[sid]
            capped = max(-cap, min(cap, total))
            capped_totals[sid] = capped
            if capped >= 0:
                positive += capped
            else:
                negative += capped
            note = " (上限適用)" if capped != total else ""
            explanation.append(f"{label}: {capped:+.2f}{note}")
        fired = self._fired(frozenset(totals))
        explanation.extend(fired.lines)
        for bonus in fired.negative:
            negative += bonus
        positive += fired.bonus
        damping = 1.0 + lex.counter_damping * -negative
        if damping > 1.0:
            explanation.append(f"報道・注意喚起等の文脈により加点を 1/{damping:.2f} に減衰")
        raw = lex.bias + positive / damping + negative
        return Assessment(hits, raw, explanation, weights, capped_totals, fired.ids)

    def _fired(self, present: frozenset[str]) -> _Fired:
        """The combination rules that fire when exactly the classes ``present`` matched.

        They depend on nothing else, and a lexicon has few classes, so each set
        is worked out once and kept.
        """
        fired = self._fired_by_classes.get(present)
        if fired is None:
            fired = self._fired_by_classes[present] = _fire(self.lexicon, present)
        return fired

    def _evidence(
        self, doc: Document, hits: list[Hit], weights: dict[str, float]
    ) -> tuple[Evidence, ...]:
        # ``hits`` come in text order (see Matcher.hits): the order evidence is listed in.
        trace = doc.match.trace
        text = doc.item.text
        reasons = self._reasons
        out: dict[tuple[int, int, str], Evidence] = {}
        for h in hits:
            start, end, steps = trace(h.start, h.end)
            key = (start, end, h.entry)
            if key in out:
                continue
            reason = reasons.get((h.signal, h.note)) or self._reason(h)
            if h.value is not None:
                reason += f" ({h.value:,}円)"
            if steps and h.own_steps:
                steps = tuple(s for s in steps if s not in h.own_steps)
            if steps:
                labels = "・".join([doc.step_labels.get(s, s) for s in steps])
                reason += f"（{labels}の後に一致）"
            out[key] = Evidence(
                start, end, text[start:end], reason, h.entry, weights[h.entry], steps
            )
        return tuple(out.values())

    def _reason(self, h: Hit) -> str:
        """Why a hit of this entry counts: its class and the analysts' part of its note.

        The same few entries match post after post, so each reason is built once.
        """
        label = self.lexicon.signals[h.signal].label
        # The first sentence of a lexicon note is for analysts; the rest is
        # for lexicon maintainers.
        note = h.note.split("。", 1)[0]
        reason = self._reasons[h.signal, h.note] = f"{label}: {note}" if note else label
        return reason


class _Fired(NamedTuple):
    """The combination rules fired by one set of signal classes, and their effect."""

    ids: tuple[str, ...]
    lines: tuple[str, ...]
    """Explanation lines, the bonus cap's included."""
    bonus: float
    """Sum of the positive bonuses, capped."""
    negative: tuple[float, ...]
    """The negative bonuses, in rule order (added one by one, as floats are)."""


def _fire(lex: Lexicon, present: frozenset[str]) -> _Fired:
    ids: list[str] = []
    lines: list[str] = []
    negative: list[float] = []
    bonus = 0.0
    for rule in lex.rules:
        if rule.required <= present:
            ids.append(rule.id)
            if rule.bonus >= 0:
                bonus += rule.bonus
            else:
                negative.append(rule.bonus)
            lines.append(f"組合せ「{rule.id}」: {rule.bonus:+.2f} — {rule.reason}")
    if bonus > lex.rule_bonus_cap:
        lines.append(f"組合せ加点の合計を {lex.rule_bonus_cap:+.2f} に制限")
        bonus = lex.rule_bonus_cap
    return _Fired(tuple(ids), tuple(lines), bonus, tuple(negative))
