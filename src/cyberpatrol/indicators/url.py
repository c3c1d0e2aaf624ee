"""URLs (plain and defanged) and the domains they point at.

Accepted: ``http(s)://`` URLs, ``hxxp(s)://`` / ``h**p://`` defanged schemes, bare
hosts with a known TLD or followed by a path (``example.com``, ``bit.ly/abc``) and
defanged dots (``example[.]com``, ``example(.)com``, ``example[dot]com``,
「example ドット com」, 「example。com」).

Canonical URL: refanged, scheme lowercased (kept only when written; a bare host
stays bare: ``example.com/path``), host lowercased and IDNA-encoded, default port
dropped, trailing punctuation removed. Canonical domain: the *registrable* domain of
the host (one label below its public suffix, from the public-suffix list bundled in
the ``publicsuffixlist`` package, private suffixes included: ``www.kasegu.example.co.jp``
→ ``example.co.jp``, ``abc.github.io`` stays), or the address of an IP host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

from cyberpatrol.indicators._base import DOT, Extractor, Span, any_of, refang

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
# Internationalised labels only after an explicit scheme, else Japanese text glued to
# a domain (「詳細はexample.com」) would be swallowed.
_ULABEL = r"[^\W_](?:[\w\-]{0,61}[^\W_])?"
_TLD = r"(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9\-]{2,59})(?![A-Za-z0-9\-])"
_IPV4 = r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![0-9])"
_SCHEME = r"(?i:h(?:tt|xx|\*\*)ps?)(?::|\[:\])//"
_PORT = r"(?::[0-9]{1,5}(?![0-9]))?"
_PATH = r"(?:[/?#][A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*)?"

_URL = re.compile(
    r"(?<![A-Za-z0-9@_\-.])"
    r"(?:"
    r"(?P<scheme>"
    + _SCHEME
    + r")(?P<ihost>(?:"
    + _ULABEL
    + DOT
    + r")+"
    + _TLD
    + r"|"
    + _IPV4
    + r")"
    r"|(?P<host>(?:" + _LABEL + DOT + r")+" + _TLD + r")"
    r")" + _PORT + _PATH
)

# TLDs for which a bare host without a path is accepted. Deliberately excludes TLDs
# that collide with file extensions or abbreviations (md, py, sh, pl, js, zip, mov).
_KNOWN_TLD_WORDS = (
    "com net org info biz jp io me ly ee gl gd to cc co tv ws la fm tk ml ga cf gq "
    "xyz top site online club app dev page link live shop store vip icu cloud work tech "
    "fun space website life world today blog asia tokyo osaka nagoya yokohama "
    "ru cn kr tw hk sg vn ph us uk fr nl eu au br"
)
KNOWN_TLDS = frozenset(_KNOWN_TLD_WORDS.split(" "))

_TRIGGERS = any_of((".", "。", "ドット", "dot", "DOT"))
# Every bare host has a label's last character, a dot and a TLD's first letter in a
# row; every URL with a scheme has "//". 「。」 ends most Japanese sentences, so the
# triggers alone let nearly every post through to the full URL regex.
_HOST_GATE = re.compile(r"[A-Za-z0-9]" + DOT + r"[A-Za-z]")
_TRAILING = ".,;:!?'\"*"
_PAIRS = {")": "(", "]": "["}
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


def _strip_trailing(s: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets from a URL match."""
    while s:
        c = s[-1]
        if c in _TRAILING or (c in _PAIRS and s.count(c) > s.count(_PAIRS[c])):
            s = s[:-1]
        else:
            break
    return s


