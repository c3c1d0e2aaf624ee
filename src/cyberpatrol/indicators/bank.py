"""Japanese bank accounts: 「楽天銀行 ジャズ支店 普通 1234567」 and ゆうちょ 記号・番号.

An account is a bank name (``data/banks.toml``: names, aliases and zengin codes, and
any other 「〇〇銀行」「〇〇信用金庫」) followed by the account's parts in the usual order,
separated by spaces, line breaks, brackets or colons:

* the bank's 4-digit code, optional and not checked: 「(0001)」「銀行コード 0001」;
* a branch: 「ジャズ支店」「本店営業部」「〇一八店」, 「店番 001」「001」, 「支店名：ジャズ」, or a
  bare name right before the account type (「ジャズ 普通」);
* the account type, optional: 普通 / 当座 / 貯蓄 (「普通預金」「(普)」「口座種別：普通」);
* a label, optional: 「口座番号：」「口座」「番号」「No.」;
* the 7-digit account number (ASCII, full-width or kanji digits).

After a full bank name (one ending in 銀行, 信用金庫…) up to 20 other characters may
come before a 「口座」 label (「楽天銀行です。口座番号：1234567」). A weak alias
(「みずほ」「MUFG」「楽天」) needs a branch, a type or a 「口座」 label before the number.
A number with no bank named before it is never an account. ゆうちょ銀行 accounts are
also read in their own 記号・番号 form (「記号10180 番号12345671」, 「10180-12345671」).

Canonical value ``BANK/BRANCH/TYPE/NUMBER``:

* BANK: the zengin code where ``banks.toml`` gives one (``0036``), else the bank's name
  (``静岡銀行``; 「城南信金」 is written out as ``城南信用金庫``);
* BRANCH: the branch name without 支店/出張所/支所/店 (``ジャズ``; 「本店」 and
  「〇〇営業部」 are kept whole), or its 3-digit number when only the number is written
  (``001``); a name of kanji digits (ゆうちょ's 「〇一八」) is that number. A branch
  written by name and the same branch written by number are *different* values, as
  are an account written with and without its branch. Empty when none is written;
* TYPE: ``普通``, ``当座``, ``貯蓄`` or empty;
* NUMBER: 7 ASCII digits.

For example ``0036/ジャズ/普通/1234567``, ``0001/001/普通/1234567`` and
``城南信用金庫/本店//1234567``. A ゆうちょ 通常貯金 記号・番号 (記号 ``1XXX0``, 番号 ending in
1) is converted to its transfer form as ゆうちょ銀行 publishes it: branch = the 記号's
2nd and 3rd digits + ``8``, type 普通, number = the 番号 without its final 1, padded to
7 digits; so 「記号10180 番号12345671」 and 「ゆうちょ銀行 〇一八店 普通 1234567」 are both
``9900/018/普通/1234567``. Any other 記号・番号 stays ``9900/記号10189//00012345``
(番号 padded to 8 digits).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cyberpatrol.errors import ConfigError
from cyberpatrol.indicators._base import Extractor, Span, any_of
from cyberpatrol.resources import load_toml, str_list

_KANJI_DIGITS = "〇一二三四五六七八九"
_TO_ASCII = str.maketrans(_KANJI_DIGITS, "0123456789")
_YUCHO_CODE = "9900"
_WINDOW = 20
"""Other characters allowed between a full bank name and a 「口座」 label."""
_MAX_PARTS = 6

# Between the parts of an account: blanks, line breaks, punctuation, brackets, 「の」.
_SEP = r"[\s:：・/／,，、。|｜\-‐－=＝→⇒>＞()（）\[\]［］【】「」『』〈〉<＜の]{0,6}"
# After a label such as 「口座番号」: a colon or 「は」.
_LSEP = r"[ \u3000]*(?:[:：=＝]|は)?[ \u3000]*"
_NAME = r"[\u3041-\u3096\u30a1-\u30faー\u4e00-\u9fff々〆ヵヶ〇A-Za-z0-9・]"
_BARE = r"[\u30a1-\u30faー\u4e00-\u9fff々ヶ]"
_NOT_WORD_KANJI = r"(?!(?![一二三四五六七八九])[\u4e00-\u9fff々])"
_TYPE = (
    r"(?:普通預金|普通口座|普通|普|当座預金|当座口座|当座|当|貯蓄預金|貯蓄口座|貯蓄)"
    + _NOT_WORD_KANJI
)
_TYPES = {"普": "普通", "当": "当座", "貯": "貯蓄"}
_SUFFIX = r"(?:支店|出張所|支所|(?<!本)店|(?<=本店)|(?<=営業部))"
# What may follow a branch name: not another name character, unless it starts the
# account type, a label or the number (「ジャズ支店普通1234567」).
_NAME_END = r"(?:(?!" + _NAME + r")|(?=" + _TYPE + r"|口座|番号|店番|[0-9]))"
_BRANCH_LABEL = r"(?:支店番号|店番号|店番|支店コード|店舗番号|店舗コード)"
_TYPE_LABEL = r"(?:口座種別|口座種目|口座種類|預金種目|預金種別|預金種類|種別|種目|科目)"

_PART = re.compile(
    _SEP + r"(?:"
    + _BRANCH_LABEL + _LSEP + r"(?P<bno1>[0-9]{3})(?![0-9])(?:支店|店)?"
    r"|(?:(?:支店名|店名)[ \u3000]*[:：=＝]?|支店[ \u3000]*[:：=＝])[ \u3000]*"
    r"(?P<bname1>" + _NAME + r"{1,12}?)" + _SUFFIX + r"?" + _NAME_END
    + r"|" + _TYPE_LABEL + _LSEP + r"(?P<type1>" + _TYPE + r")"
    r"|(?P<type2>" + _TYPE + r")"
    r"|(?P<label>口座番号|口座No\.?|口座NO\.?|口座|番号|No\.?|NO\.?|#)" + _LSEP
    + r"|(?P<bno2>[0-9]{3})(?![0-9])(?:支店|店)?"
    r"|(?:金融機関コード|銀行コード)?" + _LSEP + r"[0-9]{4}(?![0-9])"
    r"|(?P<bname2>" + _NAME + r"{1,12}?)" + _SUFFIX + _NAME_END
    + r"|(?P<bname3>" + _BARE + r"{1,12})(?=" + _SEP + _TYPE + r")"
    r")"
)  # fmt: skip
_NUMBER = re.compile(
    _SEP + r"(?:(?<![0-9])(?P<num>[0-9]{7})(?![0-9])"
    r"|(?<![〇一二三四五六七八九])(?P<knum>[〇一二三四五六七八九]{7})(?![〇一二三四五六七八九]))"
    r"(?![.,]?[0-9]|円|万|千|件|名|人|歳|年|月|日|時|分|秒|回|個|枚|%|％|ドル|ポイント|pt)"
)
_SKIP_TO_LABEL = re.compile(r"(?s:.{1," + str(_WINDOW) + r"}?)(?=口座)")
_YUCHO = re.compile(
    r"(?s:.{0," + str(_WINDOW) + r"}?)(?:記号番号|記号)"
    + _LSEP + _SEP + r"(?P<kigo>[0-9]{5})(?![0-9])" + _SEP
    + r"(?:番号" + _LSEP + _SEP + r")?(?<![0-9])(?P<bangou>[0-9]{5,8})(?![0-9])"
    r"|" + _SEP + r"(?:(?:通常貯金|通常|総合口座|普通|口座)" + _SEP + r")?"
    r"(?<![0-9])(?P<kigo2>[0-9]{5})[\-‐－ー−](?P<bangou2>[0-9]{5,8})(?![0-9])"
)  # fmt: skip
_CANONICAL = re.compile(
    r"(?P<bank>[^/\s]+)/(?P<branch>[^/\s]*)/(?P<type>普通|当座|貯蓄|)/(?P<number>[0-9]{7,8})"
)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
"""Zero-width and other invisible characters, dropped from user-supplied values."""
_PLACEHOLDER = re.compile(r"(.)\1+|[A-Za-z]")
"""A generic bank name's stem that stands for any bank: 「XX銀行」, 「A銀行」."""
_BRANCH_VALUE = re.compile(r"(?P<name>.+?)(?:支店|出張所|支所|(?<!本)店)?")


