"""Social-network accounts: Instagram and X (formerly Twitter).

Each type is read from profile and post links (``instagram.com/NAME``,
``x.com/NAME/status/123``) and from the network's name followed by an account
(「インスタ: name」「X: @name」「旧Twitter @name」). Site paths that are not accounts
(``instagram.com/p/…``, ``x.com/search``) are skipped. A name written without ``@``
after a keyword needs three characters (「インスタ: DM」 is not an account); every name
needs a letter, as for generic handles (``@500`` is a price).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cyberpatrol.indicators._apps import apps_named
from cyberpatrol.indicators._base import (
    DOT,
    GAP,
    ID_WORD,
    KEY_SEP,
    KEY_TAIL,
    SCHEME,
    Extractor,
    Span,
    first_group,
    refang,
    with_at,
)

_HAS_LETTER = re.compile(r"[A-Za-z]")
_MIN_BARE = 3
"""Shortest name accepted after a keyword without ``@``."""


def _account(name: str, written_at: bool, reserved: frozenset[str]) -> str | None:
    """Canonical account ``name`` (lowercase), or None when it cannot be one."""
    value = name.lower()
    if value in reserved or not _HAS_LETTER.search(value):
        return None
    if not written_at and len(value) < _MIN_BARE:
        return None
    return value


class _SocialExtractor(Extractor):
    """Links (group ``link``), keyword forms (``kw``) and keyword-qualified ``@names``."""

    _pattern: re.Pattern[str]
    _canonical: re.Pattern[str]
    _reserved: frozenset[str]
    _label = ""

    def _may_hold(self, text: str) -> bool:
        """The cheap test before the regex pass (see :mod:`._apps`)."""
        return self.type in apps_named(text)

    def find(self, text: str) -> Iterator[Span]:
        if not self._may_hold(text):
            return
        for m in self._pattern.finditer(text):
            if m.group("link") is not None:
                value = _account(m.group("link"), True, self._reserved)
                if value is not None:
                    yield m.start(), m.end(), value
                continue
            hit = first_group(m, ("kw", "near"))
            if hit is not None:
                s, e, name = hit
                start = with_at(text, s)
                value = _account(name, start < s, self._reserved)
                if value is not None:
                    yield start, e, value

    def canonical(self, raw: str) -> str:
        m = self._canonical.fullmatch(refang(unicodedata.normalize("NFKC", raw).strip()))
        value = None if m is None else _account(m.group(1), True, self._reserved)
        if value is None:
            raise ValueError(f"not {self._label}: {raw!r}")
        return value


# --- Instagram --------------------------------------------------------------------

_IG_NAME = r"[A-Za-z0-9_](?:[A-Za-z0-9._]{0,28}[A-Za-z0-9_])?(?![A-Za-z0-9_]|\.[A-Za-z0-9_])"
# 「インスタント」「インスタンス」「インスタ映え」 are not Instagram accounts.
_IG_KEY = (
    r"(?:インスタグラム|インスタ(?!ント|ンス|映|ばえ|バエ)|いんすた"
    r"|(?<![A-Za-z])(?:(?i:instagram|insta)|IG|ig)(?![A-Za-z]))"
)
_IG = re.compile(
    r"(?<![A-Za-z0-9_\-.@])" + SCHEME + r"(?:(?i:www|m)\.)?"
    r"(?:(?i:instagram)" + DOT + r"(?i:com)|(?i:instagr)" + DOT + r"(?i:am))/"
    r"(?:(?:_u|stories)/)?(?P<link>" + _IG_NAME + r")"
    r"|" + _IG_KEY + KEY_TAIL + r"@?(?P<kw>" + _IG_NAME + r")"
    r"|" + _IG_KEY + GAP + r"@(?P<near>" + _IG_NAME + r")"
)
# 「IG」 counts only as a word of its own: "ig" is inside many English words.
_IG_BARE = re.compile(r"(?<![A-Za-z])(?:IG|ig)(?![A-Za-z])")
_IG_RESERVED = frozenset(
    {"p", "reel", "reels", "tv", "explore", "accounts", "direct", "stories", "about"}
    | {"developer", "legal", "web", "api", "static", "privacy", "terms", "challenge"}
    | {"oauth", "emails", "session", "ar", "s", "tags", "locations", "instagram", "help"}
)


class InstagramExtractor(_SocialExtractor):
    """Instagram accounts (1–30 chars ``[A-Za-z0-9._]``); canonical lowercase without ``@``."""

    type = "instagram"
    _pattern = _IG
    _canonical = re.compile(
        r"(?:(?:https?://)?(?:www\.|m\.)?(?:instagram\.com|instagr\.am)/(?:(?:_u|stories)/)?|@)?"
        r"(" + _IG_NAME + r")(?:[/?#]\S*)?",
        re.IGNORECASE,
    )
    _reserved = _IG_RESERVED
    _label = "an Instagram account"

    def _may_hold(self, text: str) -> bool:
        if "instagram" in apps_named(text):
            return True
        return ("IG" in text or "ig" in text) and _IG_BARE.search(text) is not None


# --- X (Twitter) ------------------------------------------------------------------

_X_NAME = r"[A-Za-z0-9_]{1,15}(?![A-Za-z0-9_])"
_X_WORD = r"(?:ツイッター|ついったー|エックス(?!線)|(?<![A-Za-z])(?i:twitter)(?![A-Za-z]))"
# The bare letter only before an @name: 「X: @name」「X(旧Twitter) @name」「Xで@name」.
_X_LETTER = (
    r"(?<![A-Za-z0-9])X(?![A-Za-z0-9])"
    r"(?:[ \u3000]*[(（](?:旧|元|formerly )?(?:Twitter|twitter|ツイッター)[)）])?"
    r"(?:[ \u3000]*の?" + ID_WORD + r")?" + KEY_SEP
)
_X = re.compile(
    r"(?<![A-Za-z0-9_\-.@])" + SCHEME + r"(?:(?i:www|mobile|m)\.)?"
    r"(?i:x|twitter)" + DOT + r"(?i:com)/(?:#!/)?(?P<link>" + _X_NAME + r")"
    r"|" + _X_WORD + KEY_TAIL + r"@?(?P<kw>" + _X_NAME + r")"
    r"|(?:" + _X_WORD + GAP + r"|" + _X_LETTER + r")@(?P<near>" + _X_NAME + r")"
)
_X_RESERVED = frozenset(
    {"home", "search", "i", "intent", "share", "hashtag", "explore", "settings", "login"}
    | {"logout", "signup", "messages", "notifications", "compose", "tos", "privacy"}
    | {"about", "download", "account", "jobs", "en", "ja", "rules", "oauth", "widgets"}
    | {"following", "followers", "premium", "verified", "communities", "tweet", "status"}
)


class XExtractor(_SocialExtractor):
    """X/Twitter accounts (1–15 chars ``[A-Za-z0-9_]``); canonical lowercase without ``@``."""

    type = "x"
    _pattern = _X
    _canonical = re.compile(
        r"(?:(?:https?://)?(?:www\.|mobile\.|m\.)?(?:x|twitter)\.com/(?:#!/)?|@)?"
        r"(" + _X_NAME + r")(?:[/?#]\S*)?",
        re.IGNORECASE,
    )
    _reserved = _X_RESERVED
    _label = "an X account"

    def _may_hold(self, text: str) -> bool:
        # The bare letter is read only before an "@name".
        if "X" in text and ("@" in text or "＠" in text):
            return True
        return "x" in apps_named(text)
