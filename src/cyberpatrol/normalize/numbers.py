"""Step ``numbers``: write amounts of money as plain digits."""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from cyberpatrol.normalize._base import Builder, Step, StepResult

_KDIGITS = "〇零一二三四五六七八九壱弐参"
_KSMALL = {"十": 10, "拾": 10, "百": 100, "千": 1000}
_KBIG = {"万": 10_000, "億": 100_000_000, "兆": 1_000_000_000_000}
_TO_ASCII = str.maketrans(
    {c: str(d) for d, c in enumerate("〇一二三四五六七八九")}
    | {"零": "0", "壱": "1", "弐": "2", "参": "3"}
)
_UNITS = "".join(_KSMALL) + "".join(_KBIG)
_K = f"[{_KDIGITS}{_UNITS}]"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM_TAIL = r"\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?"  # _NUM after its first digit
# A run is (?:_NUM|_K+)+. Its first element is written as its first character
# (one class: ``re`` then skips to candidates with its fast set test instead of
# trying the run at every position) followed by the rest of that element,
# chosen by what the first character was. Same matches, same groups.
_AMOUNT = re.compile(
    f"(?P<run>[\\d{_KDIGITS}{_UNITS}](?:(?<=\\d)(?:{_NUM_TAIL})|(?<={_K}){_K}*)"
    f"(?:{_NUM}|{_K}+)*)"
    r"(?:(?<=\d)(?P<suf>k(?![a-z])|man(?![a-z])|マン(?![\u30a1-\u30faー])))?",
    re.ASCII,
)
_KD = f"[{_KDIGITS}十百千拾]"
# an amount is likely: digit + unit/suffix/comma group, kanji numeral + 万億兆 or
# 円, or two kanji numerals one of which is 十百千. The pattern starts with one
# character class so that ``re`` skips to candidates with its fast set test.
_QUICK = re.compile(
    f"[0-9{_KDIGITS}十百千拾](?:[{_UNITS}円]|(?<=[0-9])(?:,[0-9]{{3}}|k|man|マン)"
    f"|(?<=[十百千拾])[{_KDIGITS}])",
    re.ASCII,
)
_TOKEN = re.compile(rf"(\d[\d,]*(?:\.\d+)?)|([{''.join(_KSMALL)}])|([{''.join(_KBIG)}])", re.ASCII)
_SUFFIX = {"k": 1000, "man": 10_000, "マン": 10_000}
_ASCII_DIGITS = frozenset("0123456789")
_BIG_UNITS = frozenset(_KBIG)
_SMALL_UNITS = frozenset(_KSMALL)
# A run this short without a decimal point has at most 12 digits, so every
# intermediate value stays below 10**26: Decimal's 28-digit context computes it
# exactly, and plain ints (several times cheaper) give the same value.
_INT_SAFE_LENGTH = 12


@functools.lru_cache(maxsize=4096)
def parse_amount(run: str) -> int | None:
    """Value of a run such as 「三十五万」「3万5千」「1.5万」「1,000,000」, or ``None``.

    Cached: the same few amounts (「十万」「5万」「1,000」) recur across posts.
    """
    s = run.translate(_TO_ASCII)
    if "." not in s and len(s) <= _INT_SAFE_LENGTH:
        return _parse(s, int)
    return _parse(s, Decimal)


def _parse(s: str, number: type[int] | type[Decimal]) -> int | None:
    """:func:`parse_amount` of an ASCII-digit run, computed with ``number``."""
    total = number(0)
    section = number(0)
    num: int | Decimal | None = None
    last_big = 10**16
    pos = 0
    for m in _TOKEN.finditer(s):
        if m.start() != pos:
            return None
        pos = m.end()
        digits, small, big = m.groups()
        if digits is not None:
            if num is not None:
                return None
            try:
                num = number(digits.replace(",", ""))
            except (InvalidOperation, ValueError):
                return None
        elif small is not None:
            section += (number(1) if num is None else num) * _KSMALL[small]
            num = None
        else:
            value = section + (num or 0)
            unit = _KBIG[big]
            if value == 0 or unit >= last_big:
                return None
            total += value * unit
            last_big = unit
            section, num = number(0), None
    if pos != len(s):
        return None
    total += section + (num or 0)
    if isinstance(total, Decimal) and total != total.to_integral_value():
        return None
    return int(total)


class NumbersStep(Step):
    """Write amounts as plain digits: 「十万」→100000, 「三十五万」→350000, 「1.5万」→15000,
    「100k」→100000, 「10万円」→100000円, 「1,000,000円」→1000000円.

    A run of kanji numerals is converted only when it is an amount: it holds 万,
    億 or 兆, or is at least two characters long with 十/百/千 (「三十」「五千」),
    or is followed by 円 (「千円」). So 「一緒」「統一一人」「一番」「十分」 stay as
    they are. Digit runs are converted only with a unit (「5千」「10万」), a
    suffix (「100k」「10man」「10マン」) or thousands commas (「1,000,000」).
    """

    id = "numbers"
    label = "金額を数値に変換"

    def apply(self, text: str) -> StepResult:
        if _QUICK.search(text) is None:
            return self.identity(text)
        b: Builder | None = None
        pos = 0
        for m in _AMOUNT.finditer(text):
            run, suf = m.group("run", "suf")
            if run.isdigit() and run.isascii() and not suf:
                continue
            ascii_digits = not _ASCII_DIGITS.isdisjoint(run)
            has_unit = not _BIG_UNITS.isdisjoint(run) or (
                len(run) >= 2 and not _SMALL_UNITS.isdisjoint(run)
            )
            if ascii_digits:
                if not (has_unit or suf or "," in run):
                    continue
            elif not (has_unit or text.startswith("円", m.end())):
                continue
            value = parse_amount(run)
            if value is None:
                continue
            if suf:
                value *= _SUFFIX[suf]
            if b is None:
                b = Builder(self.id, text)
            b.copy(pos, m.start())
            b.replace(m.start(), m.end(), str(value))
            pos = m.end()
        if b is None:
            return self.identity(text)
        b.copy(pos, len(text))
        return b.build()
