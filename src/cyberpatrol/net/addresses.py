"""Which IP addresses a fetch may connect to, and why the others are refused.

A reported URL is chosen by a criminal, so it may point at the hotline's own
network: a router page, a database port, the cloud metadata service that hands
out credentials. Only globally routable unicast addresses are allowed, unless
``FetchPolicy.allow_networks`` names the address explicitly.

The decision uses the table in ``refused_ranges.toml`` first (so the reason
names the range and its RFC), then the ``ipaddress`` module's properties as a
safety net. IPv4 carried inside IPv6 is judged by the IPv4 inside:
``::ffff:127.0.0.1`` is loopback, ``2002:0a00:0001::`` (6to4 of 10.0.0.1) and
``64:ff9b::a00:1`` (NAT64 of 10.0.0.1) are private.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_network

from cyberpatrol.errors import ConfigError
from cyberpatrol.net.policy import IPNetwork

IPAddress = IPv4Address | IPv6Address

RANGES_FILE = "refused_ranges.toml"

_NAT64 = IPv6Network("64:ff9b::/96")
_PROPERTIES = (
    "is_private",
    "is_loopback",
    "is_link_local",
    "is_multicast",
    "is_unspecified",
    "is_reserved",
)


@dataclass(frozen=True)
class RefusedRange:
    """One row of ``refused_ranges.toml``."""

    network: IPNetwork
    reason: str
    source: str


@functools.cache
def refused_ranges() -> tuple[RefusedRange, ...]:
    """The packaged table, loaded and checked once per process."""
    where = f"cyberpatrol/net/{RANGES_FILE}"
    try:
        raw = resources.files("cyberpatrol.net").joinpath(RANGES_FILE).read_bytes()
        table = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot load: {exc}", path=where) from exc
    rows = table.get("range")
    if not isinstance(rows, list) or not rows:
        raise ConfigError("no [[range]] entries", path=where)
    return tuple(_parse_row(row, where) for row in rows)


def _parse_row(row: object, where: str) -> RefusedRange:
    if not isinstance(row, dict) or not all(
        isinstance(row.get(key), str) for key in ("network", "reason", "source")
    ):
        raise ConfigError(
            f"each [[range]] needs network, reason, source strings: {row!r}", path=where
        )
    try:
        network = ip_network(row["network"])
    except ValueError as exc:
        raise ConfigError(f"bad network {row['network']!r}: {exc}", path=where) from exc
    return RefusedRange(network, row["reason"], row["source"])


def embedded_ipv4(address: IPAddress) -> IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64), if any."""
    if isinstance(address, IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal_reason(address: IPAddress, allow: Iterable[IPNetwork] = ()) -> str | None:
    """Why ``address`` must not be connected to, or ``None`` when it may be.

    The reason names the range and its source, e.g. ``"10.0.0.1 is in
    10.0.0.0/8 (private-use; RFC 1918)"``; it ends up in ``FetchResult.refused``.
    """
    inner = embedded_ipv4(address)
    if inner is not None:
        why = refusal_reason(inner, allow)
        return None if why is None else f"{address} carries an IPv4 address: {why}"
    if any(address.version == net.version and address in net for net in allow):
        return None
    for row in refused_ranges():
        if address.version == row.network.version and address in row.network:
            return f"{address} is in {row.network} ({row.reason}; {row.source})"
    for prop in _PROPERTIES:
        if getattr(address, prop):
            return f"{address} is not globally routable ({prop.removeprefix('is_')})"
    if isinstance(address, IPv6Address) and address.is_site_local:
        return f"{address} is not globally routable (site-local)"
    if not address.is_global:
        return f"{address} is not globally routable"
    return None
