"""Disguise transforms: the tricks recruiters use to slip past word filters.

Each transform rewrites a post the way a recruiter would. Word-level tricks
(spacing, symbols, romaji, hiragana, look-alikes) are applied to the post's
*key spans* — the words a filter would catch, found by the lexicon — because
that is what recruiters disguise; script-level tricks (half-width katakana,
full-width Latin) apply to the whole post.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jaconv
import pykakasi

from cyberpatrol.resources import load_toml

Spans = Sequence[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Transform:
    name: str
    label: str
    """Japanese description for reports."""
    apply: Callable[[str, Spans, random.Random], str]


@functools.cache
def _table() -> dict[str, Any]:
    data, _ = load_toml(None, "disguises.toml")
    return data


@functools.cache
def _kakasi() -> Any:
    factory: Any = pykakasi.kakasi  # untyped library
    return factory()


def _on_spans(text: str, spans: Spans, rewrite: Callable[[str], str]) -> str:
    """Rewrite each span of ``text`` (spans sorted, non-overlapping)."""
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(rewrite(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _interleave(choices: Sequence[str]) -> Callable[[str, Spans, random.Random], str]:
    def apply(text: str, spans: Spans, rng: random.Random) -> str:
        def rewrite(word: str) -> str:
            sep = rng.choice(list(choices))
            return sep.join(word)

        return _on_spans(text, spans, rewrite)

    return apply


def _spaces(text: str, spans: Spans, rng: random.Random) -> str:
    return _interleave(_table()["spaces"])(text, spans, rng)


def _symbols(text: str, spans: Spans, rng: random.Random) -> str:
    return _interleave(_table()["symbols"])(text, spans, rng)


def _line_breaks(text: str, spans: Spans, rng: random.Random) -> str:
    return _interleave(_table()["line_breaks"])(text, spans, rng)


def _halfwidth_kana(text: str, spans: Spans, rng: random.Random) -> str:
    return str(jaconv.z2h(text, kana=True, ascii=False, digit=False))


def _hiragana_for_katakana(text: str, spans: Spans, rng: random.Random) -> str:
    return str(jaconv.kata2hira(text))


def _reading(word: str, key: str) -> str:
    return "".join(str(part[key]) for part in _kakasi().convert(word))


def _hiragana_for_kanji(text: str, spans: Spans, rng: random.Random) -> str:
    return _on_spans(text, spans, lambda w: _reading(w, "hira"))


def _romaji(text: str, spans: Spans, rng: random.Random) -> str:
    def rewrite(word: str) -> str:
        parts = [str(p["hepburn"]) for p in _kakasi().convert(word)]
        return " ".join(p for p in parts if p)

    return _on_spans(text, spans, rewrite)


def _fullwidth_latin(text: str, spans: Spans, rng: random.Random) -> str:
    return str(jaconv.h2z(text, kana=False, ascii=True, digit=True))


def _lookalike(text: str, spans: Spans, rng: random.Random) -> str:
    table: dict[str, str] = _table()["lookalike"]
    return _on_spans(text, spans, lambda w: "".join(table.get(c, c) for c in w))


def _emoji(text: str, spans: Spans, rng: random.Random) -> str:
    table: dict[str, str] = _table()["emoji"]
    words = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words))
    return pattern.sub(lambda m: table[m.group()], text)


_DIGITS = "〇一二三四五六七八九"
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万|千|円|k|K|マン)(円)?")


def kanji_number(n: int) -> str:
    """1 → 一, 15 → 十五, 50000 → 五万, 120000 → 十二万 (below 10^12)."""
    if n == 0:
        return "〇"

    def below_10000(v: int) -> str:
        out = ""
        for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
            d, v = divmod(v, value)
            if d:
                out += ("" if d == 1 else _DIGITS[d]) + unit
        return out + (_DIGITS[v] if v else "")

    out = ""
    for value, unit in ((10**8, "億"), (10**4, "万")):
        d, n = divmod(n, value)
        if d:
            out += below_10000(d) + unit
    return out + below_10000(n)


def _amount_yen(m: re.Match[str]) -> int | None:
    whole = int(m.group(1).replace(",", ""))
    frac = m.group(2)
    unit = m.group(3)
    value = float(f"{whole}.{frac}") if frac else float(whole)
    scale = {"万": 10_000, "マン": 10_000, "千": 1_000, "k": 1_000, "K": 1_000, "円": 1}[unit]
    yen = value * scale
    return int(yen) if yen == int(yen) else None


def _kanji_amounts(text: str, spans: Spans, rng: random.Random) -> str:
    def rewrite(m: re.Match[str]) -> str:
        yen = _amount_yen(m)
        if yen is None or yen < 1000:
            return m.group()
        return kanji_number(yen) + ("円" if "円" in (m.group(3), m.group(4)) else "")

    return _AMOUNT.sub(rewrite, text)


def _k_amounts(text: str, spans: Spans, rng: random.Random) -> str:
    def rewrite(m: re.Match[str]) -> str:
        yen = _amount_yen(m)
        if yen is None or yen < 1000 or yen % 1000:
            return m.group()
        return f"{yen // 1000}k"

    return _AMOUNT.sub(rewrite, text)


TRANSFORMS: dict[str, Transform] = {
    t.name: t
    for t in (
        Transform("spaces", "文字間に空白", _spaces),
        Transform("symbols", "文字間に記号（・./* 等）", _symbols),
        Transform("line_breaks", "文字間に改行", _line_breaks),
        Transform("halfwidth_kana", "半角カタカナ", _halfwidth_kana),
        Transform("hiragana_for_katakana", "カタカナをひらがなに", _hiragana_for_katakana),
        Transform("hiragana_for_kanji", "漢字語をひらがなに", _hiragana_for_kanji),
        Transform("fullwidth_latin", "英数字を全角に", _fullwidth_latin),
        Transform("lookalike", "形の似た文字（口/ロ、キリル文字 等）", _lookalike),
        Transform("emoji", "語を絵文字に", _emoji),
        Transform("romaji", "ローマ字書き", _romaji),
        Transform("kanji_amounts", "金額を漢数字に", _kanji_amounts),
        Transform("k_amounts", "金額を「k」表記に", _k_amounts),
    )
}

_RUN = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffー々]{2,}|[A-Za-z]{2,}")


def fallback_spans(text: str, limit: int = 3) -> list[tuple[int, int]]:
    """Key spans for a post the lexicon found nothing in: its first kanji/katakana runs."""
    return [(m.start(), m.end()) for m in _RUN.finditer(text)][:limit]


def merge_spans(spans: Spans) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        elif end > start:
            out.append((start, end))
    return out


def key_spans(evidence_spans: Spans, text: str) -> list[tuple[int, int]]:
    """The spans a recruiter would disguise: lexicon evidence, else fallback runs.

    Amount evidence (digits) is left to the amount transforms.
    """
    spans = [
        (s, e)
        for s, e in merge_spans(evidence_spans)
        if e - s > 1 and text[s:e].strip("0123456789,.万千円")
    ]
    return spans or fallback_spans(text)
