"""Step ``lookalike``: characters chosen because they look like others."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cyberpatrol.errors import ConfigError
from cyberpatrol.normalize._base import Step, StepResult
from cyberpatrol.resources import load_toml

_TABLES = ("latin", "katakana", "katakana_strict", "digits_in_words", "letters_in_numbers")


@dataclass(frozen=True, slots=True)
class LookalikeMaps:
    """The tables of ``lookalikes.toml``: one character → one character."""

    latin: dict[str, str]
    katakana: dict[str, str]
    katakana_strict: dict[str, str]
    digits_in_words: dict[str, str]
    letters_in_numbers: dict[str, str]


def load_lookalikes(path: Path | str | None = None) -> LookalikeMaps:
    """Read the look-alike tables (packaged ``data/lookalikes.toml`` by default)."""
    data, where = load_toml(path, "lookalikes.toml")
    tables: list[dict[str, str]] = []
    for name in _TABLES:
        table = data.get(name)
        if not isinstance(table, dict):
            raise ConfigError(f"missing table [{name}]", path=where)
        for k, v in table.items():
            if not isinstance(v, str) or len(k) != 1 or len(v) != 1:
                raise ConfigError(
                    f"[{name}] {k!r}: keys and values must be one character", path=where
                )
        tables.append(dict(table))
    return LookalikeMaps(*tables)


def _cls(chars: Iterable[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


def _is_katakana(c: str) -> bool:
    return "\u30a1" <= c <= "\u30fa" or c in "ーヽヾ"


def _is_kanji(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff"


def _quick_regex(kata: str, strict: str, foreign: str) -> re.Pattern[str]:
    """The step's gate: only a text with one of these is looked at.

    Katakana + look-alike, look-alike + katakana, a foreign letter, or a letter
    next to a digit. Written to start with one character class (the first
    character of any case) and to test the next character before looking back,
    so that ``re`` skips to candidates with its fast set test.
    """
    k = "\u30a1-\u30faー\u30fd\u30fe"
    return re.compile(
        f"[{k}{kata}{foreign}a-z0-9](?:[{kata}{strict}](?<=[{k}].)|[{k}](?<=[{kata}].)"
        f"|(?<=[{foreign}])|[0-9](?<=[a-z].)|[a-z](?<=[0-9].))"
    )


class LookalikeStep(Step):
    """Replace look-alike characters, using the context to stay safe.

    * kanji that look like katakana in katakana context: 「テレク゛ラム」 is handled
      by ``voicing``, this step does 「ア力ウント」→「アカウント」, 「バイ卜」→「バイト」;
      numeral-like ones (一二八十) and dashes only between two katakana.
    * Cyrillic/Greek letters inside a Latin word: 「telegrаm」→「telegram」 (a word
      that also holds other Cyrillic/Greek letters is real Russian/Greek: kept).
    * digits among letters: 「whitej0b」→「whitejob」 (0→o, 1→l between letters);
      letters among digits: 「o9o」→「090」 (o→0, l/i→1 in a digit run whose only
      letters are these).

    The tables are data: ``data/lookalikes.toml``.
    """

    id = "lookalike"
    label = "似た文字を置換"

    def __init__(self, maps: LookalikeMaps | None = None) -> None:
        self.maps = load_lookalikes() if maps is None else maps
        m = self.maps
        kata = _cls(m.katakana)
        strict = _cls(m.katakana_strict)
        foreign = _cls(m.latin) + "\u0370-\u03ff\u0400-\u052f"
        word = f"[a-z0-9{foreign}]"
        self._rx = re.compile(
            f"(?P<k>[{kata}])|(?P<s>[{strict}])"
            f"|(?P<w>{word}*(?:[{foreign}]|[a-z][0-9]|[0-9][a-z]){word}*)"
        )
        self._quick = _quick_regex(kata, strict, foreign)
        self._letters = frozenset(m.letters_in_numbers)

    def apply(self, text: str) -> StepResult:
        if self._quick.search(text) is None:
            return self.identity(text)
        n = len(text)
        changes: list[tuple[int, str]] = []
        for mt in self._rx.finditer(text):
            i = mt.start()
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if mt.lastgroup == "k":
                if (_is_katakana(prev) and not _is_kanji(nxt)) or (
                    _is_katakana(nxt) and not _is_kanji(prev)
                ):
                    changes.append((i, self.maps.katakana[mt.group()]))
            elif mt.lastgroup == "s":
                if _is_katakana(prev) and _is_katakana(nxt):
                    changes.append((i, self.maps.katakana_strict[mt.group()]))
            else:
                self._word(mt.group(), i, changes)
        if not changes:
            return self.identity(text)
        chars = list(text)
        for i, c in changes:
            chars[i] = c
        return self.one_to_one(text, "".join(chars))

    def _word(self, word: str, at: int, changes: list[tuple[int, str]]) -> None:
        latin = self.maps.latin
        if not word.isascii():
            if any(not c.isascii() and c not in latin for c in word):
                return  # a genuine Cyrillic/Greek word
            fixed = "".join(latin.get(c, c) for c in word)
            changes.extend((at + k, fixed[k]) for k, c in enumerate(word) if c != fixed[k])
            word = fixed
        letters = {c for c in word if c.isalpha()}
        if not letters or len(letters) == len(word):
            return
        out: dict[int, str] = {}
        if letters <= self._letters:
            for k, c in enumerate(word):
                if c in self._letters:
                    out[k] = self.maps.letters_in_numbers[c]
        else:
            dmap = self.maps.digits_in_words
            for k in range(1, len(word) - 1):
                c = word[k]
                if c in dmap and word[k - 1].isalpha() and word[k + 1].isalpha():
                    out[k] = dmap[c]
        if out:
            merged = {p: c for p, c in changes if at <= p < at + len(word)}
            del changes[len(changes) - len(merged) :]
            merged.update({at + k: c for k, c in out.items()})
            changes.extend(sorted(merged.items()))