@dataclass(frozen=True, slots=True)
class Bank:
    """One bank: its name and, where known for certain, its zengin code."""

    name: str
    code: str = ""

    @property
    def key(self) -> str:
        """The BANK part of an account's canonical value: the code, else the name."""
        return self.code or self.name


@dataclass(frozen=True, slots=True)
class BankTable:
    """The banks of ``banks.toml``, compiled for matching."""

    pattern: re.Pattern[str]
    """A known name or alias (group ``known``) or a generic 「〇〇銀行」 (``generic``)."""
    gate: re.Pattern[str]
    """Found in a text with any name, alias or generic suffix (latin: in the usual cases)."""
    by_alias: dict[str, tuple[Bank, bool]]
    """Lowercased name or alias → (bank, weak)."""
    full_names: tuple[tuple[str, Bank], ...]
    """Names and aliases ending with a generic suffix, longest first."""
    suffixes: dict[str, str]
    leading: re.Pattern[str]
    not_banks: frozenset[str]

    def resolve(self, m: re.Match[str]) -> tuple[Bank, bool, int] | None:
        """``(bank, weak, start)`` of a :attr:`pattern` match, or None for a non-bank."""
        if m.group("known") is not None:
            bank, weak = self.by_alias[m.group().lower()]
            return bank, weak, m.start()
        name = m.group()
        lead = self.leading.match(name)
        if lead is not None:
            name = name[lead.end() :]
        found = self.generic(name)
        if found is None:
            return None
        bank, length = found
        return bank, False, m.end() - length

    def generic(self, name: str) -> tuple[Bank, int] | None:
        """The bank a generic name names, and how many of its last characters name it.

        「静岡銀行」 is a bank of that name; 「送金先楽天銀行」 ends with a known name.
        """
        if name in self.not_banks:
            return None
        for full, bank in self.full_names:
            if name.endswith(full):
                return bank, len(full)
        for short, full in self.suffixes.items():
            stem = name[: -len(short)]
            if name.endswith(short) and stem and not _PLACEHOLDER.fullmatch(stem):
                return Bank(stem + full), len(name)
        return None

    def bank_key(self, name: str) -> str | None:
        """BANK value of a bank written as a code, a name or an alias; None if unknown."""
        if re.fullmatch(r"[0-9]{4}", name):
            return name
        known = self.by_alias.get(name.lower())
        if known is not None:
            return known[0].key
        found = self.generic(name)
        return found[0].key if found is not None else None


