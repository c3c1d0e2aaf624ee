"""Evidence spans → non-overlapping segments of the original text, for templates.

The text is never turned into HTML here: each segment carries plain text and
the templates escape it (Jinja2 autoescape), so a post full of ``<script>``
stays text whatever its evidence looks like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from cyberpatrol.model import TEXT_SOURCE, Evidence


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    reasons: tuple[str, ...]
    """Why this stretch is marked (empty: plain text)."""
    learned: bool = False
    """Marked only by the learned model's spans (shown in a lighter colour)."""


def segments(text: str, evidence: Sequence[Evidence]) -> list[Segment]:
    """Cut ``text`` at every evidence boundary; each piece lists the reasons covering it."""
    spans = [e for e in evidence if e.source == TEXT_SOURCE and 0 <= e.start < e.end <= len(text)]
    cuts = sorted({0, len(text), *(e.start for e in spans), *(e.end for e in spans)})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [e for e in spans if e.start <= a and b <= e.end]
        reasons = tuple(dict.fromkeys(e.reason for e in covering))
        learned = bool(covering) and all(e.signal == "model.ngrams" for e in covering)
        out.append(Segment(text[a:b], reasons, learned))
    return out
