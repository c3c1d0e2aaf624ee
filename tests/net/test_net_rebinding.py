"""DNS rebinding: each hop's name is resolved once and the connection is pinned."""

from __future__ import annotations

import ipaddress

from local_server import FakeResolver, LocalServer, redirect, respond

from cyberpatrol.net import fetch


def test_connection_uses_the_checked_address_not_a_second_answer(
    server: LocalServer, connections: list[tuple[str, int]], name_lookups: list[str]
) -> None:
    """The resolver answers "allowed" first and "private" afterwards: only the first counts."""
    resolver = FakeResolver({"rebind.test": (["127.0.0.1"], ["10.0.0.1"])})
    server.routes["/post"] = respond(200, b"ok")
    result = fetch(f"http://rebind.test:{server.port}/post", server.policy(), resolver=resolver)
    assert result.status_code == 200 and result.refused is None
    assert resolver.calls == ["rebind.test"]  # asked once per hop
    assert connections == [("127.0.0.1", server.port)]
    assert server.seen[-1].headers["host"] == f"rebind.test:{server.port}"
    assert result.final_url == f"http://rebind.test:{server.port}/post"
    assert result.redirect_chain[0].address == "127.0.0.1"
    # httpx never resolved the name itself (it was only given the pinned address).
    for host in name_lookups:
        ipaddress.ip_address(host)


def test_second_hop_to_the_same_name_is_resolved_and_checked_again(
    server: LocalServer, connections: list[tuple[str, int]]
) -> None:
    resolver = FakeResolver({"rebind.test": (["127.0.0.1"], ["10.0.0.1"])})
    server.routes["/a"] = redirect(f"http://rebind.test:{server.port}/b")
    result = fetch(f"http://rebind.test:{server.port}/a", server.policy(), resolver=resolver)
    assert resolver.calls == ["rebind.test", "rebind.test"]
    assert result.refused is not None and result.refused.startswith("hop 2 ")
    assert "10.0.0.0/8" in result.refused
    assert connections == [("127.0.0.1", server.port)]


def test_mixed_allowed_and_refused_answers_are_refused(
    server: LocalServer, connections: list[tuple[str, int]]
) -> None:
    resolver = FakeResolver({"mixed.test": ["127.0.0.1", "192.168.0.1"]})
    result = fetch(f"http://mixed.test:{server.port}/", server.policy(), resolver=resolver)
    assert result.refused is not None and "192.168.0.0/16" in result.refused
    assert connections == []


def test_next_checked_address_is_tried_when_the_first_does_not_connect(
    server: LocalServer, connections: list[tuple[str, int]]
) -> None:
    """A name with several (all checked) addresses: an unreachable first one is skipped."""
    resolver = FakeResolver({"multi.test": ["127.0.0.3", "127.0.0.1"]})
    server.routes["/"] = respond(200, b"ok")
    policy = server.policy(allow_networks=(ipaddress.ip_network("127.0.0.0/29"),))
    result = fetch(f"http://multi.test:{server.port}/", policy, resolver=resolver)
    assert result.status_code == 200
    assert connections == [("127.0.0.3", server.port), ("127.0.0.1", server.port)]
    assert result.redirect_chain[0].address == "127.0.0.1"
