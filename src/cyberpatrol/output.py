"""Rendering results: JSON Lines for machines, a rich table for people.

Post texts are written by criminals: the table builds :class:`rich.text.Text`
objects and styles spans, never interpolating post text into markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

import orjson
from rich.console import Console, Group
from rich.text import Text

from cyberpatrol.model import TEXT_SOURCE, Result

_EXCERPT = 160
_BLOCK_EXCERPT = 400


def jsonl_line(result: Result) -> bytes:
    """One JSON object (DESIGN.md §4) and a newline."""
    return orjson.dumps(result.to_dict()) + b"\n"


def write_jsonl(result: Result, stream: IO[bytes]) -> None:
    stream.write(jsonl_line(result))


def _source_label(source: str) -> str:
    """「画像2」 for ``image:2``."""
    kind, _, n = source.partition(":")
    return f"画像{n}" if kind == "image" else source


def highlighted(result: Result, *, width: int = _EXCERPT) -> Text:
    """The post's text with evidence spans highlighted, cut around the first span.

    Line breaks are shown as ↵ (one character for one, so offsets still hold).
    """
    text = result.item.text
    spans = sorted((e.start, e.end, e.weight) for e in result.evidence if e.source == TEXT_SOURCE)
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


def result_block(result: Result) -> Group:
    """One post for people: header, text with evidence highlighted, why, contact points."""
    item = result.item
    verdict = Text(
        f"{result.score:.2f} {'FLAGGED' if result.flagged else 'not flagged'}",
        style="bold red" if result.flagged else "green",
    )
    header = Text.assemble(verdict, "  ", Text(f"{item.platform}:{item.id}", style="bold"))
    if item.author:
        header.append(f"  @{item.author}", style="dim")
    lines: list[Text] = [header, highlighted(result, width=_BLOCK_EXCERPT)]
    for im in result.images:
        note = f"  画像{im.index} {im.path}: OCR {im.chars}文字"
        lines.append(Text(note + (f" — {im.warning}" if im.warning else ""), style="dim"))
    for e in result.evidence:
        sign = "+" if e.weight >= 0 else "−"
        line = Text(f"  {sign} ", style="yellow" if e.weight >= 0 else "cyan")
        if e.source != TEXT_SOURCE:
            line.append(f"[{_source_label(e.source)}] ", style="magenta")
        line.append(f"「{e.text}」", style="bold")
        line.append(f" {e.reason}")
        lines.append(line)
    if result.indicators:
        inds = ", ".join(
            f"{i.type}:{i.value}"
            + ("" if i.source == TEXT_SOURCE else f" [{_source_label(i.source)}]")
            for i in result.indicators
        )
        lines.append(Text(f"  連絡先: {inds}", style="magenta"))
    return Group(*lines, Text(""))


def print_results(
    results: Sequence[Result], console: Console, *, only_flagged: bool = False
) -> None:
    """Print posts as readable blocks (the ``--format table`` output)."""
    for r in results:
        if only_flagged and not r.flagged:
            continue
        console.print(result_block(r))
