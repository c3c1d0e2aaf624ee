"""Finds lexicon entries in a normalised text: Aho-Corasick for terms, regexes, amounts.

Patterns are normalised with the engine's own pipeline at load time, so a
pattern written 「受け子」 meets 「ウケコ」「受.け.子」「ｳｹｺ」 in posts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from cyberpatrol.detectors.recruitment.lexicon import AmountRule, Lexicon
from cyberpatrol.normalize import Pipeline

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Regexes are written in lower case: case folding is never a disguise for them.
_CASE = frozenset({"casefold"})


@dataclass(slots=True)
class Hit:
    """One entry matched at ``[start, end)`` of the normalised text.

    Not frozen: several are made per post, and a frozen dataclass sets each field
    through ``object.__setattr__``. Hits are neither hashed nor changed.
    """

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


_Entry = tuple[str, str, float, str]
"""``(id, signal, weight, note)``: the part of a hit that comes from its entry."""

_Span = tuple[int, int]


class _Key(NamedTuple):
    """Everything one automaton key stands for, worked out at load time."""

    length: int
    terms: tuple[_Entry, ...]
    """The terms with a pattern normalising to this key."""
    regexes: tuple[int, ...]
    """The regexes this key triggers."""
    amounts: tuple[int, ...]
    """The amount rules with this key as a context."""
    own: frozenset[str]
    word_start: bool
    """The key starts with an ASCII letter or digit: a term must not follow one."""
    word_end: bool
    """The key ends with an ASCII letter or digit: a term must not precede one."""


class _Amount(NamedTuple):
    """An amount rule with what matching it needs."""

    rule: AmountRule
    contextual: bool
    """Whether the rule has contexts (found by the automaton) or takes any number."""
    gate: re.Pattern[str]
    """A digit run every number worth the rule's ``min_yen`` contains."""


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class Matcher:
    """All lexicon entries compiled for one pipeline.

    One Aho-Corasick pass over the text finds every term, every regex trigger
    and every amount context; only the regexes whose trigger occurred are then
    run, and numbers are read only after a context or for a large enough amount.
    """

    def __init__(self, lexicon: Lexicon, pipeline: Pipeline) -> None:
        self.lexicon = lexicon
        self._automaton = ahocorasick.Automaton()
        terms: dict[str, list[int]] = {}
        triggers: dict[str, list[int]] = {}
        contexts: dict[str, list[int]] = {}
        own: dict[str, frozenset[str]] = {}
        for index, term in enumerate(lexicon.terms):
            for pattern in term.patterns:
                norm = pipeline.run(pattern)
                key = norm.text
                if key:
                    terms.setdefault(key, []).append(index)
                    steps = frozenset(r.step for r in norm.results if r.changed)
                    own[key] = own[key] & steps if key in own else steps
        always: list[int] = []
        for index, rx in enumerate(lexicon.regexes):
            if not rx.triggers:
                always.append(index)
            for trigger in rx.triggers:
                key = pipeline.run(trigger).text
                if key:
                    triggers.setdefault(key, []).append(index)
        self._always = tuple(always)
        self._amounts: list[_Amount] = []
        for index, rule in enumerate(lexicon.amounts):
            keys = {pipeline.run(c).text for c in rule.contexts} - {""}
            for key in keys:
                contexts.setdefault(key, []).append(index)
            # No context: any amount at or above min_yen counts (a weak signal).
            self._amounts.append(_Amount(rule, bool(keys), _digit_gate(rule.min_yen)))
        entries = [(t.id, t.signal, t.weight, t.note) for t in lexicon.terms]
        for key in terms.keys() | triggers.keys() | contexts.keys():
            value = _Key(
                len(key),
                tuple(entries[i] for i in terms.get(key, ())),
                tuple(triggers.get(key, ())),
                tuple(contexts.get(key, ())),
                own.get(key, frozenset()),
                _is_ascii_word(key[0]),
                _is_ascii_word(key[-1]),
            )
            self._automaton.add_word(key, value)
        self._empty = not (terms or triggers or contexts)
        if not self._empty:
            self._automaton.make_automaton()
        self._regexes = tuple(
            (rx.pattern, (rx.id, rx.signal, rx.weight, rx.note)) for rx in lexicon.regexes
        )

    def hits(self, text: str) -> list[Hit]:
        """Every entry found in ``text`` (a normalised text), nested repeats removed.

        In text order: by start, the longer of two hits at one start first.
        """
        return _outermost(self._all_hits(text))

    def _all_hits(self, text: str) -> list[Hit]:
        out: list[Hit] = []
        regexes = set(self._always)
        contexts: dict[int, list[_Span]] = {}
        if not self._empty:
            self._scan(text, out, regexes, contexts)
        for i in sorted(regexes):
            pattern, (entry, signal, weight, note) = self._regexes[i]
            for m in pattern.finditer(text):
                start, end = m.span()
                if end > start:
                    out.append(Hit(entry, signal, weight, note, start, end, None, _CASE))
        if self._amounts:
            self._amount_hits(text, out, contexts)
        return out

    def _scan(
        self, text: str, out: list[Hit], regexes: set[int], contexts: dict[int, list[_Span]]
    ) -> None:
        n = len(text)
        for last, key in self._automaton.iter(text):
            length, terms, regex_ids, amount_ids, own, word_start, word_end = key
            end = last + 1
            start = end - length
            if regex_ids:
                regexes.update(regex_ids)
            for i in amount_ids:
                contexts.setdefault(i, []).append((start, end))
            if not terms:
                continue
            # An ASCII pattern must stand as a word: "ud" is not inside "cloud".
            if word_start and start > 0 and _is_ascii_word(text[start - 1]):
                continue
            if word_end and end < n and _is_ascii_word(text[end]):
                continue
            for entry, signal, weight, note in terms:
                out.append(Hit(entry, signal, weight, note, start, end, None, own))

    def _amount_hits(self, text: str, out: list[Hit], contexts: dict[int, list[_Span]]) -> None:
        for index, (rule, contextual, gate) in enumerate(self._amounts):
            if contextual:
                found = contexts.get(index)
                if not found:
                    continue
                amounts = _amounts_after(text, _leftmost_longest(found), rule.window)
            elif gate.search(text) is None:
                continue
            else:
                amounts = _amounts_after(text, None, rule.window)
            for start, end, value in amounts:
                if value >= rule.min_yen:
                    out.append(
                        Hit(rule.id, rule.signal, rule.weight, rule.note, start, end, int(value))
                    )