def _alias_pattern(alias: str, weak: bool, not_before: list[str]) -> str:
    p = re.escape(alias)
    if re.search(r"[A-Za-z]", alias):
        p = "(?i:" + p + ")"
    if alias[0].isascii() and alias[0].isalpha():
        p = r"(?<![A-Za-z])" + p
    if alias[-1].isascii() and alias[-1].isalpha():
        p += r"(?![A-Za-z])"
    if weak and not_before:
        p += "(?!" + "|".join(re.escape(w) for w in not_before) + ")"
    return p


def load_banks(path: Path | str | None = None) -> BankTable:
    """The banks of ``path``, or of the packaged ``banks.toml`` when ``None``."""
    data, where = load_toml(path, "banks.toml")
    generic = data.get("generic", {})
    if not isinstance(generic, dict):
        raise ConfigError("generic must be a table", path=where)
    suffixes = generic.get("suffixes", {})
    if not isinstance(suffixes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k for k, v in suffixes.items()
    ):
        raise ConfigError("generic.suffixes must map suffixes to full forms", path=where)
    suffixes = dict(sorted(suffixes.items(), key=lambda kv: -len(kv[0])))
    leading = str_list(generic.get("leading_words", []), "generic.leading_words", where)
    not_before = str_list(generic.get("weak_not_before", []), "generic.weak_not_before", where)
    not_banks = str_list(generic.get("not_banks", []), "generic.not_banks", where)
    by_alias: dict[str, tuple[Bank, bool]] = {}
    spellings: dict[str, bool] = {}
    entries = data.get("banks", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError("banks must be an array of tables", path=where)
    for entry in entries:
        name, code = entry.get("name"), entry.get("code", "")
        if not isinstance(name, str) or not name:
            raise ConfigError("every bank needs a name", path=where)
        if not isinstance(code, str) or not re.fullmatch(r"(?:[0-9]{4})?", code):
            raise ConfigError(f"{name}: code must be 4 digits", path=where)
        bank = Bank(unicodedata.normalize("NFKC", name), code)
        for alias in [name, *str_list(entry.get("aliases", []), f"{name}: aliases", where)]:
            alias = unicodedata.normalize("NFKC", alias)
            weak = not alias.endswith(tuple(suffixes))
            if by_alias.get(alias.lower(), (bank, weak))[0] != bank:
                raise ConfigError(f"alias {alias!r} names two banks", path=where)
            by_alias[alias.lower()] = (bank, weak)
            spellings[alias] = weak
    by_length = sorted(spellings.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    known = "|".join(_alias_pattern(a, weak, not_before) for a, weak in by_length)
    generic_name = (
        r"[\u4e00-\u9fff々〆ヵヶ\u30a1-\u30faーA-Za-z]{1,12}?(?:"
        + "|".join(re.escape(s) for s in suffixes)
        + ")"
    )
    # Every full name ends with a suffix, so the suffixes and the weak aliases cover all
    # names; latin ones as written, upper-case and capitalised (lower-case latin first
    # letters are frequent in posts and would slow the scan down).
    weak_aliases = [a for a, weak in spellings.items() if weak]
    needles = {v for a in weak_aliases for v in (a, a.upper(), a.capitalize())} | set(suffixes)
    return BankTable(
        pattern=re.compile(f"(?P<known>{known})|(?P<generic>{generic_name})"),
        gate=any_of(tuple(sorted(needles, key=lambda n: (-len(n), n)))),
        by_alias=by_alias,
        full_names=tuple((a, by_alias[a.lower()][0]) for a, weak in by_length if not weak),
        suffixes=suffixes,
        leading=re.compile("(?:" + "|".join(map(re.escape, leading)) + ")+")
        if leading
        else re.compile(r"(?!)"),
        not_banks=frozenset(not_banks),
    )


@cache
def default_banks() -> BankTable:
    """The packaged bank table (read once)."""
    return load_banks()


@dataclass
class _Parts:
    branch_name: str = ""
    branch_no: str = ""
    kind: str = ""
    account_label: bool = False

    def take(self, m: re.Match[str]) -> None:
        no = m.group("bno1") or m.group("bno2")
        if no and not self.branch_no:
            self.branch_no = no
        name = m.group("bname1") or m.group("bname2") or m.group("bname3")
        if name and not self.branch_name:
            self.branch_name = _branch(name)
        kind = m.group("type1") or m.group("type2")
        if kind and not self.kind:
            self.kind = _TYPES[kind[0]]
        if m.group("label") is not None and "口座" in m.group("label"):
            self.account_label = True

    @property
    def qualified(self) -> bool:
        """Something besides the number says this is an account (for weak aliases)."""
        return bool(self.branch_name or self.branch_no or self.kind or self.account_label)


def _branch(name: str) -> str:
    """A branch as stored: without 支店/出張所/支所/店 and blanks, kanji digits as digits.

    「ジャズ支店」 → ``ジャズ``, 「本店」 stays, ゆうちょ's 「〇一八」 → ``018``.
    """
    name = re.sub(r"\s+", "", name)
    m = _BRANCH_VALUE.fullmatch(name)
    if m is not None:
        name = m.group("name")
    if name and all(c in _KANJI_DIGITS for c in name):
        return name.translate(_TO_ASCII)
    return name


def _read_parts(text: str, pos: int, *, window: bool) -> tuple[_Parts, str, int] | None:
    """``(parts, number, end)`` of the account written from ``pos`` on, or None."""
    parts = _Parts()
    for _ in range(_MAX_PARTS + 1):
        m = _NUMBER.match(text, pos)
        if m is not None:
            number = (m.group("num") or m.group("knum")).translate(_TO_ASCII)
            return parts, number, m.end()
        m = _PART.match(text, pos)
        if m is None:
            skip = _SKIP_TO_LABEL.match(text, pos) if window else None
            if skip is None:
                return None
            window = False
            pos = skip.end()
            continue
        parts.take(m)
        pos = m.end()
    return None


def _yucho(kigo: str, bangou: str) -> str:
    """Canonical value of a ゆうちょ 記号・番号 (see the module docstring)."""
    if kigo[0] == "1" and kigo[4] == "0" and bangou.endswith("1"):
        return f"{_YUCHO_CODE}/{kigo[1:3]}8/普通/{bangou[:-1].zfill(7)}"
    return f"{_YUCHO_CODE}/記号{kigo}//{bangou.zfill(8)}"


def _account(table: BankTable, text: str, m: re.Match[str]) -> Span | None:
    """The account whose bank name ``m`` matched, as a span, or None."""
    resolved = table.resolve(m)
    if resolved is None:
        return None
    bank, weak, start = resolved
    if bank.code == _YUCHO_CODE:
        y = _YUCHO.match(text, m.end())
        if y is not None:
            kigo = y.group("kigo") or y.group("kigo2")
            bangou = y.group("bangou") or y.group("bangou2")
            return start, y.end(), _yucho(kigo, bangou)
    read = _read_parts(text, m.end(), window=not weak)
    if read is None:
        return None
    parts, number, end = read
    if weak and not parts.qualified:
        return None
    branch = parts.branch_name or parts.branch_no
    return start, end, f"{bank.key}/{branch}/{parts.kind}/{number}"


class BankAccountExtractor(Extractor):
    """Japanese bank accounts: a bank name followed by branch, type and 7-digit number."""

    type = "bank_account"

    def find(self, text: str) -> Iterator[Span]:
        table = default_banks()
        if table.gate.search(text) is None:
            return
        pos = 0
        while (m := table.pattern.search(text, pos)) is not None:
            hit = _account(table, text, m)
            if hit is None:
                pos = m.end()
                continue
            yield hit
            pos = hit[1]

    def canonical(self, raw: str) -> str:
        s = _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw)).strip()
        m = _CANONICAL.fullmatch(s)
        if m is not None:
            return _from_canonical(default_banks(), m, raw)
        hits = list(self.find(s))
        if len(hits) != 1:
            raise ValueError(f"not one bank account: {raw!r}")
        return hits[0][2]


def _from_canonical(table: BankTable, m: re.Match[str], raw: str) -> str:
    """Re-canonicalise a value already written as ``BANK/BRANCH/TYPE/NUMBER``."""
    bank = table.bank_key(m.group("bank"))
    branch, number = m.group("branch"), m.group("number")
    yucho_raw = bank == _YUCHO_CODE and re.fullmatch(r"記号[0-9]{5}", branch) is not None
    if bank is None or (len(number) == 8) != yucho_raw:
        raise ValueError(f"not a bank account: {raw!r}")
    if not yucho_raw:
        branch = _branch(branch)
    return f"{bank}/{branch}/{m.group('type')}/{number}"
