"""Shared pieces of the indicator extractors: the extractor interface and regex fragments.

Every extractor works on the *light* normalised view (NFKC applied, invisible
characters removed, dashes between digits unified, case and separators kept) and
reports spans in that view's coordinates; :func:`cyberpatrol.indicators.extract`
maps them back to the original post.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator

Span = tuple[int, int, str]
"""``(start, end, canonical value)`` in the coordinates of the text searched."""


class Extractor(ABC):
    """Finds one type of contact point in a text and canonicalises user-supplied values."""

    type: str = ""

    @abstractmethod
    def find(self, text: str) -> Iterator[Span]:
        """Yield ``(start, end, canonical value)`` for every occurrence in ``text``."""

    @abstractmethod
    def canonical(self, raw: str) -> str:
        """Canonical form of one user-supplied value; :class:`ValueError` if it is not one."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.type}>"


# A dot, written plainly or defanged: example[.]com, example(.)com, example[dot]com,
# 「example ドット com」 and 「example。com」.
DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\[DOT\]|\(DOT\)|[ \u3000]?ドット[ \u3000]?|。)"

# An at sign, plain or defanged: name[at]example.com, 「name アットマーク example.com」.
AT = (
    r"(?:@|\[at\]|\(at\)|\[AT\]|\(AT\)|\[@\]|\(@\)|\{at\}"
    r"|[ \u3000]?(?:アットマーク|あっとまーく|アット)[ \u3000]?)"
)

# Separator between a contact keyword (「LINE ID」) and the value that follows it.
KEY_SEP = r"[ \u3000]*(?:[:：=→⇒>＞\-]|は|が|を|で)?[ \u3000]*"
KEY_SEP_REQUIRED = r"[ \u3000]*(?:[:：=→⇒>＞]|は)[ \u3000]*"
"""A separator that must be present when no 「ID」 word follows the keyword."""

GAP = r"[^\n@＠]{0,12}?"
"""Up to ~12 characters between an app keyword and the ``@handle`` it qualifies."""

ID_WORD = r"(?:ID|Id|id|ＩＤ|ユーザー名|ユーザーネーム|username|アカウント)"
KEY_TAIL = r"(?:[ \u3000]*の?" + ID_WORD + KEY_SEP + r"|" + KEY_SEP_REQUIRED + r")"
"""What may stand between an app keyword and the identifier it introduces."""

SPACED_ID = r"[ \u3000]+(?!(?i:h(?:tt|xx)ps?)\b|www\.)(?=[A-Za-z0-9._\-]*[0-9_])"
"""Only spaces between a keyword and an identifier: accepted when what follows has a digit
or an underscore, as IDs do and words do not (「テレ kasegu_777」, not 「テレ Premium」)."""

NOT_A_LINK = r"(?!(?i:h(?:tt|xx)ps?)[:\[]|(?i:www)\.)"
"""An identifier after a keyword never starts a link (「LINE→ https://line.me/…」)."""

SCHEME = r"(?:(?i:h(?:tt|xx|\*\*)ps?)(?::|\[:\])//)?"
"""An optional ``http(s)://`` before an app link, also defanged (``hxxps://``, ``https[:]//``)."""

_REFANG_DOT = re.compile(
    r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|[ \u3000]*ドット[ \u3000]*|。", re.IGNORECASE
)
_REFANG_AT = re.compile(
    r"\[at\]|\(at\)|\[@\]|\(@\)|\{at\}|[ \u3000]*(?:アットマーク|あっとまーく|アット)[ \u3000]*|＠",
    re.IGNORECASE,
)
_REFANG_SCHEME = re.compile(r"^h(?:tt|xx|\*\*)p(s?)(?::|\[:\])//", re.IGNORECASE)


def any_of(needles: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern found in a text exactly when one of ``needles`` occurs in it.

    The cheap test before an extractor's regex pass: most posts hold no contact
    point, so it runs far more often than the regex it guards, and one scan of an
    alternation is several times cheaper than one ``in`` per needle.
    """
    return re.compile("|".join(re.escape(n) for n in needles))


def first_group(m: re.Match[str], names: tuple[str, ...]) -> tuple[int, int, str] | None:
    """``(start, end, value)`` of the first of the groups ``names`` that took part in ``m``."""
    for name in names:
        value = m.group(name)
        if value is not None:
            s, e = m.span(name)
            return s, e, value
    return None


def with_at(text: str, s: int) -> int:
    """Widen a span start to include an ``@`` written just before the identifier."""
    return s - 1 if s > 0 and text[s - 1] in "@＠" else s


def refang(raw: str) -> str:
    """Undo the usual defanging: ``hxxps://example[.]com`` → ``https://example.com``."""
    s = raw.strip()
    s = _REFANG_SCHEME.sub(lambda m: f"http{m.group(1).lower()}://", s)
    s = _REFANG_DOT.sub(".", s)
    return _REFANG_AT.sub("@", s)