def _idna(host: str) -> str:
    """Lowercase ``host`` and encode non-ASCII labels as punycode."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def split_url(raw: str) -> tuple[str, str, str, str]:
    """``(scheme, host, port, rest)`` of a refanged URL; scheme and port may be empty."""
    s = refang(raw)
    scheme = ""
    if "://" in s[:10]:
        scheme, s = s.split("://", 1)
        scheme = scheme.lower()
    cut = len(s)
    for ch in "/?#":
        i = s.find(ch)
        if i != -1:
            cut = min(cut, i)
    hostport, rest = s[:cut], s[cut:]
    port = ""
    if ":" in hostport:
        hostport, p = hostport.rsplit(":", 1)
        port = ":" + p if p else ""
    return scheme, hostport, port, rest


def canonical_url(raw: str) -> str:
    """Canonical form of one URL (see the module docstring)."""
    scheme, host, port, rest = split_url(_strip_trailing(raw))
    host = _idna(host)
    if not host or "." not in host:
        raise ValueError(f"not a URL: {raw!r}")
    if port and (port == _DEFAULT_PORTS.get(scheme) or (not scheme and port in (":80", ":443"))):
        port = ""
    if rest == "/":
        rest = ""
    prefix = f"{scheme}://" if scheme else ""
    return f"{prefix}{host}{port}{rest}"


_IP_HOST = re.compile(_IPV4)


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    # The package's bundled copy of the list: nothing is fetched at run time.
    return PublicSuffixList()


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str | None:
    """The registrable domain of a lowercase ASCII ``host`` (None for a bare suffix or IP)."""
    if _IP_HOST.fullmatch(host):
        return None
    return _psl().privatesuffix(host.rstrip("."))


def canonical_domain(raw: str) -> str:
    """Canonical domain of a URL or host: its registrable domain, or its IP address."""
    _, host, _, _ = split_url(_strip_trailing(raw))
    host = _idna(host)
    if _IP_HOST.fullmatch(host):
        return host
    domain = registrable_domain(host) if "." in host else None
    if domain is None:
        raise ValueError(f"not a domain: {raw!r}")
    return domain


def iter_urls(text: str) -> Iterator[tuple[int, int, int, int]]:
    """``(start, end, host_start, host_end)`` of every URL in ``text``."""
    if not _may_hold_url(text):
        return iter(())
    return iter(_url_spans(text))


def _may_hold_url(text: str) -> bool:
    """False when ``text`` cannot hold a URL: the cheap tests before the URL regex."""
    if _TRIGGERS.search(text) is None:
        return False
    return "//" in text or _HOST_GATE.search(text) is not None


@lru_cache(maxsize=8)
def _url_spans(text: str) -> tuple[tuple[int, int, int, int], ...]:
    """What :func:`iter_urls` yields, worked out once per text.

    The URL and domain extractors both read every URL of a post; the cache lets the
    second read the first's matches instead of running the URL regex again.
    """
    out: list[tuple[int, int, int, int]] = []
    for m in _URL.finditer(text):
        raw = m.group()
        stripped = _strip_trailing(raw)
        end = m.start() + len(stripped)
        if m.group("scheme") is None:
            host = m.group("host")
            path = stripped[len(host) :]
            tld = refang(host).rsplit(".", 1)[-1].lower()
            has_path = len(path) > 1 and path[0] == "/"
            if not (tld in KNOWN_TLDS or has_path or host.lower().startswith("www")):
                continue
            hs, he = m.span("host")
        else:
            hs, he = m.span("ihost")
        out.append((m.start(), end, hs, min(he, end)))
    return tuple(out)


class UrlExtractor(Extractor):
    """http(s) URLs, bare domains and their defanged spellings."""

    type = "url"

    def find(self, text: str) -> Iterator[Span]:
        for start, end, _, _ in iter_urls(text):
            try:
                yield start, end, canonical_url(text[start:end])
            except ValueError:
                continue

    def canonical(self, raw: str) -> str:
        return canonical_url(raw)


class DomainExtractor(Extractor):
    """The host of every URL found by :class:`UrlExtractor`, without ``www.``."""

    type = "domain"

    def find(self, text: str) -> Iterator[Span]:
        for _, _, hs, he in iter_urls(text):
            try:
                yield hs, he, canonical_domain(text[hs:he])
            except ValueError:
                continue

    def canonical(self, raw: str) -> str:
        return canonical_domain(raw)
