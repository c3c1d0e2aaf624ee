"""Finds lexicon entries in a normalised text: Aho-Corasick for terms, regexes, amounts.

Patterns are normalised with the engine's own pipeline at load time, so a
pattern written 「受け子」 meets 「ウケコ」「受.け.子」「ｳｹｺ」 in posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from cyberpatrol.detectors.recruitment.lexicon import Lexicon
from cyberpatrol.normalize import Pipeline

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


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


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class Matcher:
    """All lexicon entries compiled for one pipeline."""

    def __init__(self, lexicon: Lexicon, pipeline: Pipeline) -> None:
        self.lexicon = lexicon
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[int]] = {}
        for index, term in enumerate(lexicon.terms):
            for pattern in term.patterns:
                key = pipeline.run(pattern).text
                if key:
                    keys.setdefault(key, []).append(index)
        for key, indices in keys.items():
            self._automaton.add_word(key, (len(key), tuple(indices)))
        self._empty = not keys
        if keys:
            self._automaton.make_automaton()
        self._amounts = []
        for rule in lexicon.amounts:
            contexts = sorted({pipeline.run(c).text for c in rule.contexts} - {""}, key=len)
            alternation = "|".join(re.escape(c) for c in reversed(contexts))
            self._amounts.append((rule, re.compile(f"(?:{alternation})") if contexts else None))

    def hits(self, text: str) -> Iterator[Hit]:
        yield from self._term_hits(text)
        for rx in self.lexicon.regexes:
            for m in rx.pattern.finditer(text):
                if m.end() > m.start():
                    yield Hit(rx.id, rx.signal, rx.weight, rx.note, m.start(), m.end())
        yield from self._amount_hits(text)

    def _term_hits(self, text: str) -> Iterator[Hit]:
        if self._empty:
            return
        terms = self.lexicon.terms
        n = len(text)
        for last, (length, indices) in self._automaton.iter(text):
            start, end = last + 1 - length, last + 1
            # An ASCII pattern must stand as a word: "ud" is not inside "cloud".
            if _is_ascii_word(text[start]) and start > 0 and _is_ascii_word(text[start - 1]):
                continue
            if _is_ascii_word(text[end - 1]) and end < n and _is_ascii_word(text[end]):
                continue
            for i in indices:
                t = terms[i]
                yield Hit(t.id, t.signal, t.weight, t.note, start, end)

    def _amount_hits(self, text: str) -> Iterator[Hit]:
        for rule, context in self._amounts:
            if context is None:
                continue
            for m in context.finditer(text):
                best: tuple[float, int] | None = None
                for num in _NUMBER.finditer(text, m.end(), m.end() + rule.window + 16):
                    if num.start() - m.end() > rule.window:
                        break
                    value = float(num.group())
                    if best is None or value > best[0]:
                        best = (value, num.end())
                if best is not None and best[0] >= rule.min_yen:
                    yield Hit(rule.id, rule.signal, rule.weight, rule.note,
                              m.start(), best[1], int(best[0]))
