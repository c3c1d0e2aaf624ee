"""Telephone numbers, canonicalised to E.164 (``+819012345678``).

Three cheap regexes find candidates; only those substrings are handed to
:mod:`phonenumbers` for validation, which keeps posts without numbers free:

* Japanese numbers: a national ``0…`` or ``+81`` number of 9–13 digits with at most
  one separator between digit groups. Mobile and IP-phone numbers that are merely
  *possible* are accepted (see ``_MOBILE_PREFIXES``).
* International numbers: ``+`` and a country code (``+1 415 555 2671``), or ``00`` and
  a country code *followed by a separator* (``0044 20 7946 0958``); they must be
  valid for their country (:func:`phonenumbers.is_valid_number`). The ``00`` form
  needs the separator because ``00…`` digit runs (order numbers, codes) are common and
  the country code could not be told apart from the number otherwise. Japan's own
  international prefix ``010`` is not read: it is rare in posts and collides with
  ordinary ``010…`` codes. A number written right before 「円」「万」「%」 is a price.
* Kanji digits: 「〇九〇ー一二三四ー五六七八」 (digits 〇一二三四五六七八九 and 零, ASCII
  digits mixed in, the usual separators); a Japanese national number must start with
  〇/零, so kanji amounts such as 「三万円」 never are one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

from cyberpatrol.indicators._base import Extractor, Span

# One separator between digit groups: space, hyphen/dash variants, dot or slash.
_SEP_CHARS = r" \u3000\-‐‑‒–—―−ー－.・/"
_SEP = "[" + _SEP_CHARS + "]?"

_CANDIDATE = re.compile(
    r"(?<![0-9+\-‐‑‒–—―−ー－.])"
    r"(?:"
    r"\+[ \u3000]?81" + _SEP + r"(?:\(0\)" + _SEP + r")?\(?[0-9]{1,4}\)?"
    r"|\(0[0-9]{1,4}\)"
    r"|0[0-9]{1,4}"
    r")" + _SEP + r"[0-9]{1,4}" + _SEP + r"[0-9]{3,4}"
    r"(?![0-9]|[\-‐‑‒–—―−ー－.][0-9])"
)

# "+" or "00 + country code + separator", then digits, brackets and single separators.
# Every character has exactly one way to match, so the scan stays linear. Each pattern
# starts with its literal (the look-behind comes after it) so that ``re`` skips to it.
_INTL_BODY = r"[0-9(](?:[0-9()]|[" + _SEP_CHARS + r"](?=\(?[0-9])){0,30}"
_INTL_PLUS = re.compile(r"\+(?<![0-9A-Za-z+_]\+)[ \u3000]?" + _INTL_BODY)
_INTL_00 = re.compile(r"00(?<![0-9A-Za-z+_\-.]00)(?=[1-9][0-9]{0,2}[ \u3000\-])" + _INTL_BODY)
_GROUP = re.compile(r"\([0-9]+\)|[0-9]+")
_PRICE_AFTER = re.compile(r"[ \u3000]?[円万千%％]")
_MAX_DIGITS = 17  # 15 digits of E.164 plus a written trunk "(0)" and slack

_KANJI_TO_ASCII = str.maketrans("〇一二三四五六七八九零", "01234567890")
_KD = "0-9〇一二三四五六七八九零"
_KANJI = re.compile(
    r"(?<![" + _KD + r"十百千万億兆])\(?[〇零]"
    r"(?:[" + _KD + r"()]|[" + _SEP_CHARS + r"](?=\(?[" + _KD + r"])){9,24}"
    r"(?![" + _KD + r"十百千万億兆円])"
)

# Mobile (070/080/090) and IP phone (050) numbers are accepted when they are merely
# *possible*: placeholder-looking ranges such as 090-0000-xxxx are still contact points.
_MOBILE_PREFIXES = ("050", "070", "080", "090")


@lru_cache(maxsize=4096)
def _e164(national: str) -> str | None:
    """E.164 form of a Japanese national number (``0…``), or None when it is not one."""
    if not 10 <= len(national) <= 11 or national[0] != "0" or national[1] == "0":
        return None
    try:
        num = phonenumbers.parse(national, "JP")
    except phonenumbers.NumberParseException:
        return None
    ok = phonenumbers.is_valid_number(num) or (
        len(national) == 11
        and national.startswith(_MOBILE_PREFIXES)
        and phonenumbers.is_possible_number(num)
    )
    if not ok:
        return None
    return str(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))


def _digits(raw: str) -> str:
    return "".join(c for c in raw if c.isascii() and c.isdigit())


def _national(raw: str) -> str:
    """Digits of ``raw`` as a national number: ``+81 (0)90…`` → ``090…``."""
    digits = _digits(raw)
    if raw.lstrip().startswith("+"):
        if not digits.startswith("81"):
            return ""
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


@lru_cache(maxsize=4096)
def _intl_e164(raw: str) -> str | None:
    """E.164 form of ``+CC …`` or ``00CC …`` (``raw`` starts with one), or None.

    Japanese numbers (country code 81) follow the Japanese rules of :func:`_e164`.
    """
    if raw.startswith("00"):
        first = _GROUP.match(raw)
        cc = first.group()[2:] if first is not None else ""
        if not cc.isdigit() or int(cc) not in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return None
        raw = "+" + raw[2:]
    digits = _digits(raw)
    if len(digits) > _MAX_DIGITS:
        return None
    if digits.startswith("81"):
        return _e164(_national(raw))
    try:
        num = phonenumbers.parse("+" + _digits(raw.replace("(0)", "")), None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(num):
        return None
    return str(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))


def _intl_candidates(text: str) -> list[re.Match[str]]:
    """Candidates of :func:`_intl_spans`. Prices such as 50000 make "00" common, so the
    ``00`` pattern is searched once (a cheap literal scan) before it is iterated."""
    out: list[re.Match[str]] = []
    if "+" in text:
        out.extend(_INTL_PLUS.finditer(text))
    if "00" in text:
        first = _INTL_00.search(text)
        if first is not None:
            out.extend(_INTL_00.finditer(text, first.start()))
    return out


def _intl_spans(text: str) -> list[Span]:
    """International numbers: the longest valid prefix (in digit groups) of a candidate."""
    out: list[Span] = []
    for m in _intl_candidates(text):
        raw = m.group()
        if raw[0] == "+":
            raw = "+" + raw[1:].lstrip(" \u3000")
            if raw.startswith("+81"):
                continue  # Japanese: read by _CANDIDATE under the Japanese rules
        ends = [g.end() for g in _GROUP.finditer(raw)]
        for end in reversed(ends):
            value = _intl_e164(raw[:end])
            if value is not None:
                stop = m.end() - (len(raw) - end)
                if _PRICE_AFTER.match(text, stop) is None:
                    out.append((m.start(), stop, value))
                break
    return out


def _kanji_spans(text: str) -> Iterator[Span]:
    """Japanese numbers written (partly) in kanji digits: 〇九〇ー一二三四ー五六七八."""
    for m in _KANJI.finditer(text):
        raw = m.group()
        end = m.end()
        if raw.endswith(")") and raw.count(")") > raw.count("("):
            end -= 1
        value = _e164(_digits(raw.translate(_KANJI_TO_ASCII)))
        if value is not None:
            yield m.start(), end, value


class PhoneExtractor(Extractor):
    """Japanese phone numbers in any separator style, kanji digits, and ``+CC`` numbers."""

    type = "phone"

    def find(self, text: str) -> Iterator[Span]:
        taken = _intl_spans(text) if "+" in text or "00" in text else []
        yield from taken
        if "0" in text or "+" in text:
            for m in _CANDIDATE.finditer(text):
                s, e = m.span()
                if taken and any(s < te and ts < e for ts, te, _ in taken):
                    continue
                value = _e164(_national(m.group()))
                if value is not None:
                    yield s, e, value
        if "〇" in text or "零" in text:
            yield from _kanji_spans(text)

    def canonical(self, raw: str) -> str:
        s = unicodedata.normalize("NFKC", raw).strip().translate(_KANJI_TO_ASCII)
        if s.startswith("00") and s[2:3] != "0":
            s = "+" + s[2:]
        value = _intl_e164(s) if s.startswith("+") else _e164(_national(s))
        if value is None:
            raise ValueError(f"not a phone number: {raw!r}")
        return value
