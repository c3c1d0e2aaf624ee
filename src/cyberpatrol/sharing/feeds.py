"""CSV and block-list feeds: a plain domain list, a hosts file and a DNS RPZ zone.

The block lists hold the *registrable domains* of shared URL and domain indicators
(``https://login.evil.example/x`` → ``evil.example``), never a hub (a platform, a
public service, a link shortener: ``data/hubs.toml``) and never an IP address. Every
name is checked to be a plain DNS name of letters, digits and hyphens (IDNs arrive as
punycode): a value that is not one is left out, so no criminal's text can add a line,
a comment or a record to a zone file. Each feed starts with comment lines naming its
TLP (the strictest level of its entries: the file as a whole must be handled at that
level) and when it was generated, in ASCII (DNS tools need not read UTF-8).

CSV cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return first) are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from cyberpatrol.indicators import default_hubs
from cyberpatrol.indicators.url import registrable_domain, split_url
from cyberpatrol.linking.graph import spreadsheet_safe
from cyberpatrol.sharing import tlp
from cyberpatrol.sharing.formats import is_ipv4
from cyberpatrol.sharing.shared import SharedIndicator
from cyberpatrol.sharing.stix import timestamp

BLOCKLIST_TYPES = ["url", "domain"]
"""The indicator types block lists read."""
CSV_COLUMNS = (
    "type",
    "value",
    "tlp",
    "category",
    "first_seen",
    "last_seen",
    "reports",
)
RPZ_ZONE = "rpz.cyberpatrol.invalid"
"""The zone name a RPZ file's SOA comment names (the server's configuration loads it)."""
RPZ_TTL = 300

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_NAME = re.compile(rf"(?=.{{4,253}}$){_LABEL}(?:\.{_LABEL})+")


def is_dns_name(name: str) -> bool:
    """A lowercase ASCII host name of two or more labels (letters, digits, hyphens).

    >>> is_dns_name("xn--r8jz45g.jp"), is_dns_name("evil.example\\nfoo"), is_dns_name("1.2.3.4")
    (True, False, False)
    """
    return _NAME.fullmatch(name) is not None and not is_ipv4(name)


def blocked_domain(s: SharedIndicator) -> str | None:
    """The registrable domain a block list holds for ``s``, or None."""
    if s.type == "url":
        host = split_url(s.value)[1].lower().rstrip(".")
        domain = registrable_domain(host) if is_dns_name(host) else None
    elif s.type == "domain":
        domain = s.value if is_dns_name(s.value) else None
    else:
        return None
    if domain is None or not is_dns_name(domain):
        return None
    if default_hubs().reason("domain", domain) is not None:
        return None  # a platform, public service or link shortener: never blocked
    return domain


def blocklist(shared: Iterable[SharedIndicator]) -> tuple[list[str], str]:
    """The sorted, distinct domains to block and the strictest TLP among their sources."""
    levels: dict[str, str] = {}
    for s in shared:
        domain = blocked_domain(s)
        if domain is not None:
            levels[domain] = tlp.stricter(levels.get(domain, s.tlp), s.tlp)
    strictest = max(levels.values(), key=tlp.rank, default="CLEAR")
    return sorted(levels), strictest


def _header(comment: str, level: str, count: int, what: str, now: datetime) -> list[str]:
    return [
        f"{comment} cyberpatrol {what}",
        f"{comment} TLP:{level} (the strictest marking of the entries; see first.org/tlp)",
        f"{comment} generated {timestamp(now)}; {count} domains",
    ]


def domain_list(shared: Iterable[SharedIndicator], *, now: datetime | None = None) -> str:
    """One domain a line, after ``#`` comment lines."""
    domains, level = blocklist(shared)
    head = _header("#", level, len(domains), "domain block list", now or datetime.now(UTC))
    return "\n".join([*head, *domains]) + "\n"


def hosts(shared: Iterable[SharedIndicator], *, now: datetime | None = None) -> str:
    """A hosts file: ``0.0.0.0 domain`` a line (hosts files know no wildcards)."""
    domains, level = blocklist(shared)
    head = _header("#", level, len(domains), "hosts block list", now or datetime.now(UTC))
    return "\n".join([*head, *(f"0.0.0.0 {d}" for d in domains)]) + "\n"


def rpz(
    shared: Iterable[SharedIndicator],
    *,
    now: datetime | None = None,
    zone: str = RPZ_ZONE,
) -> str:
    """A DNS response policy zone: ``domain CNAME .`` (NXDOMAIN) for it and its subdomains.

    Owner names are relative to the zone the server loads the file as; the serial is
    the generation time in seconds since 1970 (always increasing).
    """
    if not is_dns_name(zone):
        raise ValueError(f"not a zone name: {zone!r}")
    when = now or datetime.now(UTC)
    domains, level = blocklist(shared)
    serial = int(when.timestamp()) % 2**32
    lines = [
        *_header(";", level, len(domains), f"response policy zone ({zone})", when),
        f"$TTL {RPZ_TTL}",
        f"@ IN SOA localhost. hostmaster.localhost. {serial} 3600 600 86400 {RPZ_TTL}",
        "@ IN NS localhost.",
    ]
    for d in domains:
        lines += [f"{d} CNAME .", f"*.{d} CNAME ."]
    return "\n".join(lines) + "\n"


def _cell(when: datetime | None) -> str:
    return timestamp(when) if when else ""


def csv_text(shared: Iterable[SharedIndicator]) -> str:
    """Every indicator with its TLP, category, first/last seen and report count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in shared:
        row = (s.type, s.value, f"TLP:{s.tlp}", s.category or "")
        writer.writerow(
            [
                *(spreadsheet_safe(c) for c in row),
                _cell(s.first_seen),
                _cell(s.last_seen),
                str(s.reports),
            ]
        )
    return out.getvalue()


__all__ = [
    "BLOCKLIST_TYPES",
    "blocked_domain",
    "blocklist",
    "csv_text",
    "domain_list",
    "hosts",
    "is_dns_name",
    "rpz",
]
