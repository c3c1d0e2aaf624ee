"""Counting characters the way each platform counts them.

A reply warning must fit the platform's limit as the platform counts, not as Python's
``len`` does: X weighs a kanji as 2 of 280, Mastodon counts grapheme clusters and
every link as 23, Threads counts an emoji as its UTF-8 bytes. Where a platform's
counter cannot be reproduced exactly (X's emoji sequences, full grapheme
segmentation) the count here errs high, never low: a warning accepted here is
accepted there.

The methods are named in ``platforms.toml`` (``counting``); the twitter weights come
from the same file.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from cyberpatrol.indicators.url import iter_urls

METHODS = ("twitter", "graphemes", "codepoints", "utf16", "utf8_emoji")


@dataclass(frozen=True, slots=True)
class Weights:
    """twitter-text weights: ``default`` per code point unless in ``ranges``; sum / ``scale``."""

    default: int
    scale: int
    ranges: tuple[tuple[int, int, int], ...]

    def of(self, ch: str) -> int:
        cp = ord(ch)
        for first, last, weight in self.ranges:
            if first <= cp <= last:
                return weight
        return self.default


def count(text: str, method: str, *, url_length: int = 0, weights: Weights | None = None) -> int:
    """Length of ``text`` counted by ``method``; links count ``url_length`` when it is set.

    A link written with ``http(s)://`` counts exactly ``url_length`` (the platform
    shortens it). A bare or defanged one (``example.org``, ``example[.]org``) may or
    may not be linked by the platform, so it counts the larger of the two.
    """
    if method == "twitter":
        text = unicodedata.normalize("NFC", text)
    measure = _measure(method, weights)
    if url_length <= 0:
        return measure(text)
    total = 0
    pos = 0
    for start, end, _, _ in iter_urls(text):
        total += measure(text[pos:start])
        link = text[start:end]
        plain = link[:8].lower().startswith(("http://", "https://"))
        total += url_length if plain else max(url_length, measure(link))
        pos = end
    return total + measure(text[pos:])


def _measure(method: str, weights: Weights | None) -> Callable[[str], int]:
    if method != "twitter":
        return _MEASURES[method]
    if weights is None:
        raise ValueError("the twitter method needs weights")
    table = weights

    def weighted(s: str) -> int:
        return math.ceil(sum(table.of(ch) for ch in s) / table.scale)

    return weighted


def codepoints(text: str) -> int:
    """Unicode code points (Python's ``len``)."""
    return len(text)


def utf16(text: str) -> int:
    """UTF-16 code units: characters outside the BMP (most emoji) count 2."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def graphemes(text: str) -> int:
    """User-perceived characters, never fewer than Unicode's grapheme clusters (UAX #29).

    Only the rules that never have exceptions are applied: a combining or spacing mark,
    a zero-width joiner, a variation selector, an emoji modifier or a tag character
    belongs to the character before it (unless that is a control or line break).
    Everything else counts 1, so a ZWJ emoji sequence or a flag counts more than 1.
    """
    n = 0
    after_control = True
    for ch in text:
        if not (_extends(ch) and not after_control):
            n += 1
        after_control = unicodedata.category(ch) in ("Cc", "Zl", "Zp")
    return n


def utf8_emoji(text: str) -> int:
    """One per character, except that an emoji counts its UTF-8 bytes (Threads' rule).

    Every pictographic symbol and emoji component is taken for an emoji (an over-count
    for symbols such as ★ that Threads may count as 1).
    """
    return sum(len(ch.encode("utf-8")) if _emoji_like(ch) else 1 for ch in text)


_MEASURES: dict[str, Callable[[str], int]] = {
    "graphemes": graphemes,
    "codepoints": codepoints,
    "utf16": utf16,
    "utf8_emoji": utf8_emoji,
}


def _extends(ch: str) -> bool:
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or cp == 0x200D
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
        or 0xE0100 <= cp <= 0xE01EF
    )


def _emoji_like(ch: str) -> bool:
    cp = ord(ch)
    return (
        cp >= 0x1F000
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or cp in (0x200D, 0x20E3, 0xFE0F, 0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x3030)
        or unicodedata.category(ch) == "So"
    )
