"""From a URL string to a request target the policy allows: scheme, port, host.

Hosts are read the way a browser (WHATWG URL) or libc ``inet_aton`` reads them,
because that is how an attacker hides an address: ``2130706433``,
``0x7f.1``, ``0177.0.0.1`` and ``127.1`` are all 127.0.0.1. A host whose last
label looks numeric is parsed as IPv4 (decimal, ``0x`` hex, leading-zero octal,
one to four parts) and refused when that fails, so a numeric-looking host is
never handed to a resolver. Anything else must be a plain DNS name after IDNA
encoding (httpx does the encoding; names it cannot encode are refused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import IPv4Address, ip_address

import httpx

from cyberpatrol.net.addresses import IPAddress
from cyberpatrol.net.errors import FetchRefused
from cyberpatrol.net.policy import FetchPolicy

MAX_URL_LENGTH = 8192
"""Longer "URLs" are not links anyone clicks; refusing them bounds the work."""

_DEFAULT_PORT = {"http": 80, "https": 443}
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_DIGITS = "0123456789abcdef"


@dataclass(frozen=True)
class Target:
    """One request target that passed the scheme, port and host checks.

    ``url`` is what will be requested (without user info and fragment);
    ``host`` is its ASCII (IDNA) host without brackets, as sent in ``Host``
    and TLS SNI; ``literal`` is set when the host is an IP address in any
    spelling, so no resolver is asked.
    """

    url: httpx.URL
    host: str
    port: int
    literal: IPAddress | None


def parse_url(text: str) -> httpx.URL:
    """Parse an absolute URL or raise :class:`FetchRefused` saying why not."""
    text = text.strip(" \t\r\n\f")
    if len(text) > MAX_URL_LENGTH:
        raise FetchRefused(f"URL longer than {MAX_URL_LENGTH} characters")
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError) as exc:  # idna.IDNAError is a ValueError
        raise FetchRefused(f"invalid URL: {exc}") from exc
    return url


def join_location(base: httpx.URL, location: str) -> httpx.URL:
    """Resolve a redirect ``Location`` against the URL that sent it."""
    if len(location) > MAX_URL_LENGTH:
        raise FetchRefused(f"redirect Location longer than {MAX_URL_LENGTH} characters")
    try:
        return base.join(location.strip(" \t\r\n\f"))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchRefused(f"invalid redirect Location {location[:200]!r}: {exc}") from exc


def check_target(url: httpx.URL, policy: FetchPolicy) -> Target:
    """Check scheme, port and host form of ``url``; raise :class:`FetchRefused` if not allowed."""
    if url.scheme not in policy.allowed_schemes:
        raise FetchRefused(f"scheme {url.scheme or '(none)'!r} is not allowed")
    host = url.raw_host.decode("ascii", errors="replace")  # httpx gives ASCII; be sure
    if not url.is_absolute_url or not host:
        raise FetchRefused("URL has no host")
    port = url.port if url.port is not None else _DEFAULT_PORT[url.scheme]
    if port not in policy.allowed_ports:
        raise FetchRefused(f"port {port} is not allowed")
    literal = host_literal(host)
    if literal is None:
        _check_dns_name(host)
    clean = url.copy_with(userinfo=b"", fragment=None)
    if literal is not None:  # "http://0x7f.1/" is requested (and recorded) as 127.0.0.1
        host = str(literal)
        clean = clean.copy_with(host=host)
    return Target(url=clean, host=host, port=port, literal=literal)


def host_literal(host: str) -> IPAddress | None:
    """The IP address ``host`` spells, ``None`` for a DNS name.

    Raises :class:`FetchRefused` for a host that looks like an address but is
    not a valid one (``1.2.3.4.5``, ``0x7g.1``, ``09.1.1.1``, ``[::1%eth0]``).
    """
    if ":" in host:
        try:
            address = ip_address(host)
        except ValueError as exc:
            raise FetchRefused(f"host {host[:100]!r} is not a valid IPv6 address") from exc
        if address.version == 6 and address.scope_id:
            raise FetchRefused(f"host {host[:100]!r} has an IPv6 zone")
        return address
    if _ends_in_number(host):
        return _parse_ipv4(host)
    return None


def _parts(host: str) -> list[str]:
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return parts


def _ends_in_number(host: str) -> bool:
    """WHATWG "ends in a number": the last label is digits or a valid IPv4 number."""
    last = _parts(host)[-1]
    return (last != "" and last.isascii() and last.isdigit()) or _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    """One part of a WHATWG/inet_aton IPv4 host: ``0x`` hex, ``0`` octal or decimal."""
    if not part:
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        radix, part = 16, part[2:]
    elif len(part) > 1 and part[0] == "0":
        radix, part = 8, part[1:]
    if not part:
        return 0
    if not all(c in _DIGITS[:radix] for c in part.lower()):
        return None
    if len(part) > 40:  # far beyond 2**32 in any radix; avoids int()'s digit limit
        return 1 << 64
    return int(part, radix)


def _parse_ipv4(host: str) -> IPv4Address:
    parts = _parts(host)
    numbers = [_ipv4_number(part) for part in parts]
    if len(parts) > 4 or any(n is None for n in numbers):
        raise FetchRefused(f"host {host[:100]!r} looks numeric but is not an IPv4 address")
    values = [n for n in numbers if n is not None]
    if any(n > 255 for n in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise FetchRefused(f"host {host[:100]!r} has an IPv4 part out of range")
    value = values[-1]
    for index, n in enumerate(values[:-1]):
        value += n << (8 * (3 - index))
    return IPv4Address(value)


def _check_dns_name(host: str) -> None:
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253 or not all(_LABEL.fullmatch(label) for label in name.split(".")):
        raise FetchRefused(f"host {host[:100]!r} is not a valid DNS name")
