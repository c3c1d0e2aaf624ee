"""Steps about kana: ``voicing`` (compose separate voicing marks) and ``kana`` (fold hiragana)."""

from __future__ import annotations

import re
import unicodedata

from cyberpatrol.normalize._base import Builder, Step, StepResult

# spacing (゛゜), combining (U+3099/309A) and half-width (ﾞﾟ) voicing marks
_MARKS = re.compile("[\u3099-\u309c\uff9e\uff9f]")
_KANA_MARK = re.compile("([\u3041-\u3096\u309d\u30a1-\u30fa\u30fd])([\u3099-\u309c\uff9e\uff9f])")
_TO_COMBINING = {
    "\u3099": "\u3099",
    "\u309b": "\u3099",
    "\uff9e": "\u3099",
    "\u309a": "\u309a",
    "\u309c": "\u309a",
    "\uff9f": "\u309a",
}


class VoicingStep(Step):
    """Compose a full-width kana with a separately written voicing mark.

    「ハ゛」「ハ\\u3099」「ハﾞ」→「バ」, 「ハ゜」→「パ」, 「は゛」→「ば」, 「ウ゛」→「ヴ」.
    The composed character is found by NFC composition of base + combining mark;
    a mark that cannot compose (「ア゛」) is left alone.
    """

    id = "voicing"
    label = "濁点・半濁点を合成"

    def apply(self, text: str) -> StepResult:
        if _MARKS.search(text) is None:
            return self.identity(text)
        b = Builder(self.id, text)
        pos = 0
        for m in _KANA_MARK.finditer(text):
            composed = unicodedata.normalize("NFC", m.group(1) + _TO_COMBINING[m.group(2)])
            if len(composed) != 1:
                continue
            b.copy(pos, m.start())
            b.replace(m.start(), m.end(), composed)
            pos = m.end()
        b.copy(pos, len(text))
        return b.build()


_HIRA = "\u3041-\u3096\u309d\u309e"
_HIRAGANA = re.compile(f"[{_HIRA}]")
# runs of hiragana, merged across one kanji/punctuation (fewer edit records)
_HIRAGANA_RUN = re.compile(f"[{_HIRA}]+(?:[^{_HIRA}\u30a0-\u30ff\x00-\x7f][{_HIRA}]+)*")


def _katakana_table() -> list[int]:
    """``str.translate`` table folding hiragana to katakana, as a list indexed by code point.

    Not a dict: ``str.translate`` looks up every character, and a dict raises
    (and translate catches) a KeyError for each character it lacks, which is
    nearly all of them. A list answers every BMP character directly (about
    twice as fast on posts); astral characters take the IndexError path and
    are kept as they are, as with the dict.
    """
    table = list(range(0x10000))
    for cp in [*range(0x3041, 0x3097), 0x309D, 0x309E]:
        table[cp] = cp + 0x60
    return table


_TO_KATAKANA = _katakana_table()


class KanaStep(Step):
    """Fold hiragana to katakana: 「やみばいと」→「ヤミバイト」, 「うけこ」→「ウケコ」.

    One character becomes one character, so the offset map is the identity.
    Edits are recorded per run of hiragana; to keep the step cheap, runs split
    by a single kanji or punctuation mark (「見に行く」) are recorded as one edit.
    """

    id = "kana"
    label = "ひらがな/カタカナを統一"

    def apply(self, text: str) -> StepResult:
        if _HIRAGANA.search(text) is None:
            return self.identity(text)
        return self.one_to_one(text, text.translate(_TO_KATAKANA))
