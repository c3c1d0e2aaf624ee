"""Unicode-level steps: ``nfkc``, ``width`` and ``casefold``."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable

from cyberpatrol.normalize._base import Builder, Step, StepResult


def _char_class(codepoints: Iterable[int]) -> str:
    """A regex character class (without brackets) for sorted code points."""
    parts: list[str] = []
    start = prev = -2
    for cp in codepoints:
        if cp == prev + 1:
            prev = cp
            continue
        if start >= 0:
            parts.append(_range(start, prev))
        start = prev = cp
    if start >= 0:
        parts.append(_range(start, prev))
    return "".join(parts)


def _range(a: int, b: int) -> str:
    return f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}"


def _scan(limit: int, pred: Callable[[str], bool]) -> str:
    return _char_class(cp for cp in range(limit) if not 0xD800 <= cp <= 0xDFFF and pred(chr(cp)))


def _attaches(c: str) -> bool:
    """Whether ``c`` may compose with the character before it."""
    return (
        unicodedata.combining(c) != 0
        or unicodedata.category(c).startswith("M")
        or c in "\uff9e\uff9f"
        or "\u1160" <= c <= "\u11ff"
    )


@functools.cache
def _cluster_regex() -> re.Pattern[str]:
    """Characters NFKC may change: a changing base or a mark (joined to its base).

    Built lazily (a one-off scan of the BMP, ~30 ms). Classes are kept to the
    BMP so ``re`` tests them with a bitmap; every astral character is a
    candidate (they are rare and mostly emoji) and astral marks are not
    attached to their base (still exact offsets, just a finer split).
    """
    marks = _scan(0x10000, _attaches)
    changing = _scan(0x10000, lambda c: unicodedata.normalize("NFKC", c) != c)
    return re.compile(f"[{changing}{marks}\U00010000-\U0010ffff]")


@functools.cache
def _marks_regex() -> re.Pattern[str]:
    return re.compile(f"[{_scan(0x10000, _attaches)}]+")


@functools.lru_cache(maxsize=4096)
def _nfkc(cluster: str) -> str:
    return unicodedata.normalize("NFKC", cluster)


class NfkcStep(Step):
    """Unicode NFKC, applied cluster by cluster (base character + following marks).

    Folds full-width Latin and digits (ｈｔｔｐ→http, ０９０→090), half-width
    katakana (ﾊﾞｲﾄ→バイト), circled numerals (①⓪→10), squared words (㍻→平成)…
    Working per cluster keeps every output character tied to the exact input
    characters it came from.
    """

    id = "nfkc"
    label = "全角・半角や囲み文字を正規化"

    def apply(self, text: str) -> StepResult:
        if text.isascii() or unicodedata.is_normalized("NFKC", text):
            return self.identity(text)
        marks = _marks_regex()
        if marks.search(text) is None:
            return self._without_marks(text)
        b = Builder(self.id, text)
        pos = 0
        for m in _cluster_regex().finditer(text):
            i = m.start()
            if i < pos:
                continue
            if i > pos and marks.match(text, i):
                i -= 1  # a mark: the cluster starts at its base
            mm = marks.match(text, i + 1)
            j = mm.end() if mm else i + 1
            cluster = text[i:j]
            nf = _nfkc(cluster)
            if nf != cluster:
                b.copy(pos, i)
                b.replace(i, j, nf)
                pos = j
        b.copy(pos, len(text))
        return b.build()

    def _without_marks(self, text: str) -> StepResult:
        """:meth:`apply` for a text without marks, where every cluster is one character.

        The usual case (full-width letters and digits, circled numbers): this
        skips the two look-ups for marks around every candidate character.
        """
        b = Builder(self.id, text)
        pos = 0
        for m in _cluster_regex().finditer(text):
            c = m.group()
            nf = _nfkc(c)
            if nf != c:
                i = m.start()
                b.copy(pos, i)
                b.replace(i, i + 1, nf)
                pos = i + 1
        b.copy(pos, len(text))
        return b.build()


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\u2500\u2501\u2043\ufe63\uff0d"
_WAVES = "\u301c\u223c\uff5e"
# Same test as "[waves]|[0-9][dashes][0-9]", written to start with one
# character class so that ``re`` scans for candidates with its fast set test.
_QUICK_WIDTH = re.compile(f"[{_WAVES}0-9](?:(?<=[0-9])[{_DASHES}][0-9]|(?<=[{_WAVES}]))")
_WIDTH = re.compile(f"(?<=[0-9])[{_DASHES}](?=[0-9])|[{_WAVES}]")


class WidthStep(Step):
    """Fold the width/shape variants NFKC leaves alone.

    Dashes, minus signs and the long-vowel mark between digits become "-"
    (090ー0000ー1234 → 090-0000-1234); wave dashes 〜 become "~". The
    ideographic full stop and comma are kept.
    """

    id = "width"
    label = "ハイフン・波ダッシュを統一"

    def apply(self, text: str) -> StepResult:
        if text.isascii() or _QUICK_WIDTH.search(text) is None:
            return self.identity(text)
        out = _WIDTH.sub(lambda m: "-" if m.group() in _DASHES else "~", text)
        return self.one_to_one(text, out)


@functools.cache
def _upper_regex() -> re.Pattern[str]:
    """Runs of characters that ``str.lower`` changes (all are below U+1FFFF)."""
    upper = _scan(0x20000, lambda c: c.lower() != c)
    assert all(chr(cp).lower() == chr(cp) for cp in range(0x20000, sys.maxunicode + 1, 97))
    return re.compile(f"[{upper}]+")


_ASCII_UPPER = re.compile("[A-Z]+")


class CasefoldStep(Step):
    """Lower-case everything (ASCII and other scripts): 「LINE」→「line」, 「ΑΒ」→「αβ」."""

    id = "casefold"
    label = "大文字・小文字を統一"

    def apply(self, text: str) -> StepResult:
        low = text.lower()
        if low == text:
            return self.identity(text)
        if len(low) == len(text):
            return self.one_to_one(text, low)
        rx = _ASCII_UPPER if text.isascii() else _upper_regex()
        b = Builder(self.id, text)
        pos = 0
        for m in rx.finditer(text):
            b.copy(pos, m.start())
            b.replace(m.start(), m.end(), m.group().lower())
            pos = m.end()
        b.copy(pos, len(text))
        return b.build()
