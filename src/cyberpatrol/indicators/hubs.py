"""Hub values that must never link posts, and the link shorteners (``data/hubs.toml``).

A hub is a value many unrelated posts mention — the police line, the hotline's own
site, a platform's domain, a link shortener's bare host. Sharing one says nothing
about who wrote two posts, so :mod:`cyberpatrol.linking` ignores hubs when it groups
posts into campaigns. They are still extracted and shown to analysts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cyberpatrol.indicators.url import registrable_domain, split_url
from cyberpatrol.resources import load_toml


@dataclass(frozen=True)
class Hubs:
    """The stop-list: platform domains, shortener hosts and exact values per type."""

    domains: frozenset[str]
    shorteners: frozenset[str]
    values: dict[str, frozenset[str]]

    @classmethod
    def load(cls, path: str | Path | None = None) -> Hubs:
        """The stop-list in ``path``, or the bundled ``data/hubs.toml``."""
        data, _ = load_toml(path, "hubs.toml")
        return cls(
            domains=frozenset(d.lower() for d in data.get("domains", [])),
            shorteners=frozenset(d.lower() for d in data.get("shorteners", [])),
            values={t: frozenset(v) for t, v in data.get("values", {}).items()},
        )

    def reason(self, type: str, value: str) -> str | None:
        """Why ``value`` (canonical) is a hub, or None when it links posts."""
        if value in self.values.get(type, ()):
            return "listed hub value"
        if type == "domain":
            if value in self.domains:
                return "platform or public-service domain"
            if value in self.shorteners:
                return "link shortener"
            return None
        if type == "url":
            host, path = _host_path(value)
            site = registrable_domain(host) or host
            if not path:
                if host in self.shorteners or site in self.shorteners:
                    return "link shortener without a path"
                if site in self.domains:
                    return "platform or public-service site without a path"
            return None
        if type == "email":
            domain = value.rsplit("@", 1)[-1]
            if domain in self.domains and value.split("@", 1)[0] in _ROLE_MAILBOXES:
                return "public service address"
        return None

    def is_shortener(self, type: str, value: str) -> bool:
        """True for a URL or domain on a generic link shortener."""
        if type == "domain":
            return value in self.shorteners
        if type == "url":
            host, _ = _host_path(value)
            return host in self.shorteners or (registrable_domain(host) or host) in self.shorteners
        return False


_ROLE_MAILBOXES = frozenset({"info", "support", "contact", "soudan", "webmaster", "noreply"})


def _host_path(url: str) -> tuple[str, str]:
    _, host, _, rest = split_url(url)
    return host.lower(), rest.strip("/?#")


@lru_cache(maxsize=1)
def default_hubs() -> Hubs:
    """The bundled stop-list, loaded once per process."""
    return Hubs.load()