def _digit_gate(min_yen: int) -> re.Pattern[str]:
    """A run of digits that every number worth ``min_yen`` or more contains.

    Most numbers in posts are small (dates, times, counts); a text without such a
    run need not have its numbers read. The run is one digit shorter than
    ``min_yen`` so that a decimal rounding up to ``min_yen`` still passes.
    """
    digits = len(str(min_yen)) - 1 if min_yen > 0 else 1
    return re.compile(rf"\d{{{max(digits, 1)}}}")


def _leftmost_longest(spans: list[_Span]) -> list[_Span]:
    """The context matches a regex alternation of the contexts would find.

    The automaton reports every occurrence, overlapping ones included; a regex
    scan takes the longest context at the leftmost position and resumes after it.
    """
    if len(spans) < 2:
        return spans
    kept: list[_Span] = []
    resume = 0
    for start, end in sorted(spans, key=_longest_first):
        if start >= resume:
            kept.append((start, end))
            resume = end
    return kept


def _longest_first(span: _Span) -> tuple[int, int]:
    return span[0], -span[1]


def _amounts_after(
    text: str, contexts: list[_Span] | None, window: int
) -> Iterator[tuple[int, int, float]]:
    """``(start, end, amount)``: the largest number within ``window`` after each context.

    ``contexts`` are the spans of the rule's contexts in ``text``. With none (a rule
    without contexts), every number stands alone (its own span).
    """
    if contexts is None:
        for num in _NUMBER.finditer(text):
            yield num.start(), num.end(), float(num.group())
        return
    for start, after in contexts:
        best: tuple[float, int] | None = None
        for num in _NUMBER.finditer(text, after, after + window + 16):
            if num.start() - after > window:
                break
            value = float(num.group())
            if best is None or value > best[0]:
                best = (value, num.end())
        if best is not None:
            yield start, best[1], best[0]


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Keep, per signal class, only hits not lying inside another hit of that class.

    「即日即金」 already says 「即金」, 「口座買取」 already says 「口座」, and two
    entries matching the same phrase are one piece of evidence: counting them
    all would score one phrase several times. Of equal spans the heavier wins.
    """
    if len(hits) < 2:
        return hits
    ordered = sorted(hits, key=_order)
    kept: list[Hit] = []
    reach: dict[str, int] = {}
    for h in ordered:
        if reach.get(h.signal, -1) >= h.end:
            continue
        kept.append(h)
        reach[h.signal] = h.end
    return kept


def _order(h: Hit) -> tuple[int, int, float]:
    return h.start, -h.end, -abs(h.weight)
