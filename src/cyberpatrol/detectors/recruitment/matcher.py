"""Finds lexicon entries in a normalised text: Aho-Corasick for terms, regexes, amounts.

Patterns are normalised with the engine's own pipeline at load time, so a
pattern written 「受け子」 meets 「ウケコ」「受.け.子」「ｳｹｺ」 in posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from cyberpatrol.detectors.recruitment.lexicon import AmountRule, Lexicon
from cyberpatrol.normalize import Pipeline

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Regexes are written in lower case: case folding is never a disguise for them.
_CASE = frozenset({"casefold"})


@dataclass(frozen=True, slots=True)
class Hit:
    """One entry matched at ``[start, end)`` of the normalised text."""

    entry: str
    signal: str
    weight: float
    note: str
    start: int
    end: int
    value: int | None = None
    """The amount in yen, for amount rules."""
    own_steps: frozenset[str] = frozenset()
    """Normalisation steps the lexicon pattern itself needed (not a disguise)."""


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class Matcher:
    """All lexicon entries compiled for one pipeline.

    One Aho-Corasick pass over the text finds every term and every regex
    trigger; only the regexes whose trigger occurred are then run.
    """

    def __init__(self, lexicon: Lexicon, pipeline: Pipeline) -> None:
        self.lexicon = lexicon
        self._automaton = ahocorasick.Automaton()
        terms: dict[str, list[int]] = {}
        triggers: dict[str, list[int]] = {}
        own: dict[str, frozenset[str]] = {}
        for index, term in enumerate(lexicon.terms):
            for pattern in term.patterns:
                norm = pipeline.run(pattern)
                key = norm.text
                if key:
                    terms.setdefault(key, []).append(index)
                    steps = frozenset(r.step for r in norm.results if r.changed)
                    own[key] = own[key] & steps if key in own else steps
        self._always: tuple[int, ...] = ()
        always: list[int] = []
        for index, rx in enumerate(lexicon.regexes):
            if not rx.triggers:
                always.append(index)
            for trigger in rx.triggers:
                key = pipeline.run(trigger).text
                if key:
                    triggers.setdefault(key, []).append(index)
        self._always = tuple(always)
        for key in terms.keys() | triggers.keys():
            value = (
                len(key),
                tuple(terms.get(key, ())),
                tuple(triggers.get(key, ())),
                own.get(key, frozenset()),
            )
            self._automaton.add_word(key, value)
        self._empty = not (terms or triggers)
        if not self._empty:
            self._automaton.make_automaton()
        self._amounts: list[tuple[AmountRule, re.Pattern[str] | None]] = []
        for rule in lexicon.amounts:
            contexts = sorted({pipeline.run(c).text for c in rule.contexts} - {""}, key=len)
            alternation = "|".join(re.escape(c) for c in reversed(contexts))
            # No context: any amount at or above min_yen counts (a weak signal).
            self._amounts.append((rule, re.compile(f"(?:{alternation})") if contexts else None))

    def hits(self, text: str) -> list[Hit]:
        """Every entry found in ``text`` (a normalised text), nested repeats removed."""
        return _outermost(self._all_hits(text))

    def _all_hits(self, text: str) -> list[Hit]:
        out: list[Hit] = []
        regexes = set(self._always)
        if not self._empty:
            self._scan(text, out, regexes)
        for i in sorted(regexes):
            rx = self.lexicon.regexes[i]
            for m in rx.pattern.finditer(text):
                if m.end() > m.start():
                    out.append(
                        Hit(rx.id, rx.signal, rx.weight, rx.note, m.start(), m.end(), None, _CASE)
                    )
        self._amount_hits(text, out)
        return out

    def _scan(self, text: str, out: list[Hit], regexes: set[int]) -> None:
        terms = self.lexicon.terms
        n = len(text)
        for last, (length, term_ids, regex_ids, own) in self._automaton.iter(text):
            if regex_ids:
                regexes.update(regex_ids)
            if not term_ids:
                continue
            start, end = last + 1 - length, last + 1
            # An ASCII pattern must stand as a word: "ud" is not inside "cloud".
            if start > 0 and _is_ascii_word(text[start]) and _is_ascii_word(text[start - 1]):
                continue
            if end < n and _is_ascii_word(text[end - 1]) and _is_ascii_word(text[end]):
                continue
            for i in term_ids:
                t = terms[i]
                out.append(Hit(t.id, t.signal, t.weight, t.note, start, end, None, own))

    def _amount_hits(self, text: str, out: list[Hit]) -> None:
        for rule, context in self._amounts:
            for start, end, value in _amounts_after(text, context, rule.window):
                if value >= rule.min_yen:
                    out.append(
                        Hit(rule.id, rule.signal, rule.weight, rule.note, start, end, int(value))
                    )


def _amounts_after(
    text: str, context: re.Pattern[str] | None, window: int
) -> Iterator[tuple[int, int, float]]:
    """``(start, end, amount)``: the largest number within ``window`` after each context.

    With no context, every number stands alone (its own span).
    """
    if context is None:
        for num in _NUMBER.finditer(text):
            yield num.start(), num.end(), float(num.group())
        return
    for m in context.finditer(text):
        best: tuple[float, int] | None = None
        for num in _NUMBER.finditer(text, m.end(), m.end() + window + 16):
            if num.start() - m.end() > window:
                break
            value = float(num.group())
            if best is None or value > best[0]:
                best = (value, num.end())
        if best is not None:
            yield m.start(), best[1], best[0]


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Keep, per signal class, only hits not lying inside another hit of that class.

    「即日即金」 already says 「即金」, 「口座買取」 already says 「口座」, and two
    entries matching the same phrase are one piece of evidence: counting them
    all would score one phrase several times. Of equal spans the heavier wins.
    """
    if len(hits) < 2:
        return hits
    ordered = sorted(hits, key=lambda h: (h.start, -h.end, -abs(h.weight)))
    kept: list[Hit] = []
    reach: dict[str, int] = {}
    for h in ordered:
        if reach.get(h.signal, -1) >= h.end:
            continue
        kept.append(h)
        reach[h.signal] = h.end
    return kept
