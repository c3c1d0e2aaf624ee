"""Step ``emoji``: emoji and symbols standing for words become those words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.errors import ConfigError
from cyberpatrol.normalize._base import Builder, Step, StepResult
from cyberpatrol.resources import load_toml, str_list

_DIGITS = frozenset("0123456789〇零一二三四五六七八九十百千万億")


@dataclass(frozen=True, slots=True)
class EmojiEntry:
    """One row of ``emoji.toml``."""

    emoji: str
    replacement: str
    note: str = ""
    followed_by: tuple[str, ...] = ()
    not_after_digit: bool = False


def load_emoji(path: Path | str | None = None) -> list[EmojiEntry]:
    """Read the emoji map (packaged ``data/emoji.toml`` by default)."""
    data, where = load_toml(path, "emoji.toml")
    rows = data.get("emoji")
    if not isinstance(rows, list) or not rows:
        raise ConfigError("expected a non-empty [[emoji]] array", path=where)
    entries: list[EmojiEntry] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ConfigError(f"emoji entry {i} is not a table", path=where)
        emoji, repl = row.get("emoji"), row.get("replacement")
        if not isinstance(emoji, str) or not emoji or not isinstance(repl, str):
            raise ConfigError(f"emoji entry {i} needs 'emoji' and 'replacement'", path=where)
        follow = tuple(str_list(row.get("followed_by", []), f"emoji entry {i} followed_by", where))
        key = (emoji, follow)
        if key in seen:
            raise ConfigError(f"duplicate emoji entry {emoji!r}", path=where)
        seen.add(key)
        entries.append(
            EmojiEntry(
                emoji,
                repl,
                str(row.get("note", "")),
                follow,
                bool(row.get("not_after_digit", False)),
            )
        )
    return entries


def _index(entries: list[EmojiEntry]) -> dict[str, list[EmojiEntry]]:
    """Entries by first character: contextual entries first, then longest first."""
    by_first: dict[str, list[EmojiEntry]] = {}
    for e in sorted(entries, key=lambda e: (not e.followed_by, -len(e.emoji))):
        by_first.setdefault(e.emoji[0], []).append(e)
    return by_first


def _candidates(by_first: dict[str, list[EmojiEntry]]) -> re.Pattern[str]:
    """Characters that may start an entry: the BMP ones, and any astral character.

    A class listing the astral emoji one by one is tested entry by entry for
    every character of the text (``re`` keeps only BMP classes as a bitmap),
    which made the scan the step's main cost. One astral range is a single
    test; :meth:`EmojiStep._match` then drops astral characters with no entry.
    """
    bmp = "".join(re.escape(c) for c in sorted(by_first) if c <= "\uffff")
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]")


class EmojiStep(Step):
    """Replace emoji/symbols standing for words: 💰→金, ✈→海外, 「⚪案件」→「ホワイト案件」.

    The map is data (``data/emoji.toml``); an entry may require a following word
    (the circle only means ホワイト before 案件/バイト/仕事) and may refuse to
    apply after a digit (〇 inside a number is a zero).
    """

    id = "emoji"
    label = "絵文字・記号を語に置換"

    def __init__(self, entries: list[EmojiEntry] | None = None) -> None:
        self.entries = load_emoji() if entries is None else entries
        self._by_first = _index(self.entries)
        self._rx = _candidates(self._by_first)

    def _match(self, text: str, i: int) -> EmojiEntry | None:
        for e in self._by_first.get(text[i], ()):
            if not text.startswith(e.emoji, i):
                continue
            if e.not_after_digit and i and text[i - 1] in _DIGITS:
                continue
            j = i + len(e.emoji)
            if e.followed_by and not any(text.startswith(f, j) for f in e.followed_by):
                continue
            return e
        return None

    def apply(self, text: str) -> StepResult:
        if text.isascii():
            return self.identity(text)
        b: Builder | None = None
        pos = 0
        for m in self._rx.finditer(text):
            i = m.start()
            if i < pos:
                continue
            e = self._match(text, i)
            if e is None:
                continue
            if b is None:
                b = Builder(self.id, text)
            b.copy(pos, i)
            pos = i + len(e.emoji)
            b.replace(i, pos, e.replacement)
        if b is None:
            return self.identity(text)
        b.copy(pos, len(text))
        return b.build()
