"""The address rule: refused ranges (data file), ipaddress properties, embedded IPv4."""

from __future__ import annotations

from ipaddress import IPv4Address, ip_address, ip_network

import pytest

from cyberpatrol.net import refusal_reason
from cyberpatrol.net.addresses import embedded_ipv4, refused_ranges

REFUSED = [
    ("10.0.0.1", "10.0.0.0/8"),
    ("172.31.255.255", "172.16.0.0/12"),
    ("192.168.0.1", "192.168.0.0/16"),
    ("127.0.0.1", "127.0.0.0/8"),
    ("127.255.255.254", "127.0.0.0/8"),
    ("169.254.169.254", "169.254.0.0/16"),
    ("100.64.0.1", "100.64.0.0/10"),
    ("100.127.255.255", "100.64.0.0/10"),
    ("198.19.0.1", "198.18.0.0/15"),
    ("192.0.2.5", "192.0.2.0/24"),
    ("198.51.100.5", "198.51.100.0/24"),
    ("203.0.113.5", "203.0.113.0/24"),
    ("192.0.0.192", "192.0.0.0/24"),
    ("0.0.0.0", "0.0.0.0/8"),
    ("224.0.0.251", "224.0.0.0/4"),
    ("239.255.255.250", "224.0.0.0/4"),
    ("240.0.0.1", "240.0.0.0/4"),
    ("255.255.255.255", "240.0.0.0/4"),
    ("::", "::/96"),
    ("::1", "::/96"),
    ("::10.0.0.1", "::/96"),
    ("::ffff:127.0.0.1", "127.0.0.0/8"),
    ("::ffff:10.0.0.1", "10.0.0.0/8"),
    ("::ffff:169.254.169.254", "169.254.0.0/16"),
    ("fe80::1", "fe80::/10"),
    ("fe80::1%eth0", "fe80::/10"),
    ("febf::1", "fe80::/10"),
    ("fec0::1", "fec0::/10"),
    ("fc00::1", "fc00::/7"),
    ("fd00:ec2::254", "fc00::/7"),
    ("ff02::1", "ff00::/8"),
    ("2001:db8::1", "2001:db8::/32"),
    ("3fff::1", "3fff::/20"),
    ("2001::1", "2001::/23"),
    ("100::1", "100::/64"),
    ("64:ff9b:1::1", "64:ff9b:1::/48"),
    ("2002:7f00:1::", "127.0.0.0/8"),  # 6to4
    ("2002:a9fe:a9fe::1", "169.254.0.0/16"),
    ("64:ff9b::7f00:1", "127.0.0.0/8"),  # NAT64
    ("64:ff9b::c0a8:1", "192.168.0.0/16"),
    ("::ffff:0:0", "0.0.0.0/8"),
]

ALLOWED = [
    "8.8.8.8",
    "1.1.1.1",
    "133.242.0.1",  # a Japanese public address
    "100.63.255.255",  # just below CGNAT
    "100.128.0.0",  # just above CGNAT
    "172.15.255.255",
    "172.32.0.0",
    "2606:4700:4700::1111",
    "2400:cb00::1",
    "::ffff:8.8.8.8",
    "2002:808:808::1",  # 6to4 of a public address
    "64:ff9b::808:808",  # NAT64 of a public address
]


@pytest.mark.parametrize(("address", "network"), REFUSED)
def test_refused_with_the_range_named(address: str, network: str) -> None:
    reason = refusal_reason(ip_address(address))
    assert reason is not None and network in reason, reason


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal_reason(ip_address(address)) is None


def test_allow_networks_opens_exactly_the_named_network() -> None:
    allow = (ip_network("127.0.0.1/32"),)
    assert refusal_reason(ip_address("127.0.0.1"), allow) is None
    assert refusal_reason(ip_address("::ffff:127.0.0.1"), allow) is None  # judged as IPv4
    assert refusal_reason(ip_address("127.0.0.2"), allow) is not None
    assert refusal_reason(ip_address("::1"), allow) is not None


def test_every_row_of_the_data_file_is_refused_at_both_ends() -> None:
    rows = refused_ranges()
    assert len(rows) >= 20
    for row in rows:
        assert row.reason and row.source
        for address in (row.network.network_address, row.network.broadcast_address):
            assert refusal_reason(address) is not None, row


@pytest.mark.parametrize(
    ("address", "inner"),
    [
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("2002:102:304::", "1.2.3.4"),
        ("64:ff9b::102:304", "1.2.3.4"),
        ("2606:4700::1", None),
        ("1.2.3.4", None),
    ],
)
def test_embedded_ipv4(address: str, inner: str | None) -> None:
    found = embedded_ipv4(ip_address(address))
    assert found == (IPv4Address(inner) if inner else None)
