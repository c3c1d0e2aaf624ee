"""Step ``splits``: join Japanese words split across lines.

Recruiters break a keyword over lines (「受\\nけ\\n子」「高\\n額」) — vertical
writing in a post. Japanese has no spaces between words, so a single line break
(with spaces around it) between two Japanese characters is removed; blank lines
(paragraphs) and breaks next to punctuation, emoji or Latin text stay.

(Removing one symbol inside a two-character word, 「報*酬」, was tried and
measured on the dev split: it cost accuracy, so it is not done.)

Only the match view changes; contact points are extracted from the light view.
"""

from __future__ import annotations

import re

from cyberpatrol.normalize._base import Builder, Step, StepResult

_JA = "\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff々〆ー"
_SPLIT = re.compile(f"(?<=[{_JA}])[ \\t\u3000]*\\r?\\n[ \\t\u3000]*(?=[{_JA}])")


class SplitsStep(Step):
    """Remove line breaks that split a Japanese word."""

    id = "splits"
    label = "改行で分断された語を連結"

    def apply(self, text: str) -> StepResult:
        if "\n" not in text:
            return self.identity(text)
        matches = list(_SPLIT.finditer(text))
        if not matches:
            return self.identity(text)
        b = Builder(self.id, text)
        pos = 0
        for m in matches:
            b.copy(pos, m.start())
            b.delete(m.start(), m.end())
            pos = m.end()
        b.copy(pos, len(text))
        return b.build()
