"""Other ``@handles`` (``@kasegu_777``): social-media accounts not claimed by another type.

A handle needs at least one letter, so unit prices such as ``@500`` are not handles.
Canonical value: lowercase, without ``@``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cyberpatrol.indicators._base import Extractor, Span

_NAME = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_.@+\-/=~%])[@＠](?P<name>" + _NAME + r")(?![A-Za-z0-9_@]|\.[A-Za-z0-9_])"
)
_CANONICAL = re.compile(r"[@＠]?(" + _NAME + r")")
_HAS_LETTER = re.compile(r"[A-Za-z]")


class HandleExtractor(Extractor):
    """``@name`` handles with at least one letter."""

    type = "handle"

    def find(self, text: str) -> Iterator[Span]:
        if "@" not in text and "＠" not in text:
            return
        for m in _HANDLE.finditer(text):
            name = m.group("name")
            if _HAS_LETTER.search(name):
                yield m.start(), m.end(), name.lower()

    def canonical(self, raw: str) -> str:
        m = _CANONICAL.fullmatch(unicodedata.normalize("NFKC", raw).strip())
        if m is None or not _HAS_LETTER.search(m.group(1)):
            raise ValueError(f"not a handle: {raw!r}")
        return m.group(1).lower()
