"""Crypto-asset addresses: Bitcoin, Ethereum and TRON, each verified by its checksum.

A payment destination identifies an operation as well as a phone number does, so only
addresses whose checksum verifies are taken: a mistyped or invented string is not one.

* ``btc``: Base58Check P2PKH/P2SH (``1…``/``3…``, version byte 0x00/0x05) and
  bech32/bech32m segwit addresses (``bc1…``; witness v0 must carry a bech32 checksum,
  v1 and later a bech32m one, BIP-173/BIP-350; mixed case is invalid). Canonical: a
  base58 address as written (it is case-sensitive), a segwit address lowercased.
* ``eth``: ``0x`` + 40 hex digits. A mixed-case address carries an EIP-55 checksum
  (Keccak-256, not SHA3-256) that must verify; all-lowercase and all-uppercase
  addresses carry none. Canonical: lowercase ``0x…``.
* ``tron``: ``T`` + 33 base58 characters, Base58Check with version byte 0x41.
  Canonical as written.

An address inside a longer run of letters and digits is not taken. Each extractor
tests for a cheap substring (``"0x"``, ``"bc1"``, ``"T"``) or starts its pattern with
a bare character class, so posts without a candidate cost almost nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import base58
import bech32
from Crypto.Hash import keccak

from cyberpatrol.indicators._base import Extractor, Span

_B58 = "1-9A-HJ-NP-Za-km-z"
"""The base58 alphabet (no 0, O, I or l), as a character-class body."""

# The lookbehind sits after the first character, so the pattern still starts with a
# bare character class or literal (a fast scan) and checks "not glued to a word" only
# where a candidate starts.
_BASE58_BTC = re.compile(r"[13](?<![0-9A-Za-z].)[" + _B58 + r"]{25,33}(?![0-9A-Za-z])")
_SEGWIT = re.compile(r"(?:bc|BC)1(?<![0-9A-Za-z]...)[0-9A-Za-z]{8,87}(?![0-9A-Za-z])")
_ETH = re.compile(r"0[xX](?<![0-9A-Za-z]..)(?P<hex>[0-9A-Fa-f]{40})(?![0-9A-Za-z])")
_TRON = re.compile(r"T(?<![0-9A-Za-z].)[" + _B58 + r"]{33}(?![0-9A-Za-z])")

_BASE58_VERSIONS = {"1": 0x00, "3": 0x05}
_TRON_VERSION = 0x41
_BECH32M_CONST = 0x2BC830A3
"""BIP-350: the bech32m checksum constant (bech32's is 1)."""


def _base58check(raw: str, version: int) -> bool:
    """``raw`` decodes to a 21-byte Base58Check payload starting with ``version``."""
    try:
        payload = base58.b58decode_check(raw)
    except ValueError:
        return False
    return len(payload) == 21 and payload[0] == version


def _segwit(raw: str) -> str | None:
    """Lowercased ``raw`` when it is a valid mainnet segwit address, else None.

    bech32 1.2.0's :func:`bech32.decode` verifies the bech32 checksum only (BIP-173),
    so it validates witness v0; for v1 and later (taproot) the bech32m checksum is
    verified here with the library's own polymod (BIP-350). A v1+ program with a
    bech32 checksum, or a v0 one with a bech32m checksum, is invalid.
    """
    if raw != raw.lower() and raw != raw.upper():
        return None
    addr = raw.lower()
    if not 14 <= len(addr) <= 90 or not addr.startswith("bc1"):
        return None
    witver, _ = bech32.decode("bc", addr)
    if witver is not None:
        return addr if witver == 0 else None
    data = [bech32.CHARSET.find(c) for c in addr[3:]]
    if -1 in data or len(data) < 7:
        return None
    if bech32.bech32_polymod(bech32.bech32_hrp_expand("bc") + data) != _BECH32M_CONST:
        return None
    witver = data[0]
    program = bech32.convertbits(data[1:-6], 5, 8, False)
    if not 1 <= witver <= 16 or program is None or not 2 <= len(program) <= 40:
        return None
    return addr


def _eip55(hex40: str) -> str:
    """The EIP-55 mixed-case spelling of a 40-digit hex address (without ``0x``)."""
    lower = hex40.lower()
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    return "".join(
        c.upper() if c.isalpha() and int(h, 16) >= 8 else c
        for c, h in zip(lower, digest[:40], strict=True)
    )


def _eth(hex40: str) -> str | None:
    """Canonical ``0x…`` of a 40-digit hex address, or None when its EIP-55 case is wrong."""
    if hex40 != hex40.lower() and hex40 != hex40.upper() and hex40 != _eip55(hex40):
        return None
    return "0x" + hex40.lower()


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def _clean(raw: str) -> str:
    """A user-supplied address: NFKC, invisible characters dropped, blanks stripped."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw)).strip()


class BitcoinExtractor(Extractor):
    """Bitcoin addresses: base58 ``1…``/``3…`` and segwit ``bc1…``."""

    type = "btc"

    def find(self, text: str) -> Iterator[Span]:
        first = _BASE58_BTC.search(text)
        if first is not None:
            for m in _BASE58_BTC.finditer(text, first.start()):
                raw = m.group()
                if _base58check(raw, _BASE58_VERSIONS[raw[0]]):
                    yield m.start(), m.end(), raw
        if "bc1" in text or "BC1" in text:
            for m in _SEGWIT.finditer(text):
                value = _segwit(m.group())
                if value is not None:
                    yield m.start(), m.end(), value

    def canonical(self, raw: str) -> str:
        s = _clean(raw)
        if _BASE58_BTC.fullmatch(s) and _base58check(s, _BASE58_VERSIONS[s[0]]):
            return s
        value = _segwit(s) if _SEGWIT.fullmatch(s) else None
        if value is None:
            raise ValueError(f"not a Bitcoin address: {raw!r}")
        return value


class EthereumExtractor(Extractor):
    """Ethereum addresses (``0x`` + 40 hex); a mixed-case one must pass EIP-55."""

    type = "eth"

    def find(self, text: str) -> Iterator[Span]:
        if "0x" not in text and "0X" not in text:
            return
        for m in _ETH.finditer(text):
            value = _eth(m.group("hex"))
            if value is not None:
                yield m.start(), m.end(), value

    def canonical(self, raw: str) -> str:
        m = _ETH.fullmatch(_clean(raw))
        value = _eth(m.group("hex")) if m is not None else None
        if value is None:
            raise ValueError(f"not an Ethereum address: {raw!r}")
        return value


class TronExtractor(Extractor):
    """TRON addresses (``T…``, Base58Check with version byte 0x41)."""

    type = "tron"

    def find(self, text: str) -> Iterator[Span]:
        if "T" not in text:
            return
        for m in _TRON.finditer(text):
            if _base58check(m.group(), _TRON_VERSION):
                yield m.start(), m.end(), m.group()

    def canonical(self, raw: str) -> str:
        s = _clean(raw)
        if not _TRON.fullmatch(s) or not _base58check(s, _TRON_VERSION):
            raise ValueError(f"not a TRON address: {raw!r}")
        return s
