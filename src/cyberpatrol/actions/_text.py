"""Cleaning text taken from posts before it goes into a letter.

Post texts are written by criminals, so every value from a post is treated as hostile:

* bidirectional controls (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F,
  U+061C) are removed: they can make a letter display something other than it says
  (a URL that reads backwards, a reference number that looks different);
* control characters are removed, and in one-line values (anything that may reach a
  subject or header) line breaks become spaces, so a value cannot start a new header
  (``"\\r\\nBcc: victim@example.org"``);
* an excerpt is capped in length, and the URLs and e-mail addresses in it are
  defanged (``hxxps://example[.]org``, ``name[@]example[.]org``) so that nobody opens
  a criminal's link by clicking it in a letter. The reported post URL itself is a
  separate field and stays as it is.

Each step is a small function with its own tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cyberpatrol.indicators.url import iter_urls

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# Every line break str.splitlines() knows, CRLF first so it counts as one.
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 and C1 controls and DEL, except tab and newline.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile("[ \t]+")
_BLANK_LINES = re.compile("\n{3,}")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])([A-Za-z0-9._%+\-]+)@((?:[A-Za-z0-9\-]+\.)+[A-Za-z]{2,})"
)
_SCHEME = re.compile(r"(h)tt(ps?://)", re.IGNORECASE)
_DOT = re.compile(r"(?<!\[)\.(?!\])")
ELLIPSIS = "…"
# An excerpt is cut to this many times its limit before cleaning, so a megabyte of
# text costs no more than a short one (cleaning only ever shortens a text).
_PRECUT_FACTOR = 8


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned value and what cleaning removed (for the letter's warnings)."""

    text: str
    bidi_removed: int = 0
    controls_removed: int = 0
    truncated: bool = False


def strip_bidi(text: str) -> tuple[str, int]:
    """Remove bidirectional controls; return the text and how many were removed."""
    return _BIDI.subn("", text)


def strip_controls(text: str) -> tuple[str, int]:
    """Remove control characters other than tab and newline; count them."""
    return _CONTROLS.subn("", text)


def one_line(text: str) -> Cleaned:
    """A value safe for a subject or header: no line breaks, controls or bidi controls.

    Line breaks become spaces, runs of spaces and tabs collapse to one space.
    """
    text, bidi = strip_bidi(text)
    text = _BREAKS.sub(" ", text)
    text, controls = strip_controls(text)
    return Cleaned(_SPACES.sub(" ", text).strip(), bidi, controls)


def multi_line(text: str) -> Cleaned:
    """A body value: line breaks unified to ``\\n``, controls and bidi controls removed.

    Trailing spaces are dropped and runs of blank lines shortened to one.
    """
    text, bidi = strip_bidi(text)
    text = _BREAKS.sub("\n", text)
    text, controls = strip_controls(text)
    # Line by line, not with a regex: "[ \t]+\n" is quadratic on a long run of spaces.
    text = "\n".join(line.rstrip(" \t") for line in text.replace("\t", " ").split("\n"))
    return Cleaned(_BLANK_LINES.sub("\n\n", text).strip(), bidi, controls)


def cap(text: str, limit: int) -> tuple[str, bool]:
    """At most ``limit`` characters of ``text`` plus 「…」; whether it was cut.

    The cut never splits a character from its combining marks, and steps back to the
    start of a long ASCII word (a URL, an address) when that is near, so a cut link
    does not look like a different, complete one.
    """
    if len(text) <= limit:
        return text, False
    cut = limit
    while cut > 0 and _extends(text[cut]):
        cut -= 1
    start = cut
    while start > max(0, cut - 41) and _wordish(text[start - 1]) and _wordish(text[start]):
        start -= 1
    if start > 0 and cut - start <= 40 and not _wordish(text[start - 1]):
        cut = start
    return text[:cut].rstrip() + ELLIPSIS, True


def defang(text: str) -> str:
    """Defang every URL and e-mail address in ``text``.

    >>> defang("詳細は https://evil.example.com/a へ、連絡は boss@evil.example.com")
    '詳細は hxxps://evil[.]example[.]com/a へ、連絡は boss[@]evil[.]example[.]com'

    Already defanged text is left as it is (the function is idempotent).
    """
    out: list[str] = []
    pos = 0
    for _, _, host_start, host_end in iter_urls(text):
        out.append(text[pos:host_start])
        out.append(_DOT.sub("[.]", text[host_start:host_end]))
        pos = host_end
    out.append(text[pos:])
    text = _EMAIL.sub(lambda m: f"{m.group(1)}[@]{_DOT.sub('[.]', m.group(2))}", "".join(out))
    # Every scheme, also one inside another URL's query (…?u=http://…).
    return _SCHEME.sub(r"\1xx\2", text)


def excerpt(text: str, limit: int) -> Cleaned:
    """The post excerpt of a letter: cleaned, capped at ``limit``, links defanged."""
    precut = limit * _PRECUT_FACTOR
    cleaned = multi_line(text[:precut])
    capped, truncated = cap(cleaned.text, limit)
    truncated = truncated or len(text) > precut
    if truncated and not capped.endswith(ELLIPSIS):
        capped += ELLIPSIS
    return Cleaned(defang(capped), cleaned.bidi_removed, cleaned.controls_removed, truncated)


def _extends(ch: str) -> bool:
    """True for characters that belong to the character before them."""
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch in "\u200d\ufe0f"


def _wordish(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()
