"""More messaging apps: Threema and WeChat (Telegram, Signal, Session, LINE: ``messaging``).

Both IDs look like ordinary words or codes, so they are read only from the app's
link (``threema.id/ABCD1234``) or right after the app's name (「Threema: ABCD1234」,
「WeChat ID：kasegu777」, 「微信号 kasegu777」) — never from the text alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from cyberpatrol.indicators._apps import apps_named
from cyberpatrol.indicators._base import (
    DOT,
    ID_WORD,
    KEY_SEP,
    KEY_TAIL,
    SCHEME,
    Extractor,
    Span,
    refang,
)

# After an app's name: an optional 「ID」 word, then an optional separator, as in
# 「スリーマでABCD1234」「微信号kasegu777」.
_ID_TAIL = r"(?:[ \u3000]*の?" + ID_WORD + r")?" + KEY_SEP

# --- Threema ----------------------------------------------------------------------

# Eight characters A–Z/0–9; gateway IDs start with "*". Written case is kept for the
# plausibility test below; the canonical form is uppercase.
_THREEMA_ID = r"[A-Za-z0-9*][A-Za-z0-9]{7}(?![A-Za-z0-9_*])"
_THREEMA_KEY = r"(?:スリーマ|すりーま|(?<![A-Za-z])(?i:threema)(?!(?!ID|Id|id)[A-Za-z]))"
_THREEMA = re.compile(
    r"(?<![A-Za-z0-9_\-.])" + SCHEME + r"(?:www\.)?(?i:threema)" + DOT + r"(?i:id)/"
    r"(?P<link>" + _THREEMA_ID + r")"
    r"|" + _THREEMA_KEY + _ID_TAIL + r"(?P<kw>" + _THREEMA_ID + r")"
)
_THREEMA_CANONICAL = re.compile(
    r"(?:(?:https?://)?(?:www\.)?threema\.id/)?([A-Z0-9*][A-Z0-9]{7})/?", re.IGNORECASE
)


def _plausible_threema(written: str) -> bool:
    """A keyword-introduced ID is an ID when written in capitals or with a digit.

    Threema shows IDs in capitals; 「Threema: download」 and 「Threema: Official」 are words.
    """
    return written == written.upper() or any(c.isdigit() for c in written)


class ThreemaExtractor(Extractor):
    """Threema IDs (``ABCD1234``, ``*GATEWAY``); canonical uppercase."""

    type = "threema"

    def find(self, text: str) -> Iterator[Span]:
        if "threema" not in apps_named(text):
            return
        for m in _THREEMA.finditer(text):
            if m.group("link") is not None:
                yield m.start(), m.end(), m.group("link").upper()
            elif _plausible_threema(m.group("kw")):
                s, e = m.span("kw")
                yield s, e, m.group("kw").upper()

    def canonical(self, raw: str) -> str:
        m = _THREEMA_CANONICAL.fullmatch(refang(unicodedata.normalize("NFKC", raw).strip()))
        if m is None:
            raise ValueError(f"not a Threema ID: {raw!r}")
        return m.group(1).upper()


# --- WeChat -----------------------------------------------------------------------

# 6–20 characters, a letter first; WeChat matches IDs without regard to case.
_WECHAT_ID = r"[A-Za-z][A-Za-z0-9_\-]{5,19}(?![A-Za-z0-9_\-])"
# The app's name, and 「VX」「vx」 (WeChat → "WX" → "VX"), which evade keyword filters.
# 「wx」 and 「威信」 (a Japanese word, "prestige") are left out: too common.
_WECHAT_KEY = (
    r"(?:(?<![A-Za-z])(?i:wechat|weixin)(?!(?!ID|Id|id)[A-Za-z])"
    r"|ウィーチャット|ウィチャット|ウイーチャット|(?<![A-Za-z0-9])(?:VX|vx)(?![A-Za-z0-9]))"
)
# The Chinese names 「微信」 and its evasions 「薇信」「V信」 (「微信号」 = WeChat ID): the ID
# may follow with no separator, as in Chinese text.
_WECHAT_CN = r"(?:微信|薇信|(?<![A-Za-z0-9])[Vv]信)号?"
_WECHAT = re.compile(
    _WECHAT_KEY + KEY_TAIL + r"(?P<kw>" + _WECHAT_ID + r")"
    r"|" + _WECHAT_CN + _ID_TAIL + r"(?P<cn>" + _WECHAT_ID + r")"
)
_WECHAT_CANONICAL = re.compile(_WECHAT_ID)


class WeChatExtractor(Extractor):
    """WeChat IDs after the app's name; canonical lowercase."""

    type = "wechat"

    def find(self, text: str) -> Iterator[Span]:
        if "wechat" not in apps_named(text):
            return
        for m in _WECHAT.finditer(text):
            group = "kw" if m.group("kw") is not None else "cn"
            s, e = m.span(group)
            yield s, e, m.group(group).lower()

    def canonical(self, raw: str) -> str:
        s = unicodedata.normalize("NFKC", raw).strip()
        if not _WECHAT_CANONICAL.fullmatch(s):
            raise ValueError(f"not a WeChat ID: {raw!r}")
        return s.lower()
