"""URL checks: scheme, port, and host spelled as a browser or libc would read it."""

from __future__ import annotations

from ipaddress import ip_address

import httpx
import pytest

from cyberpatrol.net import FetchPolicy
from cyberpatrol.net.errors import FetchRefused
from cyberpatrol.net.urls import (
    MAX_URL_LENGTH,
    check_target,
    host_literal,
    join_location,
    parse_url,
)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0x0.0x0.0x1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("0", "0.0.0.0"),
        ("0x", "0.0.0.0"),
        ("1.0x", "1.0.0.0"),
        ("3232235777", "192.168.1.1"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("4294967295", "255.255.255.255"),
        ("::1", "::1"),
        ("::ffff:127.0.0.1", "::ffff:7f00:1"),
    ],
)
def test_numeric_hosts_are_read_as_addresses(host: str, address: str) -> None:
    assert host_literal(host) == ip_address(address)


@pytest.mark.parametrize(
    "host", ["example.jp", "xn--r8jz45g.jp", "1.2.3.example", "0x7f.example", "a1", "1a"]
)
def test_names_are_not_addresses(host: str) -> None:
    assert host_literal(host) is None


@pytest.mark.parametrize(
    "host",
    [
        "1.2.3.4.5",
        "256.0.0.1",
        "1.256.0.1",
        "1.2.65536",
        "1.16777216",
        "4294967296",
        "0x100000000",
        "0x7g.1",
        "08.0.0.1",
        "1..1",
        "example.09",
        "9" * 5000,  # beyond int()'s digit limit
        "::1%eth0",
        "fe80::zz",
    ],
)
def test_numeric_looking_hosts_that_are_not_addresses_are_refused(host: str) -> None:
    with pytest.raises(FetchRefused):
        host_literal(host)


def test_check_target_normalises_what_is_requested() -> None:
    target = check_target(parse_url("http://user:pw@0x7f.1:8080/a?b=1#frag"), _policy(8080))
    assert str(target.url) == "http://127.0.0.1:8080/a?b=1"
    assert (target.host, target.port, target.literal) == (
        "127.0.0.1",
        8080,
        ip_address("127.0.0.1"),
    )


def test_check_target_keeps_names_in_idna_form() -> None:
    target = check_target(parse_url("https://例え.jp/p"), FetchPolicy())
    assert (target.host, target.port, target.literal) == ("xn--r8jz45g.jp", 443, None)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.test/", "scheme 'ftp'"),
        ("https://example.test:8443/", "port 8443"),
        ("http://example.test:0/", "port 0"),
        ("http:///x", "no host"),
        ("http://exa_mple-.test/", "not a valid DNS name"),
        ("http://a%2f.test/", "not a valid DNS name"),
        ("http://" + "a" * 254 + "/", "not a valid DNS name"),
    ],
)
def test_check_target_refusals(url: str, reason: str) -> None:
    with pytest.raises(FetchRefused, match=reason):
        check_target(parse_url(url), FetchPolicy())


def test_https_only_policy() -> None:
    with pytest.raises(FetchRefused, match="scheme 'http'"):
        check_target(parse_url("http://example.test/"), FetchPolicy(allowed_schemes=("https",)))


def test_parse_url_strips_surrounding_whitespace_and_bounds_length() -> None:
    assert str(parse_url("  http://example.test/\n")) == "http://example.test/"
    with pytest.raises(FetchRefused, match="longer than"):
        parse_url("http://example.test/" + "a" * MAX_URL_LENGTH)


def test_join_location() -> None:
    base = httpx.URL("http://example.test/a/b")
    assert str(join_location(base, "c")) == "http://example.test/a/c"
    assert str(join_location(base, "//other.test/x")) == "http://other.test/x"
    with pytest.raises(FetchRefused, match="invalid redirect Location"):
        join_location(base, "http://[::1")


def _policy(port: int) -> FetchPolicy:
    return FetchPolicy(extra_ports=(port,))
