"""E-mail addresses, plain and defanged.

Accepted: ``name@example.com``, ``name[at]example[.]com``, 「name アットマーク example.com」.

Canonical value: refanged and lowercased.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cyberpatrol.indicators._base import AT, DOT, Extractor, Span, any_of, refang

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~\-.@])"
    r"(?P<local>"
    + _LOCAL
    + r")"
    + AT
    + r"(?P<domain>(?:"
    + _LABEL
    + DOT
    + r")+[A-Za-z]{2,24})(?![A-Za-z0-9\-]|@)"
)
_CANONICAL = re.compile(_LOCAL + r"@(?:" + _LABEL + r"\.)+[A-Za-z]{2,24}")
_TRIGGERS = any_of(("@", "[at]", "(at)", "アット", "あっと", "[AT]", "(AT)"))


class EmailExtractor(Extractor):
    """E-mail addresses in any common defanged spelling."""

    type = "email"

    def find(self, text: str) -> Iterator[Span]:
        if _TRIGGERS.search(text) is None:
            return
        for m in _EMAIL.finditer(text):
            yield m.start(), m.end(), refang(m.group()).lower()

    def canonical(self, raw: str) -> str:
        value = refang(unicodedata.normalize("NFKC", raw)).lower()
        if not _CANONICAL.fullmatch(value):
            raise ValueError(f"not an e-mail address: {raw!r}")
        return value
