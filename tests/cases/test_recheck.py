"""Outcome tracking against a real HTTP server on loopback that later removes the post."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network

import pytest
from case_builders import result
from typer.testing import CliRunner

from cyberpatrol.cases import Hotline
from cyberpatrol.cases.roles import system_actor
from cyberpatrol.cli import app
from cyberpatrol.model import Result
from cyberpatrol.net import FetchPolicy

REMOVED: set[str] = set()


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        gone = self.path in REMOVED
        body = "この投稿は削除されました" if gone else "<p>日給5万 受け子募集</p>"
        self.send_response(404 if gone else 200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    REMOVED.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def _policy(site: str) -> FetchPolicy:
    port = int(site.rsplit(":", 1)[1])
    return FetchPolicy(allow_networks=(ip_network("127.0.0.1/32"),), extra_ports=(port,))


@pytest.fixture
def tracked(hotline: Hotline, site: str) -> Hotline:
    hotline.store.save(
        [
            _with_url(result("p1", 0.9), f"{site}/post/1"),
            _with_url(result("p2", 0.8), f"{site}/post/2"),
        ]
    )
    hotline.enqueue_flagged()
    return hotline


def _with_url(r: Result, url: str) -> Result:
    return replace(r, item=replace(r.item, url=url))


def test_up_then_gone_is_recorded_once(tracked: Hotline, site: str) -> None:
    first = tracked.recheck(_policy(site), interval=timedelta(0))
    assert sorted(c.outcome for c in first) == ["up", "up"]
    REMOVED.add("/post/1")
    second = tracked.recheck(_policy(site), interval=timedelta(0))
    outcomes = {c.url.rsplit("/", 1)[1]: c.outcome for c in second}
    assert outcomes == {"1": "gone", "2": "up"}
    case_id = tracked.case_id_of("x", "p1")
    assert case_id is not None
    case = tracked.case(system_actor(), case_id)
    assert case.url_state == "gone" and case.gone_at is not None
    # A gone post is not fetched again; a recently checked one waits for its interval.
    third = tracked.recheck(_policy(site), interval=timedelta(0))
    assert [c.url.rsplit("/", 1)[1] for c in third] == ["2"]
    assert tracked.recheck(_policy(site), interval=timedelta(hours=1)) == []


def test_loopback_is_refused_without_configuration(tracked: Hotline) -> None:
    checks = tracked.recheck(FetchPolicy(), interval=timedelta(0))
    assert {c.outcome for c in checks} == {"refused"}
    assert all("127.0.0.1" in c.detail for c in checks)
    case_id = tracked.case_id_of("x", "p1")
    assert case_id is not None
    assert tracked.case(system_actor(), case_id).url_state == "unknown"


def test_recheck_command(tracked: Hotline, site: str, store_url: str) -> None:
    port = site.rsplit(":", 1)[1]
    runner = CliRunner()
    refused = runner.invoke(app, ["recheck", "--db", store_url, "--interval-hours", "0"])
    assert refused.exit_code == 0
    assert {json.loads(line)["outcome"] for line in refused.stdout.splitlines()} == {"refused"}
    REMOVED.add("/post/2")
    r = runner.invoke(
        app,
        [
            "recheck",
            "--db",
            store_url,
            "--interval-hours",
            "0",
            "--allow-network",
            "127.0.0.1/32",
            "--allow-port",
            port,
        ],
    )
    assert r.exit_code == 0, r.output
    rows = {
        json.loads(line)["url"].rsplit("/", 1)[1]: json.loads(line)
        for line in r.stdout.splitlines()
    }
    assert rows["1"]["outcome"] == "up" and rows["2"]["outcome"] == "gone"
    assert rows["2"]["http_status"] == 404
    bad = runner.invoke(app, ["recheck", "--db", store_url, "--allow-network", "not-a-net"])
    assert bad.exit_code == 2 and "--allow-network" in bad.output
