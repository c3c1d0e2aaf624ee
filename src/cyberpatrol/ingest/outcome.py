"""What the readers yield for each record, and a per-source tally of it.

Every non-blank record of every input yields exactly one :class:`Accepted` or
:class:`Rejected`; a file that cannot be read at all yields one
:class:`Rejected` with ``line=0``. Nothing is dropped silently except blank
lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cyberpatrol.model import Item


@dataclass(frozen=True, slots=True)
class Rejected:
    """One unusable record (or, with ``line == 0``, a whole unusable file)."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Accepted:
    """One record turned into an :class:`~cyberpatrol.model.Item`.

    ``line`` is the line the record starts on (1-based). ``warnings`` lists
    what was changed on the way in, e.g. a truncated text.
    """

    source: str
    line: int
    item: Item
    warnings: tuple[str, ...] = ()


Outcome = Accepted | Rejected


@dataclass(slots=True)
class SourceCounts:
    """Counts for one source (or for all of them)."""

    accepted: int = 0
    rejected: int = 0
    truncated: int = 0
    """Accepted items whose text was cut to the size limit."""


@dataclass(slots=True)
class Summary:
    """Tally of outcomes per source, for the CLI's closing line.

    Feed it with :meth:`add`, or pass a stream through :meth:`track`.
    """

    by_source: dict[str, SourceCounts] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        counts = self.by_source.get(outcome.source)
        if counts is None:
            counts = self.by_source[outcome.source] = SourceCounts()
        if isinstance(outcome, Accepted):
            counts.accepted += 1
            if outcome.item.truncated_from is not None:
                counts.truncated += 1
        else:
            counts.rejected += 1

    def track(self, outcomes: Iterable[Outcome]) -> Iterator[Outcome]:
        """Yield ``outcomes`` unchanged, counting each one on the way."""
        for outcome in outcomes:
            self.add(outcome)
            yield outcome

    @property
    def total(self) -> SourceCounts:
        """Counts summed over every source."""
        total = SourceCounts()
        for counts in self.by_source.values():
            total.accepted += counts.accepted
            total.rejected += counts.rejected
            total.truncated += counts.truncated
        return total

    def line(self) -> str:
        """One human-readable line, e.g. ``2 sources: 10 accepted (1 truncated), 3 rejected``."""
        total = self.total
        n = len(self.by_source)
        text = f"{n} source{'' if n == 1 else 's'}: {total.accepted} accepted"
        if total.truncated:
            text += f" ({total.truncated} truncated)"
        return f"{text}, {total.rejected} rejected"
