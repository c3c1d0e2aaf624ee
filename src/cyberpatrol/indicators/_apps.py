"""Which apps a text names: the cheap test before each app extractor's regex pass.

Most posts that reach the extractors (they hold a digit or a dot) name no app at all.
One scan of the lowercased text for every app's trigger words answers for all app
extractors at once, instead of one lowercasing and one scan per extractor. The answer
is cached for the last few texts, as the extractors ask in turn about one post.

A trigger word is a superset test: every way the extractor reads an app (its link
host, its names and nicknames) contains one of the app's words, lowercased.
"""

from __future__ import annotations

from functools import lru_cache

from cyberpatrol.indicators._base import any_of

APP_NAMES: dict[str, tuple[str, ...]] = {
    "telegram": ("tele", "tg", "テレ", "てれ"),
    "signal": ("signal", "シグ", "しぐなる"),
    "line": ("line", "ライン", "らいん"),
    "threema": ("threema", "スリーマ", "すりーま"),
    "wechat": (
        *("wechat", "weixin", "ィーチャット", "ィチャット", "イーチャット"),
        *("vx", "微信", "薇信", "v信"),
    ),
    # The bare 「IG」 and the bare letter 「X」 are tested by their extractors.
    "instagram": ("insta", "インスタ", "いんすた"),
    "x": ("twitter", "ツイッター", "ついったー", "エックス"),
}
"""The apps' names and nicknames, lowercased (links to threema.id, signal.me, … hold them)."""

APP_LINKS: dict[str, tuple[str, ...]] = {
    # "me/" and "dog/" catch every spelling of t.me/ and telegram.dog/ (t。me/, t[dot]me/).
    "telegram": ("me/", "dog/"),
    "line": ("lin.ee", "lin[.]ee"),
    "x": ("x.", "x[", "x(", "x{", "x。", "x ドット", "xドット"),
}
"""Link fragments without the app's name. Each holds a dot in some spelling."""

APP_WORDS = {app: names + APP_LINKS.get(app, ()) for app, names in APP_NAMES.items()}
"""Every trigger word of each app."""

# Longest words first, so that the word read at a position has every other word that
# starts there as a prefix; each word stands for the apps of every word inside it.
_WORDS = sorted({w for words in APP_WORDS.values() for w in words}, key=lambda w: (-len(w), w))
_ANY = any_of(tuple(_WORDS))
_APPS_OF = {
    word: frozenset(app for app, words in APP_WORDS.items() if any(w in word for w in words))
    for word in _WORDS
}


@lru_cache(maxsize=4)
def apps_named(text: str) -> frozenset[str]:
    """The apps of :data:`APP_WORDS` whose trigger words occur in ``text`` (any case)."""
    low = text.lower()
    m = _ANY.search(low)
    if m is None:
        return frozenset()
    found: set[str] = set()
    while m is not None:
        found |= _APPS_OF[m.group()]
        m = _ANY.search(low, m.start() + 1)
    return frozenset(found)
