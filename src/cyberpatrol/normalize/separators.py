"""Step ``separators``: remove spaces and symbols inserted between the characters of a word."""

from __future__ import annotations

import re

from cyberpatrol.normalize._base import Builder, Step, StepResult

# Combining marks are part of a token (they are not \w for ``re``).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f"
# A token character: a letter or digit (``\w`` without "_") or a mark.
_T = f"(?:[^\\W_]|[{_MARKS}])"
# A separator character: everything else (categories P*, S*, Z*, controls, "_").
_S = f"(?:[^\\w{_MARKS}]|_)"
# {_T}+, written as runs of either class: the same maximal runs, but each inner
# run is a fast single-class repeat instead of an alternation per character.
_TOKEN = re.compile(f"(?:[^\\W_]+|[{_MARKS}]+)+")
# Cheap pre-test: two neighbouring tokens of at most two characters. A token
# or separator character is written here as one character class plus a
# look-behind for the exception ("_", marks): ``re`` tests a class much faster
# than an alternation, and can skip to the separators with its fast set test.
_T1 = f"[\\w{_MARKS}](?<!_)"
_S1 = f"[\\W_](?<![{_MARKS}])"
_PAIR = f"{_T1}(?:{_T1})?{_S1}(?:{_S1}){{0,2}}{_T1}(?:{_T1})?(?!{_T})"  # T{1,2} S{1,3} T{1,2}
# The pair follows a separator, or starts the text (tested apart: an
# alternation with ``^`` would lose the fast scan).
_CANDIDATE = re.compile(f"{_S1}{_PAIR}")
_CANDIDATE_AT_START = re.compile(_PAIR)
_URLISH = re.compile(
    r"(?:https?://|www\.)[\x21-\x7e]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|(?<![A-Za-z0-9])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:/[\x21-\x7e]*)?"
)
_MAX_GAP = 3
_SENTENCE_END = frozenset("。！？!?")
_NUMBER_PUNCT = frozenset(".,:")
_LONG = 99


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _joinable(lengths: list[int]) -> bool:
    n = len(lengths)
    if n >= 2 and max(lengths) == 1:
        return True
    return n >= 3 and max(lengths) <= 2


class SeparatorsStep(Step):
    """Remove separators inserted between the characters of a word.

    「闇 バ イ ト」「闇/バ/イ/ト」「闇・バ・イ・ト」「即　日　即　金」「受.け.子」 → joined.

    Heuristic. The text is split into *tokens* (runs of letters, digits and
    marks) and *gaps* (runs of anything else: spaces, line breaks, punctuation,
    symbols, unmapped emoji — Unicode P*, S*, Z*, controls and "_").

    * Only tokens of at most 2 characters take part ("short"); a gap longer than
      3 characters, a long token, or a token inside a URL / e-mail address
      (``t.me/abc``, ``a@b.jp``) ends a chain.
    * A maximal chain of consecutive short tokens is joined (its gaps deleted)
      when every token is 1 character long (and there are at least 2), or when
      it has at least 3 tokens.
    * A *hard* gap — one containing a line break or a sentence end (。！？!?),
      or one between two ASCII letters/digits — may only be crossed by single
      characters: otherwise the chain is cut there, each piece is judged
      again, and runs of at least 2 single-character tokens inside the chain
      are joined as well. So ASCII words keep their spaces ("I am ok") but
      single-letter chains are joined ("U D" → "UD", "L I N E" → "LINE").
    * When a whole chain is joined, the soft gaps just before and after it
      go too: a disguised word is usually glued to the text around it
      (「今なら闇 バ イ ト 日給十万」 → 「今なら闇バイト日給十万」).
    * ".", "," or ":" alone between two ASCII digits (1.5, 1,000, 12:30) is
      never removed; digit groups such as ``090-0000-1234`` have long tokens
      and are untouched anyway.
    """

    id = "separators"
    label = "挿入された空白・記号を除去"

    def apply(self, text: str) -> StepResult:
        if _CANDIDATE.search(text) is None and _CANDIDATE_AT_START.match(text) is None:
            return self.identity(text)
        spans = [m.span() for m in _TOKEN.finditer(text)]
        urls = []
        if "." in text or "@" in text:
            urls = [m.span() for m in _URLISH.finditer(text)]
        lengths: list[int] = []
        for s, e in spans:
            n = e - s
            if n <= 2 and any(us < e and s < ue for us, ue in urls):
                n = _LONG
            lengths.append(n)
        # link[i] describes the gap between token i and token i+1:
        # 0 = breaks any chain, 1 = soft, 2 = hard
        links: list[int] = []
        for i in range(len(spans) - 1):
            if lengths[i] > 2 and lengths[i + 1] > 2:
                # Only gaps next to a short token are ever read; most gaps
                # lie between two long tokens, so skip working them out.
                links.append(0)
                continue
            e, s = spans[i][1], spans[i + 1][0]
            gap = text[e:s]
            before, after = text[e - 1], text[s]
            ascii_pair = _is_ascii_alnum(before) and _is_ascii_alnum(after)
            if len(gap) > _MAX_GAP or (
                ascii_pair and gap in _NUMBER_PUNCT and before.isdigit() and after.isdigit()
            ):
                links.append(0)
            elif ascii_pair or "\n" in gap or not _SENTENCE_END.isdisjoint(gap):
                links.append(2)
            else:
                links.append(1)
        delete: list[int] = []  # indexes i of gaps (after token i) to delete
        i, n = 0, len(spans)
        while i < n:
            if lengths[i] > 2:
                i += 1
                continue
            j = i
            while j + 1 < n and links[j] and lengths[j + 1] <= 2:
                j += 1
            already = len(delete)
            self._judge(i, j, lengths, links, delete)
            if j > i and len(delete) - already == j - i:
                # The whole chain was a disguised word: it was probably glued to
                # its neighbours too (「今なら闇 バ イ ト 日給」), so soft gaps on
                # either side go as well.
                if i > 0 and links[i - 1] == 1:
                    delete.append(i - 1)
                if j < n - 1 and links[j] == 1:
                    delete.append(j)
            i = j + 1
        if not delete:
            return self.identity(text)
        b = Builder(self.id, text)
        pos = 0
        for g in sorted(set(delete)):
            e, s = spans[g][1], spans[g + 1][0]
            b.copy(pos, e)
            b.delete(e, s)
            pos = s
        b.copy(pos, len(text))
        return b.build()

    @staticmethod
    def _judge(i: int, j: int, lengths: list[int], links: list[int], out: list[int]) -> None:
        """Decide on the chain of tokens ``i..j`` (inclusive); append gaps to delete."""
        if j == i:
            return
        chain = lengths[i : j + 1]
        if max(chain) == 1 or (_joinable(chain) and 2 not in links[i:j]):
            out.extend(range(i, j))
            return
        gaps: set[int] = set()
        # pieces between hard gaps
        start = i
        for k in range(i, j + 1):
            if k == j or links[k] == 2:
                if k > start and _joinable(lengths[start : k + 1]):
                    gaps.update(range(start, k))
                start = k + 1
        # runs of single characters may cross hard gaps
        start = i
        for k in range(i, j + 1):
            if k == j or lengths[k + 1] != 1 or lengths[k] != 1:
                if k > start:
                    gaps.update(range(start, k))
                start = k + 1
        out.extend(sorted(gaps))
