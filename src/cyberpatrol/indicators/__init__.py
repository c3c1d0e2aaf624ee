"""Contact points ("indicators") mentioned in posts: phones, URLs, e-mails, messaging IDs.

:func:`extract` runs every extractor over the *light* normalised view of a post and
returns :class:`~cyberpatrol.model.Indicator` objects whose spans point at the
original text. :func:`canonical` canonicalises a user-supplied value the same way,
so storage, linking and look-ups compare like with like.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cyberpatrol.indicators._apps import APP_NAMES
from cyberpatrol.indicators._base import Extractor, Span, any_of, refang
from cyberpatrol.indicators.bank import BankAccountExtractor
from cyberpatrol.indicators.chat import ThreemaExtractor, WeChatExtractor
from cyberpatrol.indicators.crypto import BitcoinExtractor, EthereumExtractor, TronExtractor
from cyberpatrol.indicators.email import EmailExtractor
from cyberpatrol.indicators.handle import HandleExtractor
from cyberpatrol.indicators.hubs import Hubs, default_hubs
from cyberpatrol.indicators.messaging import (
    LineExtractor,
    SessionExtractor,
    SignalExtractor,
    TelegramExtractor,
)
from cyberpatrol.indicators.phone import PhoneExtractor
from cyberpatrol.indicators.social import InstagramExtractor, XExtractor
from cyberpatrol.indicators.url import DomainExtractor, UrlExtractor
from cyberpatrol.model import Indicator

if TYPE_CHECKING:
    from cyberpatrol.normalize._base import NormalizedText

__all__ = [
    "EXTRACTORS",
    "Extractor",
    "Hubs",
    "Span",
    "canonical",
    "default_hubs",
    "extract",
    "find_all",
    "refang",
    "tags",
]

EXTRACTORS: dict[str, Extractor] = {
    e.type: e
    for e in (
        PhoneExtractor(),
        UrlExtractor(),
        DomainExtractor(),
        EmailExtractor(),
        TelegramExtractor(),
        SignalExtractor(),
        SessionExtractor(),
        LineExtractor(),
        ThreemaExtractor(),
        WeChatExtractor(),
        InstagramExtractor(),
        XExtractor(),
        BankAccountExtractor(),
        BitcoinExtractor(),
        EthereumExtractor(),
        TronExtractor(),
        HandleExtractor(),
    )
}
"""Every extractor by indicator type, in the order they run."""

# Which types' spans suppress which other types' overlapping spans.
_CLAIMS: dict[str, frozenset[str]] = {
    "email": frozenset(
        {"url", "domain", "handle", "telegram", "signal", "line"}
        | {"threema", "wechat", "instagram", "x"}
    ),
    "url": frozenset({"handle"}),
    "telegram": frozenset({"handle"}),
    "signal": frozenset({"handle"}),
    "line": frozenset({"handle"}),
    "threema": frozenset({"handle"}),
    "wechat": frozenset({"handle"}),
    "instagram": frozenset({"handle"}),
    "x": frozenset({"handle"}),
    # An account number or an address is not also a phone number or handle.
    "bank_account": frozenset({"phone", "handle"}),
    "btc": frozenset({"phone", "handle"}),
    "eth": frozenset({"phone", "handle"}),
    "tron": frozenset({"phone", "handle"}),
}


# Every extractor needs one of these; a post with none of them costs two regex scans.
# Of the digits only "0" counts: a phone number needs "0", "+", 「〇」 or 「零」, a Session
# ID "05". The characters go first and alone: a bare character class scans several
# times faster than an alternation, and most posts with a trigger have one of them.
# Another digit or "T" counts when six letters or digits follow it (a bank account
# number has seven digits, a crypto address 1…, 3…, bc1…, T… is a longer run), a
# kanji digit when six more follow (「一二三四五六七」). The lookbehinds after the
# class keep it the pattern's start, so a post without any of these characters still
# costs one fast scan.
_ANY_CHAR = re.compile(
    r"[0+@＠.。〇零1-9T一二三四五六七八九]"
    r"(?:(?<![1-9T一二三四五六七八九])|(?<=[1-9T])[0-9A-Za-z]{6}"
    r"|(?<=[一二三四五六七八九])[〇一二三四五六七八九]{6})"
)
# The words are searched in the lowercased text: an alternation of plain literals lets
# ``re`` skip to candidate first characters, which one with (?i:…) parts does not.
# Defanged e-mail words, the apps' names and the bare 「IG」 (Instagram). The apps' link
# fragments (``me/``, ``x.``) need not be listed: every link has a dot in some spelling.
_ANY_WORD = any_of(
    ("ドット", "dot", "アット", "あっと", "ig", *(w for ws in APP_NAMES.values() for w in ws))
)


def find_all(text: str) -> list[tuple[str, int, int, str]]:
    """``(type, start, end, value)`` of every indicator in ``text`` (text coordinates).

    Overlaps are resolved (an e-mail is not also a URL or handle; a URL's path or a
    messaging ID is not also a handle), duplicates dropped, and the result sorted.
    """
    if _ANY_CHAR.search(text) is None and _ANY_WORD.search(text.lower()) is None:
        return []
    found: list[tuple[str, int, int, str]] = []
    for kind, extractor in EXTRACTORS.items():
        for start, end, value in extractor.find(text):
            found.append((kind, start, end, value))
    if len(found) > 1:
        claims = [(f[1], f[2], _CLAIMS[f[0]]) for f in found if f[0] in _CLAIMS]
        if claims:
            found = [
                f
                for f in found
                if not any(f[0] in kinds and f[1] < e and s < f[2] for s, e, kinds in claims)
            ]
    seen: set[tuple[str, str, int]] = set()
    out: list[tuple[str, int, int, str]] = []
    for f in sorted(found, key=lambda f: (f[1], -f[2], f[0])):
        key = (f[0], f[3], f[1])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def extract(view: NormalizedText) -> list[Indicator]:
    """Indicators of one post, located in the original text.

    ``view`` is normally the pipeline's ``"light"`` view. The result is sorted by
    original start offset and de-duplicated by ``(type, value, start)``.
    """
    out: list[Indicator] = []
    seen: set[tuple[str, str, int]] = set()
    for kind, start, end, value in find_all(view.text):
        s, e, original = view.original_span(start, end)
        key = (kind, value, s)
        if key in seen:
            continue
        seen.add(key)
        out.append(Indicator(kind, value, s, e, original, tags=tags(kind, value)))
    out.sort(key=lambda i: (i.start, -i.end, i.type))
    return out


def tags(type: str, value: str) -> tuple[str, ...]:
    """``("shortener",)``, ``("hub",)``, both or neither, for a canonical value."""
    hubs = default_hubs()
    out: tuple[str, ...] = ()
    if type in ("url", "domain") and hubs.is_shortener(type, value):
        out += ("shortener",)
    if hubs.reason(type, value) is not None:
        out += ("hub",)
    return out


def canonical(type: str, raw: str) -> str:
    """Canonical value of a user-supplied ``raw`` value of indicator ``type``.

    >>> canonical("phone", "090-1234-5678")
    '+819012345678'

    Raises :class:`KeyError` for an unknown type and :class:`ValueError` when ``raw``
    is not a valid value of that type.
    """
    try:
        extractor = EXTRACTORS[type]
    except KeyError:
        raise KeyError(f"unknown indicator type {type!r}; known: {sorted(EXTRACTORS)}") from None
    return extractor.canonical(raw)
