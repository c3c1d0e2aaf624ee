"""Japanese telephone numbers, canonicalised to E.164 (``+819012345678``).

A cheap regex finds candidates (a national ``0…`` or ``+81`` number of 9–13 digits
with at most one separator between digit groups); only those substrings are handed
to :mod:`phonenumbers` for validation, which keeps posts without numbers free.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers

from cyberpatrol.indicators._base import Extractor, Span

# One separator between digit groups: space, hyphen/dash variants, dot or slash.
_SEP = r"[ \u3000\-‐‑‒–—―−ー－.・/]?"

_CANDIDATE = re.compile(
    r"(?<![0-9+\-‐‑‒–—―−ー－.])"
    r"(?:"
    r"\+[ \u3000]?81" + _SEP + r"(?:\(0\)" + _SEP + r")?\(?[0-9]{1,4}\)?"
    r"|\(0[0-9]{1,4}\)"
    r"|0[0-9]{1,4}"
    r")" + _SEP + r"[0-9]{1,4}" + _SEP + r"[0-9]{3,4}"
    r"(?![0-9]|[\-‐‑‒–—―−ー－.][0-9])"
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


def _national(raw: str) -> str:
    """Digits of ``raw`` as a national number: ``+81 (0)90…`` → ``090…``."""
    digits = "".join(c for c in raw if c.isascii() and c.isdigit())
    if raw.lstrip().startswith("+"):
        if not digits.startswith("81"):
            return ""
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


class PhoneExtractor(Extractor):
    """Japanese phone numbers in any separator style."""

    type = "phone"

    def find(self, text: str) -> Iterator[Span]:
        if "0" not in text and "+" not in text:
            return
        for m in _CANDIDATE.finditer(text):
            value = _e164(_national(m.group()))
            if value is not None:
                yield m.start(), m.end(), value

    def canonical(self, raw: str) -> str:
        value = _e164(_national(unicodedata.normalize("NFKC", raw)))
        if value is None:
            raise ValueError(f"not a Japanese phone number: {raw!r}")
        return value
