"""What a fetch may do: schemes, ports, addresses, redirects, time and bytes.

The defaults are the hotline's: a reported post is fetched over the public
Internet only, quickly, and only as much of it as is needed to tell whether it
is still there. Widening any limit is an explicit, reviewable line of code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network

from cyberpatrol.errors import ConfigError

IPNetwork = IPv4Network | IPv6Network

DEFAULT_PORTS = frozenset({80, 443})
"""Ports every policy allows; others only through ``extra_ports``."""

SUPPORTED_SCHEMES = frozenset({"http", "https"})
"""The only schemes a policy can allow at all (no file:, ftp:, gopher:, ...)."""


@dataclass(frozen=True, kw_only=True)
class FetchPolicy:
    """Limits for :func:`~cyberpatrol.net.fetch`; every field has a safe default.

    ``allow_networks`` is the only way to reach an address that is otherwise
    refused (private, loopback, link-local, ...). It is meant for tests and for
    a deliberately configured internal mirror, never for user input.

    Timeouts are in seconds. ``connect_timeout`` and ``read_timeout`` bound each
    connection attempt and each read; ``total_timeout`` bounds the whole fetch,
    DNS and redirects included. The total is checked between reads, so a fetch
    can overrun it by at most one ``read_timeout``.
    """

    allowed_schemes: tuple[str, ...] = ("http", "https")
    extra_ports: tuple[int, ...] = ()
    max_redirects: int = 5
    connect_timeout: float = 5.0
    read_timeout: float = 5.0
    total_timeout: float = 10.0
    max_body_bytes: int = 2 * 1024 * 1024
    user_agent: str = "cyberpatrol-recheck/0.1 (hotline outcome tracking)"
    allow_networks: tuple[IPNetwork, ...] = ()
    ca_file: str | None = None
    """PEM bundle to trust instead of the default (certifi) store; ``None`` = default."""

    def __post_init__(self) -> None:
        unsupported = set(self.allowed_schemes) - SUPPORTED_SCHEMES
        if unsupported or not self.allowed_schemes:
            raise ConfigError(
                f"allowed_schemes must be a non-empty subset of http, https: "
                f"{sorted(self.allowed_schemes)}"
            )
        for port in self.extra_ports:
            if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
                raise ConfigError(f"extra_ports: {port!r} is not a TCP port")
        if isinstance(self.max_redirects, bool) or self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be >= 0, not {self.max_redirects!r}")
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ConfigError(f"{name} must be a positive number of seconds, not {value!r}")
        if isinstance(self.max_body_bytes, bool) or self.max_body_bytes < 1:
            raise ConfigError(f"max_body_bytes must be >= 1, not {self.max_body_bytes!r}")
        for network in self.allow_networks:
            if not isinstance(network, IPv4Network | IPv6Network):
                raise ConfigError(
                    f"allow_networks: {network!r} is not an ipaddress.ip_network(...) value"
                )
        if not self.user_agent or any(c in self.user_agent for c in "\r\n"):
            raise ConfigError("user_agent must be a non-empty single line")

    @property
    def allowed_ports(self) -> frozenset[int]:
        """80 and 443, plus ``extra_ports``."""
        return DEFAULT_PORTS | frozenset(self.extra_ports)
