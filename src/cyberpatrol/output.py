"""Rendering results: JSON Lines for machines, a rich table for people.

Post texts are written by criminals: the table builds :class:`rich.text.Text`
objects and styles spans, never interpolating post text into markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

import orjson
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cyberpatrol.model import Result

_EXCERPT = 160


def jsonl_line(result: Result) -> bytes:
    """One JSON object (DESIGN.md §4) and a newline."""
    return orjson.dumps(result.to_dict()) + b"\n"


def write_jsonl(result: Result, stream: IO[bytes]) -> None:
    stream.write(jsonl_line(result))


def highlighted(result: Result, *, width: int = _EXCERPT) -> Text:
    """The post's text with evidence spans highlighted, cut around the first span.

    Line breaks are shown as ↵ (one character for one, so offsets still hold).
    """
    text = result.item.text
    spans = sorted((e.start, e.end, e.weight) for e in result.evidence)
    lo = max(0, spans[0][0] - width // 4) if spans and len(text) > width else 0
    hi = min(len(text), lo + width)
    prefix = "…" if lo else ""
    out = Text(prefix + text[lo:hi].replace("\n", "↵") + ("…" if hi < len(text) else ""))
    for start, end, weight in spans:
        s, e = max(start, lo), min(end, hi)
        if s < e:
            style = "bold black on yellow" if weight >= 0 else "black on cyan"
            out.stylize(style, s - lo + len(prefix), e - lo + len(prefix))
    return out


def results_table(results: Sequence[Result], *, only_flagged: bool = False) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("text (evidence highlighted)", ratio=3)
    table.add_column("why", ratio=2)
    table.add_column("indicators", ratio=1)
    for r in results:
        if only_flagged and not r.flagged:
            continue
        mark = Text(f"{r.score:.2f}", style="bold red" if r.flagged else "dim")
        why = Text("\n".join(f"{e.text}: {e.reason}" for e in r.evidence[:6]))
        inds = Text("\n".join(f"{i.type}: {i.value}" for i in r.indicators[:6]))
        table.add_row(Text(r.item.id), mark, highlighted(r), why, inds)
    return table


def print_table(results: Sequence[Result], console: Console, *, only_flagged: bool = False) -> None:
    console.print(results_table(results, only_flagged=only_flagged))
