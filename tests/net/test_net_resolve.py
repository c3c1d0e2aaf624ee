"""resolve(): one question, a deadline, NXDOMAIN told apart from other failures."""

from __future__ import annotations

import socket
import time
from ipaddress import ip_address, ip_network

import pytest
from local_server import FakeResolver

from cyberpatrol.net import system_resolver
from cyberpatrol.net.errors import FetchFailed, FetchRefused
from cyberpatrol.net.resolve import check_all, resolve


def test_answers_are_parsed_and_deduplicated_in_order() -> None:
    resolver = FakeResolver({"a.test": ["2001:4860::1", "8.8.8.8", "8.8.8.8"]})
    assert resolve("a.test", resolver, 1) == [ip_address("2001:4860::1"), ip_address("8.8.8.8")]
    assert resolver.calls == ["a.test"]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "dns_not_found"),
        (socket.gaierror(socket.EAI_NODATA, "No address associated"), "dns_not_found"),
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure"), "dns"),
        (OSError("resolver broke"), "dns"),
    ],
)
def test_failures_are_classified(error: OSError, kind: str) -> None:
    with pytest.raises(FetchFailed) as caught:
        resolve("a.test", FakeResolver({"a.test": error}), 1)
    assert caught.value.kind == kind


def test_empty_answer_means_not_found() -> None:
    with pytest.raises(FetchFailed) as caught:
        resolve("a.test", FakeResolver({"a.test": []}), 1)
    assert caught.value.kind == "dns_not_found"


def test_unparseable_answer_is_refused() -> None:
    with pytest.raises(FetchRefused, match="unusable address"):
        resolve("a.test", FakeResolver({"a.test": ["not-an-ip"]}), 1)


def test_slow_resolver_is_abandoned_at_the_deadline() -> None:
    started = time.monotonic()
    with pytest.raises(FetchFailed) as caught:
        resolve("a.test", FakeResolver({"a.test": ["8.8.8.8"]}, delay=2), 0.1)
    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 1


def test_check_all_refuses_when_any_address_is_refused() -> None:
    check_all("a.test", [ip_address("8.8.8.8")], ())
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.0/8"):
        check_all("a.test", [ip_address("8.8.8.8"), ip_address("10.0.0.1")], ())
    check_all("a.test", [ip_address("10.0.0.1")], (ip_network("10.0.0.0/8"),))


def test_system_resolver_reads_numeric_hosts_without_dns() -> None:
    assert "127.0.0.1" in system_resolver("127.0.0.1")
