"""Crypto addresses (btc, eth, tron): checksums, spellings, boundaries, canonical forms.

The base58, segwit and TRON addresses below are fictional: made here from fixed hashes
with the same libraries the extractor verifies them with. The BIP-173/BIP-350 and EIP-55
vectors are the specifications' own test vectors.
"""

from __future__ import annotations

import hashlib

import base58
import bech32
import pytest
from Crypto.Hash import keccak

from cyberpatrol.indicators import canonical, find_all

from .conftest import assert_found, assert_none, found


def _fake(n: int, label: str) -> bytes:
    """``n`` fixed bytes that are nobody's key or script hash."""
    return hashlib.sha256(f"cyberpatrol fictional {label}".encode()).digest()[:n]


def _bech32m(witver: int, program: bytes) -> str:
    """A bech32m segwit address (BIP-350); bech32 1.2.0 only encodes bech32."""
    data = [witver, *(bech32.convertbits(program, 8, 5) or [])]
    values = bech32.bech32_hrp_expand("bc") + data
    polymod = bech32.bech32_polymod([*values, 0, 0, 0, 0, 0, 0]) ^ 0x2BC830A3
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(bech32.CHARSET[d] for d in data + checksum)


def _checksummed(hex40: str) -> str:
    """EIP-55 spelling, computed independently of the extractor."""
    digest = keccak.new(digest_bits=256, data=hex40.encode()).hexdigest()
    return "0x" + "".join(
        c.upper() if c in "abcdef" and int(d, 16) >= 8 else c
        for c, d in zip(hex40, digest, strict=False)
    )


P2PKH = base58.b58encode_check(b"\x00" + _fake(20, "p2pkh")).decode()
P2SH = base58.b58encode_check(b"\x05" + _fake(20, "p2sh")).decode()
P2WPKH = bech32.encode("bc", 0, _fake(20, "p2wpkh"))
P2WSH = bech32.encode("bc", 0, _fake(32, "p2wsh"))
P2TR = _bech32m(1, _fake(32, "p2tr"))
TRON = base58.b58encode_check(b"\x41" + _fake(20, "tron")).decode()
ETH_HEX = _fake(20, "eth").hex()
ETH = _checksummed(ETH_HEX)
assert any(c.isupper() for c in ETH) and any(c.islower() for c in ETH[2:]), "needs mixed case"

# BIP-173 / BIP-350 valid mainnet addresses.
BIP_VALID = [
    "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
    "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
    "BC1SW50QGDZ25J",
    "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
]
# BIP-350 invalid: v1+ with a bech32 checksum (BIP-173's old encodings), v0 with bech32m.
BIP_INVALID = [
    "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
    "BC1SW50QA3JX3S",
    "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
    "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
]
# EIP-55's examples: all caps, all lower, and checksummed.
EIP55 = [
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
]


