"""Step ``invisible``: drop characters that render as nothing."""

from __future__ import annotations

import re

from cyberpatrol.normalize._base import Builder, Step, StepResult

# zero-width & format chars (bidi controls included), soft hyphen, Mongolian
# vowel separator, variation selectors, tag characters, C0/C1 controls except
# \t and \n.
_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\ufeff"
)
_CLASS = _BMP + "\U000e0000-\U000e007f\U000e0100-\U000e01ef"
# A bare class: ``re`` scans for it quickly. The two astral blocks are merged
# into one range (one test per character instead of two); the characters
# between them are unassigned, and ``_INVISIBLE`` decides anyway.
_ANY = re.compile(f"[{_BMP}\U000e0000-\U000e01ef]")
_INVISIBLE = re.compile(f"[{_CLASS}]+")


class InvisibleStep(Step):
    """Remove zero-width characters, variation selectors, tag and control characters.

    These are inserted to split a keyword (「ウケ\\u200bコ」) without any visible change.
    """

    id = "invisible"
    label = "不可視文字を除去"

    def apply(self, text: str) -> StepResult:
        if _ANY.search(text) is None:
            return self.identity(text)
        b = Builder(self.id, text)
        pos = 0
        for m in _INVISIBLE.finditer(text):
            b.copy(pos, m.start())
            b.delete(m.start(), m.end())
            pos = m.end()
        b.copy(pos, len(text))
        return b.build()
