"""Without allow_networks, internal targets are refused before any connection."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv4Network

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from local_server import FakeResolver, LocalServer, refusing_resolver, respond

from cyberpatrol.net import FetchPolicy, classify, fetch

INTERNAL_LITERALS = [
    ("http://127.0.0.1/", "127.0.0.0/8"),
    ("http://10.1.2.3/", "10.0.0.0/8"),
    ("http://172.16.0.1/", "172.16.0.0/12"),
    ("http://192.168.1.1/", "192.168.0.0/16"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.0.0/16"),
    ("http://100.100.100.200/", "100.64.0.0/10"),
    ("http://198.18.0.1/", "198.18.0.0/15"),
    ("http://192.0.2.1/", "192.0.2.0/24"),
    ("http://0.0.0.0/", "0.0.0.0/8"),
    ("http://224.0.0.1/", "224.0.0.0/4"),
    ("http://255.255.255.255/", "240.0.0.0/4"),
    ("http://[::1]/", "::/96"),
    ("http://[::]/", "::/96"),
    ("http://[::ffff:127.0.0.1]/", "127.0.0.0/8"),
    ("http://[::ffff:7f00:1]/", "127.0.0.0/8"),
    ("http://[::127.0.0.1]/", "::/96"),
    ("http://[fe80::1]/", "fe80::/10"),
    ("http://[fec0::1]/", "fec0::/10"),
    ("http://[fd12:3456::1]/", "fc00::/7"),
    ("http://[ff02::1]/", "ff00::/8"),
    ("http://[2001:db8::1]/", "2001:db8::/32"),
    ("http://[2002:c0a8:0101::1]/", "192.168.0.0/16"),  # 6to4 of 192.168.1.1
    ("http://[64:ff9b::a9fe:a9fe]/", "169.254.0.0/16"),  # NAT64 of the metadata address
    ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001::/23"),  # Teredo
    ("http://2130706433/", "127.0.0.0/8"),
    ("http://0x7f000001/", "127.0.0.0/8"),
    ("http://0X7F.1/", "127.0.0.0/8"),
    ("http://017700000001/", "127.0.0.0/8"),
    ("http://0x7f.0.0.1/", "127.0.0.0/8"),
    ("http://0x7f.0.0.01/", "127.0.0.0/8"),
    ("http://0xc0.0250.0.1/", "192.168.0.0/16"),
    ("http://127.1/", "127.0.0.0/8"),
    ("http://127.0.0.1./", "127.0.0.0/8"),
    ("http://0/", "0.0.0.0/8"),
    ("http://0177.0.0.1/", "IPv4"),  # httpx rejects all-digit hosts that are not canonical
    ("http://0300.0250.0.1/", "IPv4"),
    ("http://09.0.0.1/", "IPv4"),
    ("http://1.2.3.4.5/", "not an IPv4 address"),
    ("http://0x7g.1/", "not an IPv4 address"),
    ("http://0x7f.09.0.1/", "not an IPv4 address"),
    ("http://4294967296/", "out of range"),
    ("http://[fe80::1%25eth0]/", "zone"),
]


@pytest.mark.parametrize(("url", "expected"), INTERNAL_LITERALS)
def test_internal_literal_is_refused_without_dns_or_connection(
    connections: list[tuple[str, int]], url: str, expected: str
) -> None:
    result = fetch(url, FetchPolicy(), resolver=refusing_resolver)
    assert result.refused is not None and expected in result.refused, result.refused
    assert result.status_code is None and result.redirect_chain[0].address is None
    assert connections == []
    assert classify(result) == "refused"


def test_localhost_is_refused_by_its_addresses(connections: list[tuple[str, int]]) -> None:
    resolver = FakeResolver({"localhost": ["127.0.0.1", "::1"]})
    result = fetch("http://localhost/", resolver=resolver)
    assert result.refused is not None and "localhost resolves to" in result.refused
    assert connections == []


def test_localhost_with_the_system_resolver(connections: list[tuple[str, int]]) -> None:
    result = fetch("http://localhost:80/")
    assert result.refused is not None or result.error_kind in ("dns_not_found", "dns")
    assert connections == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/_stats",
        "ftp://example.test/",
        "javascript:alert(1)",
        "data:text/html,hi",
        "dict://127.0.0.1:11211/",
        "//example.test/no-scheme",
        "/relative/path",
        "",
        "http://",
        "http:///path",
    ],
)
def test_non_http_urls_are_refused(url: str) -> None:
    result = fetch(url, resolver=refusing_resolver)
    assert result.refused is not None and result.error is None


def test_allowed_ports_only() -> None:
    result = fetch("http://example.test:8080/", resolver=refusing_resolver)
    assert result.refused is not None and "port 8080" in result.refused


def test_allow_networks_is_exact(server: LocalServer, connections: list[tuple[str, int]]) -> None:
    """127.0.0.1/32 allowed does not open 127.0.0.2, nor other private ranges."""
    server.routes["/"] = respond(200, b"ok")
    assert fetch(server.url("/"), server.policy()).status_code == 200
    other = fetch(server.url("/", host="127.0.0.2"), server.policy())
    assert other.refused is not None
    assert connections == [("127.0.0.1", server.port)]


def test_idn_host_is_resolved_in_its_ascii_form(server: LocalServer) -> None:
    resolver = FakeResolver({"xn--r8jz45g.jp": ["127.0.0.1"]})
    server.routes["/"] = respond(200, b"ok")
    result = fetch(f"http://例え.jp:{server.port}/", server.policy(), resolver=resolver)
    assert result.status_code == 200
    assert resolver.calls == ["xn--r8jz45g.jp"]
    assert server.seen[-1].headers["host"] == f"xn--r8jz45g.jp:{server.port}"


@pytest.mark.parametrize(
    "url",
    [
        "http://ｅｘａｍｐｌｅ.jp/",  # fullwidth letters: not valid IDNA 2008
        "http://１２７.０.０.１/",  # fullwidth digits of 127.0.0.1
        "http://exa mple.test/",
        "http://a%2e%2e/",
        "http://" + "a" * 64 + ".test/",
        "http://\u202eevil.test/",
        "http://ex\x00ample.test/",
        "http://" + "a." * 5000 + "test/",
    ],
)
def test_bad_hosts_are_refused_cleanly(url: str) -> None:
    result = fetch(url, resolver=refusing_resolver)
    assert result.refused is not None and result.error is None


# --- property tests ----------------------------------------------------------

INTERNAL_V4 = [
    IPv4Network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16")
]


@st.composite
def internal_ipv4(draw: st.DrawFn) -> int:
    network = draw(st.sampled_from(INTERNAL_V4))
    return int(network.network_address) + draw(st.integers(0, network.num_addresses - 1))


def _octal(n: int) -> str:
    return "0" + format(n, "o") if n else "0"


def _renderings(value: int) -> list[str]:
    octets = IPv4Address(value).packed
    a, b, c, d = octets
    return [
        str(IPv4Address(value)),
        str(value),
        hex(value),
        hex(value).upper().replace("0X", "0x"),
        "0" + format(value, "o"),
        ".".join(hex(o) for o in octets),
        ".".join(_octal(o) for o in octets),
        f"{a}.{b}.{(c << 8) | d}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{hex(a)}.{b}.{_octal(c)}.{d}",
        str(IPv4Address(value)) + ".",
        f"[::ffff:{IPv4Address(value)}]",
    ]


@settings(max_examples=150, deadline=None)
@given(internal_ipv4())
def test_any_internal_ipv4_in_any_spelling_is_refused(value: int) -> None:
    for host in _renderings(value):
        result = fetch(f"http://{host}/", resolver=refusing_resolver)
        assert result.refused is not None, host


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_hosts_never_crash_or_connect(host: str) -> None:
    """Hostile text in the host position: always a FetchResult, never a connection."""
    resolver = FakeResolver({})  # every name: NXDOMAIN
    with pytest.MonkeyPatch.context() as patch:

        def no_connect(self: socket.socket, address: object) -> None:
            raise AssertionError(f"connect to {address!r}")

        patch.setattr(socket.socket, "connect", no_connect)
        result = fetch(f"http://{host}/x", resolver=resolver)
    assert result.status_code is None
    assert (result.refused is None) != (result.error is None)
