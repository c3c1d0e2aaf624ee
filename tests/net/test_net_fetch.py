"""fetch() against real servers on 127.0.0.1: status, body cap, timeouts, outcomes."""

from __future__ import annotations

import gzip
import socket
import time
import tracemalloc

from local_server import FakeResolver, LocalServer, drip, respond, sleep_then, stream

from cyberpatrol.net import classify, encoded_markers, fetch

MIB = 1024 * 1024
DELETED = "このページは存在しません"


def test_fetch_200_is_up_with_hop_and_headers(server: LocalServer) -> None:
    server.routes["/post/1"] = respond(
        200, b"<p>ok</p>", [("Content-Type", "text/html"), ("X-Secret", "dropped")]
    )
    result = fetch(server.url("/post/1"), server.policy())
    assert (result.status_code, result.body, result.truncated) == (200, b"<p>ok</p>", False)
    assert result.refused is None and result.error is None
    assert result.final_url == result.url == server.url("/post/1")
    assert [(h.address, h.status_code) for h in result.redirect_chain] == [("127.0.0.1", 200)]
    assert result.headers["content-type"] == "text/html"
    assert "x-secret" not in result.headers
    assert 0 < result.elapsed < 5
    assert classify(result) == "up"


def test_request_headers_identify_us_and_send_no_credentials(server: LocalServer) -> None:
    server.routes["/"] = respond(200, b"ok")
    url = server.url("/").replace("http://", "http://user:pw@")
    result = fetch(url + "#fragment", server.policy(user_agent="cp-test/1"))
    assert result.status_code == 200
    headers = server.seen[-1].headers
    assert headers["user-agent"] == "cp-test/1"
    assert headers["accept-encoding"] == "identity"
    assert headers["host"] == f"127.0.0.1:{server.port}"
    assert "authorization" not in headers
    assert "@" not in result.final_url and "#" not in result.final_url


def test_404_and_410_are_gone(server: LocalServer) -> None:
    server.routes["/a"] = respond(404, b"not found")
    server.routes["/b"] = respond(410, b"gone")
    assert classify(fetch(server.url("/a"), server.policy())) == "gone"
    assert classify(fetch(server.url("/b"), server.policy())) == "gone"


def test_post_removed_between_two_fetches(server: LocalServer) -> None:
    state = {"up": True}

    def post(handler: object) -> None:
        respond(200 if state["up"] else 404, b"post")(handler)  # type: ignore[arg-type]

    server.routes["/post/9"] = post
    assert classify(fetch(server.url("/post/9"), server.policy())) == "up"
    state["up"] = False
    assert classify(fetch(server.url("/post/9"), server.policy())) == "gone"


def test_deletion_notice_with_200_is_gone_in_utf8_and_shift_jis(server: LocalServer) -> None:
    server.routes["/u"] = respond(200, f"<h1>{DELETED}</h1>".encode())
    server.routes["/s"] = respond(200, f"<h1>{DELETED}</h1>".encode("cp932"))
    markers = encoded_markers(DELETED)
    for path in ("/u", "/s"):
        result = fetch(server.url(path), server.policy())
        assert classify(result) == "up"  # without markers a 200 is up
        assert classify(result, gone_markers=markers) == "gone"


def test_5xx_is_error(server: LocalServer) -> None:
    server.routes["/"] = respond(503, b"busy")
    result = fetch(server.url("/"), server.policy())
    assert result.status_code == 503 and result.error is None
    assert classify(result) == "error"


def test_body_is_capped_streamed_and_memory_bounded(server: LocalServer) -> None:
    server.routes["/big"] = stream(10 * MIB)
    server.routes["/warm"] = respond(200, b"ok")
    fetch(server.url("/warm"), server.policy())  # imports and the TLS context are not the body
    tracemalloc.start()
    try:
        started = time.monotonic()
        result = fetch(server.url("/big"), server.policy())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error is None and result.status_code == 200
    assert result.truncated and len(result.body) == 2 * MIB
    assert peak < 5 * MIB, peak  # 10 MiB were offered; the cap (plus one copy) was held
    assert time.monotonic() - started < 5
    assert classify(result) == "up"


def test_small_cap_is_respected(server: LocalServer) -> None:
    server.routes["/"] = respond(200, b"0123456789")
    exact = fetch(server.url("/"), server.policy(max_body_bytes=10))
    short = fetch(server.url("/"), server.policy(max_body_bytes=4))
    assert (exact.body, exact.truncated) == (b"0123456789", False)
    assert (short.body, short.truncated) == (b"0123", True)


def test_compressed_body_sent_anyway_is_decoded_within_the_cap(server: LocalServer) -> None:
    bomb = gzip.compress(b"\0" * (50 * MIB))  # about 50 KiB on the wire
    server.routes["/bomb"] = respond(200, bomb, [("Content-Encoding", "gzip")])
    server.routes["/page"] = respond(200, gzip.compress(b"hello"), [("Content-Encoding", "gzip")])
    result = fetch(server.url("/bomb"), server.policy())
    assert result.truncated and len(result.body) == 2 * MIB
    assert fetch(server.url("/page"), server.policy()).body == b"hello"


def test_server_that_does_not_answer_times_out(server: LocalServer) -> None:
    server.routes["/slow"] = sleep_then(3, server.release, respond(200, b"late"))
    started = time.monotonic()
    result = fetch(server.url("/slow"), server.policy(read_timeout=0.3))
    assert time.monotonic() - started < 2
    assert result.error_kind == "timeout" and result.status_code is None
    assert classify(result) == "error"


def test_slow_drip_body_hits_the_total_limit(server: LocalServer) -> None:
    server.routes["/drip"] = drip(0.05, server.release)
    started = time.monotonic()
    result = fetch(server.url("/drip"), server.policy(read_timeout=1, total_timeout=0.5))
    assert time.monotonic() - started < 1.6
    assert result.error_kind == "timeout" and result.status_code == 200
    assert classify(result) == "error"


def test_closed_port_is_a_connect_error() -> None:
    with socket.socket() as sock:  # find a free port, then leave it closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    probe = LocalServer()
    probe.close()
    result = fetch(f"http://127.0.0.1:{port}/", probe.policy(extra_ports=(port,)))
    assert result.error_kind == "connect" and result.refused is None
    assert classify(result) == "error"


def test_name_that_no_longer_resolves_is_gone(server: LocalServer) -> None:
    resolver = FakeResolver({})  # every name: EAI_NONAME (NXDOMAIN)
    result = fetch("http://deleted-shop.test/item/1", server.policy(), resolver=resolver)
    assert result.error_kind == "dns_not_found"
    assert classify(result) == "gone"
    assert resolver.calls == ["deleted-shop.test"]


def test_temporary_dns_failure_is_an_error_not_gone(server: LocalServer) -> None:
    resolver = FakeResolver({"shop.test": socket.gaierror(socket.EAI_AGAIN, "try again")})
    result = fetch("http://shop.test/", server.policy(), resolver=resolver)
    assert result.error_kind == "dns"
    assert classify(result) == "error"


def test_slow_resolver_counts_against_the_total(server: LocalServer) -> None:
    resolver = FakeResolver({"slow.test": ["127.0.0.1"]}, delay=2)
    started = time.monotonic()
    result = fetch("http://slow.test/", server.policy(total_timeout=0.3), resolver=resolver)
    assert time.monotonic() - started < 1.5
    assert result.error_kind == "timeout"