def _wide(s: str) -> str:
    """Full-width spelling of an ASCII string."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def _one_off(addr: str, alphabet: str) -> str:
    """``addr`` with one character near the middle replaced by another of ``alphabet``."""
    i = len(addr) // 2
    c = addr[i]
    other = next(a for a in alphabet if a != c and a.lower() != c.lower())
    return addr[:i] + other + addr[i + 1 :]


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

POSITIVE = [
    (f"送金先は{P2WPKH}まで", "btc", P2WPKH, P2WPKH),
    (f"BTC：{P2PKH}", "btc", P2PKH, P2PKH),
    (f"{P2SH}へ送金してください", "btc", P2SH, P2SH),
    (f"報酬はビットコイン({P2WSH})で", "btc", P2WSH, P2WSH),
    (f"タップルート {P2TR}", "btc", P2TR, P2TR),
    (f"送金先は{P2WPKH.upper()}まで", "btc", P2WPKH, P2WPKH.upper()),
    (f"送金先：{_wide(P2WPKH)}", "btc", P2WPKH, _wide(P2WPKH)),
    (f"送金先：{_wide(P2PKH)}です", "btc", P2PKH, _wide(P2PKH)),
    (f"{P2PKH[:9]}\u200b{P2PKH[9:]}", "btc", P2PKH, f"{P2PKH[:9]}\u200b{P2PKH[9:]}"),
    (f"bc1\u200b{P2WPKH[3:]}", "btc", P2WPKH, f"bc1\u200b{P2WPKH[3:]}"),
    (f"USDT(TRC20)の送金先 {TRON} へ", "tron", TRON, TRON),
    (f"トロン→{_wide(TRON)}", "tron", TRON, _wide(TRON)),
    (f"{TRON[:5]}\u200c{TRON[5:]}", "tron", TRON, f"{TRON[:5]}\u200c{TRON[5:]}"),
    (f"ETHはこちら{ETH}まで", "eth", ETH.lower(), ETH),
    (f"ETH:{ETH.lower()}", "eth", ETH.lower(), ETH.lower()),
    (f"ETH:0x{ETH_HEX.upper()}", "eth", ETH.lower(), "0x" + ETH_HEX.upper()),
    (f"イーサ {_wide(ETH)}", "eth", ETH.lower(), _wide(ETH)),
    (f"{ETH[:20]}\u200b{ETH[20:]}", "eth", ETH.lower(), f"{ETH[:20]}\u200b{ETH[20:]}"),
]


@pytest.mark.parametrize(("text", "kind", "value", "original"), POSITIVE)
def test_address_found(text: str, kind: str, value: str, original: str) -> None:
    assert_found(text, kind, value, original)


def test_span_points_at_the_address() -> None:
    text = f"送金先は{P2WPKH}まで"
    (hit,) = [i for i in found(text) if i.type == "btc"]
    assert (hit.start, hit.end) == (4, 4 + len(P2WPKH))


@pytest.mark.parametrize("addr", BIP_VALID)
def test_bip_vectors_valid(addr: str) -> None:
    assert_found(f"送金先 {addr} まで", "btc", addr.lower(), addr)


@pytest.mark.parametrize("addr", BIP_INVALID)
def test_bip_vectors_invalid(addr: str) -> None:
    assert_none(f"送金先 {addr} まで", "btc")
    with pytest.raises(ValueError):
        canonical("btc", addr)


@pytest.mark.parametrize("addr", EIP55)
def test_eip55_vectors(addr: str) -> None:
    assert_found(f"送金先 {addr}", "eth", addr.lower(), addr)
    assert canonical("eth", addr) == addr.lower()


@pytest.mark.parametrize(
    ("kind", "addr"),
    [
        ("btc", _one_off(P2PKH, _B58)),
        ("btc", _one_off(P2SH, _B58)),
        ("btc", _one_off(P2WPKH, bech32.CHARSET)),
        ("btc", _one_off(P2TR, bech32.CHARSET)),
        ("tron", _one_off(TRON, _B58)),
        ("eth", _one_off(ETH, "0123456789abcdef")),
    ],
)
def test_one_changed_character_is_rejected(kind: str, addr: str) -> None:
    assert_none(f"送金先は{addr}まで", kind)
    with pytest.raises(ValueError):
        canonical(kind, addr)


def _flip_case(addr: str) -> str:
    """``addr`` with the case of its last letter flipped."""
    i = max(i for i, c in enumerate(addr) if c.isalpha() and i > 2)
    return addr[:i] + addr[i].swapcase() + addr[i + 1 :]


@pytest.mark.parametrize(
    ("kind", "addr"),
    [
        ("btc", P2WPKH[:10] + P2WPKH[10:].upper()),
        ("btc", "bc1" + P2TR[3:].upper()),
        ("eth", _flip_case(ETH)),
        ("eth", _flip_case(EIP55[4])),
        ("btc", "2" + P2PKH[1:]),
        ("tron", base58.b58encode_check(b"\x42" + _fake(20, "tron")).decode()),
        ("btc", base58.b58encode_check(b"\x05" + _fake(21, "long")).decode()),
    ],
)
def test_invalid_spellings_rejected(kind: str, addr: str) -> None:
    assert_none(f"送金先 {addr}", kind)
    with pytest.raises(ValueError):
        canonical(kind, addr)


@pytest.mark.parametrize(
    "text",
    [
        f"x{P2PKH}",
        f"{P2PKH}x",
        f"9{P2SH}",
        f"a{P2WPKH}",
        f"{P2WPKH}q",
        f"{TRON}1",
        f"A{TRON}",
        f"{ETH}ab",
        f"a{ETH}",
        "0x" + "ab" * 32,
        "tx: 0x" + "1f" * 32,
    ],
)
def test_glued_into_a_longer_run_is_not_taken(text: str) -> None:
    kinds = {i.type for i in found(text)}
    assert not kinds & {"btc", "eth", "tron"}, found(text)


@pytest.mark.parametrize(
    "text",
    [
        "今日はいい天気ですね。",
        "日給50000円、2024-11-22から。注文番号 A-1234567、ver.2",
        "TTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT",
        "1111111111111111111111111111111111",
        "3" + "z" * 33,
        "T" + "a" * 33,
        "bc1" + "q" * 39,
        "0x" + "0" * 39,
        "SKU 1A2B3C4D5E6F7G8H9J1K2L3M4N5P6Q7R",
        "http://example.com/1A2B3C4D5E6F7G8H9J1K2L3M4N5P6Q",
    ],
)
def test_no_false_positives(text: str) -> None:
    kinds = {i.type for i in found(text)}
    assert not kinds & {"btc", "eth", "tron"}, found(text)


def test_address_is_not_also_a_phone_number() -> None:
    # An all-lowercase address carries no checksum, so any hex is valid; this one holds
    # a mobile number that the phone extractor alone would take.
    addr = "0xab09012345678" + "c" * 27
    assert len(addr) == 42
    kinds = [(k, v) for k, _, _, v in find_all(f"送金先 {addr}")]
    assert kinds == [("eth", addr)]


@pytest.mark.parametrize(
    ("kind", "spellings", "value"),
    [
        ("btc", [P2WPKH, P2WPKH.upper(), f" {_wide(P2WPKH)} "], P2WPKH),
        ("btc", [P2PKH, _wide(P2PKH), f"\n{P2PKH}\n"], P2PKH),
        ("btc", [BIP_VALID[0], BIP_VALID[0].lower()], BIP_VALID[0].lower()),
        ("eth", [ETH, ETH.lower(), "0x" + ETH_HEX.upper(), _wide(ETH)], ETH.lower()),
        ("tron", [TRON, _wide(TRON)], TRON),
    ],
)
def test_canonical_equality(kind: str, spellings: list[str], value: str) -> None:
    assert {canonical(kind, s) for s in spellings} == {value}
    assert canonical(kind, value) == value


def test_base58_keeps_its_case() -> None:
    # Base58 is case-sensitive: lowering it names another (here: no) address.
    assert canonical("btc", P2PKH) == P2PKH
    with pytest.raises(ValueError):
        canonical("btc", P2PKH.lower())


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("btc", ""),
        ("btc", "hello"),
        ("btc", TRON),
        ("btc", f"{P2PKH} {P2SH}"),
        ("eth", "0x1234"),
        ("eth", ETH[2:]),
        ("tron", P2PKH),
    ],
)
def test_canonical_rejects(kind: str, raw: str) -> None:
    with pytest.raises(ValueError):
        canonical(kind, raw)


def test_several_addresses_in_one_post() -> None:
    text = f"BTC {P2WPKH} / ETH {ETH} / USDT {TRON} / BTC {P2SH}"
    got = [(i.type, i.value) for i in found(text)]
    assert got == [("btc", P2WPKH), ("eth", ETH.lower()), ("tron", TRON), ("btc", P2SH)]
