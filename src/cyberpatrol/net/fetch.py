"""``fetch()``: one GET, redirects followed by hand, every hop checked and pinned.

Each hop runs the same fixed sequence:

1. check the URL: scheme, port, host form (:mod:`cyberpatrol.net.urls`);
2. resolve the host once, ourselves (:mod:`cyberpatrol.net.resolve`);
3. refuse the hop if ANY resolved address is refused (:mod:`cyberpatrol.net.addresses`);
4. connect to a checked address only: the request URL carries the IP address,
   while the ``Host`` header and TLS SNI / certificate check keep the name;
5. on a redirect, go back to 1 with the ``Location``; otherwise read the body
   up to the cap (:mod:`cyberpatrol.net.body`).

Each hop gets a fresh transport, so no connection (and no TLS session verified
for another name) is ever reused across hops. Proxies from the environment are
ignored: a proxy would resolve and connect on its own, past every check here.
"""

from __future__ import annotations

import functools
import ssl
import time

import httpx

from cyberpatrol.errors import ConfigError
from cyberpatrol.net.addresses import IPAddress, refusal_reason
from cyberpatrol.net.body import read_capped
from cyberpatrol.net.errors import FetchFailed, FetchRefused
from cyberpatrol.net.policy import FetchPolicy
from cyberpatrol.net.resolve import Resolver, check_all, resolve, system_resolver
from cyberpatrol.net.result import ErrorKind, FetchResult, Hop
from cyberpatrol.net.urls import Target, check_target, join_location, parse_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "location",
    "last-modified",
    "etag",
    "date",
    "server",
    "retry-after",
)
"""Response headers worth recording with an outcome; the rest are dropped."""

_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    # Compressed bodies are decoded by body.py with a bound, but ask for none.
    "Accept-Encoding": "identity",
    # Deletion notices ("このページは存在しません") are matched in Japanese.
    "Accept-Language": "ja,en;q=0.5",
}
_MAX_HEADER_VALUE = 1024


def fetch(
    url: str, policy: FetchPolicy | None = None, *, resolver: Resolver = system_resolver
) -> FetchResult:
    """GET ``url`` under ``policy`` (default :class:`FetchPolicy`); never raises for network errors.

    Refusals (policy) and errors (network, server, timeouts) come back in the
    result for the caller to record. ``resolver`` replaces the system DNS
    lookup (tests, or a dedicated resolver); it is called once per hop.
    Raises :class:`~cyberpatrol.errors.ConfigError` only when
    ``policy.ca_file`` cannot be loaded.
    """
    return _Run(url, policy or FetchPolicy(), resolver).run()


