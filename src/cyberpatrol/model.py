"""Domain objects shared by every stage: Item in, Result out.

These are plain dataclasses; ORM rows live only in :mod:`cyberpatrol.store`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

CRIME_RECRUITMENT = "crime_recruitment"
TEXT_SOURCE = "text"


def image_source(index: int) -> str:
    """Source name of the text read from the post's image ``index`` (1-based)."""
    return f"image:{index}"


@dataclass(frozen=True, slots=True)
class Item:
    """One post as read from a source. ``id`` and ``text`` are required."""

    id: str
    text: str
    platform: str = "unknown"
    author: str | None = None
    url: str | None = None
    created_at: datetime | None = None
    images: tuple[str, ...] = ()
    reply_to: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """Any other input field; kept for the record, never used for scoring."""
    truncated_from: int | None = None
    """Original length in characters when the text was cut to the size limit."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of the *original* text that contributed to a finding, and why."""

    start: int
    end: int
    text: str
    reason: str
    signal: str = ""
    """Identifier of the lexicon entry, rule or feature behind this span."""
    weight: float = 0.0
    """Contribution of this span to the raw score (log-odds units)."""
    steps: tuple[str, ...] = ()
    """Normalisation steps that had to change this span before it matched."""
    source: str = TEXT_SOURCE
    """Where the span is: ``"text"`` (the post) or ``"image:N"`` (OCR of image N,
    1-based); ``start``/``end`` are offsets into that source's text."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason,
        }
        if self.source != TEXT_SOURCE:
            out["source"] = self.source
        if self.signal:
            out["signal"] = self.signal
        if self.weight:
            out["weight"] = round(self.weight, 3)
        if self.steps:
            out["steps"] = list(self.steps)
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """What one detector concluded about one item."""

    detector: str
    detector_version: str
    category: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    explanation: tuple[str, ...] = ()
    """Rule-level explanations (combinations fired, counter-signals applied)."""

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} outside [0, 1]")


@dataclass(frozen=True, slots=True)
class Indicator:
    """A contact point or identifier mentioned in a post, in canonical form."""

    type: str
    value: str
    start: int
    end: int
    text: str
    """The original substring the value was read from."""
    source: str = TEXT_SOURCE
    """``"text"`` or ``"image:N"``, as :attr:`Evidence.source`."""
    tags: tuple[str, ...] = ()
    """``"shortener"`` (a link shortener), ``"hub"`` (a stop-listed value that never
    links posts: see :mod:`cyberpatrol.indicators.hubs`)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        if self.source != TEXT_SOURCE:
            out["source"] = self.source
        if self.tags:
            out["tags"] = list(self.tags)
        return out


@dataclass(frozen=True, slots=True)
class ImageNote:
    """What OCR made of one image of a post."""

    index: int
    """1-based position in :attr:`Item.images`."""
    path: str
    chars: int
    """Characters of text read (0 when unreadable)."""
    warning: str | None = None
    text: str = field(default="", repr=False)
    """The text read (kept in the store and shown on the item page; not in the JSON
    output, where evidence and indicators from the image already carry their spans)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "path": self.path, "chars": self.chars}
        if self.warning:
            out["warning"] = self.warning
        return out


@dataclass(frozen=True, slots=True)
class Result:
    """The engine's verdict on one item."""

    item: Item
    flagged: bool
    score: float
    category: str | None
    findings: tuple[Finding, ...]
    indicators: tuple[Indicator, ...]
    images: tuple[ImageNote, ...] = ()
    """OCR outcome of each image, when the post's images were read."""

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Evidence of the top finding (the one that set the score)."""
        if not self.findings:
            return ()
        top = max(self.findings, key=lambda f: f.score)
        return top.evidence

    def to_dict(self) -> dict[str, Any]:
        """The public output contract (DESIGN.md §4), plus a few extras."""
        out: dict[str, Any] = {
            "id": self.item.id,
            "platform": self.item.platform,
            "flagged": self.flagged,
            "score": round(self.score, 4),
            "category": self.category,
            "evidence": [e.to_dict() for e in self.evidence],
            "indicators": [i.to_dict() for i in self.indicators],
        }
        if self.findings:
            top = max(self.findings, key=lambda f: f.score)
            out["detector"] = f"{top.detector}@{top.detector_version}"
            if top.explanation:
                out["explanation"] = list(top.explanation)
        if self.images:
            out["images"] = [i.to_dict() for i in self.images]
        if self.item.truncated_from is not None:
            out["truncated_from"] = self.item.truncated_from
        return out
