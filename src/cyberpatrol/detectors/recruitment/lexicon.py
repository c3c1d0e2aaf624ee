"""The recruitment lexicon: signal classes, terms, regexes, amount rules, combinations.

The file format is documented at the top of ``data/recruitment.toml``. Parsing
collects every problem with its entry id and reports them together.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyberpatrol.errors import ConfigError
from cyberpatrol.resources import load_toml, packaged_or_path


@dataclass(frozen=True, slots=True)
class Signal:
    id: str
    label: str
    cap: float
    """Largest absolute contribution of the whole class."""


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    signal: str
    patterns: tuple[str, ...]
    weight: float
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class RegexTerm:
    id: str
    signal: str
    pattern: re.Pattern[str]
    weight: float
    note: str
    source: str
    triggers: tuple[str, ...] = ()
    """Literals of which one must occur for the regex to be tried (empty: always try)."""


@dataclass(frozen=True, slots=True)
class AmountRule:
    id: str
    signal: str
    contexts: tuple[str, ...]
    min_yen: int
    window: int
    weight: float
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    requires: tuple[str, ...]
    bonus: float
    reason: str
    source: str

    required: frozenset[str] = frozenset()
    """``requires`` as a set, for fast subset tests."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    version: str
    bias: float
    rule_bonus_cap: float
    """Largest total of positive combination bonuses (they overlap heavily)."""
    counter_damping: float
    """Positive evidence is divided by ``1 + counter_damping * |counter total|``."""
    signals: dict[str, Signal]
    terms: tuple[Term, ...]
    regexes: tuple[RegexTerm, ...]
    amounts: tuple[AmountRule, ...]
    rules: tuple[Rule, ...]
    where: str

    @classmethod
    def load(cls, name_or_path: str | Path) -> Lexicon:
        """Load a packaged lexicon by file name, or any lexicon file by path."""
        data, where = load_toml(*packaged_or_path(name_or_path))
        return _parse(data, where)

    def without(self, entry_ids: Iterable[str]) -> Lexicon:
        """A copy without the listed entries (an id ending in ``*`` is a prefix).

        Used to measure how a detector copes with slang its lexicon does not know.
        """
        exact = {e for e in entry_ids if not e.endswith("*")}
        prefixes = tuple(e[:-1] for e in entry_ids if e.endswith("*"))

        def keep(entry_id: str) -> bool:
            return entry_id not in exact and not (prefixes and entry_id.startswith(prefixes))

        return dataclasses.replace(
            self,
            version=f"{self.version}-without-{len(exact) + len(prefixes)}",
            terms=tuple(t for t in self.terms if keep(t.id)),
            regexes=tuple(r for r in self.regexes if keep(r.id)),
            amounts=tuple(a for a in self.amounts if keep(a.id)),
        )


def _parse(data: dict[str, Any], where: str) -> Lexicon:
    problems: list[str] = []
    meta = data.get("meta", {})
    signals: dict[str, Signal] = {}
    for raw in data.get("signal", []):
        sid = str(raw.get("id", ""))
        if not sid or sid in signals:
            problems.append(f"signal {sid!r}: missing or duplicate id")
            continue
        signals[sid] = Signal(sid, str(raw.get("label", sid)), abs(float(raw.get("cap", 3.0))))

    seen: set[str] = set()

    def entry_ok(raw: dict[str, Any], kind: str) -> bool:
        eid = str(raw.get("id", ""))
        if not eid or eid in seen:
            problems.append(f"{kind} {eid!r}: missing or duplicate id")
            return False
        seen.add(eid)
        if kind != "rule" and raw.get("signal") not in signals:
            problems.append(f"{kind} {eid!r}: unknown signal {raw.get('signal')!r}")
            return False
        if not isinstance(raw.get("weight", raw.get("bonus")), int | float):
            problems.append(f"{kind} {eid!r}: weight must be a number")
            return False
        return True

    terms: list[Term] = []
    for raw in data.get("term", []):
        if not entry_ok(raw, "term"):
            continue
        pats = raw.get("patterns", [])
        if not pats or not all(isinstance(p, str) and p.strip() for p in pats):
            problems.append(f"term {raw['id']!r}: patterns must be non-empty strings")
            continue
        terms.append(
            Term(
                raw["id"],
                raw["signal"],
                tuple(pats),
                float(raw["weight"]),
                str(raw.get("note", "")),
                str(raw.get("source", "")),
            )
        )

    regexes: list[RegexTerm] = []
    for raw in data.get("regex", []):
        if not entry_ok(raw, "regex"):
            continue
        try:
            pattern = re.compile(str(raw["pattern"]))
        except (re.error, KeyError) as exc:
            problems.append(f"regex {raw['id']!r}: bad pattern: {exc}")
            continue
        triggers = raw.get("triggers", [])
        if not all(isinstance(t, str) and t for t in triggers):
            problems.append(f"regex {raw['id']!r}: triggers must be non-empty strings")
            continue
        regexes.append(
            RegexTerm(
                raw["id"],
                raw["signal"],
                pattern,
                float(raw["weight"]),
                str(raw.get("note", "")),
                str(raw.get("source", "")),
                tuple(triggers),
            )
        )

    amounts: list[AmountRule] = []
    for raw in data.get("amount", []):
        if not entry_ok(raw, "amount"):
            continue
        amounts.append(
            AmountRule(
                raw["id"],
                raw["signal"],
                tuple(raw.get("contexts", [])),
                int(raw.get("min_yen", 30000)),
                int(raw.get("window", 8)),
                float(raw["weight"]),
                str(raw.get("note", "")),
                str(raw.get("source", "")),
            )
        )

    rules: list[Rule] = []
    for raw in data.get("rule", []):
        if not entry_ok(raw, "rule"):
            continue
        req = tuple(raw.get("requires", []))
        unknown = [r for r in req if r not in signals]
        if not req or unknown:
            problems.append(f"rule {raw['id']!r}: requires unknown or no signals {unknown}")
            continue
        rules.append(
            Rule(
                raw["id"],
                req,
                float(raw["bonus"]),
                str(raw.get("reason", "")),
                str(raw.get("source", "")),
                frozenset(req),
            )
        )

    if problems:
        raise ConfigError("; ".join(problems), path=where)
    return Lexicon(
        name=str(meta.get("name", "recruitment")),
        version=str(meta.get("version", "0")),
        bias=float(meta.get("bias", -4.0)),
        rule_bonus_cap=float(meta.get("rule_bonus_cap", 100.0)),
        counter_damping=float(meta.get("counter_damping", 0.0)),
        signals=signals,
        terms=tuple(terms),
        regexes=tuple(regexes),
        amounts=tuple(amounts),
        rules=tuple(rules),
        where=where,
    )