class _Run:
    """The state of one fetch, turned into a :class:`FetchResult` however it ends."""

    def __init__(self, url: str, policy: FetchPolicy, resolver: Resolver) -> None:
        self.url = url
        self.policy = policy
        self.resolver = resolver
        self.started = time.monotonic()
        self.deadline = self.started + policy.total_timeout
        self.hops: list[Hop] = []
        self.status: int | None = None
        self.headers: dict[str, str] = {}
        self.body = b""
        self.truncated = False

    def run(self) -> FetchResult:
        refused: str | None = None
        error: str | None = None
        kind: ErrorKind | None = None
        try:
            self._follow()
        except FetchRefused as exc:
            refused = self._where(exc.reason)
        except FetchFailed as exc:
            error, kind = self._where(exc.message), exc.kind
        return FetchResult(
            url=self.url,
            final_url=self.hops[-1].url,
            status_code=self.status,
            redirect_chain=tuple(self.hops),
            headers=self.headers,
            body=self.body,
            truncated=self.truncated,
            elapsed=time.monotonic() - self.started,
            refused=refused,
            error=error,
            error_kind=kind,
        )

    def _where(self, message: str) -> str:
        return f"hop {len(self.hops)} ({self.hops[-1].url[:200]}): {message}"

    def _follow(self) -> None:
        self.hops.append(Hop(url=self.url))
        url = parse_url(self.url)
        while True:
            target = check_target(url, self.policy)
            self.hops[-1] = Hop(url=str(target.url))
            location = self._request(target)
            if location is None:
                return
            if len(self.hops) > self.policy.max_redirects:
                raise FetchRefused(
                    f"too many redirects (limit {self.policy.max_redirects}); "
                    f"next was {location[:200]!r}"
                )
            self.hops.append(Hop(url=location[:2000]))
            url = join_location(target.url, location)

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed("timeout", f"total time limit {self.policy.total_timeout}s passed")
        return remaining

    def _addresses(self, target: Target) -> list[IPAddress]:
        if target.literal is not None:
            why = refusal_reason(target.literal, self.policy.allow_networks)
            if why is not None:
                raise FetchRefused(f"address {why}")
            return [target.literal]
        addresses = resolve(target.host, self.resolver, self._remaining())
        check_all(target.host, addresses, self.policy.allow_networks)
        return addresses

    def _request(self, target: Target) -> str | None:
        """One hop: the redirect ``Location`` to follow, or ``None`` when done."""
        failure: FetchFailed | None = None
        for address in self._addresses(target):
            try:
                return self._exchange(target, address)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = _failure(exc)  # not connected: the next checked address may work
            except (httpx.HTTPError, OSError) as exc:
                raise _failure(exc) from exc
        assert failure is not None
        raise failure

    def _exchange(self, target: Target, address: IPAddress) -> str | None:
        remaining = self._remaining()
        timeout = httpx.Timeout(
            connect=min(self.policy.connect_timeout, remaining),
            read=min(self.policy.read_timeout, remaining),
            write=min(self.policy.read_timeout, remaining),
            pool=remaining,
        )
        headers = {
            **_REQUEST_HEADERS,
            "User-Agent": self.policy.user_agent,
            "Host": target.url.netloc.decode("ascii"),
        }
        extensions: dict[str, object] = {"timeout": timeout.as_dict()}
        if target.url.scheme == "https" and target.literal is None:
            extensions["sni_hostname"] = target.host.removesuffix(".")
        pinned = target.url.copy_with(host=str(address))
        request = httpx.Request("GET", pinned, headers=headers, extensions=extensions)
        # The transport alone, without httpx.Client: no cookies, no auth, no
        # redirect handling of its own (Client parses Location itself).
        with httpx.HTTPTransport(
            verify=_ssl_context(self.policy.ca_file), trust_env=False, retries=0
        ) as transport:
            response = transport.handle_request(request)
            try:
                return self._take(target, address, response)
            finally:
                response.close()

    def _take(self, target: Target, address: IPAddress, response: httpx.Response) -> str | None:
        """Record the hop; return the redirect to follow, or read the body and return None."""
        self.hops[-1] = Hop(str(target.url), str(address), response.status_code)
        self.status = response.status_code
        self.headers = {
            name: value[:_MAX_HEADER_VALUE]
            for name in KEPT_HEADERS
            if (value := response.headers.get(name)) is not None
        }
        location: str | None = response.headers.get("location")
        if response.status_code in REDIRECT_STATUSES and location is not None:
            return location
        self.body, self.truncated = read_capped(
            response.iter_raw(),
            limit=self.policy.max_body_bytes,
            content_encoding=response.headers.get("content-encoding", ""),
            deadline=self.deadline,
        )
        return None


@functools.cache
def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """Built once per CA file: loading a CA bundle costs milliseconds."""
    if ca_file is None:
        return httpx.create_ssl_context(trust_env=False)
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"cannot load CA file: {exc}", path=ca_file) from exc


def _failure(exc: httpx.HTTPError | OSError) -> FetchFailed:
    kind: ErrorKind
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        kind = "timeout"
    elif _caused_by_tls(exc):
        kind = "tls"
    elif isinstance(exc, httpx.ProtocolError | httpx.DecodingError):
        kind = "protocol"
    else:
        kind = "connect"
    return FetchFailed(kind, f"{type(exc).__name__}: {exc}"[:500])


def _caused_by_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
