"""Messaging-app contact points: Telegram, Signal, Session and LINE.

Each type is read from the app's links (``t.me/NAME``, ``line.me/ti/p/~ID``,
``signal.me/#p/+81…``) and from a keyword followed by an identifier
(「テレグラム: @NAME」, 「LINE ID：abc123」, 「シグナル name.12」, 「テレ(NAME)」). A keyword up
to about twelve characters before an ``@handle`` upgrades that handle to the app's type.
Links may carry a defanged scheme (``hxxps://``), which is kept in the span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cyberpatrol.indicators._apps import apps_named
from cyberpatrol.indicators._base import (
    DOT,
    GAP,
    KEY_SEP,
    KEY_TAIL,
    NOT_A_LINK,
    SCHEME,
    SPACED_ID,
    Extractor,
    Span,
    first_group,
    refang,
    with_at,
)

# --- Telegram ---------------------------------------------------------------------

_TG_NAME = r"[A-Za-z][A-Za-z0-9_]{4,31}(?![A-Za-z0-9_])"
_TG_KEY = (
    r"(?:テレグラム|てれぐらむ|(?<![A-Za-z])(?i:telegram|tele|tg)(?![A-Za-z])"
    r"|テレ(?!ワーク|ビ|フォン|アポ|ホン|カ)|てれ(?=[ \u3000]*[:：=→⇒>＞]))"
)
_TG = re.compile(
    r"(?<![A-Za-z0-9_\-.])(?:" + SCHEME + r"(?:www\.)?(?i:t|telegram)" + DOT + r"(?i:me|dog)/"
    r"(?:s/)?(?P<link>" + _TG_NAME + r"))"
    r"|(?i:tg://resolve\?domain=)(?P<tg>" + _TG_NAME + r")"
    r"|" + _TG_KEY + KEY_TAIL + NOT_A_LINK + r"@?(?P<kw>" + _TG_NAME + r")"
    r"|" + _TG_KEY + SPACED_ID + r"(?P<spaced>" + _TG_NAME + r")"
    r"|" + _TG_KEY + r"[ \u3000]*[(（][ \u3000]*@?(?P<paren>" + _TG_NAME + r")[ \u3000]*[)）]"
    r"|" + _TG_KEY + GAP + r"@(?P<near>" + _TG_NAME + r")"
)
_TG_CANONICAL = re.compile(
    r"(?:(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?:s/)?|tg://resolve\?domain=|@)?"
    r"(" + _TG_NAME + r")/?"
)


class TelegramExtractor(Extractor):
    """Telegram usernames (5–32 chars ``[A-Za-z0-9_]``); canonical lowercase without ``@``."""

    type = "telegram"

    def find(self, text: str) -> Iterator[Span]:
        if "telegram" not in apps_named(text):
            return
        for m in _TG.finditer(text):
            if m.group("link") is not None or m.group("tg") is not None:
                yield m.start(), m.end(), (m.group("link") or m.group("tg")).lower()
                continue
            hit = first_group(m, ("kw", "spaced", "paren", "near"))
            if hit is not None:
                s, e, value = hit
                yield with_at(text, s), e, value.lower()

    def canonical(self, raw: str) -> str:
        m = _TG_CANONICAL.fullmatch(refang(unicodedata.normalize("NFKC", raw).strip()))
        if m is None:
            raise ValueError(f"not a Telegram username: {raw!r}")
        return m.group(1).lower()


# --- Signal -----------------------------------------------------------------------

_SIG_USER = r"[A-Za-z][A-Za-z0-9_]{2,31}\.[0-9]{2,9}(?![0-9A-Za-z_])"
_SIG_HANDLE = r"[A-Za-z][A-Za-z0-9_]{2,31}(?:\.[0-9]{2,9})?(?![0-9A-Za-z_.])"
_SIG_KEY = r"(?:シグナル|しぐなる|シグ(?!ネチャ|マ)|(?<![A-Za-z])(?i:signal)(?![A-Za-z]))"
_SIG = re.compile(
    r"(?<![A-Za-z0-9_\-.])(?P<link>" + SCHEME + r"(?i:signal)" + DOT + r"(?i:me|group|art)/"
    r"#[A-Za-z0-9_\-+/=%.~]+)"
    r"|" + _SIG_KEY + KEY_TAIL + r"@?(?P<kw>" + _SIG_USER + r")"
    r"|" + _SIG_KEY + r"[ \u3000]+(?P<spaced>" + _SIG_USER + r")"
    # 「シグナルで調整→ name.72」: a Signal username (name.NN) is specific enough to be
    # read after a few words, when an arrow or colon points at it.
    r"|" + _SIG_KEY + r"[^\n@＠:：→⇒]{1,10}?[:：→⇒][ \u3000]*(?P<pointed>" + _SIG_USER + r")"
    r"|" + _SIG_KEY + GAP + r"@(?P<near>" + _SIG_HANDLE + r")"
)
_SIG_LINK = re.compile(r"(?:https?://)?signal\.(me|group|art)/(#\S+)", re.IGNORECASE)
_SIG_CANONICAL = re.compile(r"@?(" + _SIG_HANDLE + r")")


def _signal_link(raw: str) -> str | None:
    """``signal.me/#p/+81…`` form of a Signal link: host lowercased, fragment kept.

    The fragment of ``#eu/…`` and group links is a case-sensitive payload, so only the
    ``#p/`` (phone) form is lowercased in full.
    """
    m = _SIG_LINK.fullmatch(refang(raw).rstrip(".,;:!?)"))
    if m is None:
        return None
    frag = m.group(2)
    if frag.lower().startswith("#p/"):
        frag = frag.lower()
    return f"signal.{m.group(1).lower()}/{frag}"


class SignalExtractor(Extractor):
    """Signal links and usernames (``name.12``) written near 「シグナル」/「Signal」."""

    type = "signal"

    def find(self, text: str) -> Iterator[Span]:
        if "signal" not in apps_named(text):
            return
        for m in _SIG.finditer(text):
            if m.group("link") is not None:
                s, e = m.span("link")
                raw = m.group("link").rstrip(".,;:!?)")
                value = _signal_link(raw)
                if value is not None:
                    yield s, s + len(raw), value
                continue
            hit = first_group(m, ("kw", "spaced", "pointed", "near"))
            if hit is not None:
                s, e, value = hit
                yield with_at(text, s), e, value.lower()

    def canonical(self, raw: str) -> str:
        s = unicodedata.normalize("NFKC", raw).strip()
        link = _signal_link(s)
        if link is not None:
            return link
        m = _SIG_CANONICAL.fullmatch(s)
        if m is None:
            raise ValueError(f"not a Signal username or link: {raw!r}")
        return m.group(1).lower()


# --- Session ----------------------------------------------------------------------

_SESSION = re.compile(r"(?<![0-9A-Za-z])05[0-9A-Fa-f]{64}(?![0-9A-Fa-f])")


class SessionExtractor(Extractor):
    """Session messenger IDs: 66 hex characters starting with ``05``; canonical lowercase."""

    type = "session"

    def find(self, text: str) -> Iterator[Span]:
        if "05" not in text:
            return
        for m in _SESSION.finditer(text):
            yield m.start(), m.end(), m.group().lower()

    def canonical(self, raw: str) -> str:
        s = unicodedata.normalize("NFKC", raw).strip()
        if not _SESSION.fullmatch(s):
            raise ValueError(f"not a Session ID: {raw!r}")
        return s.lower()


# --- LINE -------------------------------------------------------------------------

_LINE_ID = r"[A-Za-z0-9][A-Za-z0-9._\-]{2,19}(?<!\.)(?![A-Za-z0-9_\-]|\.[A-Za-z0-9])"
_LINE_KEY = (
    r"(?:(?<![ンド])ライン(?!ナップ)|らいん|(?<![A-Za-z])(?:LINE|Line|line)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?i:line)(?=[ \u3000]*(?:ID|ＩＤ|@)))"
)
_LINE = re.compile(
    r"(?<![A-Za-z0-9_\-.])(?:" + SCHEME + r"(?i:line)" + DOT + r"(?i:me)/"
    r"(?:(?i:R)/)?(?i:ti/p)/(?P<link>(?:~|@|%40)[A-Za-z0-9._\-]+|[A-Za-z0-9_\-]{6,}))"
    r"|(?<![A-Za-z0-9_\-.])(?:"
    + SCHEME
    + r"(?i:lin)"
    + DOT
    + r"(?i:ee)/(?P<short>[A-Za-z0-9]{4,}))"
    r"|"
    + _LINE_KEY
    + r"[^\n@＠]{0,12}?(?:ID|ＩＤ|id)[ \u3000]*(?:検索)?"
    + KEY_SEP
    + r"(?P<kw>@?"
    + _LINE_ID
    + r")"
    r"|"
    + _LINE_KEY
    + r"[ \u3000]*[:：=→⇒>＞][ \u3000]*"
    + NOT_A_LINK
    + r"(?P<kw2>@?"
    + _LINE_ID
    + r")"
    r"|" + _LINE_KEY + SPACED_ID + r"(?P<kw3>" + _LINE_ID + r")"
    r"|" + _LINE_KEY + GAP + r"(?P<near>@" + _LINE_ID + r")"
)
# 「ID検索: abc123」 is LINE's friend search; accepted when LINE is named nearby.
_ID_SEARCH = re.compile(r"ID検索" + KEY_SEP + r"(?P<kw>@?" + _LINE_ID + r")")
_LINE_NEARBY = re.compile(_LINE_KEY)
_NEARBY = 30
_LINE_CANONICAL = re.compile(
    r"(?:(?:https?://)?line\.me/(?:r/)?ti/p/)?(~|@|%40)?([A-Za-z0-9._\-]{3,20})/?", re.IGNORECASE
)
_LIN_EE = re.compile(r"(?:https?://)?lin\.ee/([A-Za-z0-9]{4,})/?", re.IGNORECASE)


def _line_value(raw: str) -> str:
    """Canonical LINE value: ``@`` kept for official accounts, ``~`` dropped, lowercased."""
    if raw.startswith("%40"):
        raw = "@" + raw[3:]
    raw = raw.lstrip("~")
    return raw.lower()


class LineExtractor(Extractor):
    """LINE IDs from links and from 「LINE ID：…」-style mentions.

    ``lin.ee`` short links and ``line.me/ti/p/CODE`` QR codes are case-sensitive
    tokens; they are kept as ``lin.ee/CODE`` / ``line.me/ti/p/CODE`` with case intact.
    """

    type = "line"

    def find(self, text: str) -> Iterator[Span]:
        if "line" not in apps_named(text):
            return
        for m in _LINE.finditer(text):
            link = m.group("link")
            if link is not None:
                if link[0] in "~@%":
                    yield m.start(), m.end(), _line_value(link)
                else:
                    yield m.start(), m.end(), f"line.me/ti/p/{link}"
                continue
            if m.group("short") is not None:
                yield m.start(), m.end(), f"lin.ee/{m.group('short')}"
                continue
            hit = first_group(m, ("kw", "kw2", "kw3", "near"))
            if hit is not None:
                s, e, value = hit
                yield s, e, _line_value(value)
        if "ID検索" in text:
            for m in _ID_SEARCH.finditer(text):
                window = text[max(0, m.start() - _NEARBY) : m.end() + _NEARBY]
                if _LINE_NEARBY.search(window):
                    s, e = m.span("kw")
                    yield s, e, _line_value(m.group("kw"))

    def canonical(self, raw: str) -> str:
        s = refang(unicodedata.normalize("NFKC", raw).strip())
        short = _LIN_EE.fullmatch(s)
        if short is not None:
            return f"lin.ee/{short.group(1)}"
        m = _LINE_CANONICAL.fullmatch(s)
        if m is None:
            raise ValueError(f"not a LINE ID: {raw!r}")
        prefix = m.group(1) or ""
        if not prefix and "/ti/p/" in s.lower():
            return f"line.me/ti/p/{m.group(2)}"
        return _line_value(prefix + m.group(2))
