"""Clean-up of the text Tesseract returns for Japanese images."""

from __future__ import annotations

import re

# Characters written without spaces in Japanese: CJK punctuation, kana, kanji
# (BMP, extension A, compatibility, supplementary planes) and full-width
# forms. U+3000 (ideographic space) is left out: it is whitespace here.
_CJK = (
    "\u3001-\u303f"  # CJK symbols and punctuation (、。「」々〆…)
    "\u3040-\u30ff"  # hiragana, katakana (ー included)
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff01-\uffef"  # half-width and full-width forms
    "\U00020000-\U0003134f"  # CJK extensions B-G
)
# A digit next to Japanese is joined too ("日給 5 万円" -> "日給5万円"), so
# amounts match; spaces between Latin words and around "@handle" are kept.
_JOINABLE = f"[{_CJK}0-9]"
_SPACE_IN_CJK = re.compile(
    rf"(?<=[{_CJK}])[ \t\u3000]+(?={_JOINABLE})|(?<=[0-9])[ \t\u3000]+(?=[{_CJK}])"
)
# Control characters other than newline and tab (Tesseract ends pages with \f).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BLANKS = re.compile(r"[ \t\u3000]+")


def clean_ocr_text(raw: str, max_chars: int) -> tuple[str, bool]:
    """Tidy Tesseract output; returns ``(text, was_cut)``.

    Removes control characters and the spaces Tesseract puts between Japanese
    characters, collapses runs of spaces, strips every line, drops blank
    lines and cuts the result to ``max_chars`` characters.
    """
    text = _CONTROL.sub("\n", raw)
    lines = []
    for line in text.split("\n"):
        line = _SPACE_IN_CJK.sub("", line)
        line = _BLANKS.sub(" ", line).strip()
        if line:
            lines.append(line)
    text = "\n".join(lines)
    if len(text) > max_chars:
        return text[:max_chars].rstrip(), True
    return text, False
